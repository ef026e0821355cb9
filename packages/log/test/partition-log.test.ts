// Intent: PartitionLog appends, reads, rolls, indexes, truncates and expires data exactly as Kafka's UnifiedLog does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultLogConfig,
  InvalidBatchError,
  type LogConfig,
  OffsetOutOfRangeError,
  PartitionLog,
  RecordBatchTooLargeError,
  UnexpectedAppendOffsetError,
} from '../src/index.js';
import { batchBaseOffsets, buildBatch, simpleBatch } from './batch-builder.mjs';
import { tempDir } from './helpers.js';

function config(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...defaultLogConfig, ...overrides };
}

async function openLog(dir: string, overrides: Partial<LogConfig> = {}, clock?: () => number) {
  return PartitionLog.open({ dir, topic: 'orders.v1-eu', partition: 3, config: config(overrides), clock });
}

describe('append and read', () => {
  it('assigns dense offsets, patches base offset and epoch, and reads the bytes back unchanged', async () => {
    const log = await openLog(tempDir());
    const first = simpleBatch(3, 10, 1);
    const second = simpleBatch(2, 10, 2);
    const a = log.append(first, { assignOffsets: true, leaderEpoch: 5 });
    const b = log.append(second, { assignOffsets: true, leaderEpoch: 5 });
    expect([a.baseOffset, a.lastOffset, b.baseOffset, b.lastOffset]).toEqual([0n, 2n, 3n, 4n]);
    expect(log.logEndOffset).toBe(5n);
    expect(first.readInt32BE(12)).toBe(5);
    const read = log.read(0n, 1 << 20);
    expect(read.firstOffset).toBe(0n);
    expect(read.records.equals(Buffer.concat([first, second]))).toBe(true);
    await log.close();
  });

  it('reads from the batch containing the offset', async () => {
    const log = await openLog(tempDir());
    for (let seed = 0; seed < 5; seed++) log.append(simpleBatch(4, 20, seed), { assignOffsets: true, leaderEpoch: 0 });
    const read = log.read(9n, 1 << 20);
    expect(read.firstOffset).toBe(8n);
    expect(batchBaseOffsets(read.records)).toEqual([8n, 12n, 16n]);
    await log.close();
  });

  it('honours maxBytes but always returns the first whole batch (KIP-74)', async () => {
    const log = await openLog(tempDir());
    const batches = [0, 1, 2].map((seed) => simpleBatch(5, 100, seed));
    for (const batch of batches) log.append(batch, { assignOffsets: true, leaderEpoch: 0 });
    expect(batchBaseOffsets(log.read(0n, 1).records)).toEqual([0n]);
    expect(batchBaseOffsets(log.read(0n, batches[0].length + batches[1].length).records)).toEqual([0n, 5n]);
    expect(batchBaseOffsets(log.read(0n, batches[0].length + batches[1].length - 1).records)).toEqual([0n]);
    await log.close();
  });

  it('never returns a batch reaching maxOffset', async () => {
    const log = await openLog(tempDir());
    for (let seed = 0; seed < 3; seed++) log.append(simpleBatch(5, 10, seed), { assignOffsets: true, leaderEpoch: 0 });
    expect(batchBaseOffsets(log.read(0n, 1 << 20, 10n).records)).toEqual([0n, 5n]);
    expect(batchBaseOffsets(log.read(0n, 1 << 20, 9n).records)).toEqual([0n]);
    expect(log.read(0n, 1 << 20, 4n)).toEqual({ records: Buffer.alloc(0), firstOffset: null, batchCount: 0 });
    expect(log.read(0n, 1 << 20, 10n).batchCount).toBe(2);
    await log.close();
  });

  it('throws OffsetOutOfRangeError (code 1) outside [logStartOffset, logEndOffset] and is empty at the end', async () => {
    const log = await openLog(tempDir());
    log.append(simpleBatch(2, 10, 0), { assignOffsets: true, leaderEpoch: 0 });
    expect(log.read(2n, 100).records.length).toBe(0);
    expect(() => log.read(3n, 100)).toThrow(OffsetOutOfRangeError);
    try {
      log.read(-1n, 100);
    } catch (error) {
      expect((error as OffsetOutOfRangeError).code).toBe(1);
    }
    await log.close();
  });

  it('keeps follower offsets, rejects a follower append that overlaps the log and accepts a forward gap', async () => {
    const log = await openLog(tempDir());
    const batch = buildBatch({
      records: [{ value: Buffer.from('a') }, { value: Buffer.from('b') }],
      baseOffset: 0n,
      partitionLeaderEpoch: 2,
    });
    expect(log.append(batch, { assignOffsets: false, leaderEpoch: 0 }).lastOffset).toBe(1n);
    const overlap = buildBatch({ records: [{ value: Buffer.from('c') }], baseOffset: 1n, partitionLeaderEpoch: 3 });
    expect(() => log.append(overlap, { assignOffsets: false, leaderEpoch: 0 })).toThrow(UnexpectedAppendOffsetError);
    expect(log.logEndOffset).toBe(2n);
    expect(log.leaderEpochCache.entries()).toEqual([{ epoch: 2, startOffset: 0n }]);
    // A forward gap is what a compacted leader sends where the cleaner dropped whole batches (Kafka accepts it).
    const gap = buildBatch({ records: [{ value: Buffer.from('c') }], baseOffset: 5n, partitionLeaderEpoch: 2 });
    expect(log.append(gap, { assignOffsets: false, leaderEpoch: 0 }).lastOffset).toBe(5n);
    expect(log.logEndOffset).toBe(6n);
    expect(log.read(2n, 1000).firstOffset).toBe(5n);
    await log.close();
  });

  it('rejects corrupt and oversized batches without writing anything', async () => {
    const log = await openLog(tempDir(), { maxMessageBytes: 500 });
    const corrupt = simpleBatch(2, 10, 0);
    corrupt[corrupt.length - 1] ^= 0xff;
    expect(() =>
      log.append(Buffer.concat([simpleBatch(1, 10, 1), corrupt]), { assignOffsets: true, leaderEpoch: 0 }),
    ).toThrow(InvalidBatchError);
    expect(() => log.append(simpleBatch(10, 100, 0), { assignOffsets: true, leaderEpoch: 0 })).toThrow(
      RecordBatchTooLargeError,
    );
    expect(() => log.append(simpleBatch(1, 10, 0).subarray(0, 40), { assignOffsets: true, leaderEpoch: 0 })).toThrow(
      InvalidBatchError,
    );
    expect(log.logEndOffset).toBe(0n);
    expect(log.sizeInBytes()).toBe(0);
    await log.close();
  });

  it('reports the max timestamp and its offset', async () => {
    const log = await openLog(tempDir());
    const result = log.append(
      Buffer.concat([simpleBatch(2, 10, 0, 500n), simpleBatch(3, 10, 1, 900n), simpleBatch(1, 10, 2, 700n)]),
      { assignOffsets: true, leaderEpoch: 0 },
    );
    expect(result.maxTimestamp).toBe(900n);
    expect(result.offsetOfMaxTimestamp).toBe(4n);
    await log.close();
  });
});

describe('segments and indexes', () => {
  it('rolls by size and keeps every offset readable across segments', async () => {
    const log = await openLog(tempDir(), { segmentBytes: 2000, indexIntervalBytes: 100 });
    const written: Buffer[] = [];
    for (let seed = 0; seed < 40; seed++) {
      const batch = simpleBatch(3, 50, seed);
      log.append(batch, { assignOffsets: true, leaderEpoch: 0 });
      written.push(batch);
    }
    expect(log.segmentCount()).toBe(5);
    for (const segmentBase of log.segmentBaseOffsets()) expect(segmentBase % 3n).toBe(0n);
    for (let offset = 0n; offset < 120n; offset++) {
      const read = log.read(offset, 1);
      expect(read.firstOffset).toBe((offset / 3n) * 3n);
      expect(read.records.equals(written[Number(offset / 3n)])).toBe(true);
    }
    await log.close();
  });

  it('rolls by segment.ms on the injected clock, never an empty segment', async () => {
    let now = 1_000_000;
    const log = await openLog(tempDir(), { segmentMs: 1000 }, () => now);
    log.maybeRoll(now + 5000);
    expect(log.segmentCount()).toBe(1);
    log.append(simpleBatch(1, 10, 0), { assignOffsets: true, leaderEpoch: 0 });
    now += 999;
    log.append(simpleBatch(1, 10, 1), { assignOffsets: true, leaderEpoch: 0 });
    expect(log.segmentCount()).toBe(1);
    now += 1;
    log.append(simpleBatch(1, 10, 2), { assignOffsets: true, leaderEpoch: 0 });
    expect(log.segmentBaseOffsets()).toEqual([0n, 2n]);
    log.maybeRoll(now + 1000);
    expect(log.segmentBaseOffsets()).toEqual([0n, 2n, 3n]);
    await log.close();
  });

  it('rolls when the offset index is full (segment.index.bytes)', async () => {
    const log = await openLog(tempDir(), { segmentIndexBytes: 24, indexIntervalBytes: 0 });
    for (let seed = 0; seed < 12; seed++) log.append(simpleBatch(1, 10, seed), { assignOffsets: true, leaderEpoch: 0 });
    // The first batch of a segment gets no entry, the next three fill the 3-entry index.
    expect(log.segmentBaseOffsets()).toEqual([0n, 4n, 8n]);
    for (let offset = 0n; offset < 12n; offset++) expect(log.read(offset, 1).firstOffset).toBe(offset);
    await log.close();
  });

  it('writes sparse offset index entries every index.interval.bytes and trims them on close', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { indexIntervalBytes: 1000 });
    for (let seed = 0; seed < 50; seed++)
      log.append(simpleBatch(2, 100, seed), { assignOffsets: true, leaderEpoch: 0 });
    await log.close();
    const index = fs.readFileSync(path.join(dir, '00000000000000000000.index'));
    const batchBytes = simpleBatch(2, 100, 0).length;
    expect(index.length % 8).toBe(0);
    expect(index.length / 8).toBe(Math.floor((50 - 1) / (Math.floor(1000 / batchBytes) + 1)));
    for (let entry = 0; entry < index.length / 8; entry++) {
      const relativeOffset = index.readInt32BE(entry * 8);
      const position = index.readInt32BE(entry * 8 + 4);
      expect(position % batchBytes).toBe(0);
      expect(BigInt(relativeOffset)).toBe(BigInt(position / batchBytes) * 2n + 1n);
    }
    const timeIndex = fs.readFileSync(path.join(dir, '00000000000000000000.timeindex'));
    expect(timeIndex.length % 12).toBe(0);
  });

  it('finds offsets by timestamp through the time index, down to the record', async () => {
    const log = await openLog(tempDir(), { segmentBytes: 1500, indexIntervalBytes: 100 });
    for (let batch = 0; batch < 30; batch++) {
      const records = [0, 1, 2, 3].map((index) => ({ value: Buffer.alloc(30, index), timestampDelta: index * 10 }));
      log.append(buildBatch({ records, baseTimestamp: BigInt(10_000 + batch * 100) }), {
        assignOffsets: true,
        leaderEpoch: 0,
      });
    }
    expect(log.segmentCount()).toBeGreaterThan(3);
    expect(log.offsetForTimestamp(0n)).toEqual({ offset: 0n, timestamp: 10_000n });
    expect(log.offsetForTimestamp(10_015n)).toEqual({ offset: 2n, timestamp: 10_020n });
    expect(log.offsetForTimestamp(11_230n)).toEqual({ offset: 51n, timestamp: 11_230n });
    expect(log.offsetForTimestamp(12_931n)).toBeNull();
    expect(log.offsetForTimestamp(-1n)).toEqual({ offset: 120n, timestamp: -1n });
    expect(log.offsetForTimestamp(-2n)).toEqual({ offset: 0n, timestamp: -1n });
    expect(log.offsetForTimestamp(-3n)).toEqual({ offset: 119n, timestamp: 12_930n });
    await log.close();
  });
  it('finds the exact record inside gzip batches and answers LogAppendTime batches as a whole', async () => {
    const log = await openLog(tempDir());
    const records = [0, 1, 2, 3, 4].map((index) => ({ value: Buffer.alloc(50, index), timestampDelta: index * 100 }));
    log.append(buildBatch({ records, baseTimestamp: 5_000n, gzip: true }), { assignOffsets: true, leaderEpoch: 0 });
    log.append(buildBatch({ records, baseTimestamp: 9_000n, logAppendTime: true }), {
      assignOffsets: true,
      leaderEpoch: 0,
    });
    expect(log.offsetForTimestamp(5_250n)).toEqual({ offset: 3n, timestamp: 5_300n });
    expect(log.offsetForTimestamp(5_401n)).toEqual({ offset: 5n, timestamp: 9_400n });
    await log.close();
  });
});

describe('retention, truncation, DeleteRecords', () => {
  it('deletes whole segments older than retention.ms, never the active one', async () => {
    const log = await openLog(tempDir(), { segmentBytes: 500, retentionMs: 10_000 });
    for (let seed = 0; seed < 20; seed++)
      log.append(simpleBatch(1, 100, seed, BigInt(seed * 1000)), { assignOffsets: true, leaderEpoch: 0 });
    const segments = log.segmentBaseOffsets();
    expect(log.applyRetention(5_000)).toBe(0);
    const deleted = log.applyRetention(15_000);
    expect(deleted).toBeGreaterThan(0);
    for (const base of log.segmentBaseOffsets()) expect(segments).toContain(base);
    expect(log.logStartOffset).toBe(log.segmentBaseOffsets()[0]);
    expect(() => log.read(0n, 100)).toThrow(OffsetOutOfRangeError);
    log.applyRetention(1_000_000);
    expect(log.segmentCount()).toBe(1);
    expect(log.read(log.logStartOffset, 1 << 20).firstOffset).toBe(log.logStartOffset);
    await log.close();
  });

  it('deletes the oldest segments while the log exceeds retention.bytes', async () => {
    const log = await openLog(tempDir(), { segmentBytes: 600, retentionBytes: 1500, retentionMs: -1 });
    for (let seed = 0; seed < 30; seed++)
      log.append(simpleBatch(1, 100, seed), { assignOffsets: true, leaderEpoch: 0 });
    const segmentBytes = 3 * simpleBatch(1, 100, 0).length;
    expect(log.sizeInBytes()).toBe(10 * segmentBytes);
    // Kafka's rule: delete while the log stays at least retention.bytes big without the oldest segment.
    expect(log.applyRetention()).toBe(7);
    expect(log.sizeInBytes()).toBe(3 * segmentBytes);
    expect(log.logStartOffset).toBe(21n);
    expect(log.applyRetention()).toBe(0);
    await log.close();
  });

  it('truncates to a batch boundary, fixing indexes and the epoch cache, then appends again', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { segmentBytes: 800, indexIntervalBytes: 50 });
    for (let seed = 0; seed < 30; seed++)
      log.append(simpleBatch(2, 50, seed), { assignOffsets: true, leaderEpoch: seed < 20 ? 1 : 2 });
    expect(log.leaderEpochCache.entries()).toEqual([
      { epoch: 1, startOffset: 0n },
      { epoch: 2, startOffset: 40n },
    ]);
    log.truncateTo(25n);
    expect(log.logEndOffset).toBe(24n);
    expect(log.leaderEpochCache.entries()).toEqual([{ epoch: 1, startOffset: 0n }]);
    expect(log.read(22n, 1 << 20).records.length).toBe(simpleBatch(2, 50, 0).length);
    log.append(simpleBatch(2, 50, 99), { assignOffsets: true, leaderEpoch: 3 });
    expect(log.logEndOffset).toBe(26n);
    await log.close();
    const reopened = await openLog(dir, { segmentBytes: 800, indexIntervalBytes: 50 });
    expect(reopened.recoveryReport.segmentsRecovered).toBe(0);
    expect(reopened.logEndOffset).toBe(26n);
    for (let offset = 0n; offset < 26n; offset += 1n)
      expect(reopened.read(offset, 1).firstOffset).toBe(offset - (offset % 2n));
    expect(reopened.leaderEpochCache.entries()).toEqual([
      { epoch: 1, startOffset: 0n },
      { epoch: 3, startOffset: 24n },
    ]);
    await reopened.close();
  });

  it('truncating below the log start empties the log and restarts it there', async () => {
    const log = await openLog(tempDir(), { segmentBytes: 300 });
    for (let seed = 0; seed < 10; seed++)
      log.append(simpleBatch(1, 100, seed), { assignOffsets: true, leaderEpoch: 0 });
    log.deleteRecordsBefore(6n);
    log.truncateTo(3n);
    expect([log.logStartOffset, log.logEndOffset, log.segmentCount()]).toEqual([3n, 3n, 1]);
    expect(log.append(simpleBatch(1, 10, 0), { assignOffsets: true, leaderEpoch: 1 }).baseOffset).toBe(3n);
    await log.close();
  });

  it('resetTo empties the log and restarts it past its end, and the new start survives reopen', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { segmentBytes: 300 });
    for (let seed = 0; seed < 5; seed++) log.append(simpleBatch(1, 100, seed), { assignOffsets: true, leaderEpoch: 2 });
    log.updateHighWatermark(5n);
    log.resetTo(40n);
    expect([log.logStartOffset, log.logEndOffset, log.highWatermark, log.segmentCount()]).toEqual([40n, 40n, 40n, 1]);
    expect(log.leaderEpochCache.entries()).toEqual([]);
    expect(() => log.read(4n, 100)).toThrow(OffsetOutOfRangeError);
    expect(log.append(simpleBatch(1, 10, 0), { assignOffsets: true, leaderEpoch: 3 }).baseOffset).toBe(40n);
    await log.close();
    const reopened = await openLog(dir, { segmentBytes: 300 });
    expect([reopened.logStartOffset, reopened.logEndOffset]).toEqual([40n, 41n]);
    expect(reopened.read(40n, 1000).firstOffset).toBe(40n);
    await reopened.close();
  });

  it('deleteRecordsBefore advances the log start, drops whole segments and survives reopen', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { segmentBytes: 300 });
    for (let seed = 0; seed < 10; seed++)
      log.append(simpleBatch(1, 100, seed), { assignOffsets: true, leaderEpoch: 4 });
    const segments = log.segmentCount();
    log.deleteRecordsBefore(7n);
    expect(log.logStartOffset).toBe(7n);
    expect(log.segmentCount()).toBeLessThan(segments);
    expect(() => log.read(6n, 100)).toThrow(OffsetOutOfRangeError);
    expect(log.read(7n, 100).firstOffset).toBe(7n);
    expect(() => log.deleteRecordsBefore(11n)).toThrow(OffsetOutOfRangeError);
    expect(log.leaderEpochCache.entries()).toEqual([{ epoch: 4, startOffset: 7n }]);
    await log.close();
    const reopened = await openLog(dir, { segmentBytes: 300 });
    expect(reopened.logStartOffset).toBe(7n);
    await reopened.close();
  });
});

describe('lifecycle', () => {
  it('reopens after a clean close without recovery and continues at the same offsets', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { segmentBytes: 1000, indexIntervalBytes: 100 });
    const written: Buffer[] = [];
    for (let seed = 0; seed < 25; seed++) {
      const batch = simpleBatch(2, 60, seed, BigInt(seed));
      log.append(batch, { assignOffsets: true, leaderEpoch: 7 });
      written.push(batch);
    }
    log.updateHighWatermark(30n);
    await log.close();
    const reopened = await openLog(dir, { segmentBytes: 1000, indexIntervalBytes: 100 });
    expect(reopened.recoveryReport.cleanShutdown).toBe(true);
    expect(reopened.recoveryReport.segmentsRecovered).toBe(0);
    expect(reopened.logEndOffset).toBe(50n);
    expect(reopened.highWatermark).toBe(30n);
    expect(
      reopened
        .read(0n, 1 << 30)
        .records.equals(Buffer.concat(written.slice(0, reopened.read(0n, 1 << 30).records.length / written[0].length))),
    ).toBe(true);
    expect(reopened.offsetForTimestamp(24n)).toEqual({ offset: 48n, timestamp: 24n });
    expect(reopened.leaderEpochCache.endOffsetFor(7)).toEqual({ epoch: 7, endOffset: 50n });
    expect(reopened.append(simpleBatch(1, 10, 0), { assignOffsets: true, leaderEpoch: 7 }).baseOffset).toBe(50n);
    expect(fs.existsSync(path.join(dir, '.clean-shutdown'))).toBe(false);
    await reopened.close();
  });

  it('flushes by flush.messages and refuses use after close', async () => {
    const dir = tempDir();
    const log = await openLog(dir, { flushMessages: 3 });
    log.append(simpleBatch(2, 10, 0), { assignOffsets: true, leaderEpoch: 0 });
    const before = fs.readFileSync(path.join(dir, 'offsets-checkpoint'), 'utf8');
    log.append(simpleBatch(2, 10, 1), { assignOffsets: true, leaderEpoch: 0 });
    await log.flush();
    expect(fs.readFileSync(path.join(dir, 'offsets-checkpoint'), 'utf8')).toContain('recoveryPoint 4');
    expect(before).toContain('recoveryPoint 0');
    await log.close();
    expect(() => log.append(simpleBatch(1, 10, 0), { assignOffsets: true, leaderEpoch: 0 })).toThrow(/closed/);
  });

  it('fsyncs in the background by flush.ms on the injected clock, then checkpoints the recovery point', async () => {
    const dir = tempDir();
    let now = 0;
    const log = await openLog(dir, { flushMs: 1000, indexIntervalBytes: 0 }, () => now);
    const indexPath = path.join(dir, '00000000000000000000.index');
    for (let seed = 0; seed < 3; seed++) log.append(simpleBatch(1, 10, seed), { assignOffsets: true, leaderEpoch: 0 });
    expect(fs.existsSync(indexPath)).toBe(false);
    now = 1000;
    log.maybeFlush(now);
    expect(fs.statSync(indexPath).size).toBe(16);
    await log.backgroundFlushesDone();
    expect(fs.readFileSync(path.join(dir, 'offsets-checkpoint'), 'utf8')).toContain('recoveryPoint 3');
    await log.close();
  });

  it('moves the recovery point to a rolled segment once its background fsync is done, unless a truncation came between', async () => {
    const dir = tempDir();
    const recoveryPoint = () =>
      /recoveryPoint (\d+)/.exec(fs.readFileSync(path.join(dir, 'offsets-checkpoint'), 'utf8'))![1];
    const log = await openLog(dir, { segmentBytes: 300 });
    while (log.segmentCount() < 2) log.append(simpleBatch(1, 50, 0), { assignOffsets: true, leaderEpoch: 0 });
    const rolledAt = log.segmentBaseOffsets()[1];
    await log.backgroundFlushesDone();
    expect(recoveryPoint()).toBe(String(rolledAt));
    while (log.segmentCount() < 3) log.append(simpleBatch(1, 50, 0), { assignOffsets: true, leaderEpoch: 0 });
    log.truncateTo(1n);
    log.append(simpleBatch(1, 50, 1), { assignOffsets: true, leaderEpoch: 0 });
    await log.backgroundFlushesDone();
    expect(log.segmentCount()).toBe(1);
    expect(recoveryPoint()).toBe('1');
    await log.close();
    expect(recoveryPoint()).toBe('2');
  });

  it('delete() removes the directory', async () => {
    const dir = path.join(tempDir(), 'gone-0');
    const log = await openLog(dir);
    log.append(simpleBatch(1, 10, 0), { assignOffsets: true, leaderEpoch: 0 });
    await log.delete();
    expect(fs.existsSync(dir)).toBe(false);
  });
});
