/**
 * One member of a classic group (Kafka's MemberMetadata): its protocols, timeouts, the assignment the leader gave
 * it, and the JoinGroup / SyncGroup response it is waiting for (a parked callback answered when the rebalance
 * reaches the matching phase).
 */
import type { JoinGroupResult, SyncGroupResult } from './group-results.js';

export interface MemberProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

/** A member that joined but has not yet received its first JoinGroup response may linger this long (Kafka's
 * GroupCoordinator.NewMemberJoinTimeoutMs), so a client that died mid-join does not hold a rebalance forever. */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;

export class GroupMember {
  protocols: readonly MemberProtocol[];
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  assignment: Buffer = Buffer.alloc(0);
  awaitingJoin: ((result: JoinGroupResult) => void) | null = null;
  awaitingSync: ((result: SyncGroupResult) => void) | null = null;
  lastHeartbeatMs: number;
  /** True until the member received its first JoinGroup response (KIP-394 new-member join timeout). */
  isNew = true;

  constructor(
    public memberId: string,
    readonly groupInstanceId: string | null,
    readonly clientId: string,
    readonly clientHost: string,
    rebalanceTimeoutMs: number,
    sessionTimeoutMs: number,
    protocols: readonly MemberProtocol[],
    nowMs: number,
  ) {
    this.protocols = protocols;
    this.rebalanceTimeoutMs = rebalanceTimeoutMs;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.lastHeartbeatMs = nowMs;
  }

  metadataFor(protocolName: string): Buffer {
    const found = this.protocols.find((p) => p.name === protocolName);
    if (found === undefined) throw new Error(`member ${this.memberId} does not support protocol ${protocolName}`);
    return found.metadata;
  }

  /** Same protocols with the same metadata in the same order: a rejoin that changes nothing. */
  matches(protocols: readonly MemberProtocol[]): boolean {
    return (
      protocols.length === this.protocols.length &&
      protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata))
    );
  }

  /**
   * Whether the session is still alive at `nowMs`. A member parked in JoinGroup or SyncGroup is alive (its request
   * is its heartbeat), except a brand-new member stuck in its first join past NEW_MEMBER_JOIN_TIMEOUT_MS.
   */
  isAlive(nowMs: number): boolean {
    if (this.awaitingJoin !== null) return !this.isNew || nowMs < this.lastHeartbeatMs + NEW_MEMBER_JOIN_TIMEOUT_MS;
    if (this.awaitingSync !== null) return true;
    return nowMs < this.lastHeartbeatMs + this.sessionTimeoutMs;
  }
}
