import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BASE_OFFSET_POSITION,
  baseOffsetAt,
  batchProblem,
  batchSizeAt,
  lastOffsetAt,
  MAX_TIMESTAMP_POSITION,
  PARTITION_LEADER_EPOCH_POSITION,
  RECORD_COUNT_POSITION,
} from './batch-header.js';
import { fsyncDirectory } from './checkpoint-file.js';
import {
  InvalidBatchError,
  LogClosedError,
  OffsetOutOfRangeError,
  RecordBatchTooLargeError,
  UnexpectedAppendOffsetError,
} from './errors.js';
import type { EpochEntry, LeaderEpochCache } from './leader-epoch-cache.js';
import { isDeleteRetained, type LogConfig, resolveLogConfig } from './log-config.js';
import {
  CLEAN_SHUTDOWN_FILE,
  LEADER_EPOCH_CHECKPOINT_FILE,
  loadSegments,
  type RecoveryReport,
  readCheckpoints,
  readCleanerCheckpoint,
  writeCleanerCheckpoint,
  writeLeaderEpochCheckpoint,
  writeOffsetsCheckpoint,
} from './log-loader.js';
import { LogSegment, type ReadResult, type SegmentSettings } from './log-segment.js';
import { type LoggerLike, silentLogger } from './logger.js';
import { commitCleanedSegment, completeSwap } from './segment-swap.js';

export interface AppendResult {
  baseOffset: bigint;
  lastOffset: bigint;
  logAppendTimeMs: number;
  /** Largest batch maxTimestamp in the append, -1 if none. */
  maxTimestamp: bigint;
  /** Last offset of the batch holding maxTimestamp (Kafka's shallow offset of max timestamp), -1 if none. */
  offsetOfMaxTimestamp: bigint;
}

/** Read-only view of the leader-epoch cache (KIP-101 OffsetForLeaderEpoch). */
export interface LeaderEpochCacheView {
  latestEpoch(): number;
  endOffsetFor(epoch: number): { epoch: number; endOffset: bigint };
  entries(): EpochEntry[];
}

/** ListOffsets special timestamps (Kafka's ListOffsetsRequest constants). */
export const LATEST_TIMESTAMP = -1n;
export const EARLIEST_TIMESTAMP = -2n;
export const MAX_TIMESTAMP = -3n;

/** What the log cleaner plans a pass from (see log-cleaner.ts). */
export interface CleanerView {
  /** Changes whenever segments are removed or truncated; a swap planned under another generation is refused. */
  generation: number;
  /** Every segment, oldest first; the last one is active. */
  segments: readonly LogSegment[];
  highWatermark: bigint;
  /** Offsets below this were cleaned by an earlier pass (Kafka's cleaner checkpoint, kept in memory here). */
  firstDirtyOffset: bigint;
  config: LogConfig;
  segmentSettings: SegmentSettings;
}

/** Batches recovery accepts even if max.message.bytes was lowered after they were written. */
const RECOVERY_MIN_BATCH_LIMIT_BYTES = 16 * 1024 * 1024;

export interface PartitionLogOptions {
  dir: string;
  topic: string;
  partition: number;
  config: LogConfig;
  logger?: LoggerLike;
  clock?: () => number;
}

/** One partition's durable log (Kafka's UnifiedLog + LocalLog). Single-threaded: every mutation is synchronous. */
export class PartitionLog {
  readonly topic: string;
  readonly partition: number;
  readonly dir: string;
  readonly leaderEpochCache: LeaderEpochCacheView;
  /** What open() found and repaired. */
  readonly recoveryReport: RecoveryReport;
  private config: LogConfig;
  private readonly logger: LoggerLike;
  private readonly clock: () => number;
  private readonly epochCache: LeaderEpochCache;
  // Invariant: segments sorted by baseOffset, never empty; the last one is active (the only one appended to).
  private segments: LogSegment[];
  // Invariant: segments[0].baseOffset <= logStart <= logEndOffset.
  private logStart: bigint;
  // Invariant: every byte below the recovery point is fsynced (log and indexes).
  private recoveryPoint: bigint;
  private hw: bigint;
  private unflushedRecords = 0;
  /** "recoveryPoint logStart highWatermark" as last written to offsets-checkpoint. */
  private lastCheckpoint = '';
  /** Bumped by truncation: an fsync started before it must not move the recovery point afterwards. */
  private truncations = 0;
  /** Bumped whenever segments are deleted or truncated (or the log closes): the cleaner's abort signal. */
  private segmentChanges = 0;
  /**
   * Everything below is compacted (Kafka's cleaner offset checkpoint), persisted in cleaner-offset-checkpoint
   * once a cleaner pass has completed. Invariant: never above the log end offset.
   */
  private firstDirty = 0n;
  /** What cleaner-offset-checkpoint holds; null while the cleaner has never written it (no compaction yet). */
  private writtenFirstDirty: bigint | null = null;
  private readonly backgroundFlushes = new Set<Promise<void>>();
  private lastFlushMs: number;
  private closed = false;

  private constructor(options: PartitionLogOptions, config: LogConfig) {
    this.topic = options.topic;
    this.partition = options.partition;
    this.dir = options.dir;
    this.config = config;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? Date.now;
    this.lastFlushMs = this.clock();
    if (!fs.existsSync(this.dir)) {
      fs.mkdirSync(this.dir, { recursive: true });
      // Make the new partition directory itself survive a power loss.
      fsyncDirectory(path.dirname(this.dir));
    }
    const cleanMarker = path.join(this.dir, CLEAN_SHUTDOWN_FILE);
    const checkpoints = readCheckpoints(this.dir, this.logger, () => this.logEndOffset);
    const { checkpoint } = checkpoints;
    if (checkpoint !== null) {
      // What is on disk already, so open() does not rewrite (and fsync) an unchanged checkpoint.
      this.lastCheckpoint = `${checkpoint.recoveryPoint} ${checkpoint.logStartOffset} ${checkpoint.highWatermark}`;
    }
    // A damaged checkpoint means the recovery point cannot be trusted: recover every segment.
    const cleanShutdown = fs.existsSync(cleanMarker) && checkpoints.trusted;
    this.epochCache = checkpoints.epochCache;
    const loaded = loadSegments({
      dir: this.dir,
      settings: this.segmentSettings(),
      checkpoint,
      cleanShutdown,
      epochCache: this.epochCache,
      logger: this.logger,
      nowMs: this.clock(),
    });
    this.recoveryReport = loaded.report;
    const startFromCheckpoint = checkpoint?.logStartOffset ?? 0n;
    this.segments = loaded.segments;
    if (this.segments.length === 0) {
      this.segments = [LogSegment.create(this.dir, startFromCheckpoint, this.segmentSettings(), this.clock())];
    }
    const firstBase = this.segments[0].baseOffset;
    this.logStart = startFromCheckpoint > firstBase ? startFromCheckpoint : firstBase;
    if (this.logStart > this.logEndOffset) this.logStart = this.logEndOffset;
    this.firstDirty = this.logStart;
    this.loadCleanerCheckpoint();
    this.recoveryPoint = this.logEndOffset;
    const checkpointHw = checkpoint?.highWatermark ?? 0n;
    this.hw =
      checkpointHw < this.logStart
        ? this.logStart
        : checkpointHw > this.logEndOffset
          ? this.logEndOffset
          : checkpointHw;
    const epochChanged = this.epochCache.truncateFromEnd(this.logEndOffset);
    const epochFileMissing = !fs.existsSync(path.join(this.dir, LEADER_EPOCH_CHECKPOINT_FILE));
    if (
      this.epochCache.truncateFromStart(this.logStart) ||
      epochChanged ||
      epochFileMissing ||
      loaded.report.segmentsRecovered > 0
    ) {
      writeLeaderEpochCheckpoint(this.dir, this.epochCache.entries());
    }
    // Recovered segments were fsynced by the loader, so the recovery point may move to the end.
    this.writeCheckpoint();
    // From here on new appends may be unflushed: the directory must no longer look cleanly shut down.
    if (fs.existsSync(cleanMarker)) {
      fs.rmSync(cleanMarker, { force: true });
      fsyncDirectory(this.dir);
    }
    this.leaderEpochCache = {
      latestEpoch: () => this.epochCache.latestEpoch(),
      endOffsetFor: (epoch) => this.epochCache.endOffsetFor(epoch),
      entries: () => this.epochCache.entries(),
    };
    this.logger.info(
      {
        dir: this.dir,
        logStartOffset: this.logStart,
        logEndOffset: this.logEndOffset,
        segments: this.segments.length,
        cleanShutdown,
        segmentsRecovered: loaded.report.segmentsRecovered,
      },
      'loaded partition log',
    );
  }

  /** Opens (creating if needed) the log in `dir` and runs recovery. */
  static async open(options: PartitionLogOptions): Promise<PartitionLog> {
    return new PartitionLog(options, resolveLogConfig(options.config));
  }

  get logStartOffset(): bigint {
    return this.logStart;
  }

  /** The next offset to assign. */
  get logEndOffset(): bigint {
    return this.activeSegment.nextOffset;
  }

  /** Last high watermark handed to updateHighWatermark (checkpointed on flush and close). */
  get highWatermark(): bigint {
    return this.hw;
  }

  get logConfig(): LogConfig {
    return this.config;
  }

  /** Writes the offsets checkpoint (recovery point, log start, high watermark) without flushing data. */
  checkpointHighWatermark(): void {
    this.ensureOpen();
    this.writeCheckpoint();
  }

  /** The broker owns the high watermark; the log only clamps it into [logStartOffset, logEndOffset] and checkpoints it. */
  updateHighWatermark(highWatermark: bigint): bigint {
    const end = this.logEndOffset;
    this.hw = highWatermark < this.logStart ? this.logStart : highWatermark > end ? end : highWatermark;
    return this.hw;
  }

  /** Applies a topic config change; new limits apply to later appends, rolls and retention runs. */
  updateConfig(config: LogConfig): void {
    this.config = resolveLogConfig(config);
  }

  /**
   * Appends one or more whole v2 batches (concatenated). The leader path patches baseOffset and
   * partitionLeaderEpoch in place in `batches`; the follower path keeps them and requires the first
   * batch to start at the log end offset. Nothing is written unless every batch is valid.
   */
  append(batches: Buffer, options: { assignOffsets: boolean; leaderEpoch: number }): AppendResult {
    this.ensureOpen();
    if (batches.length === 0) throw new InvalidBatchError(0, 'no record batches');
    const nowMs = this.clock();
    const firstOffset = this.logEndOffset;
    let next = firstOffset;
    let maxTimestamp = -1n;
    let offsetOfMaxTimestamp = -1n;
    let records = 0;
    // Pass 1: validate everything before touching the disk or the epoch cache.
    for (let position = 0; position < batches.length; ) {
      const problem = batchProblem(batches, position, batches.length - position, 0x7fffffff);
      if (problem !== null) throw new InvalidBatchError(position, problem);
      const size = batchSizeAt(batches, position);
      if (size > this.config.maxMessageBytes) throw new RecordBatchTooLargeError(size, this.config.maxMessageBytes);
      if (options.assignOffsets) {
        batches.writeBigInt64BE(next, position + BASE_OFFSET_POSITION);
        batches.writeInt32BE(options.leaderEpoch, position + PARTITION_LEADER_EPOCH_POSITION);
      } else {
        // Forward gaps are allowed, as in Kafka: a compacted leader has holes where whole batches were cleaned.
        const base = baseOffsetAt(batches, position);
        if (base < next) throw new UnexpectedAppendOffsetError(base, next);
      }
      const lastOffset = lastOffsetAt(batches, position);
      const batchMaxTimestamp = batches.readBigInt64BE(position + MAX_TIMESTAMP_POSITION);
      if (batchMaxTimestamp > maxTimestamp) {
        maxTimestamp = batchMaxTimestamp;
        offsetOfMaxTimestamp = lastOffset;
      }
      records += batches.readInt32BE(position + RECORD_COUNT_POSITION);
      next = lastOffset + 1n;
      position += size;
    }
    const lastOffset = next - 1n;
    // Epochs are checkpointed before the data, so a crash leaves at most an entry at the log end,
    // which open() drops with truncateFromEnd.
    this.assignEpochs(batches, options);
    const active = this.activeSegment;
    if (active.cannotFit(batches.length, lastOffset, this.config.segmentBytes) || this.timeToRoll(active, nowMs)) {
      this.roll(firstOffset, nowMs);
    }
    this.activeSegment.append(batches);
    this.unflushedRecords += records;
    this.maybeFlush(nowMs);
    return { baseOffset: firstOffset, lastOffset, logAppendTimeMs: nowMs, maxTimestamp, offsetOfMaxTimestamp };
  }

  /**
   * Whole batches starting with the one containing `offset`, up to `maxBytes` (always at least one
   * batch, KIP-74), and only batches whose last offset is below `maxOffset` (e.g. the high watermark).
   */
  read(offset: bigint, maxBytes: number, maxOffset?: bigint): ReadResult {
    this.ensureOpen();
    const end = this.logEndOffset;
    if (offset < this.logStart || offset > end) throw new OffsetOutOfRangeError(offset, this.logStart, end);
    const empty: ReadResult = { records: Buffer.alloc(0), firstOffset: null, batchCount: 0 };
    if (offset === end || (maxOffset !== undefined && maxOffset <= offset)) return empty;
    for (let index = this.segmentIndexFor(offset); index < this.segments.length; index++) {
      const result = this.segments[index].read(offset, maxBytes, maxOffset);
      if (result !== null) return result;
    }
    return empty;
  }

  /**
   * ListOffsets: the first offset whose record timestamp is >= `timestampMs`, or null. The special
   * timestamps -1 (latest), -2 (earliest) and -3 (max timestamp, KIP-734) are answered too.
   */
  offsetForTimestamp(timestampMs: bigint): { offset: bigint; timestamp: bigint } | null {
    this.ensureOpen();
    if (timestampMs === LATEST_TIMESTAMP) return { offset: this.logEndOffset, timestamp: -1n };
    if (timestampMs === EARLIEST_TIMESTAMP) return { offset: this.logStart, timestamp: -1n };
    if (timestampMs === MAX_TIMESTAMP) return this.offsetOfMaxTimestamp();
    if (timestampMs < 0n) return null;
    for (const segment of this.segments) {
      if (segment.nextOffset <= this.logStart || segment.maxTimestamp < timestampMs) continue;
      const found = segment.findOffsetByTimestamp(timestampMs, this.logStart);
      if (found !== null) return found;
    }
    return null;
  }

  /** Follower truncation: drops every batch at or after `offset` (whole batches), fixing indexes and epochs. */
  truncateTo(offset: bigint): void {
    this.ensureOpen();
    if (offset < 0n) throw new RangeError(`cannot truncate to negative offset ${offset}`);
    if (offset >= this.logEndOffset) return;
    const before = this.logEndOffset;
    this.truncations += 1;
    this.segmentChanges += 1;
    if (offset < this.logStart) {
      this.truncateFullyAndStartAt(offset);
    } else {
      while (this.segments.length > 1 && this.activeSegment.baseOffset > offset) this.segments.pop()!.deleteFiles();
      this.activeSegment.truncateTo(offset);
    }
    const end = this.logEndOffset;
    // Truncation drops whole batches, so a batch straddling the log start can take the end below it (Kafka: min).
    if (this.logStart > end) this.logStart = end;
    if (this.epochCache.truncateFromEnd(end)) writeLeaderEpochCheckpoint(this.dir, this.epochCache.entries());
    if (this.recoveryPoint > end) this.recoveryPoint = end;
    if (this.hw > end) this.hw = end;
    if (this.firstDirty > end) {
      this.firstDirty = end;
      this.persistFirstDirty();
    }
    // The recovery point must never stay above data rewritten later, so checkpoint now.
    this.writeCheckpoint();
    this.logger.info(
      { dir: this.dir, requestedOffset: offset, previousLogEndOffset: before, logEndOffset: end },
      'truncated log',
    );
  }

  /** DeleteRecords: moves the log start offset forward and drops segments wholly below it. */
  deleteRecordsBefore(offset: bigint): void {
    this.ensureOpen();
    if (offset > this.logEndOffset || offset < 0n)
      throw new OffsetOutOfRangeError(offset, this.logStart, this.logEndOffset);
    if (offset <= this.logStart) return;
    this.logStart = offset;
    if (this.hw < offset) this.hw = offset;
    if (this.epochCache.truncateFromStart(offset)) writeLeaderEpochCheckpoint(this.dir, this.epochCache.entries());
    this.deleteSegmentsWhile((_segment, nextSegment) => nextSegment.baseOffset <= this.logStart);
    this.writeCheckpoint();
  }

  /** Deletes whole old segments by retention.ms and retention.bytes (never the active one); returns how many. */
  applyRetention(nowMs: number = this.clock()): number {
    this.ensureOpen();
    let deleted = 0;
    const { retentionMs, retentionBytes } = this.config;
    // cleanup.policy=compact alone: the cleaner, not retention, bounds the log (Kafka's LogConfig.delete).
    const deleteRetained = isDeleteRetained(this.config);
    if (deleteRetained && retentionMs >= 0) {
      deleted += this.deleteSegmentsWhile((segment) => {
        const newest = segment.maxTimestamp >= 0n ? Number(segment.maxTimestamp) : segment.lastModifiedMs();
        return nowMs - newest > retentionMs;
      });
    }
    if (deleteRetained && retentionBytes >= 0) {
      let excess = this.sizeInBytes() - retentionBytes;
      deleted += this.deleteSegmentsWhile((segment) => {
        if (excess - segment.size < 0) return false;
        excess -= segment.size;
        return true;
      });
    }
    deleted += this.deleteSegmentsWhile((_segment, nextSegment) => nextSegment.baseOffset <= this.logStart);
    if (deleted > 0) {
      const firstBase = this.segments[0].baseOffset;
      if (firstBase > this.logStart) this.logStart = firstBase;
      if (this.hw < this.logStart) this.hw = this.logStart;
      if (this.epochCache.truncateFromStart(this.logStart))
        writeLeaderEpochCheckpoint(this.dir, this.epochCache.entries());
      this.writeCheckpoint();
      this.logger.info(
        { dir: this.dir, segmentsDeleted: deleted, logStartOffset: this.logStart },
        'retention deleted segments',
      );
    }
    return deleted;
  }

  /** Rolls the active segment once it is older than segment.ms (also checked on every append). */
  maybeRoll(nowMs: number = this.clock()): void {
    this.ensureOpen();
    if (this.timeToRoll(this.activeSegment, nowMs)) this.roll(this.logEndOffset, nowMs);
  }

  /** Flushes when flush.ms has elapsed since the last flush with records pending; for a periodic caller. */
  maybeFlush(nowMs: number = this.clock()): void {
    if (this.unflushedRecords === 0) return;
    if (this.unflushedRecords >= this.config.flushMessages) {
      // flush.messages: the append that crossed the threshold is acknowledged only once durable.
      this.flushSegments(nowMs);
    } else if (nowMs - this.lastFlushMs >= this.config.flushMs) {
      // flush.ms: a background flush, as Kafka's log flusher does; appends do not wait for it.
      this.unflushedRecords = 0;
      this.lastFlushMs = nowMs;
      this.flushInBackground(this.logEndOffset);
    }
  }

  /** fsyncs every unflushed segment and its indexes (off the event loop), then checkpoints the recovery point. */
  async flush(): Promise<void> {
    this.ensureOpen();
    this.unflushedRecords = 0;
    this.lastFlushMs = this.clock();
    await this.flushUpTo(this.logEndOffset);
    // A policy flush may already have moved the recovery point without checkpointing it.
    if (!this.closed) this.writeCheckpoint();
  }

  /** Resolves once the fsyncs started by earlier rolls have finished (and moved the recovery point). */
  async backgroundFlushesDone(): Promise<void> {
    await Promise.allSettled(this.backgroundFlushes);
  }

  /** Flushes, seals and trims the indexes, and marks the directory cleanly shut down. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.backgroundFlushesDone();
    if (this.closed) return;
    this.segmentChanges += 1;
    for (const segment of this.segments) segment.close();
    this.recoveryPoint = this.logEndOffset;
    this.unflushedRecords = 0;
    this.writeCheckpoint();
    fs.writeFileSync(path.join(this.dir, CLEAN_SHUTDOWN_FILE), '');
    fsyncDirectory(this.dir);
    this.closed = true;
    this.logger.info({ dir: this.dir, logEndOffset: this.logEndOffset }, 'closed partition log');
  }

  /** Closes the log and removes its directory. */
  async delete(): Promise<void> {
    await this.backgroundFlushesDone();
    this.segmentChanges += 1;
    if (!this.closed) {
      for (const segment of this.segments) segment.deleteFiles();
      this.closed = true;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.logger.info({ dir: this.dir }, 'deleted partition log');
  }

  sizeInBytes(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.size;
    return total;
  }

  segmentCount(): number {
    return this.segments.length;
  }

  /** Base offsets of the segments, oldest first (for tools and tests). */
  segmentBaseOffsets(): bigint[] {
    return this.segments.map((segment) => segment.baseOffset);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** For the log cleaner: the segments and state a cleaning pass is planned from. */
  cleanerView(): CleanerView {
    this.ensureOpen();
    return {
      generation: this.segmentChanges,
      segments: [...this.segments],
      highWatermark: this.hw,
      // biome-ignore lint/complexity/useMathMinMax: bigint operands, which Math.max does not accept
      firstDirtyOffset: this.firstDirty > this.logStart ? this.firstDirty : this.logStart,
      config: this.config,
      segmentSettings: this.segmentSettings(),
    };
  }

  /**
   * For the log cleaner: replaces sealed segment `old` by its fsynced `.cleaned` copy (segment-swap.ts).
   * Refused, changing nothing, when the log closed or its segments changed since `generation` (truncation,
   * retention, DeleteRecords), since the copy was made from bytes that may no longer be the log's.
   */
  swapCleanedSegment(generation: number, old: LogSegment): boolean {
    if (this.closed || generation !== this.segmentChanges) return false;
    const index = this.segments.indexOf(old);
    if (index < 0 || index === this.segments.length - 1) return false;
    commitCleanedSegment(this.dir, old.baseOffset);
    old.detach();
    let cleaned: LogSegment;
    try {
      completeSwap(this.dir, old.baseOffset);
      cleaned = LogSegment.open(this.dir, old.baseOffset, this.segmentSettings(), old.createdMs);
      if (!cleaned.loadIndexes(true)) {
        cleaned.recover(old.baseOffset);
        cleaned.flush();
      }
    } catch (error) {
      // The swap is committed on disk (the next open completes it) but this segment cannot be served now.
      this.logger.error({ err: error, dir: this.dir, baseOffset: old.baseOffset }, 'cleaned segment swap failed');
      throw error;
    }
    // Compaction keeps every segment's offset range (its last batch survives, if only as an empty batch).
    if (cleaned.nextOffset !== old.nextOffset) {
      throw new Error(`cleaned segment ${cleaned.logPath} ends at ${cleaned.nextOffset}, not ${old.nextOffset}`);
    }
    this.segments[index] = cleaned;
    return true;
  }

  /** For the log cleaner: a pass planned under `generation` compacted everything below `offset`. */
  markCleanedUpTo(generation: number, offset: bigint): void {
    if (generation !== this.segmentChanges || offset <= this.firstDirty) return;
    this.firstDirty = offset;
    this.persistFirstDirty(true);
  }

  private get activeSegment(): LogSegment {
    return this.segments[this.segments.length - 1];
  }

  private segmentSettings(): SegmentSettings {
    return {
      indexIntervalBytes: this.config.indexIntervalBytes,
      segmentIndexBytes: this.config.segmentIndexBytes,
      maxBatchBytes: Math.max(this.config.maxMessageBytes, RECOVERY_MIN_BATCH_LIMIT_BYTES),
    };
  }

  private ensureOpen(): void {
    if (this.closed) throw new LogClosedError(this.dir);
  }

  private timeToRoll(segment: LogSegment, nowMs: number): boolean {
    return !segment.isEmpty && nowMs - segment.createdMs >= this.config.segmentMs;
  }

  /**
   * Seals the active segment and starts a new one at `baseOffset`. The old segment is fsynced in the
   * background, as Kafka's scheduler does, and the recovery point moves to `baseOffset` once it is durable.
   */
  private roll(baseOffset: bigint, nowMs: number): void {
    const old = this.activeSegment;
    old.sealTimeIndex();
    this.segments.push(LogSegment.create(this.dir, baseOffset, this.segmentSettings(), nowMs));
    // Persist the new segment's directory entry.
    fsyncDirectory(this.dir);
    this.flushInBackground(baseOffset);
    this.logger.debug?.({ dir: this.dir, baseOffset, previousSegmentBytes: old.size }, 'rolled new log segment');
  }

  private flushInBackground(upTo: bigint): void {
    const flush = this.flushUpTo(upTo).catch((error: unknown) => {
      this.logger.error({ err: error, dir: this.dir, upTo }, 'background flush failed');
    });
    this.backgroundFlushes.add(flush);
    void flush.finally(() => this.backgroundFlushes.delete(flush));
  }

  /** fsyncs every segment holding offsets in [recoveryPoint, upTo), then advances and checkpoints the recovery point. */
  private async flushUpTo(upTo: bigint): Promise<void> {
    const generation = this.truncations;
    const pending = this.segments.filter(
      (segment) => segment.nextOffset > this.recoveryPoint && segment.baseOffset < upTo,
    );
    await Promise.all(pending.map((segment) => segment.flushAsync()));
    if (this.closed || generation !== this.truncations || upTo <= this.recoveryPoint) return;
    this.recoveryPoint = upTo;
    this.writeCheckpoint();
  }

  private flushSegments(nowMs: number): void {
    const end = this.logEndOffset;
    for (const segment of this.segments) {
      if (segment.nextOffset > this.recoveryPoint || segment === this.activeSegment) segment.flush();
    }
    this.recoveryPoint = end;
    this.unflushedRecords = 0;
    this.lastFlushMs = nowMs;
  }

  private assignEpochs(batches: Buffer, options: { assignOffsets: boolean; leaderEpoch: number }): void {
    let changed = false;
    if (options.assignOffsets) {
      if (options.leaderEpoch >= 0 && options.leaderEpoch !== this.epochCache.latestEpoch()) {
        changed = this.epochCache.assign(options.leaderEpoch, baseOffsetAt(batches, 0));
      }
    } else {
      for (let position = 0; position < batches.length; position += batchSizeAt(batches, position)) {
        const epoch = batches.readInt32BE(position + PARTITION_LEADER_EPOCH_POSITION);
        if (epoch >= 0 && epoch !== this.epochCache.latestEpoch()) {
          changed = this.epochCache.assign(epoch, baseOffsetAt(batches, position)) || changed;
        }
      }
    }
    if (changed) writeLeaderEpochCheckpoint(this.dir, this.epochCache.entries());
  }

  /** Deletes segments from the front while `predicate` holds; never the active segment. */
  private deleteSegmentsWhile(predicate: (segment: LogSegment, nextSegment: LogSegment) => boolean): number {
    let deleted = 0;
    while (this.segments.length > 1 && predicate(this.segments[0], this.segments[1])) {
      const segment = this.segments.shift()!;
      segment.deleteFiles();
      deleted += 1;
    }
    if (deleted > 0) this.segmentChanges += 1;
    if (deleted > 0 && this.segments[0].baseOffset > this.logStart) this.logStart = this.segments[0].baseOffset;
    return deleted;
  }

  /**
   * A follower that fell behind its leader's log start (retention or DeleteRecords on the leader) can never fetch
   * what it lacks: it drops its whole log and restarts empty at the leader's log start offset (Kafka's
   * UnifiedLog.truncateFullyAndStartAt).
   */
  resetTo(offset: bigint): void {
    this.ensureOpen();
    if (offset < 0n) throw new RangeError(`cannot restart the log at negative offset ${offset}`);
    const before = { logStartOffset: this.logStart, logEndOffset: this.logEndOffset };
    this.truncations += 1;
    this.segmentChanges += 1;
    this.truncateFullyAndStartAt(offset);
    this.writeCheckpoint();
    this.logger.warn(
      {
        dir: this.dir,
        offset,
        previousLogStartOffset: before.logStartOffset,
        previousLogEndOffset: before.logEndOffset,
      },
      'log emptied and restarted at a new log start offset',
    );
  }

  private truncateFullyAndStartAt(offset: bigint): void {
    for (const segment of this.segments) segment.deleteFiles();
    this.segments = [LogSegment.create(this.dir, offset, this.segmentSettings(), this.clock())];
    this.logStart = offset;
    this.recoveryPoint = offset;
    this.hw = offset;
    this.firstDirty = offset;
    this.persistFirstDirty();
    this.epochCache.clear();
    writeLeaderEpochCheckpoint(this.dir, []);
  }

  /** Index of the segment holding `offset`: the last with baseOffset <= offset. */
  private segmentIndexFor(offset: bigint): number {
    let low = 0;
    let high = this.segments.length - 1;
    let found = 0;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.segments[middle].baseOffset <= offset) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  private offsetOfMaxTimestamp(): { offset: bigint; timestamp: bigint } | null {
    let best: LogSegment | null = null;
    for (const segment of this.segments) {
      if (segment.maxTimestamp >= 0n && (best === null || segment.maxTimestamp > best.maxTimestamp)) best = segment;
    }
    if (best === null) return null;
    return best.findOffsetByTimestamp(best.maxTimestamp, this.logStart);
  }

  /**
   * A damaged or out-of-range cleaner checkpoint only costs a full cleaning: it is logged and the whole log counts
   * as dirty. A checkpoint above the recovered log end (data lost in recovery) is clamped.
   */
  private loadCleanerCheckpoint(): void {
    let stored: bigint | null;
    try {
      stored = readCleanerCheckpoint(this.dir);
    } catch (error) {
      this.logger.warn({ err: error, dir: this.dir }, 'unreadable cleaner checkpoint; the whole log counts as dirty');
      return;
    }
    if (stored === null) return;
    this.writtenFirstDirty = stored;
    const end = this.logEndOffset;
    this.firstDirty = stored > end ? end : stored < this.logStart ? this.logStart : stored;
  }

  /**
   * Writes cleaner-offset-checkpoint when it changed: always after a cleaner pass (`first`), otherwise only for
   * logs with a checkpoint already, so truncating a log that was never compacted costs no extra fsync.
   */
  private persistFirstDirty(first = false): void {
    if (this.writtenFirstDirty === this.firstDirty) return;
    if (this.writtenFirstDirty === null && !first) return;
    writeCleanerCheckpoint(this.dir, this.firstDirty);
    this.writtenFirstDirty = this.firstDirty;
  }

  /** Writes the offsets checkpoint unless it would repeat the last one written. */
  private writeCheckpoint(): void {
    const text = `${this.recoveryPoint} ${this.logStart} ${this.hw}`;
    if (text === this.lastCheckpoint) return;
    writeOffsetsCheckpoint(this.dir, {
      recoveryPoint: this.recoveryPoint,
      logStartOffset: this.logStart,
      highWatermark: this.hw,
    });
    this.lastCheckpoint = text;
  }
}
