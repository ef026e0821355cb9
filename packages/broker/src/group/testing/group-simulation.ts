/**
 * A seeded, replayable simulation of one consumer group: N clients (some static, KIP-345) joining, syncing, heartbeating (sometimes too
 * slowly), committing, leaving and crashing against a GroupCoordinatorCore whose `__consumer_offsets` appends
 * complete or fail in random order, with coordinator failovers that rebuild the core from the committed records.
 * After every step it checks the invariants below and throws with the seed and step on the first violation.
 *
 * 1. A SyncGroup success hands each member exactly what the leader assigned it for that generation, and only for
 *    the coordinator's current generation: at most one generation is Stable at a time.
 * 2. The group's generation never decreases while a coordinator runs, nor in the persisted group records.
 * 3. A heartbeat or member commit succeeds only for a current member with the current generation (older
 *    generations get ILLEGAL_GENERATION or another error).
 * 4. OffsetFetch returns the latest acknowledged commit of every partition, at every step and after every
 *    failover - or a later one whose append became durable although its committer was told it failed (offsets
 *    are submitted in increasing order, so "later" is "larger").
 */
import { ErrorCode } from '@tributary/protocol';
import { DEFAULT_GROUP_COORDINATOR_CONFIG } from '../group-config.js';
import type { GroupRecord } from '../group-records.js';
import { CoreHarness, offsetOf, subscription } from './core-harness.js';

const GROUP = 'sim-group';
const TOPIC = 'topic';
const PARTITIONS = 6;

type Status = 'idle' | 'joining' | 'joined' | 'syncing' | 'stable' | 'crashed';

interface Client {
  readonly index: number;
  status: Status;
  memberId: string;
  generationId: number;
  isLeader: boolean;
  members: string[];
  assigned: number[];
  /** Failovers seen when the JoinGroup answer arrived: a new coordinator may reuse a generation number that was
   * never persisted, so plans are keyed by (incarnation, generation). */
  incarnation: number;
  /** KIP-345 static members keep their group.instance.id across crashes and restarts. */
  readonly instanceId: string | null;
  /** Every member id this instance had, to follow its slot when a restart replaces it (even across failovers). */
  readonly pastMemberIds: Set<string>;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
}

/** mulberry32: a tiny seeded PRNG, so any run replays from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimulationResult {
  readonly steps: number;
  readonly stableGenerations: number;
  readonly acknowledgedCommits: number;
  readonly failovers: number;
}

export class GroupSimulation {
  private readonly random: () => number;
  private readonly h: CoreHarness;
  private readonly clients: Client[];
  /** "incarnation:generation" -> member -> what that generation's leader assigned. */
  private readonly leaderAssignments = new Map<string, Map<string, string>>();
  /** generation -> the incarnation (failover count) whose coordinator created it; replayed ones keep theirs. */
  private readonly generationOrigin = new Map<number, number>();
  /** generation -> the plan members of the Stable generation received (set by the first SyncGroup success). */
  private readonly stablePlans = new Map<number, Map<string, string>>();
  /** partition -> latest acknowledged committed offset. */
  private readonly acknowledged = new Map<number, bigint>();
  private maxGeneration = 0;
  private step = 0;
  private stableGenerations = new Set<number>();
  private acknowledgedCommits = 0;
  private failovers = 0;
  private nextOffset = 1n;

  constructor(
    readonly seed: number,
    /** Called with a line per event (replaying a failing seed with GROUP_SIM_TRACE=1 shows its history). */
    private readonly trace: (line: string) => void = () => undefined,
  ) {
    this.random = seededRandom(seed);
    this.h = new CoreHarness({
      ...DEFAULT_GROUP_COORDINATOR_CONFIG,
      groupInitialRebalanceDelayMs: this.pick([0, 0, 300]),
      groupMinSessionTimeoutMs: 1000,
    });
    const count = 2 + Math.floor(this.random() * 4);
    this.clients = Array.from({ length: count }, (_, index) => ({
      index,
      status: 'idle',
      memberId: '',
      generationId: -1,
      isLeader: false,
      members: [],
      assigned: [],
      incarnation: 0,
      instanceId: this.random() < 0.4 ? `instance-${index}` : null,
      pastMemberIds: new Set<string>(),
      sessionTimeoutMs: 3000 + Math.floor(this.random() * 7000),
      rebalanceTimeoutMs: 2000 + Math.floor(this.random() * 8000),
    }));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private fail(message: string): never {
    throw new Error(`group simulation seed ${this.seed} step ${this.step}: ${message}`);
  }

  run(steps: number): SimulationResult {
    for (this.step = 0; this.step < steps; this.step++) {
      this.act();
      this.checkInvariants();
    }
    return {
      steps,
      stableGenerations: this.stableGenerations.size,
      acknowledgedCommits: this.acknowledgedCommits,
      failovers: this.failovers,
    };
  }

  private act() {
    const roll = this.random();
    if (roll < 0.1) return this.h.advance(1 + Math.floor(this.random() * 2500));
    if (roll < 0.2) return this.h.commitAppends(1 + Math.floor(this.random() * 3));
    if (roll < 0.22)
      return this.h.failAppends(this.pick([ErrorCode.NOT_ENOUGH_REPLICAS, ErrorCode.REQUEST_TIMED_OUT]), 1);
    if (roll < 0.235) return this.failover();
    const client = this.pick(this.clients);
    const action = this.random();
    if (client.status === 'crashed') {
      if (action < 0.05) client.status = 'idle';
      return;
    }
    if (action < 0.01) {
      // A crash: the client stops talking; its session expires. It may come back later as a new member.
      Object.assign(client, { status: 'crashed', memberId: '', generationId: -1 });
      return;
    }
    if (action < 0.03 && client.memberId !== '') return this.leave(client);
    switch (client.status) {
      case 'idle':
        return this.join(client);
      case 'joined':
        return this.sync(client);
      case 'stable':
        if (action < 0.5) return this.heartbeat(client);
        return this.commit(client);
      default:
        // joining / syncing: waiting for a parked response.
        return;
    }
  }

  private join(client: Client) {
    client.status = 'joining';
    this.trace(`${this.step} c${client.index} join ${client.memberId || '(new)'}`);
    this.h.core.joinGroup(
      {
        groupId: GROUP,
        memberId: client.memberId,
        groupInstanceId: client.instanceId,
        clientId: `client-${client.index}`,
        clientHost: '/sim',
        sessionTimeoutMs: client.sessionTimeoutMs,
        rebalanceTimeoutMs: client.rebalanceTimeoutMs,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: subscription([TOPIC]) }],
        requireKnownMemberId: client.instanceId === null && this.random() < 0.5,
      },
      (result) => {
        this.trace(
          `${this.step} c${client.index} join -> ${result.errorCode} gen ${result.generationId} ${result.memberId}`,
        );
        // The id belongs to the instance even if this client crashed meanwhile (its slot may be taken over later).
        const knownId = client.pastMemberIds.has(result.memberId);
        if (result.memberId !== '') client.pastMemberIds.add(result.memberId);
        if (client.status !== 'joining') return;
        switch (result.errorCode) {
          case ErrorCode.NONE:
            if (result.generationId !== this.h.core.group(GROUP)?.generationId) {
              this.fail(`JoinGroup answered generation ${result.generationId} that is not current`);
            }
            if (!this.generationOrigin.has(result.generationId)) {
              this.generationOrigin.set(result.generationId, this.failovers);
            }
            if (!knownId) this.followReplacedStaticMember(client, result.memberId, result.generationId);
            Object.assign(client, {
              status: 'joined',
              memberId: result.memberId,
              generationId: result.generationId,
              // KIP-814: a static leader rejoining a Stable group keeps the assignment it already made.
              isLeader: result.leader === result.memberId && !result.skipAssignment,
              members: result.members.map((m) => m.memberId),
              incarnation: this.failovers,
            });
            return;
          case ErrorCode.MEMBER_ID_REQUIRED:
            Object.assign(client, { status: 'idle', memberId: result.memberId });
            return;
          case ErrorCode.UNKNOWN_MEMBER_ID:
          case ErrorCode.FENCED_INSTANCE_ID:
            Object.assign(client, { status: 'idle', memberId: '' });
            return;
          default:
            client.status = 'idle';
        }
      },
    );
  }

  /** A restarted static member took its old slot (same assignment) under a new member id, without a rebalance. */
  private followReplacedStaticMember(client: Client, memberId: string, generationId: number) {
    if (client.instanceId === null) return;
    const originKey = `${this.generationOrigin.get(generationId)}:${generationId}`;
    for (const plan of [this.stablePlans.get(generationId), this.leaderAssignments.get(originKey)]) {
      const previous = [...client.pastMemberIds].find((id) => id !== memberId && plan?.has(id));
      if (plan !== undefined && previous !== undefined && !plan.has(memberId)) plan.set(memberId, plan.get(previous)!);
    }
  }

  private sync(client: Client) {
    client.status = 'syncing';
    this.trace(
      `${this.step} c${client.index} sync ${client.memberId} gen ${client.generationId} leader ${client.isLeader}`,
    );
    const generationId = client.generationId;
    const planKey = `${client.incarnation}:${generationId}`;
    const memberId = client.memberId;
    const assignments = new Map<string, Buffer>();
    if (client.isLeader) {
      const plan = new Map<string, string>();
      client.members.forEach((memberId, i) => {
        const partitions = [];
        for (let p = i; p < PARTITIONS; p += client.members.length) partitions.push(p);
        plan.set(memberId, partitions.join(','));
        assignments.set(memberId, Buffer.from(partitions.join(',')));
      });
      const earlier = this.leaderAssignments.get(planKey);
      if (earlier !== undefined && JSON.stringify([...earlier]) !== JSON.stringify([...plan])) {
        this.fail(`two different leader assignments for generation ${planKey}`);
      }
      this.leaderAssignments.set(planKey, plan);
    }
    this.h.core.syncGroup(
      {
        groupId: GROUP,
        generationId,
        memberId: client.memberId,
        groupInstanceId: client.instanceId,
        protocolType: 'consumer',
        protocolName: 'range',
        assignments,
      },
      (result) => {
        this.trace(`${this.step} c${client.index} sync ${planKey} -> ${result.errorCode} "${result.assignment}"`);
        if (result.errorCode === ErrorCode.NONE) this.checkAssignment(memberId, generationId, result.assignment);
        if (client.status !== 'syncing') return;
        if (result.errorCode !== ErrorCode.NONE) {
          if (result.errorCode === ErrorCode.UNKNOWN_MEMBER_ID || result.errorCode === ErrorCode.FENCED_INSTANCE_ID) {
            client.memberId = '';
          }
          client.status = 'idle';
          return;
        }
        const expected = this.stablePlans.get(generationId)?.get(memberId) ?? '';
        this.stableGenerations.add(generationId);
        client.status = 'stable';
        client.assigned = expected === '' ? [] : expected.split(',').map(Number);
      },
    );
  }

  /** Invariant 1 for one SyncGroup success (checked even when the client has moved on meanwhile). */
  private checkAssignment(memberId: string, generationId: number, assignment: Buffer) {
    const current = this.h.core.group(GROUP);
    if (current?.generationId !== generationId || current.state !== 'Stable') {
      this.fail(`SyncGroup success for generation ${generationId} while the group is ${current?.state}`);
    }
    // A replayed Stable generation was created (and its plan made) under an earlier coordinator.
    const originKey = `${this.generationOrigin.get(generationId)}:${generationId}`;
    const plan = this.stablePlans.get(generationId) ?? this.leaderAssignments.get(originKey);
    if (plan === undefined) this.fail(`SyncGroup success for generation ${originKey} without a leader assignment`);
    if (!this.stablePlans.has(generationId)) this.stablePlans.set(generationId, plan);
    const expected = plan.get(memberId) ?? '';
    if (assignment.toString() !== expected) {
      this.fail(`member ${memberId} got "${assignment}" but the leader assigned "${expected}"`);
    }
  }

  /** Whether the coordinator's group has `client` as a member of its current generation right now. */
  private isCurrent(client: Client): boolean {
    const group = this.h.core.group(GROUP);
    return group?.has(client.memberId) === true && group.generationId === client.generationId;
  }

  private heartbeat(client: Client) {
    const current = this.isCurrent(client);
    const errorCode = this.h.core.heartbeat({
      groupId: GROUP,
      memberId: client.memberId,
      generationId: client.generationId,
      groupInstanceId: client.instanceId,
    });
    if (errorCode === ErrorCode.NONE && !current) {
      this.fail(`heartbeat of ${client.memberId} generation ${client.generationId} succeeded but is not current`);
    }
    if (errorCode === ErrorCode.UNKNOWN_MEMBER_ID || errorCode === ErrorCode.FENCED_INSTANCE_ID) client.memberId = '';
    if (errorCode !== ErrorCode.NONE) client.status = 'idle';
  }

  private commit(client: Client) {
    if (client.assigned.length === 0) return this.heartbeat(client);
    const partition = this.pick(client.assigned);
    const offset = this.nextOffset++;
    const current = this.isCurrent(client);
    this.h.core.commitOffsets(
      {
        groupId: GROUP,
        generationId: client.generationId,
        memberId: client.memberId,
        groupInstanceId: client.instanceId,
        retentionTimeMs: -1,
        partitions: [offsetOf(TOPIC, partition, offset)],
      },
      ([result]) => {
        if (result.errorCode !== ErrorCode.NONE) {
          if (result.errorCode === ErrorCode.FENCED_INSTANCE_ID && client.status === 'stable') client.memberId = '';
          const stale: number[] = [
            ErrorCode.ILLEGAL_GENERATION,
            ErrorCode.UNKNOWN_MEMBER_ID,
            ErrorCode.FENCED_INSTANCE_ID,
          ];
          if (stale.includes(result.errorCode) && client.status === 'stable') client.status = 'idle';
          return;
        }
        if (!current) this.fail(`commit by ${client.memberId} at generation ${client.generationId} was not current`);
        this.acknowledged.set(partition, offset);
        this.acknowledgedCommits++;
      },
    );
  }

  private leave(client: Client) {
    this.trace(`${this.step} c${client.index} leave ${client.memberId}`);
    this.h.core.leaveGroup(GROUP, [{ memberId: client.memberId, groupInstanceId: client.instanceId }]);
    Object.assign(client, { status: 'idle', memberId: '', generationId: -1 });
  }

  private failover() {
    this.failovers++;
    this.trace(`${this.step} failover`);
    this.h.failover(this.random() < 0.5 ? Math.floor(this.random() * 3) : 0);
    const replayed = this.h.core.group(GROUP)?.generationId ?? 0;
    // Generations above the durable one never delivered an assignment; a new coordinator may reuse their numbers.
    for (const generationId of [...this.stablePlans.keys()]) {
      if (generationId > replayed) this.stablePlans.delete(generationId);
    }
    for (const generationId of [...this.generationOrigin.keys()]) {
      if (generationId > replayed) this.generationOrigin.delete(generationId);
    }
    this.maxGeneration = replayed;
    for (const client of this.clients)
      if (client.status === 'joining' || client.status === 'syncing') client.status = 'idle';
  }

  private checkInvariants() {
    const group = this.h.core.group(GROUP);
    try {
      group?.assertInvariants();
    } catch (error) {
      this.fail((error as Error).message);
    }
    const generationId = group?.generationId ?? 0;
    if (group !== undefined && generationId < this.maxGeneration) {
      this.fail(`generation went back from ${this.maxGeneration} to ${generationId}`);
    }
    this.maxGeneration = Math.max(this.maxGeneration, generationId);
    let persisted = 0;
    for (const record of this.h.log.get(0) ?? ([] as GroupRecord[])) {
      if (record.kind !== 'group') continue;
      if (record.generationId < persisted) this.fail(`persisted generation went back to ${record.generationId}`);
      persisted = record.generationId;
    }
    if (group?.state === 'Stable') {
      const plan = this.stablePlans.get(generationId);
      for (const member of group.members.values()) {
        const expected = plan?.get(member.memberId);
        if (expected !== undefined && member.assignment.toString() !== expected) {
          this.fail(`Stable generation ${generationId} holds "${member.assignment}" for ${member.memberId}`);
        }
      }
    }
    const fetched = this.h.core.fetchOffsets(GROUP, null, false).offsets;
    for (const [partition, offset] of this.acknowledged) {
      const found = fetched.find((o) => o.partition === partition)?.offset;
      if (found === undefined || found < offset) {
        this.fail(`partition ${partition}: acknowledged offset ${offset}, fetched ${found}`);
      }
    }
  }
}
