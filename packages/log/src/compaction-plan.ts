import type { RecordView } from './compaction-records.js';

// The pure core of log compaction (Kafka's LogCleaner / Cleaner): which segments may be cleaned, the map of
// each key's latest offset, and which records of a batch survive. No I/O, no clock: `nowMs` is passed in.
//
// Rules (Kafka's, see https://kafka.apache.org/documentation/#compaction):
// - Only the cleanable range is touched: whole sealed segments below the first uncleanable offset, which is
//   the smallest of the active segment's base offset, the high watermark, and the base offset of the first
//   segment holding a record newer than min.compaction.lag.ms.
// - A keyed record survives when no later record in the dirty range has its key (the offset map holds each
//   key's highest offset there). Records without a key always survive.
// - A surviving tombstone (null value) is removed once its record timestamp is older than
//   now - delete.retention.ms. Kafka (KIP-534) instead stamps a delete horizon into the batch the first time
//   the tombstone is cleaned; the timestamp rule is simpler and means a tombstone produced with an old
//   CreateTime can disappear in its first cleaning.
// - Control batches and transactional batches are kept whole, and their records do not enter the offset map
//   (aborted transactional data is not recognised here, so it must not shadow committed values).
// - Offsets never change. A batch left with no records is dropped, except the last batch of its segment
//   (so every segment keeps its offset range and never becomes empty) and the last batch of each producer id
//   in the cleanable range (Kafka keeps it for idempotent producer state); those become empty batches.

/** Attribute bits of a v2 batch. */
export const TRANSACTIONAL_FLAG = 0x10;
export const CONTROL_FLAG = 0x20;

/** Bytes charged per offset-map entry on top of the key (Map slot, bigint, string header). */
const OFFSET_MAP_ENTRY_OVERHEAD_BYTES = 64;

/** Whether the records of a batch with these attributes take part in compaction. */
export function isCompactable(attributes: number): boolean {
  return (attributes & (CONTROL_FLAG | TRANSACTIONAL_FLAG)) === 0;
}

/** Each key's highest offset in the dirty range (Kafka's SkimpyOffsetMap, exact here), bounded in bytes. */
export class OffsetMap {
  private readonly offsets = new Map<string, bigint>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new RangeError(`offset map size ${maxBytes}`);
  }

  /** Records `key` at `offset` (offsets arrive ascending); false when a new key no longer fits. */
  put(key: Buffer, offset: bigint): boolean {
    const text = key.toString('latin1');
    if (!this.offsets.has(text)) {
      const cost = key.length + OFFSET_MAP_ENTRY_OVERHEAD_BYTES;
      if (this.bytes + cost > this.maxBytes) return false;
      this.bytes += cost;
    }
    this.offsets.set(text, offset);
    return true;
  }

  latestOffset(key: Buffer): bigint | undefined {
    return this.offsets.get(key.toString('latin1'));
  }

  get size(): number {
    return this.offsets.size;
  }
}

/** What the planner needs to know about a segment. */
export interface SegmentSummary {
  baseOffset: bigint;
  nextOffset: bigint;
  sizeBytes: number;
  /** Largest batch max timestamp, -1 if none. */
  maxTimestamp: bigint;
}

export interface CleanableRange {
  /** How many segments from the oldest lie wholly below firstUncleanableOffset. */
  cleanableSegments: number;
  firstUncleanableOffset: bigint;
  /** Bytes of cleanable segments holding offsets at or after the first dirty offset. */
  dirtyBytes: number;
  cleanableBytes: number;
  /** dirtyBytes / cleanableBytes, 0 when nothing is cleanable. */
  dirtyRatio: number;
  /** dirtyBytes > 0 and the ratio reaches min.cleanable.dirty.ratio. */
  shouldClean: boolean;
}

/**
 * Kafka's firstUncleanableDirtyOffset and dirty ratio. `segments` are all of the log's segments, oldest
 * first, the last one active.
 */
export function cleanableRange(input: {
  segments: readonly SegmentSummary[];
  highWatermark: bigint;
  firstDirtyOffset: bigint;
  nowMs: number;
  minCompactionLagMs: number;
  minCleanableDirtyRatio: number;
}): CleanableRange {
  const { segments, highWatermark, firstDirtyOffset, nowMs, minCompactionLagMs } = input;
  let firstUncleanable = segments[segments.length - 1].baseOffset;
  if (highWatermark < firstUncleanable) firstUncleanable = highWatermark;
  if (minCompactionLagMs > 0) {
    const newest = BigInt(nowMs - minCompactionLagMs);
    const young = segments.find((segment) => segment.maxTimestamp > newest);
    if (young !== undefined && young.baseOffset < firstUncleanable) firstUncleanable = young.baseOffset;
  }
  let cleanableSegments = 0;
  let dirtyBytes = 0;
  let cleanableBytes = 0;
  for (const segment of segments.slice(0, -1)) {
    if (segment.nextOffset > firstUncleanable) break;
    cleanableSegments += 1;
    cleanableBytes += segment.sizeBytes;
    if (segment.nextOffset > firstDirtyOffset) dirtyBytes += segment.sizeBytes;
  }
  const dirtyRatio = cleanableBytes === 0 ? 0 : dirtyBytes / cleanableBytes;
  return {
    cleanableSegments,
    firstUncleanableOffset: firstUncleanable,
    dirtyBytes,
    cleanableBytes,
    dirtyRatio,
    shouldClean: dirtyBytes > 0 && dirtyRatio >= input.minCleanableDirtyRatio,
  };
}

/** Whether one record of a compactable batch survives the cleaning. */
export function retainRecord(record: RecordView, map: OffsetMap, tombstoneCutoffMs: number): boolean {
  if (record.key === null) return true;
  const latest = map.latestOffset(record.key);
  if (latest !== undefined && latest > record.offset) return false;
  return !(record.isTombstone && record.timestamp < BigInt(tombstoneCutoffMs));
}

export type BatchPlan =
  | { action: 'keep' }
  | { action: 'drop' }
  /** Rewrite with these records (possibly none: an empty batch that keeps the offset range). */
  | { action: 'rewrite'; records: RecordView[] };

/** The fate of one compactable batch given its records; `keepEmpty` for a segment's or producer's last batch. */
export function planBatch(
  records: readonly RecordView[],
  retain: (record: RecordView) => boolean,
  keepEmpty: boolean,
): BatchPlan {
  const kept = records.filter(retain);
  if (kept.length === records.length) return { action: 'keep' };
  if (kept.length === 0 && !keepEmpty) return { action: 'drop' };
  return { action: 'rewrite', records: kept };
}
