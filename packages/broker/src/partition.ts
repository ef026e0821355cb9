/**
 * A partition hosted on this broker: its log, its replica state from the metadata image, its idempotent-producer
 * state and its high watermark.
 *
 * As leader the high watermark comes from PartitionLeaderState (minimum LEO over the maximal ISR, never backwards in
 * an epoch). As follower it is what the leader last reported, capped by the local log end offset.
 * Invariant: highWatermark <= logEndOffset.
 */
import type { PartitionLog } from '@tributary/log';
import type { PartitionState } from '@tributary/metadata';
import { readBatchHeader, splitBatches } from '@tributary/protocol';
import { ProducerStateManager } from './producer-state.js';
import { PartitionLeaderState } from './replication/partition-leader-state.js';

export class Partition {
  readonly producerState = new ProducerStateManager();
  private state: PartitionState;
  private highWatermarkOffset = 0n;
  /** Set while this broker leads the partition, for the current leader epoch only. */
  private leaderStateValue: PartitionLeaderState | null = null;
  /** The topic configs the log was last configured from (identity changes when the image's configs change). */
  topicConfigs: ReadonlyMap<string, string> = new Map();
  /** Log end offset at the last producer-state snapshot; -1 = none written by this process. */
  snapshotOffset = -1n;
  /** Serialises appends: offsets are assigned in call order and producer-state checks see every prior batch. */
  private appendTail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly topic: string,
    readonly topicId: string,
    readonly index: number,
    readonly log: PartitionLog,
    state: PartitionState,
    private readonly nodeId: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.state = state;
    this.highWatermarkOffset = log.highWatermark;
    this.updateState(state);
  }

  get key(): string {
    return `${this.topic}:${this.index}`;
  }

  get leaderId(): number {
    return this.state.leader;
  }

  get leaderEpoch(): number {
    return this.state.leaderEpoch;
  }

  get partitionEpoch(): number {
    return this.state.partitionEpoch;
  }

  get isr(): readonly number[] {
    return this.state.isr;
  }

  get replicas(): readonly number[] {
    return this.state.replicas;
  }

  get isLeader(): boolean {
    return this.state.leader === this.nodeId;
  }

  get highWatermark(): bigint {
    return this.highWatermarkOffset;
  }

  /** The leader's follower tracking; null unless this broker leads the partition. */
  get leaderState(): PartitionLeaderState | null {
    return this.leaderStateValue;
  }

  /** Applies the image's state for this partition. A new leader epoch starts a fresh leader state. */
  updateState(state: PartitionState): void {
    this.state = state;
    const now = this.clock();
    if (state.leader !== this.nodeId) {
      this.leaderStateValue = null;
    } else if (this.leaderStateValue === null || this.leaderStateValue.leaderEpoch !== state.leaderEpoch) {
      // The epoch start offset is where this leader's own appends begin (Kafka: leaderEpochStartOffsetOpt).
      this.leaderStateValue = new PartitionLeaderState(
        this.nodeId,
        state,
        this.log.logEndOffset,
        this.highWatermarkOffset,
        now,
      );
    } else {
      this.leaderStateValue.applyPartitionState(state, now);
    }
    this.advanceHighWatermark();
  }

  /**
   * Leader: moves the high watermark to the offset every member of the maximal ISR has. Returns true when it moved
   * (parked fetches and acks=all produces on this partition should wake).
   */
  advanceHighWatermark(): boolean {
    const leader = this.leaderStateValue;
    if (leader === null) return false;
    if (!leader.maybeIncrementHighWatermark(this.log.logEndOffset)) return false;
    return this.setHighWatermark(leader.highWatermark);
  }

  /** Leader: a follower fetched at `fetchOffset`. Returns true when the high watermark moved. */
  recordFollowerFetch(followerId: number, fetchOffset: bigint, followerLogStartOffset = -1n): boolean {
    const leader = this.leaderStateValue;
    if (leader === null) return false;
    const now = this.clock();
    const startMoved = leader.updateFollowerFetchState(
      followerId,
      fetchOffset,
      this.log.logEndOffset,
      now,
      followerLogStartOffset,
    );
    return this.advanceHighWatermark() || startMoved;
  }

  /** Leader: the smallest log start offset over the live replicas (-1n when not leader). */
  lowWatermark(isAlive: (brokerId: number) => boolean): bigint {
    return this.leaderStateValue?.lowWatermark(this.log.logStartOffset, isAlive) ?? -1n;
  }

  /** Follower: the leader's high watermark, capped by what this replica has. */
  updateFollowerHighWatermark(leaderHighWatermark: bigint): boolean {
    if (this.leaderStateValue !== null) return false;
    const end = this.log.logEndOffset;
    return this.setHighWatermark(leaderHighWatermark < end ? leaderHighWatermark : end);
  }

  /** Follower: appends the leader's batches as they are (offsets and epochs kept) and tracks their producers. */
  appendAsFollower(records: Buffer): void {
    if (this.leaderStateValue !== null) throw new Error(`${this.key}: follower append on the leader`);
    this.log.append(records, { assignOffsets: false, leaderEpoch: -1 });
    const nowMs = this.clock();
    for (const batch of splitBatches(records).batches) {
      const header = readBatchHeader(batch);
      if (header.producerId >= 0n) this.producerState.update(header, header.baseOffset, header.maxTimestamp, nowMs);
    }
  }

  /** Follower: drops everything at or after `offset` (divergence from the leader's log, KIP-101). */
  truncateTo(offset: bigint): void {
    this.log.truncateTo(offset);
    this.producerState.truncateFrom(offset);
    if (this.highWatermarkOffset > this.log.logEndOffset) this.highWatermarkOffset = this.log.logEndOffset;
  }

  /** Follower behind the leader's log start: empty the log and continue from `offset` (the leader's log start). */
  restartLogAt(offset: bigint): void {
    this.log.resetTo(offset);
    this.producerState.clear();
    this.highWatermarkOffset = this.log.highWatermark;
  }

  private setHighWatermark(offset: bigint): boolean {
    if (offset === this.highWatermarkOffset) return false;
    // The log clamps and checkpoints it, so a restart starts from the last known high watermark.
    this.highWatermarkOffset = this.log.updateHighWatermark(offset);
    return true;
  }

  /** Runs `task` after every earlier append of this partition has finished. */
  serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.appendTail.then(task, task);
    this.appendTail = run.catch(() => undefined);
    return run;
  }
}
