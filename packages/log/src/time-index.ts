import { SparseIndex } from './index-file.js';

// Sparse timestamp -> offset index (Kafka's TimeIndex): 12-byte entries of timestamp int64 +
// relative offset int32. An entry is only appended when the segment's max timestamp grows, so both
// columns increase and the last entry holds the segment's largest timestamp.

export const TIME_INDEX_ENTRY_BYTES = 12;

export class TimeIndex extends SparseIndex {
  timestampAt(index: number): bigint {
    return this.file.bytes.readBigInt64BE(this.file.at(index));
  }

  offsetAt(index: number): bigint {
    return this.baseOffset + BigInt(this.file.bytes.readInt32BE(this.file.at(index) + 8));
  }

  /** The last entry, or null; without reading the whole index into memory. */
  lastEntry(): { timestamp: bigint; offset: bigint } | null {
    if (this.entries === 0) return null;
    const entry = this.file.entryBytes(this.entries - 1);
    return { timestamp: entry.readBigInt64BE(0), offset: this.baseOffset + BigInt(entry.readInt32BE(8)) };
  }

  /** Appends when `timestamp` is larger than the last entry's (Kafka's maybeAppend). */
  maybeAppend(timestamp: bigint, offset: bigint): void {
    const last = this.lastEntry();
    if (timestamp < 0n || (last !== null && (timestamp <= last.timestamp || offset < last.offset))) return;
    if (this.isFull()) return;
    if (last !== null && offset === last.offset) {
      // Same offset, larger timestamp: overwrite rather than break the increasing-offset invariant.
      this.file.truncateToEntries(this.entries - 1);
    }
    const slot = this.file.appendSlot();
    this.file.bytes.writeBigInt64BE(timestamp, slot);
    this.file.bytes.writeInt32BE(Number(offset - this.baseOffset), slot + 8);
  }

  /** Offset to start scanning for the first record with timestamp >= target (the greatest entry < target). */
  lookup(timestamp: bigint): bigint {
    let low = 0;
    let high = this.entries - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.timestampAt(middle) < timestamp) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found === -1 ? this.baseOffset : this.offsetAt(found);
  }

  /** Drops entries for offsets >= `offset`. */
  truncateTo(offset: bigint): void {
    let keep = this.entries;
    while (keep > 0 && this.offsetAt(keep - 1) >= offset) keep -= 1;
    this.file.truncateToEntries(keep);
  }

  isConsistent(nextOffset: bigint): boolean {
    for (let index = 0; index < this.entries; index++) {
      const offset = this.offsetAt(index);
      if (offset < this.baseOffset || offset >= nextOffset) return false;
      if (index > 0 && (this.timestampAt(index) <= this.timestampAt(index - 1) || offset < this.offsetAt(index - 1))) {
        return false;
      }
    }
    return true;
  }
}
