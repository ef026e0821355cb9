import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BATCH_HEADER_BYTES,
  baseOffsetAt,
  batchProblem,
  batchSizeAt,
  headerProblem,
  LOG_OVERHEAD,
  lastOffsetAt,
  MAX_TIMESTAMP_POSITION,
  PARTITION_LEADER_EPOCH_POSITION,
} from './batch-header.js';
import { CorruptSegmentError } from './errors.js';
import { readAt, writeFully } from './file-io.js';
import { IndexFile } from './index-file.js';
import { OFFSET_INDEX_ENTRY_BYTES, OffsetIndex } from './offset-index.js';
import { firstRecordAtOrAfter } from './record-timestamps.js';
import { TIME_INDEX_ENTRY_BYTES, TimeIndex } from './time-index.js';

// One segment: `<baseOffset>.log` with batches exactly as appended, plus its sparse `.index` and
// `.timeindex` (Kafka's LogSegment). All I/O is synchronous and positional.

const SCAN_CHUNK_BYTES = 1024 * 1024;

export interface SegmentSettings {
  indexIntervalBytes: number;
  segmentIndexBytes: number;
  /** Largest batch accepted while scanning the file; bigger length prefixes are corruption. */
  maxBatchBytes: number;
}

export interface RecoveryResult {
  truncatedBytes: number;
  /** Where the first invalid batch was and why; null when every byte was a valid batch. */
  problem: { position: number; reason: string; runsPastEnd: boolean } | null;
}

/** Whole batches read from the log; `firstOffset` is the first batch's base offset, null when empty. */
export interface ReadResult {
  records: Buffer;
  firstOffset: bigint | null;
  batchCount: number;
}

export function segmentFileName(baseOffset: bigint, suffix: string): string {
  return `${baseOffset.toString().padStart(20, '0')}${suffix}`;
}

export class LogSegment {
  readonly baseOffset: bigint;
  readonly logPath: string;
  private readonly settings: SegmentSettings;
  private fd: number;
  private offsetIndex: OffsetIndex;
  private timeIndex: TimeIndex;
  /** Bytes of valid batches in the file; every byte below is a complete batch. */
  private sizeBytes: number;
  /** Offset after the last batch (baseOffset when empty). */
  private next: bigint;
  private maxTimestampSoFar = -1n;
  private offsetOfMaxTimestampSoFar: bigint;
  private bytesSinceLastIndexEntry = 0;
  /** fsyncs running on the libuv pool; the fd stays open until they finish. */
  private pendingSyncs = 0;
  /** False while indexes opened lazily have had only their last entries checked. */
  private indexesVerified = true;
  /** Bytes or index entries changed since the last flush; a clean segment's flush is a no-op. */
  private dirty = false;
  private closeWhenIdle = false;
  /** Wall-clock creation (or load) time, the base for segment.ms rolling. */
  readonly createdMs: number;

  private constructor(
    dir: string,
    baseOffset: bigint,
    settings: SegmentSettings,
    createdMs: number,
    fileFlags: string,
    fileSuffix = '',
  ) {
    this.baseOffset = baseOffset;
    this.settings = settings;
    this.logPath = path.join(dir, segmentFileName(baseOffset, '.log') + fileSuffix);
    this.fd = fs.openSync(this.logPath, fileFlags, 0o644);
    this.sizeBytes = fs.fstatSync(this.fd).size;
    this.next = baseOffset;
    this.offsetOfMaxTimestampSoFar = baseOffset;
    this.createdMs = createdMs;
    const indexPath = path.join(dir, segmentFileName(baseOffset, '.index') + fileSuffix);
    const timeIndexPath = path.join(dir, segmentFileName(baseOffset, '.timeindex') + fileSuffix);
    this.offsetIndex = new OffsetIndex(
      baseOffset,
      IndexFile.empty(indexPath, OFFSET_INDEX_ENTRY_BYTES, settings.segmentIndexBytes),
    );
    this.timeIndex = new TimeIndex(
      baseOffset,
      IndexFile.empty(timeIndexPath, TIME_INDEX_ENTRY_BYTES, settings.segmentIndexBytes),
    );
  }

  /** A new, empty segment; any stale files with its name are replaced. */
  static create(
    dir: string,
    baseOffset: bigint,
    settings: SegmentSettings,
    nowMs: number,
    fileSuffix = '',
  ): LogSegment {
    const segment = new LogSegment(dir, baseOffset, settings, nowMs, 'w+', fileSuffix);
    segment.offsetIndex.reset();
    segment.timeIndex.reset();
    segment.dirty = true;
    return segment;
  }

  /** Opens an existing segment without validating it; follow with `loadIndexes` or `recover`. */
  static open(dir: string, baseOffset: bigint, settings: SegmentSettings, nowMs: number): LogSegment {
    return new LogSegment(dir, baseOffset, settings, nowMs, 'r+');
  }

  get size(): number {
    return this.sizeBytes;
  }

  get nextOffset(): bigint {
    return this.next;
  }

  get isEmpty(): boolean {
    return this.sizeBytes === 0;
  }

  /** Largest batch max timestamp in the segment, -1 if none carries one. */
  get maxTimestamp(): bigint {
    return this.maxTimestampSoFar;
  }

  get offsetIndexPath(): string {
    return this.offsetIndex.path;
  }

  get timeIndexPath(): string {
    return this.timeIndex.path;
  }

  /** Last-modified time of the log file, Kafka's fallback for retention when batches carry no timestamp. */
  lastModifiedMs(): number {
    return fs.fstatSync(this.fd).mtimeMs;
  }

  /** Whether the append of `bytes` ending at `lastOffset` must go to a new segment. */
  cannotFit(bytes: number, lastOffset: bigint, segmentBytes: number): boolean {
    if (this.isEmpty) return false;
    return (
      this.sizeBytes + bytes > segmentBytes ||
      lastOffset - this.baseOffset > 0x7fffffffn ||
      this.offsetIndex.isFull() ||
      this.timeIndex.isFull()
    );
  }

  /** Appends whole, validated batches whose offsets continue this segment. */
  append(batches: Buffer): void {
    const startPosition = this.sizeBytes;
    try {
      writeFully(this.fd, batches, startPosition);
    } catch (error) {
      // A short write (ENOSPC, EIO) must not leave a partial batch for a clean reopen to trip on.
      try {
        fs.ftruncateSync(this.fd, startPosition);
      } catch {
        // Recovery truncates the partial batch if this fails too.
      }
      throw error;
    }
    for (let position = 0; position < batches.length; ) {
      const size = batchSizeAt(batches, position);
      this.indexBatch(batches, position, startPosition + position, size);
      position += size;
    }
    this.sizeBytes += batches.length;
    this.dirty = true;
  }

  /**
   * Opens the index files and checks them against the log; returns false when they are missing or
   * inconsistent (the caller then recovers the segment, which rebuilds them). Also scans the batches
   * after the last index entry to find the next offset and the newest max timestamp. With
   * `verifyAllEntries` false only the last entries are checked now and the rest on first search
   * (`ensureIndexes`), so opening a long log does not read every index into memory.
   */
  loadIndexes(verifyAllEntries: boolean): boolean {
    const maxBytes = this.settings.segmentIndexBytes;
    const offsetFile = IndexFile.open(this.offsetIndex.path, OFFSET_INDEX_ENTRY_BYTES, maxBytes);
    const timeFile = IndexFile.open(this.timeIndex.path, TIME_INDEX_ENTRY_BYTES, maxBytes);
    if (offsetFile === null || timeFile === null) return false;
    this.offsetIndex = new OffsetIndex(this.baseOffset, offsetFile);
    this.timeIndex = new TimeIndex(this.baseOffset, timeFile);
    const tailStart = this.offsetIndex.lastPosition();
    const lastIndexed = this.offsetIndex.lastOffset();
    if (
      tailStart < 0 ||
      tailStart >= Math.max(this.sizeBytes, 1) ||
      (lastIndexed !== null && lastIndexed < this.baseOffset)
    ) {
      return false;
    }
    if (verifyAllEntries && !this.offsetIndex.isConsistent(this.sizeBytes)) return false;
    const lastTime = this.timeIndex.lastEntry();
    this.maxTimestampSoFar = lastTime?.timestamp ?? -1n;
    this.offsetOfMaxTimestampSoFar = lastTime?.offset ?? this.baseOffset;
    let position = tailStart;
    let lastSeen: bigint | null = null;
    for (const batch of this.batchHeaders(tailStart, this.sizeBytes)) {
      if (batch.problem !== null) return false;
      position = batch.position + batch.size;
      lastSeen = batch.lastOffset;
      if (batch.maxTimestamp > this.maxTimestampSoFar) {
        this.maxTimestampSoFar = batch.maxTimestamp;
        this.offsetOfMaxTimestampSoFar = batch.lastOffset;
      }
    }
    if (position !== this.sizeBytes) return false;
    this.next = lastSeen === null ? this.baseOffset : lastSeen + 1n;
    this.bytesSinceLastIndexEntry = this.sizeBytes - tailStart;
    if (lastIndexed !== null && lastIndexed >= this.next) return false;
    if (lastTime !== null && (lastTime.offset < this.baseOffset || lastTime.offset >= this.next)) return false;
    if (verifyAllEntries) return this.timeIndex.isConsistent(this.next);
    this.indexesVerified = false;
    return true;
  }

  /**
   * First search of an index opened lazily: check every entry, and rebuild both indexes from the log
   * when they are inconsistent. Bad log bytes found while rebuilding are corruption, reported, not repaired.
   */
  private ensureIndexes(): void {
    if (this.indexesVerified) return;
    this.indexesVerified = true;
    let consistent: boolean;
    try {
      consistent = this.offsetIndex.isConsistent(this.sizeBytes) && this.timeIndex.isConsistent(this.next);
    } catch {
      consistent = false;
    }
    if (consistent) return;
    const expectedNext = this.next;
    const expectedSize = this.sizeBytes;
    const { maxTimestampSoFar, offsetOfMaxTimestampSoFar } = this;
    const result = this.recover(this.baseOffset, undefined, false);
    if (result.problem !== null || this.next !== expectedNext || this.sizeBytes !== expectedSize) {
      this.next = expectedNext;
      this.maxTimestampSoFar = maxTimestampSoFar;
      this.offsetOfMaxTimestampSoFar = offsetOfMaxTimestampSoFar;
      throw new CorruptSegmentError(
        this.logPath,
        result.problem?.position ?? 0,
        result.problem?.reason ?? 'log changed under its index',
      );
    }
    this.offsetIndex.flush(true);
    this.timeIndex.flush(true);
  }

  /**
   * Validates every batch (framing, magic, CRC, increasing offsets from `minBaseOffset`), rebuilds
   * both indexes, and truncates the file at the first invalid batch (Kafka's LogSegment.recover).
   */
  recover(
    minBaseOffset: bigint,
    onBatch?: (partitionLeaderEpoch: number, baseOffset: bigint) => void,
    truncateInvalidTail = true,
  ): RecoveryResult {
    this.dirty = true;
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.maxTimestampSoFar = -1n;
    this.offsetOfMaxTimestampSoFar = this.baseOffset;
    this.bytesSinceLastIndexEntry = 0;
    this.next = this.baseOffset > minBaseOffset ? this.baseOffset : minBaseOffset;
    const fileSize = fs.fstatSync(this.fd).size;
    let chunk: Buffer = Buffer.alloc(0);
    let chunkStart = 0;
    let position = 0;
    let problem: RecoveryResult['problem'] = null;
    while (position < fileSize) {
      const available = fileSize - position;
      const wanted = Math.min(available, LOG_OVERHEAD);
      if (position + wanted > chunkStart + chunk.length) {
        chunkStart = position;
        chunk = readAt(this.fd, position, Math.min(available, SCAN_CHUNK_BYTES));
      }
      const declared = LOG_OVERHEAD <= available ? batchSizeAt(chunk, position - chunkStart) : available;
      if (
        declared > 0 &&
        declared <= Math.min(available, this.settings.maxBatchBytes) &&
        position + declared > chunkStart + chunk.length
      ) {
        chunkStart = position;
        chunk = readAt(this.fd, position, Math.min(available, Math.max(declared, SCAN_CHUNK_BYTES)));
      }
      const relative = position - chunkStart;
      let reason = batchProblem(chunk, relative, available, this.settings.maxBatchBytes);
      if (reason === null && baseOffsetAt(chunk, relative) < this.next) {
        reason = `base offset ${baseOffsetAt(chunk, relative)} is below the expected next offset ${this.next}`;
      }
      if (reason !== null) {
        const runsPastEnd = available < LOG_OVERHEAD || declared >= available;
        problem = { position, reason, runsPastEnd };
        break;
      }
      this.indexBatch(chunk, relative, position, declared);
      onBatch?.(chunk.readInt32BE(relative + PARTITION_LEADER_EPOCH_POSITION), baseOffsetAt(chunk, relative));
      position += declared;
    }
    if (!truncateInvalidTail) return { truncatedBytes: 0, problem };
    const truncatedBytes = fileSize - position;
    if (truncatedBytes > 0) fs.ftruncateSync(this.fd, position);
    this.sizeBytes = position;
    return { truncatedBytes, problem };
  }

  /**
   * Position of the first batch whose last offset is >= `offset`, scanning from the index hint;
   * null when every batch in the segment ends before `offset`.
   */
  translateOffset(offset: bigint): { position: number; baseOffset: bigint } | null {
    this.ensureIndexes();
    for (const batch of this.batchHeaders(this.offsetIndex.lookup(offset), this.sizeBytes)) {
      if (batch.problem !== null) throw new CorruptSegmentError(this.logPath, batch.position, batch.problem);
      if (batch.lastOffset >= offset) return { position: batch.position, baseOffset: batch.baseOffset };
    }
    return null;
  }

  /**
   * Whole batches from the one containing `offset`: up to `maxBytes`, but at least one batch (KIP-74),
   * and only batches whose last offset is below `maxOffset`. Null when no batch here reaches `offset`.
   */
  read(offset: bigint, maxBytes: number, maxOffset: bigint | undefined): ReadResult | null {
    const start = this.translateOffset(offset);
    if (start === null) return null;
    const remaining = this.sizeBytes - start.position;
    let chunk = readAt(this.fd, start.position, Math.min(remaining, Math.max(maxBytes, BATCH_HEADER_BYTES)));
    let position = 0;
    let batchCount = 0;
    while (position < chunk.length) {
      if (chunk.length - position < BATCH_HEADER_BYTES) {
        if (position > 0) break;
        throw new CorruptSegmentError(this.logPath, start.position, 'segment ends inside a batch header');
      }
      const problem = headerProblem(chunk, position, remaining - position, this.settings.maxBatchBytes);
      if (problem !== null) throw new CorruptSegmentError(this.logPath, start.position + position, problem);
      const size = batchSizeAt(chunk, position);
      if (position + size > chunk.length) {
        if (position > 0) break;
        chunk = readAt(this.fd, start.position, size); // KIP-74: the first batch is returned whole
      }
      if (maxOffset !== undefined && lastOffsetAt(chunk, position) >= maxOffset) break;
      position += size;
      batchCount += 1;
    }
    if (position === 0) return { records: Buffer.alloc(0), firstOffset: null, batchCount: 0 };
    return { records: chunk.subarray(0, position), firstOffset: start.baseOffset, batchCount };
  }

  /** First record at or after `minOffset` with timestamp >= target (time index, then batch headers, then records). */
  findOffsetByTimestamp(timestamp: bigint, minOffset: bigint): { offset: bigint; timestamp: bigint } | null {
    this.ensureIndexes();
    const hint = this.timeIndex.lookup(timestamp);
    const scanFrom = hint > minOffset ? hint : minOffset;
    for (const batch of this.batchHeaders(this.offsetIndex.lookup(scanFrom), this.sizeBytes)) {
      if (batch.problem !== null) throw new CorruptSegmentError(this.logPath, batch.position, batch.problem);
      if (batch.lastOffset < scanFrom || batch.maxTimestamp < timestamp) continue;
      const bytes = readAt(this.fd, batch.position, batch.size);
      const found = firstRecordAtOrAfter(bytes, 0, batch.size, timestamp, minOffset);
      if (found !== null) return found;
    }
    return null;
  }

  /** Drops batches from the one containing `offset` on; returns the new next offset. */
  truncateTo(offset: bigint): bigint {
    const start = this.translateOffset(offset);
    if (start === null) return this.next;
    fs.ftruncateSync(this.fd, start.position);
    this.dirty = true;
    this.sizeBytes = start.position;
    // A batch straddling `offset` goes whole (the end falls below it); one after a hole left by compaction puts the
    // end at `offset` itself, as Kafka's truncateTo sets the log end to the target, so nothing the leader has at
    // [offset, that batch) is skipped.
    const end = start.baseOffset > offset ? offset : start.baseOffset;
    // biome-ignore lint/complexity/useMathMinMax: bigint operands, which Math.max does not accept
    this.next = end > this.baseOffset ? end : this.baseOffset;
    this.offsetIndex.truncateTo(this.next);
    this.timeIndex.truncateTo(this.next);
    // Recompute the tail state from the last surviving index entries, as loadIndexes does.
    const lastTime = this.timeIndex.lastEntry();
    this.maxTimestampSoFar = lastTime?.timestamp ?? -1n;
    this.offsetOfMaxTimestampSoFar = lastTime?.offset ?? this.baseOffset;
    const tailStart = this.offsetIndex.lastPosition();
    for (const batch of this.batchHeaders(tailStart, this.sizeBytes)) {
      if (batch.problem !== null) throw new CorruptSegmentError(this.logPath, batch.position, batch.problem);
      if (batch.maxTimestamp > this.maxTimestampSoFar) {
        this.maxTimestampSoFar = batch.maxTimestamp;
        this.offsetOfMaxTimestampSoFar = batch.lastOffset;
      }
    }
    this.bytesSinceLastIndexEntry = this.sizeBytes - tailStart;
    return this.next;
  }

  /** fsync the log, write and fsync both indexes. */
  flush(): void {
    if (!this.dirty) return;
    fs.fsyncSync(this.fd);
    this.offsetIndex.flush(true);
    this.timeIndex.flush(true);
    this.dirty = false;
  }

  /** Final time-index entry for the segment's max timestamp, so a reload finds it (Kafka's onBecomeInactiveSegment). */
  sealTimeIndex(): void {
    const entries = this.timeIndex.entries;
    this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
    if (this.timeIndex.entries !== entries) this.dirty = true;
  }

  /**
   * fsyncs the log file on the libuv pool, so a roll does not stall appends while up to a segment of
   * dirty pages reaches the disk; the (small) indexes are written and fsynced synchronously first.
   */
  flushAsync(): Promise<void> {
    // Closed (close() flushed it), deleted, or nothing written since the last flush.
    if (this.fd < 0 || !this.dirty) return Promise.resolve();
    this.offsetIndex.flush(true);
    this.timeIndex.flush(true);
    // Cleared before the fsync: an append landing meanwhile marks the segment dirty again.
    this.dirty = false;
    const fd = this.fd;
    this.pendingSyncs += 1;
    return new Promise((resolve, reject) => {
      fs.fsync(fd, (error) => {
        this.pendingSyncs -= 1;
        if (this.pendingSyncs === 0 && this.closeWhenIdle) fs.closeSync(fd);
        if (error) {
          this.dirty = true;
          reject(error);
        } else {
          resolve();
        }
      });
    });
  }

  close(): void {
    if (this.fd < 0) return;
    this.sealTimeIndex();
    this.flush();
    this.releaseFd();
  }

  /** Closes without flushing or sealing, leaving the files (a cleaned copy is being swapped in over them). */
  detach(): void {
    this.releaseFd();
  }

  /** Closes without flushing and removes the files (retention, truncation, log deletion). */
  deleteFiles(): void {
    this.releaseFd();
    fs.rmSync(this.logPath, { force: true });
    this.offsetIndex.deleteFile();
    this.timeIndex.deleteFile();
  }

  /** Closes the fd now, or after the last in-flight fsync so the pool never syncs a reused fd number. */
  private releaseFd(): void {
    if (this.fd < 0) return;
    if (this.pendingSyncs > 0) this.closeWhenIdle = true;
    else fs.closeSync(this.fd);
    this.fd = -1;
  }

  private indexBatch(buffer: Buffer, bufferPosition: number, filePosition: number, size: number): void {
    const lastOffset = lastOffsetAt(buffer, bufferPosition);
    const maxTimestamp = buffer.readBigInt64BE(bufferPosition + MAX_TIMESTAMP_POSITION);
    if (maxTimestamp > this.maxTimestampSoFar) {
      this.maxTimestampSoFar = maxTimestamp;
      this.offsetOfMaxTimestampSoFar = lastOffset;
    }
    if (this.bytesSinceLastIndexEntry > this.settings.indexIntervalBytes) {
      this.offsetIndex.append(lastOffset, filePosition);
      this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += size;
    this.next = lastOffset + 1n;
  }

  /** Batch headers in [start, end), read in chunks; stops after the first malformed header. */
  private *batchHeaders(
    start: number,
    end: number,
  ): Generator<{
    position: number;
    size: number;
    baseOffset: bigint;
    lastOffset: bigint;
    maxTimestamp: bigint;
    problem: string | null;
  }> {
    let chunk: Buffer = Buffer.alloc(0);
    let chunkStart = start;
    let position = start;
    while (position < end) {
      if (position + BATCH_HEADER_BYTES > chunkStart + chunk.length) {
        chunkStart = position;
        // About one index interval: the index hint lands within that distance of the target batch.
        chunk = readAt(
          this.fd,
          position,
          Math.min(end - position, this.settings.indexIntervalBytes + BATCH_HEADER_BYTES),
        );
      }
      const relative = position - chunkStart;
      const problem = headerProblem(chunk, relative, end - position, this.settings.maxBatchBytes);
      if (problem !== null) {
        yield { position, size: 0, baseOffset: -1n, lastOffset: -1n, maxTimestamp: -1n, problem };
        return;
      }
      const size = batchSizeAt(chunk, relative);
      yield {
        position,
        size,
        baseOffset: baseOffsetAt(chunk, relative),
        lastOffset: lastOffsetAt(chunk, relative),
        maxTimestamp: chunk.readBigInt64BE(relative + MAX_TIMESTAMP_POSITION),
        problem: null,
      };
      position += size;
    }
  }
}
