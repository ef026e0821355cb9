// Intent: after a crash at any byte, opening the log keeps every complete batch, truncates the rest, rebuilds indexes, and reports corruption loudly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptSegmentError, defaultLogConfig, type LogConfig, type LoggerLike, PartitionLog } from '../src/index.js';
import { simpleBatch } from './batch-builder.mjs';
import { tempDir } from './helpers.js';

const smallSegments: Partial<LogConfig> = { segmentBytes: 4000, indexIntervalBytes: 300 };

function recordingLogger() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const logger: LoggerLike = {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
  return { logger, lines };
}

async function open(dir: string, logger?: LoggerLike) {
  return PartitionLog.open({
    dir,
    topic: 't',
    partition: 0,
    config: { ...defaultLogConfig, ...smallSegments },
    logger,
  });
}

/** Appends `count` batches and abandons the log without closing it, as a crash would. */
async function writeAndCrash(dir: string, count: number, seedBase = 0): Promise<Buffer[]> {
  const log = await open(dir);
  const batches: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const batch = simpleBatch(1 + ((index * 7) % 5), 20 + ((index * 13) % 90), seedBase + index);
    log.append(batch, { assignOffsets: true, leaderEpoch: 1 + Math.floor(index / 10) });
    batches.push(batch);
  }
  return batches;
}

/** Appends `count` batches with timestamps 0, 10, 20, ... and closes the log cleanly. */
async function writeAndClose(dir: string, count: number): Promise<Buffer[]> {
  const log = await open(dir);
  const batches: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const batch = simpleBatch(3, 40, index, BigInt(index * 10));
    log.append(batch, { assignOffsets: true, leaderEpoch: 0 });
    batches.push(batch);
  }
  await log.close();
  return batches;
}

function lastSegmentPath(dir: string): string {
  const logs = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .sort();
  return path.join(dir, logs.at(-1)!);
}

/** Reads the whole log batch by batch and compares with what was appended. */
function expectBatches(log: PartitionLog, expected: Buffer[]): void {
  let offset = log.logStartOffset;
  for (const batch of expected) {
    const read = log.read(offset, 1);
    expect(read.records.equals(batch)).toBe(true);
    offset = batch.readBigInt64BE(0) + BigInt(batch.readInt32BE(23)) + 1n;
  }
  expect(log.logEndOffset).toBe(offset);
}

/** How many of `batches` lie wholly inside the first `bytes` of their concatenation. */
function completeBatchesWithin(batches: Buffer[], segmentStart: number, cut: number): number {
  let position = 0;
  let count = 0;
  for (const batch of batches) {
    if (position + batch.length > segmentStart + cut) break;
    position += batch.length;
    count += 1;
  }
  return count;
}

/** Byte position of the last segment's start within the concatenation of all batches. */
function lastSegmentStart(dir: string, batches: Buffer[]): number {
  const base = BigInt(path.basename(lastSegmentPath(dir), '.log'));
  let position = 0;
  for (const batch of batches) {
    if (batch.readBigInt64BE(0) >= base) break;
    position += batch.length;
  }
  return position;
}

describe('crash recovery', () => {
  it('keeps every batch after a crash without a torn write, and rebuilds indexes that never reached disk', async () => {
    const dir = tempDir();
    const batches = await writeAndCrash(dir, 60);
    const log = await open(dir);
    expect(log.recoveryReport.cleanShutdown).toBe(false);
    expect(log.recoveryReport.truncatedBytes).toBe(0);
    expectBatches(log, batches);
    expect(log.leaderEpochCache.entries().map((entry) => entry.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    await log.close();
  });

  it('truncates a torn tail at random cut points and keeps every complete batch (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 5, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (count, cutFraction) => {
          const dir = tempDir();
          const batches = await writeAndCrash(dir, count, count);
          const file = lastSegmentPath(dir);
          const size = fs.statSync(file).size;
          const cut = Math.floor(size * cutFraction);
          fs.truncateSync(file, cut);
          const segmentStart = lastSegmentStart(dir, batches);
          const kept = completeBatchesWithin(batches, segmentStart, cut);
          const { logger, lines } = recordingLogger();
          const log = await open(dir, logger);
          expectBatches(log, batches.slice(0, kept));
          expect(lines.filter((line) => line.level === 'error')).toEqual([]);
          const next = log.append(simpleBatch(2, 10, 999), { assignOffsets: true, leaderEpoch: 9 });
          expect(next.baseOffset).toBe(log.logEndOffset - 2n);
          await log.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('truncates garbage appended after the last batch and logs it', async () => {
    // Text garbage declares a length past the end of the file, so it reads as a torn write (warn);
    // 0xff garbage declares an impossible 11-byte batch, which is corruption (error).
    for (const [garbage, level] of [
      [Buffer.from('this is not a record batch, it is garbage'.repeat(3)), 'warn'],
      [Buffer.alloc(123, 0xff), 'error'],
    ] as const) {
      const dir = tempDir();
      const batches = await writeAndCrash(dir, 12);
      fs.appendFileSync(lastSegmentPath(dir), garbage);
      const { logger, lines } = recordingLogger();
      const log = await open(dir, logger);
      expectBatches(log, batches);
      expect(log.recoveryReport.truncatedBytes).toBe(123);
      expect(
        lines.some((line) => line.level === level && (line.obj as { path?: string }).path === lastSegmentPath(dir)),
      ).toBe(true);
      expect(log.recoveryReport.corruptions.length).toBe(level === 'error' ? 1 : 0);
      await log.close();
    }
  });

  it('truncates a last batch whose CRC does not match', async () => {
    const dir = tempDir();
    const batches = await writeAndCrash(dir, 12);
    const file = lastSegmentPath(dir);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 3] ^= 0x40;
    fs.writeFileSync(file, bytes);
    const log = await open(dir);
    expectBatches(log, batches.slice(0, 11));
    expect(log.recoveryReport.tornTail?.reason).toBe('CRC-32C mismatch');
    await log.close();
  });

  it('reports a corrupt batch in the middle of a segment with its path and position, and truncates there', async () => {
    const dir = tempDir();
    const batches = await writeAndCrash(dir, 12);
    const file = lastSegmentPath(dir);
    const segmentStart = lastSegmentStart(dir, batches);
    const firstInSegment = completeBatchesWithin(batches, 0, segmentStart);
    const corruptBatch = firstInSegment + 2;
    let position = 0;
    for (let index = firstInSegment; index < corruptBatch; index++) position += batches[index].length;
    const bytes = fs.readFileSync(file);
    bytes[position + 70] ^= 0x01;
    fs.writeFileSync(file, bytes);
    const { logger, lines } = recordingLogger();
    const log = await open(dir, logger);
    expectBatches(log, batches.slice(0, corruptBatch));
    const [error] = log.recoveryReport.corruptions;
    expect(error).toBeInstanceOf(CorruptSegmentError);
    expect(error.path).toBe(file);
    expect(error.position).toBe(position);
    expect(error.code).toBe(2);
    expect(lines.filter((line) => line.level === 'error').length).toBeGreaterThan(0);
    await log.close();
  });

  it('rebuilds deleted and corrupt index files after a clean shutdown', async () => {
    const dir = tempDir();
    const batches = await writeAndClose(dir, 80);
    const indexes = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.index'))
      .sort();
    expect(indexes.length).toBeGreaterThan(3);
    fs.rmSync(path.join(dir, indexes[0]));
    fs.writeFileSync(path.join(dir, indexes[1]), Buffer.alloc(16, 0xff));
    fs.writeFileSync(path.join(dir, indexes[2].replace('.index', '.timeindex')), Buffer.alloc(7));
    const reopened = await open(dir);
    expect(reopened.recoveryReport.cleanShutdown).toBe(true);
    expect(reopened.recoveryReport.segmentsRecovered).toBe(3);
    expectBatches(reopened, batches);
    expect(reopened.offsetForTimestamp(405n)).toEqual({ offset: 123n, timestamp: 410n });
    expect(fs.statSync(path.join(dir, indexes[0])).size).toBeGreaterThan(0);
    await reopened.close();
  });

  it('survives malformed checkpoint files by recovering every segment and rebuilding the epoch cache', async () => {
    const dir = tempDir();
    const log = await open(dir);
    const batches: Buffer[] = [];
    for (let index = 0; index < 30; index++) {
      const batch = simpleBatch(2, 100, index);
      log.append(batch, { assignOffsets: true, leaderEpoch: index < 15 ? 2 : 5 });
      batches.push(batch);
    }
    await log.close();
    fs.writeFileSync(path.join(dir, 'leader-epoch-checkpoint'), '0\n2\n2 0\nnonsense\n');
    const { logger, lines } = recordingLogger();
    const reopened = await open(dir, logger);
    expect(reopened.recoveryReport.cleanShutdown).toBe(false);
    expect(reopened.recoveryReport.segmentsRecovered).toBe(reopened.segmentCount());
    expectBatches(reopened, batches);
    expect(reopened.leaderEpochCache.entries()).toEqual([
      { epoch: 2, startOffset: 0n },
      { epoch: 5, startOffset: 30n },
    ]);
    expect(lines.some((line) => line.level === 'error')).toBe(true);
    await reopened.close();
    fs.writeFileSync(path.join(dir, 'offsets-checkpoint'), 'garbage');
    const again = await open(dir);
    expectBatches(again, batches);
    await again.close();
    fs.rmSync(path.join(dir, 'leader-epoch-checkpoint'));
    const rebuilt = await open(dir);
    expect(rebuilt.recoveryReport.cleanShutdown).toBe(false);
    expect(rebuilt.leaderEpochCache.entries().map((entry) => entry.epoch)).toEqual([2, 5]);
    await rebuilt.close();
    const emptyDir = tempDir();
    const empty = await open(emptyDir);
    await empty.close();
    expect(fs.existsSync(path.join(emptyDir, 'leader-epoch-checkpoint'))).toBe(true);
  });

  it('checks older indexes on first search and rebuilds one that is wrong only in the middle', async () => {
    const dir = tempDir();
    const batches = await writeAndClose(dir, 80);
    const firstIndex = path.join(
      dir,
      fs
        .readdirSync(dir)
        .filter((name) => name.endsWith('.index'))
        .sort()[0],
    );
    const good = fs.readFileSync(firstIndex);
    expect(good.length).toBeGreaterThanOrEqual(24);
    const bad = Buffer.from(good);
    bad.writeInt32BE(bad.readInt32BE(8) + 7, 8); // second entry's relative offset no longer increases sanely
    bad.writeInt32BE(good.readInt32BE(4), 12); // and its position repeats the first entry's
    fs.writeFileSync(firstIndex, bad);
    const reopened = await open(dir);
    expect(reopened.recoveryReport.segmentsRecovered).toBe(0);
    expectBatches(reopened, batches);
    expect(fs.readFileSync(firstIndex).equals(good)).toBe(true);
    await reopened.close();
  });

  it('drops segments after a hole left by a damaged sealed segment', async () => {
    const dir = tempDir();
    const batches = await writeAndCrash(dir, 40);
    const logs = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.log'))
      .sort();
    expect(logs.length).toBeGreaterThan(2);
    // Remove the last batch of the first segment exactly at a batch boundary: the tail scan cannot tell.
    const first = path.join(dir, logs[0]);
    const secondBase = BigInt(logs[1].slice(0, 20));
    const kept = batches.filter((batch) => batch.readBigInt64BE(0) < secondBase);
    const keptBytes = kept.slice(0, -1).reduce((sum, batch) => sum + batch.length, 0);
    fs.truncateSync(first, keptBytes);
    const log = await open(dir);
    expectBatches(log, kept.slice(0, -1));
    expect(log.segmentCount()).toBe(1);
    expect(log.recoveryReport.corruptions.length).toBe(1);
    await log.close();
  });
});
