/**
 * A partition hosted on this broker: its log, its replica state from the metadata image, its idempotent-producer
 * state and its high watermark.
 *
 * Invariant: highWatermark <= logEndOffset. With the leader as the only ISR member the high watermark is the log end
 * offset; the Replication issue replaces `advanceHighWatermark` with the ISR's minimum fetched offset.
 */
import type { PartitionLog } from '@tributary/log';
import type { PartitionState } from '@tributary/metadata';
import { ProducerStateManager } from './producer-state.js';

export class Partition {
  readonly producerState = new ProducerStateManager();
  private state: PartitionState;
  private highWatermarkOffset = 0n;
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
  ) {
    this.state = state;
    this.highWatermarkOffset = log.highWatermark;
    this.advanceHighWatermark();
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

  updateState(state: PartitionState): void {
    this.state = state;
    this.advanceHighWatermark();
  }

  /**
   * Moves the high watermark to the offset every ISR member has. Only the leader itself is known to hold data in
   * this stage, so the high watermark follows the log end offset when the ISR is just this broker.
   * Returns true when it moved (fetches parked on this partition should wake).
   */
  advanceHighWatermark(): boolean {
    const logEndOffset = this.log.logEndOffset;
    const onlyLocalInIsr = this.state.isr.length === 1 && this.state.isr[0] === this.nodeId;
    const target = onlyLocalInIsr ? logEndOffset : this.highWatermarkOffset;
    // biome-ignore lint/complexity/useMathMinMax: bigint operands, which Math.min rejects
    const bounded = target > logEndOffset ? logEndOffset : target;
    if (bounded === this.highWatermarkOffset) return false;
    // The log clamps and checkpoints it, so a restart starts from the last known high watermark.
    this.highWatermarkOffset = this.log.updateHighWatermark(bounded);
    return true;
  }

  /** Runs `task` after every earlier append of this partition has finished. */
  serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.appendTail.then(task, task);
    this.appendTail = run.catch(() => undefined);
    return run;
  }
}
