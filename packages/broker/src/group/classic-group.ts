/**
 * One classic consumer group's in-memory state (Kafka's GroupMetadata): members, static instance ids, the current
 * generation and protocol, committed offsets, and the rebalance deadlines the coordinator checks on every tick.
 * It holds no timers and does no I/O; GroupCoordinatorCore drives it.
 */

import type { GroupMember, MemberProtocol } from './group-member.js';
import type { GroupMetadataRecord, OffsetCommitRecord } from './group-records.js';
import { assertTransition, type GroupState } from './group-state.js';

/** Kafka's ConsumerProtocol.PROTOCOL_TYPE: groups of this type carry ConsumerProtocolSubscription metadata. */
export const CONSUMER_PROTOCOL_TYPE = 'consumer';

export interface PendingJoin {
  /** When the join phase completes even if some members have not rejoined. */
  deadlineMs: number;
  /** group.initial.rebalance.delay.ms: extension still allowed while new members keep arriving (InitialDelayedJoin). */
  initialDelayMs: number;
  remainingMs: number;
  /** An initial delay does not complete early when everyone joined: it waits for more members (KIP-134). */
  isInitialDelay: boolean;
}

export class ClassicGroup {
  state: GroupState = 'Empty';
  stateTimestampMs: number;
  generationId = 0;
  /** Null for a "simple" group that only commits offsets (no group management). */
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, GroupMember>();
  /** group.instance.id -> current member id (KIP-345). */
  readonly staticMembers = new Map<string, string>();
  /** Member ids handed out with MEMBER_ID_REQUIRED (KIP-394) -> deadline of their rejoin. */
  readonly pendingMembers = new Map<string, number>();
  /** Members of the current generation that have not sent SyncGroup yet; removed at `syncDeadlineMs`. */
  readonly pendingSync = new Set<string>();
  syncDeadlineMs: number | null = null;
  pendingJoin: PendingJoin | null = null;
  newMemberAdded = false;
  /** topic -> partition -> the committed offset. */
  readonly offsets = new Map<string, Map<number, OffsetCommitRecord>>();
  /** "topic:partition" -> commits appended but not yet acknowledged (for requireStable). */
  readonly pendingOffsetCommits = new Map<string, number>();

  constructor(
    readonly groupId: string,
    nowMs: number,
  ) {
    this.stateTimestampMs = nowMs;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  transitionTo(state: GroupState, nowMs: number): void {
    assertTransition(this.state, state, this.groupId);
    this.state = state;
    this.stateTimestampMs = nowMs;
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  add(member: GroupMember): void {
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.leaderId === null) this.leaderId = member.memberId;
  }

  remove(memberId: string): GroupMember | undefined {
    const member = this.members.get(memberId);
    if (member === undefined) return undefined;
    this.members.delete(memberId);
    this.pendingSync.delete(memberId);
    if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
      this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.leaderId === memberId) {
      // Kafka prefers a member already waiting in JoinGroup so the rebalance can complete with it as leader.
      const next =
        [...this.members.values()].find((m) => m.awaitingJoin !== null) ?? this.members.values().next().value;
      this.leaderId = next?.memberId ?? null;
    }
    return member;
  }

  /** KIP-345: a known group.instance.id presented with another member id is a zombie of an older instance. */
  isStaticMemberFenced(groupInstanceId: string | null, memberId: string): boolean {
    if (groupInstanceId === null) return false;
    const current = this.staticMembers.get(groupInstanceId);
    return current !== undefined && current !== memberId;
  }

  /** The protocols every member supports (Kafka's candidateProtocols), in the first member's order. */
  candidateProtocols(): string[] {
    const all = [...this.members.values()];
    if (all.length === 0) return [];
    return all[0].protocols
      .map((p) => p.name)
      .filter((name) => all.every((m) => m.protocols.some((p) => p.name === name)));
  }

  supportsProtocols(protocolType: string, protocols: readonly MemberProtocol[]): boolean {
    if (this.members.size === 0) return protocolType.length > 0 && protocols.length > 0;
    const candidates = new Set(this.candidateProtocols());
    return protocolType === this.protocolType && protocols.some((p) => candidates.has(p.name));
  }

  /** Each member votes for its most preferred candidate protocol; the most votes wins (Kafka's selectProtocol). */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    if (candidates.length === 0) throw new Error(`group ${this.groupId}: no protocol supported by every member`);
    const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
    for (const member of this.members.values()) {
      const choice = member.protocols.find((p) => votes.has(p.name))!.name;
      votes.set(choice, votes.get(choice)! + 1);
    }
    let best = candidates[0];
    for (const candidate of candidates) if (votes.get(candidate)! > votes.get(best)!) best = candidate;
    return best;
  }

  /** The longest rebalance timeout of the members: how long a rebalance waits for everyone to rejoin. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const member of this.members.values()) max = Math.max(max, member.rebalanceTimeoutMs);
    return max;
  }

  allMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const member of this.members.values()) if (member.awaitingJoin === null) return false;
    return true;
  }

  numAwaitingJoin(): number {
    let count = 0;
    for (const member of this.members.values()) if (member.awaitingJoin !== null) count++;
    return count;
  }

  hasOffsets(): boolean {
    return this.offsets.size > 0 || this.pendingOffsetCommits.size > 0;
  }

  offset(topic: string, partition: number): OffsetCommitRecord | undefined {
    return this.offsets.get(topic)?.get(partition);
  }

  putOffset(record: OffsetCommitRecord): void {
    let byPartition = this.offsets.get(record.topic);
    if (byPartition === undefined) {
      byPartition = new Map();
      this.offsets.set(record.topic, byPartition);
    }
    byPartition.set(record.partition, record);
  }

  deleteOffset(topic: string, partition: number): void {
    const byPartition = this.offsets.get(topic);
    if (byPartition === undefined) return;
    byPartition.delete(partition);
    if (byPartition.size === 0) this.offsets.delete(topic);
  }

  /**
   * Structural invariants, checked after every join phase and by the simulation after every step: a group with
   * members has one of them as leader, Empty means no members, every static mapping points at its member, and a
   * Stable or CompletingRebalance group has a protocol every member supports.
   */
  assertInvariants(): void {
    const fail = (why: string) => {
      throw new Error(`group ${this.groupId} (${this.state}, generation ${this.generationId}): ${why}`);
    };
    if (this.members.size > 0 && (this.leaderId === null || !this.members.has(this.leaderId)))
      fail('leader is not a member');
    if (this.is('Empty') && this.members.size > 0) fail('Empty with members');
    for (const [instanceId, memberId] of this.staticMembers) {
      if (this.members.get(memberId)?.groupInstanceId !== instanceId) fail(`static mapping ${instanceId} is stale`);
    }
    if ((this.is('Stable') || this.is('CompletingRebalance')) && this.protocolName === null) fail('no protocol');
    if (this.protocolName !== null && this.members.size > 0 && !this.candidateProtocols().includes(this.protocolName)) {
      if (this.is('Stable') || this.is('CompletingRebalance'))
        fail(`protocol ${this.protocolName} not supported by all`);
    }
  }

  /** The GroupMetadata record Kafka persists after a completed SyncGroup, or when the group became empty. */
  toRecord(nowMs: number): GroupMetadataRecord {
    const protocolName = this.protocolName;
    return {
      kind: 'group',
      groupId: this.groupId,
      protocolType: this.protocolType ?? '',
      generationId: this.generationId,
      protocolName,
      leaderId: this.leaderId,
      currentStateTimestampMs: nowMs,
      members: [...this.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        sessionTimeoutMs: m.sessionTimeoutMs,
        subscription: protocolName === null ? Buffer.alloc(0) : m.metadataFor(protocolName),
        assignment: m.assignment,
      })),
    };
  }
}
