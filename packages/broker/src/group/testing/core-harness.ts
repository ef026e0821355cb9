/**
 * A GroupCoordinatorCore with a manual clock, counter-based member ids and an in-memory `__consumer_offsets`
 * whose appends complete only when the test says so: the fixture of the core's unit tests and of the seeded group
 * simulation. Failover replays the committed records into a fresh core, exactly as a new coordinator would.
 */
import { ConsumerProtocolSubscriptionSchema, ErrorCode, encodeMessage } from '@tributary/protocol';
import { DEFAULT_GROUP_COORDINATOR_CONFIG, type GroupCoordinatorConfig } from '../group-config.js';
import { GroupCoordinatorCore } from '../group-coordinator-core.js';
import type { GroupRecord } from '../group-records.js';
import type { JoinGroupResult, PartitionResult, SyncGroupResult } from '../group-results.js';
import type { JoinGroupRequestData } from '../join-group.js';
import type { CommittedPartition } from '../offset-commit.js';

interface PendingAppend {
  readonly partition: number;
  readonly records: readonly GroupRecord[];
  readonly done: (errorCode: number) => void;
}

/** A response slot filled when the core answers (possibly long after the request). */
export interface Reply<T> {
  value: T | undefined;
}

export function subscription(topics: readonly string[]): Buffer {
  const body = encodeMessage(ConsumerProtocolSubscriptionSchema, 0, { topics, userData: null });
  const version = Buffer.alloc(2);
  return Buffer.concat([version, body]);
}

export class CoreHarness {
  nowMs = 1_000_000;
  private nextUuid = 1;
  readonly pending: PendingAppend[] = [];
  /** Committed records per partition, oldest first: what a new coordinator replays. */
  readonly log = new Map<number, GroupRecord[]>();
  core: GroupCoordinatorCore;
  /** Commit every append at once (synchronously) instead of queueing it. */
  autoCommit = false;
  /** Partitions reported as led-but-loading (COORDINATOR_LOAD_IN_PROGRESS when not loaded). */
  readonly loading = new Set<number>();

  constructor(
    readonly config: GroupCoordinatorConfig = { ...DEFAULT_GROUP_COORDINATOR_CONFIG, groupInitialRebalanceDelayMs: 0 },
    readonly partitionCount = 1,
  ) {
    this.core = this.newCore();
    for (let p = 0; p < partitionCount; p++) this.core.load(p, []);
  }

  private newCore(): GroupCoordinatorCore {
    return new GroupCoordinatorCore({
      config: this.config,
      clock: () => this.nowMs,
      newUuid: () => `uuid-${this.nextUuid++}`,
      partitionFor: (groupId) => {
        let hash = 0;
        for (let i = 0; i < groupId.length; i++) hash = (hash * 31 + groupId.charCodeAt(i)) | 0;
        return Math.abs(hash) % this.partitionCount;
      },
      append: (partition, records, done) => {
        const append = { partition, records, done };
        if (this.autoCommit) this.commit(append);
        else this.pending.push(append);
      },
      isLoading: (partition) => this.loading.has(partition),
    });
  }

  private commit(append: PendingAppend): void {
    const log = this.log.get(append.partition) ?? [];
    log.push(...append.records);
    this.log.set(append.partition, log);
    append.done(ErrorCode.NONE);
  }

  /** Commits the oldest `count` queued appends (all by default), in order. */
  commitAppends(count = this.pending.length): void {
    for (const append of this.pending.splice(0, count)) this.commit(append);
  }

  failAppends(errorCode: number, count = this.pending.length): void {
    for (const append of this.pending.splice(0, count)) append.done(errorCode);
  }

  advance(ms: number): void {
    this.nowMs += ms;
    this.core.tick();
  }

  /**
   * The coordinator moves: the old one resigns (pending appends fail), a new one replays the committed log. The
   * oldest `durableButFailed` pending appends made it into the log even though their writer was told they failed
   * (the leader died after replicating them but before answering), as can happen with any replicated log.
   */
  failover(durableButFailed = 0): void {
    for (const p of this.core.ownedPartitions()) this.core.unload(p);
    for (const append of this.pending.slice(0, durableButFailed)) {
      const log = this.log.get(append.partition) ?? [];
      log.push(...append.records);
      this.log.set(append.partition, log);
    }
    this.failAppends(ErrorCode.NOT_COORDINATOR);
    this.core = this.newCore();
    for (let p = 0; p < this.partitionCount; p++) this.core.load(p, this.log.get(p) ?? []);
  }

  join(request: Partial<JoinGroupRequestData> & { groupId: string }): Reply<JoinGroupResult> {
    const reply: Reply<JoinGroupResult> = { value: undefined };
    this.core.joinGroup(
      {
        memberId: '',
        groupInstanceId: null,
        clientId: 'client',
        clientHost: '/127.0.0.1',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 30_000,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: subscription(['topic']) }],
        requireKnownMemberId: false,
        ...request,
      },
      (result) => {
        if (reply.value !== undefined) throw new Error('JoinGroup answered twice');
        reply.value = result;
      },
    );
    return reply;
  }

  sync(
    groupId: string,
    memberId: string,
    generationId: number,
    assignments: ReadonlyMap<string, Buffer> = new Map(),
    extra: { groupInstanceId?: string | null; protocolType?: string | null; protocolName?: string | null } = {},
  ): Reply<SyncGroupResult> {
    const reply: Reply<SyncGroupResult> = { value: undefined };
    this.core.syncGroup(
      {
        groupId,
        generationId,
        memberId,
        groupInstanceId: extra.groupInstanceId ?? null,
        protocolType: extra.protocolType ?? null,
        protocolName: extra.protocolName ?? null,
        assignments,
      },
      (result) => {
        if (reply.value !== undefined) throw new Error('SyncGroup answered twice');
        reply.value = result;
      },
    );
    return reply;
  }

  commitOffsets(
    groupId: string,
    memberId: string,
    generationId: number,
    partitions: readonly CommittedPartition[],
    extra: { groupInstanceId?: string | null; retentionTimeMs?: number } = {},
  ): Reply<PartitionResult[]> {
    const reply: Reply<PartitionResult[]> = { value: undefined };
    this.core.commitOffsets(
      {
        groupId,
        generationId,
        memberId,
        groupInstanceId: extra.groupInstanceId ?? null,
        retentionTimeMs: extra.retentionTimeMs ?? -1,
        partitions,
      },
      (results) => {
        reply.value = results;
      },
    );
    return reply;
  }

  /** Joins `count` dynamic members into a fresh group and syncs them to a Stable generation. */
  stableGroup(groupId: string, count: number): { memberIds: string[]; generationId: number; leader: string } {
    const joins = Array.from({ length: count }, (_, i) => this.join({ groupId, clientId: `c${i}` }));
    // The initial delay (0 here) is extended once because members arrived during it, then completes.
    this.advance(1);
    this.advance(1);
    const results = joins.map((j) => j.value);
    if (results.some((r) => r === undefined || r.errorCode !== ErrorCode.NONE)) {
      throw new Error(`join did not complete: ${JSON.stringify(results)}`);
    }
    const leader = results[0]!.leader;
    const generationId = results[0]!.generationId;
    const memberIds = results.map((r) => r!.memberId);
    const assignments = new Map(memberIds.map((id) => [id, Buffer.from(`assignment-${id}`)]));
    for (const id of memberIds) this.sync(groupId, id, generationId, id === leader ? assignments : new Map());
    this.commitAppends();
    return { memberIds, generationId, leader };
  }
}

export const offsetOf = (topic: string, partition: number, offset: bigint, metadata = ''): CommittedPartition => ({
  topic,
  partition,
  offset,
  leaderEpoch: -1,
  metadata,
});
