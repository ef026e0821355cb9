// KIP-101 / KIP-279 leader-epoch cache: for each leader epoch, the first offset written in it.
// A pure core modelled on Kafka's LeaderEpochFileCache; the partition log persists `entries()`
// to `leader-epoch-checkpoint` whenever a method reports a change.

export interface EpochEntry {
  epoch: number;
  startOffset: bigint;
}

/** Kafka's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET, returned when the epoch is unknown. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1n;

export class LeaderEpochCache {
  // Invariant: both epoch and startOffset strictly increase along the array.
  private epochs: EpochEntry[];
  private readonly logEndOffset: () => bigint;

  constructor(entries: readonly EpochEntry[], logEndOffset: () => bigint) {
    this.epochs = entries.map((entry) => ({ ...entry }));
    this.logEndOffset = logEndOffset;
    this.assertMonotonic();
  }

  entries(): EpochEntry[] {
    return this.epochs.map((entry) => ({ ...entry }));
  }

  /** The newest epoch, or -1 when nothing was ever assigned. */
  latestEpoch(): number {
    return this.epochs.at(-1)?.epoch ?? UNDEFINED_EPOCH;
  }

  /**
   * Records that `epoch` starts at `startOffset`. As in Kafka, an entry that conflicts (an epoch at
   * or above it, or a start offset at or above it) is removed first. Returns whether anything changed.
   */
  assign(epoch: number, startOffset: bigint): boolean {
    if (epoch < 0 || startOffset < 0n) throw new RangeError(`invalid epoch entry ${epoch} @ ${startOffset}`);
    const latest = this.epochs.at(-1);
    if (latest !== undefined && latest.epoch === epoch && latest.startOffset <= startOffset) return false;
    while (this.epochs.length > 0) {
      const last = this.epochs.at(-1)!;
      if (last.epoch < epoch && last.startOffset < startOffset) break;
      this.epochs.pop();
    }
    this.epochs.push({ epoch, startOffset });
    return true;
  }

  /**
   * OffsetForLeaderEpoch: the largest epoch <= `requestedEpoch` and the offset where the next epoch
   * starts (the log end offset for the latest epoch); (-1, -1) for an unknown or future epoch.
   */
  endOffsetFor(requestedEpoch: number): { epoch: number; endOffset: bigint } {
    const undefinedResult = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requestedEpoch === UNDEFINED_EPOCH) return undefinedResult;
    if (requestedEpoch === this.latestEpoch()) return { epoch: requestedEpoch, endOffset: this.logEndOffset() };
    const higherIndex = this.epochs.findIndex((entry) => entry.epoch > requestedEpoch);
    if (higherIndex === -1) return undefinedResult;
    const higher = this.epochs[higherIndex];
    // Requested epoch older than everything cached: Kafka answers with that epoch and the first start offset.
    if (higherIndex === 0) return { epoch: requestedEpoch, endOffset: higher.startOffset };
    return { epoch: this.epochs[higherIndex - 1].epoch, endOffset: higher.startOffset };
  }

  /** Follower truncation: drops epochs that start at or after `endOffset`. Returns whether anything changed. */
  truncateFromEnd(endOffset: bigint): boolean {
    const before = this.epochs.length;
    this.epochs = this.epochs.filter((entry) => entry.startOffset < endOffset);
    return this.epochs.length !== before;
  }

  /**
   * Log start moved to `startOffset`: epochs entirely before it are dropped and the one in force
   * at it is moved to start there. Returns whether anything changed.
   */
  truncateFromStart(startOffset: bigint): boolean {
    let lastBefore = -1;
    for (let index = 0; index < this.epochs.length && this.epochs[index].startOffset <= startOffset; index++) {
      lastBefore = index;
    }
    if (lastBefore === -1 || (lastBefore === 0 && this.epochs[0].startOffset === startOffset)) return false;
    const kept = this.epochs.slice(lastBefore);
    kept[0] = { epoch: kept[0].epoch, startOffset };
    this.epochs = kept;
    return true;
  }

  clear(): boolean {
    const changed = this.epochs.length > 0;
    this.epochs = [];
    return changed;
  }

  private assertMonotonic(): void {
    for (let index = 1; index < this.epochs.length; index++) {
      const previous = this.epochs[index - 1];
      const current = this.epochs[index];
      if (current.epoch <= previous.epoch || current.startOffset <= previous.startOffset) {
        throw new Error(
          `leader epoch entries not increasing: ${previous.epoch}@${previous.startOffset} then ${current.epoch}@${current.startOffset}`,
        );
      }
    }
  }
}
