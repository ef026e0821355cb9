/**
 * An in-memory partition log for the replication simulation: one entry per offset with the leader epoch it was
 * written in, and the leader-epoch cache derived from those epochs with the same answers as the log package's
 * LeaderEpochCache (KIP-101; entries below the log start are gone, as the cache's truncateFromStart drops them).
 * Appends are treated as durable: the simulation models crashes, not lost fsyncs.
 */
import type { EpochEndOffset } from '../follower-truncation.js';

export interface SimEntry {
  readonly epoch: number;
  /** Unique per produce in a run, so "same record" is a value comparison. */
  readonly value: number;
}

export class SimLog {
  /** Offset of entries[0]: the log start offset (moved by retention/DeleteRecords or a restart past the end). */
  private base = 0n;
  private entries: SimEntry[] = [];

  get logStartOffset(): bigint {
    return this.base;
  }

  get logEndOffset(): bigint {
    return this.base + BigInt(this.entries.length);
  }

  at(offset: bigint): SimEntry | undefined {
    return offset < this.base ? undefined : this.entries[Number(offset - this.base)];
  }

  slice(from: bigint, maxEntries: number): SimEntry[] {
    const index = Number(from - this.base);
    return this.entries.slice(index, index + maxEntries);
  }

  append(entry: SimEntry): void {
    const last = this.entries.at(-1);
    if (last !== undefined && entry.epoch < last.epoch) {
      throw new Error(`append of epoch ${entry.epoch} after epoch ${last.epoch}`);
    }
    this.entries.push(entry);
  }

  truncateTo(offset: bigint): void {
    if (offset < this.base) this.resetTo(offset);
    else if (offset < this.logEndOffset) this.entries.length = Number(offset - this.base);
  }

  /** Retention / DeleteRecords: the log start moves up to `offset` (never past the end). */
  deleteBefore(offset: bigint): void {
    if (offset <= this.base || offset > this.logEndOffset) return;
    this.entries = this.entries.slice(Number(offset - this.base));
    this.base = offset;
  }

  /** A follower behind its leader's log start: empty, restarting at `offset` (PartitionLog.resetTo). */
  resetTo(offset: bigint): void {
    this.entries = [];
    this.base = offset;
  }

  /** (epoch, startOffset) for every epoch in the log, oldest first. */
  epochs(): { epoch: number; startOffset: bigint }[] {
    const found: { epoch: number; startOffset: bigint }[] = [];
    this.entries.forEach((entry, index) => {
      if (found.at(-1)?.epoch !== entry.epoch) {
        found.push({ epoch: entry.epoch, startOffset: this.base + BigInt(index) });
      }
    });
    return found;
  }

  latestEpoch(): number {
    return this.entries.at(-1)?.epoch ?? -1;
  }

  endOffsetFor(requestedEpoch: number): EpochEndOffset {
    if (requestedEpoch === -1) return { epoch: -1, endOffset: -1n };
    if (requestedEpoch === this.latestEpoch()) return { epoch: requestedEpoch, endOffset: this.logEndOffset };
    const epochs = this.epochs();
    const higher = epochs.findIndex((entry) => entry.epoch > requestedEpoch);
    if (higher === -1) return { epoch: -1, endOffset: -1n };
    if (higher === 0) return { epoch: requestedEpoch, endOffset: epochs[0].startOffset };
    return { epoch: epochs[higher - 1].epoch, endOffset: epochs[higher].startOffset };
  }
}
