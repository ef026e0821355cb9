/**
 * Collects the records of one controller command while replaying them onto a scratch image, so each later decision
 * in the same command sees the earlier ones (e.g. a broker marked shutting down before its leaderships move) and
 * every invariant replay checks holds before anything is written.
 */
import type { MetadataImage } from './image.js';
import type { MetadataRecord } from './records.js';
import { replay } from './replay.js';

export class RecordBuilder {
  readonly records: MetadataRecord[] = [];

  constructor(private current: MetadataImage) {}

  get image(): MetadataImage {
    return this.current;
  }

  /** Offset this builder's next record will have once appended after the image it started from. */
  nextOffset(base: MetadataImage): bigint {
    return base.offset + 1n + BigInt(this.records.length);
  }

  add(record: MetadataRecord): void {
    this.current = replay(this.current, record, this.current.offset);
    this.records.push(record);
  }
}
