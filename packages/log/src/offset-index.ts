import { SparseIndex } from './index-file.js';

// Sparse offset -> file position index (Kafka's OffsetIndex): 8-byte entries of
// relative offset int32 + position int32, both strictly increasing.

export const OFFSET_INDEX_ENTRY_BYTES = 8;

export class OffsetIndex extends SparseIndex {
  relativeOffsetAt(index: number): number {
    return this.file.bytes.readInt32BE(this.file.at(index));
  }

  positionAt(index: number): number {
    return this.file.bytes.readInt32BE(this.file.at(index) + 4);
  }

  /** Position of the last entry (0 if none), without reading the whole index into memory. */
  lastPosition(): number {
    return this.entries === 0 ? 0 : this.file.entryBytes(this.entries - 1).readInt32BE(4);
  }

  /** Absolute offset of the last entry, or null; without reading the whole index into memory. */
  lastOffset(): bigint | null {
    return this.entries === 0 ? null : this.baseOffset + BigInt(this.file.entryBytes(this.entries - 1).readInt32BE(0));
  }

  append(offset: bigint, position: number): void {
    const relative = Number(offset - this.baseOffset);
    const count = this.entries;
    if (count > 0 && (relative <= this.relativeOffsetAt(count - 1) || position <= this.positionAt(count - 1))) {
      throw new Error(`offset index ${this.path}: entry ${offset}@${position} does not increase`);
    }
    const slot = this.file.appendSlot();
    this.file.bytes.writeInt32BE(relative, slot);
    this.file.bytes.writeInt32BE(position, slot + 4);
  }

  /** Position to start scanning for `offset`: the greatest entry with offset <= target, else 0. */
  lookup(offset: bigint): number {
    const index = this.floorIndex(Number(offset - this.baseOffset));
    return index === -1 ? 0 : this.positionAt(index);
  }

  /** Drops entries for offsets >= `offset`. */
  truncateTo(offset: bigint): void {
    const relative = Number(offset - this.baseOffset);
    this.file.truncateToEntries(this.floorIndex(relative - 1) + 1);
  }

  /** Entries must increase and point inside the segment; false means rebuild. */
  isConsistent(segmentBytes: number): boolean {
    for (let index = 0; index < this.entries; index++) {
      const relative = this.relativeOffsetAt(index);
      const position = this.positionAt(index);
      if (relative < 0 || position < 0 || position >= segmentBytes) return false;
      if (index > 0 && (relative <= this.relativeOffsetAt(index - 1) || position <= this.positionAt(index - 1))) {
        return false;
      }
    }
    return true;
  }

  /** Index of the greatest entry with relative offset <= `relative`, or -1. */
  private floorIndex(relative: number): number {
    let low = 0;
    let high = this.entries - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.relativeOffsetAt(middle) <= relative) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
}
