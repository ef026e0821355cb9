/**
 * Collects the records of one controller command while applying them to an ImageDelta, so each later decision in
 * the same command sees the earlier ones (e.g. a broker marked shutting down before its leaderships move) and every
 * invariant replay checks holds before anything is written. The image is materialised only when read, so a run of
 * adds costs no copies.
 */
import type { MetadataImage } from './image.js';
import type { MetadataRecord } from './records.js';
import { ImageDelta } from './replay.js';

export class RecordBuilder {
  readonly records: MetadataRecord[] = [];
  private readonly delta: ImageDelta;
  private current: MetadataImage | null;

  constructor(private readonly base: MetadataImage) {
    this.delta = new ImageDelta(base);
    this.current = base;
  }

  /** The base image with every added record applied (offsets are provisional until the log assigns them). */
  get image(): MetadataImage {
    if (this.current === null) this.current = this.delta.build(this.base.offset);
    return this.current;
  }

  /** Offset the next added record will get once the batch is appended right after the base image. */
  nextOffset(): bigint {
    return this.base.offset + 1n + BigInt(this.records.length);
  }

  add(record: MetadataRecord): void {
    this.delta.apply(record);
    this.current = null;
    this.records.push(record);
  }
}
