import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { compress, decompress } from '@tributary/protocol';
import {
  ATTRIBUTES_POSITION,
  batchSizeAt,
  COMPRESSION_CODEC_MASK,
  lastOffsetAt,
  MAX_TIMESTAMP_POSITION,
  PRODUCER_ID_POSITION,
  RECORDS_POSITION,
  TIMESTAMP_TYPE_LOG_APPEND_TIME,
} from './batch-header.js';
import {
  type BatchPlan,
  cleanableRange,
  isCompactable,
  OffsetMap,
  planBatch,
  retainRecord,
} from './compaction-plan.js';
import { type RecordView, rebuildBatch, walkRecords } from './compaction-records.js';
import { isCompacted } from './log-config.js';
import { LogSegment } from './log-segment.js';
import type { LoggerLike } from './logger.js';
import type { CleanerView, PartitionLog } from './partition-log.js';
import { CLEANED_SUFFIX, deleteCleanedFiles } from './segment-swap.js';

// The I/O shell of log compaction: plans with compaction-plan.ts, reads sealed segments a chunk at a time
// (yielding to the event loop between chunks, so produce and fetch keep flowing), writes each changed segment
// to `.cleaned` files and swaps them in (segment-swap.ts). One segment at a time, oldest first, so an older
// value is always gone before the tombstone that shadows it can be. A pass whose log changed underneath
// (truncation, retention, DeleteRecords, close) stops before its next swap and leaves the rest dirty.

/** Bytes of log read per step; the event loop gets a turn between steps. */
const READ_CHUNK_BYTES = 256 * 1024;

export interface CleanOptions {
  nowMs: number;
  /** Bound on the offset map (Kafka's log.cleaner.dedupe.buffer.size). */
  offsetMapBytes: number;
  logger: LoggerLike;
}

export interface CleanResult {
  /** false when the pass stopped because the log changed underneath. */
  completed: boolean;
  segmentsCleaned: number;
  segmentsRewritten: number;
  recordsRemoved: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Offsets below this are now clean (the first uncleaned segment's base offset). */
  cleanedUpTo: bigint;
}

class LogChangedError extends Error {}

/** One cleaning pass over a compacted log; null when the log is not compacted or not dirty enough. */
export async function cleanLog(log: PartitionLog, options: CleanOptions): Promise<CleanResult | null> {
  const view = log.cleanerView();
  if (!isCompacted(view.config)) return null;
  const range = cleanableRange({
    segments: view.segments.map((segment) => ({
      baseOffset: segment.baseOffset,
      nextOffset: segment.nextOffset,
      sizeBytes: segment.size,
      maxTimestamp: segment.maxTimestamp,
    })),
    highWatermark: view.highWatermark,
    firstDirtyOffset: view.firstDirtyOffset,
    nowMs: options.nowMs,
    minCompactionLagMs: view.config.minCompactionLagMs,
    minCleanableDirtyRatio: view.config.minCleanableDirtyRatio,
  });
  if (!range.shouldClean) return null;
  const candidates = view.segments.slice(0, range.cleanableSegments);
  const result: CleanResult = {
    completed: false,
    segmentsCleaned: 0,
    segmentsRewritten: 0,
    recordsRemoved: 0,
    bytesBefore: 0,
    bytesAfter: 0,
    cleanedUpTo: view.firstDirtyOffset,
  };
  try {
    const { map, lastBatchOfProducer, mappedSegments } = await buildOffsetMap(log, view, candidates, options);
    if (mappedSegments === 0) {
      options.logger.warn(
        { dir: log.dir, offsetMapBytes: options.offsetMapBytes },
        'offset map too small for one segment of dirty keys; not cleaning',
      );
      return result;
    }
    const tombstoneCutoffMs = options.nowMs - view.config.deleteRetentionMs;
    const retain = (record: RecordView) => retainRecord(record, map, tombstoneCutoffMs);
    for (const segment of candidates.slice(0, mappedSegments)) {
      result.bytesBefore += segment.size;
      const batches = await cleanSegmentBatches(log, view, segment, retain, lastBatchOfProducer, result);
      if (batches !== null) {
        await writeCleanedSegment(log, view, segment, batches, options.nowMs);
        if (!log.swapCleanedSegment(view.generation, segment)) {
          deleteCleanedFiles(log.dir, segment.baseOffset);
          throw new LogChangedError();
        }
        result.segmentsRewritten += 1;
        result.bytesAfter += batches.reduce((total, batch) => total + batch.length, 0);
      } else {
        result.bytesAfter += segment.size;
      }
      result.segmentsCleaned += 1;
    }
    result.cleanedUpTo = candidates[mappedSegments - 1].nextOffset;
    log.markCleanedUpTo(view.generation, result.cleanedUpTo);
    result.completed = true;
    return result;
  } catch (error) {
    // Reads of a segment deleted underneath fail (its fd is closed): that is the log changing, not a fault.
    if (error instanceof LogChangedError || log.isClosed || log.cleanerView().generation !== view.generation) {
      options.logger.info({ dir: log.dir, segmentsCleaned: result.segmentsCleaned }, 'log changed; cleaning stopped');
      return result;
    }
    throw error;
  }
}

/** The batches of a sealed segment, a chunk at a time, with a turn of the event loop between chunks. */
async function forEachBatch(
  log: PartitionLog,
  view: CleanerView,
  segment: LogSegment,
  visit: (batch: Buffer) => Promise<void>,
): Promise<void> {
  let offset = segment.baseOffset;
  while (offset < segment.nextOffset) {
    if (log.isClosed || log.cleanerView().generation !== view.generation) throw new LogChangedError();
    const chunk = segment.read(offset, READ_CHUNK_BYTES, undefined);
    if (chunk === null || chunk.batchCount === 0) break;
    for (let position = 0; position < chunk.records.length; ) {
      const size = batchSizeAt(chunk.records, position);
      const batch = chunk.records.subarray(position, position + size);
      await visit(batch);
      offset = lastOffsetAt(batch, 0) + 1n;
      position += size;
    }
    await yieldToEventLoop();
  }
}

async function recordsOf(batch: Buffer): Promise<RecordView[]> {
  const codec = batch.readInt16BE(ATTRIBUTES_POSITION) & COMPRESSION_CODEC_MASK;
  const payload = batch.subarray(RECORDS_POSITION);
  return walkRecords(batch, codec === 0 ? payload : await decompress(codec, payload));
}

/**
 * Pass 1: each key's latest offset over the dirty records, and the last batch of each producer id in the
 * cleanable range. Stops at the first segment whose keys no longer fit: only segments before it are cleaned
 * (entries from the partly mapped one only ever point at later records, so using them is still correct).
 */
async function buildOffsetMap(
  log: PartitionLog,
  view: CleanerView,
  candidates: readonly LogSegment[],
  options: CleanOptions,
): Promise<{ map: OffsetMap; lastBatchOfProducer: Map<bigint, bigint>; mappedSegments: number }> {
  const map = new OffsetMap(options.offsetMapBytes);
  const lastBatchOfProducer = new Map<bigint, bigint>();
  const firstDirty = view.firstDirtyOffset;
  let mappedSegments = 0;
  for (const segment of candidates) {
    let full = false;
    await forEachBatch(log, view, segment, async (batch) => {
      const producerId = batch.readBigInt64BE(PRODUCER_ID_POSITION);
      if (producerId >= 0n) lastBatchOfProducer.set(producerId, batch.readBigInt64BE(0));
      if (full || lastOffsetAt(batch, 0) < firstDirty || !isCompactable(batch.readInt16BE(ATTRIBUTES_POSITION))) return;
      for (const record of await recordsOf(batch)) {
        if (record.key === null || record.offset < firstDirty) continue;
        if (!map.put(record.key, record.offset)) {
          full = true;
          return;
        }
      }
    });
    if (full) break;
    mappedSegments += 1;
  }
  return { map, lastBatchOfProducer, mappedSegments };
}

/** Pass 2 for one segment: its batches after cleaning, or null when nothing in it changes. */
async function cleanSegmentBatches(
  log: PartitionLog,
  view: CleanerView,
  segment: LogSegment,
  retain: (record: RecordView) => boolean,
  lastBatchOfProducer: ReadonlyMap<bigint, bigint>,
  result: CleanResult,
): Promise<Buffer[] | null> {
  const batches: Buffer[] = [];
  let changed = false;
  await forEachBatch(log, view, segment, async (batch) => {
    const attributes = batch.readInt16BE(ATTRIBUTES_POSITION);
    if (!isCompactable(attributes)) {
      batches.push(Buffer.from(batch));
      return;
    }
    const records = await recordsOf(batch);
    const producerId = batch.readBigInt64BE(PRODUCER_ID_POSITION);
    const keepEmpty =
      lastOffsetAt(batch, 0) + 1n === segment.nextOffset ||
      (producerId >= 0n && lastBatchOfProducer.get(producerId) === batch.readBigInt64BE(0));
    const plan: BatchPlan = planBatch(records, retain, keepEmpty);
    if (plan.action === 'keep') {
      batches.push(Buffer.from(batch));
      return;
    }
    changed = true;
    result.recordsRemoved += records.length - (plan.action === 'rewrite' ? plan.records.length : 0);
    if (plan.action === 'rewrite') batches.push(await rewriteBatch(batch, plan.records));
  });
  return changed ? batches : null;
}

/** The batch with only `kept` records, recompressed with its own codec. */
async function rewriteBatch(batch: Buffer, kept: readonly RecordView[]): Promise<Buffer> {
  const attributes = batch.readInt16BE(ATTRIBUTES_POSITION);
  const codec = attributes & COMPRESSION_CODEC_MASK;
  const plain = Buffer.concat(kept.map((record) => record.raw));
  const payload = codec === 0 || kept.length === 0 ? plain : await compress(codec, plain);
  let maxTimestamp = batch.readBigInt64BE(MAX_TIMESTAMP_POSITION);
  if ((attributes & TIMESTAMP_TYPE_LOG_APPEND_TIME) === 0 && kept.length > 0) {
    // biome-ignore lint/complexity/useMathMinMax: bigint operands, which Math.max does not accept
    maxTimestamp = kept.reduce((max, record) => (record.timestamp > max ? record.timestamp : max), -1n);
  }
  return rebuildBatch(batch, kept.length, payload, maxTimestamp);
}

/** Writes and fsyncs `<base>.log.cleaned` and its indexes, built by a LogSegment like any segment, then closes it. */
async function writeCleanedSegment(
  log: PartitionLog,
  view: CleanerView,
  segment: LogSegment,
  batches: readonly Buffer[],
  nowMs: number,
): Promise<void> {
  const cleaned = LogSegment.create(log.dir, segment.baseOffset, view.segmentSettings, nowMs, CLEANED_SUFFIX);
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for (const batch of batches) {
      pending.push(batch);
      pendingBytes += batch.length;
      if (pendingBytes >= READ_CHUNK_BYTES) {
        cleaned.append(Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
        await yieldToEventLoop();
      }
    }
    if (pending.length > 0) cleaned.append(Buffer.concat(pending));
    // The log file's fsync runs on the libuv pool (up to a segment of dirty pages); the small indexes sync inline.
    cleaned.sealTimeIndex();
    await cleaned.flushAsync();
    cleaned.detach();
  } catch (error) {
    cleaned.deleteFiles();
    throw error;
  }
}
