// Intent: a writer killed with SIGKILL mid-stream loses no acknowledged batch and the reopened log keeps appending at the right offset; a process killed in the middle of cleaning reopens to a log where every record is the one written at its offset, every key's latest acknowledged value is still there, and no .cleaned or .swap file is left.
// Both kill tests share this file so they run one after the other: a concurrent pair (and two concurrent dist builds) on a
// loaded machine slowed the writer test's parent enough to time out.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLogConfig, PartitionLog } from '../src/index.js';
import { cleanLog } from '../src/log-cleaner.js';
import { silentLogger } from '../src/logger.js';
import { buildBatch } from './batch-builder.mjs';
import { CRASH_LEADER_EPOCH, CRASH_RECORDS_PER_BATCH, crashBatch, crashConfigOverrides } from './crash-batches.mjs';
import { CLEANER_KEYS, cleanerCrashConfig, cleanerRecord } from './crash-cleaner.mjs';
import { type ReadRecord, readAllRecords, tempDir } from './helpers.js';

const writerPath = fileURLToPath(new URL('./crash-writer.mjs', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const crashConfig = { ...defaultLogConfig, ...crashConfigOverrides };

/** Runs the writer until it has acknowledged `minAcks` appends, kills it with SIGKILL, returns the acked lines. */
function runAndKill(
  dir: string,
  minAcks: number,
): Promise<{ index: number; baseOffset: bigint; lastOffset: bigint }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerPath, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Kill at a data-dependent moment, usually mid-append.
      if (!killed && output.split('\n').length > minAcks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited without SIGKILL: ${errors}`));
      const lines = output.split('\n');
      lines.pop(); // possibly partial
      resolve(
        lines.map((line) => {
          const [index, baseOffset, lastOffset] = line.split(' ');
          return { index: Number(index), baseOffset: BigInt(baseOffset), lastOffset: BigInt(lastOffset) };
        }),
      );
    });
  });
}

// The children run plain Node 20, which cannot load .ts: build dist/ with the workspace's tsc first.
beforeAll(() => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'packages/log'], { cwd: repoRoot, stdio: 'inherit' });
});

describe('kill -9 recovery', () => {
  it('keeps every acknowledged batch byte for byte across three SIGKILLs', async () => {
    const dir = tempDir();
    const acked: { index: number; baseOffset: bigint; lastOffset: bigint }[] = [];
    for (let round = 0; round < 3; round++) {
      const lines = await runAndKill(dir, 1500 + round * 700);
      expect(lines.length).toBeGreaterThan(1000);
      acked.push(...lines);
      const log = await PartitionLog.open({ dir, topic: 'crash', partition: 0, config: crashConfig });
      expect(log.recoveryReport.cleanShutdown).toBe(false);
      expect(log.recoveryReport.corruptions).toEqual([]);
      const lastAcked = acked.at(-1)!.lastOffset;
      expect(log.logEndOffset).toBeGreaterThan(lastAcked);
      for (const { index, baseOffset, lastOffset } of acked) {
        expect(baseOffset).toBe(BigInt(index * CRASH_RECORDS_PER_BATCH));
        const expected = crashBatch(index);
        expected.writeBigInt64BE(baseOffset, 0);
        expected.writeInt32BE(CRASH_LEADER_EPOCH, 12);
        const read = log.read(baseOffset, 1);
        expect(read.firstOffset).toBe(baseOffset);
        expect(read.records.equals(expected)).toBe(true);
        expect(lastOffset).toBe(baseOffset + BigInt(CRASH_RECORDS_PER_BATCH - 1));
      }
      expect(log.segmentCount()).toBeGreaterThan(1);
      expect(log.leaderEpochCache.entries()).toEqual([{ epoch: CRASH_LEADER_EPOCH, startOffset: 0n }]);
      // Crash again without closing, so the next round also starts from an unclean shutdown.
      const end = log.logEndOffset;
      const next = log.append(crashBatch(Number(end) / CRASH_RECORDS_PER_BATCH), {
        assignOffsets: true,
        leaderEpoch: CRASH_LEADER_EPOCH,
      });
      expect(next.baseOffset).toBe(end);
      acked.push({
        index: Number(end) / CRASH_RECORDS_PER_BATCH,
        baseOffset: next.baseOffset,
        lastOffset: next.lastOffset,
      });
    }
  });
});

const cleanerChildPath = fileURLToPath(new URL('./crash-cleaner.mjs', import.meta.url));

/** Runs the child until it is cleaning, kills it after `delayMs`; the last acknowledged offset and whether a pass was cut. */
function runCleanerAndKill(dir: string, delayMs: number): Promise<{ lastAcked: bigint; killedMidPass: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cleanerChildPath, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (timer === null && output.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited without SIGKILL: ${errors}`));
      const lines = output.split('\n').slice(0, -1);
      const acked = lines.filter((line) => line.startsWith('acked ')).map((line) => BigInt(line.slice(6)));
      const lastPassLine = lines.filter((line) => line === 'cleaning' || line.startsWith('pass ')).at(-1);
      resolve({ lastAcked: acked.at(-1) ?? 11_999n, killedMidPass: lastPassLine === 'cleaning' });
    });
  });
}

function checkLog(records: ReadRecord[], lastAcked: bigint): void {
  let previous = -1n;
  const latest = new Map<string, bigint>();
  for (const record of records) {
    expect(record.offset > previous).toBe(true);
    previous = record.offset;
    const written = cleanerRecord(record.offset);
    expect({ key: record.key, value: record.value }).toEqual({
      key: written.key.toString(),
      value: written.value.toString(),
    });
    latest.set(record.key, record.offset);
  }
  for (let key = 0; key < CLEANER_KEYS; key++) {
    const lastAckedOfKey = lastAcked - ((lastAcked - BigInt(key)) % BigInt(CLEANER_KEYS));
    expect(latest.get(`k${key}`)! >= lastAckedOfKey).toBe(true);
  }
}

describe('kill -9 while cleaning', () => {
  it('reopens to whole segments, old or cleaned, and keeps every key latest value', async () => {
    const dir = tempDir();
    let killsMidPass = 0;
    for (const delayMs of [100, 300, 700]) {
      const run = await runCleanerAndKill(dir, delayMs);
      if (run.killedMidPass) killsMidPass += 1;
      const log = await PartitionLog.open({ dir, topic: 'crash', partition: 0, config: cleanerCrashConfig });
      try {
        expect(fs.readdirSync(dir).filter((name) => /\.(cleaned|swap)$/.test(name))).toEqual([]);
        expect(log.recoveryReport.corruptions).toEqual([]);
        expect(log.logEndOffset > run.lastAcked).toBe(true);
        checkLog(await readAllRecords(log), run.lastAcked);
      } finally {
        await log.close();
      }
    }
    expect(killsMidPass).toBeGreaterThan(0);
    // A full pass after the crashes still compacts everything cleanable. Fresh updates first: the last run may have
    // finished a pass before the kill, leaving nothing dirty below the active segment (and cleanLog nothing to do).
    const log = await PartitionLog.open({ dir, topic: 'crash', partition: 0, config: cleanerCrashConfig });
    try {
      for (let i = 0; i < 2000; i++) {
        const record = cleanerRecord(log.logEndOffset);
        log.append(buildBatch({ records: [record], baseTimestamp: BigInt(Date.now()) }), {
          assignOffsets: true,
          leaderEpoch: 0,
        });
      }
      log.updateHighWatermark(log.logEndOffset);
      const result = await cleanLog(log, { nowMs: Date.now(), offsetMapBytes: 1 << 20, logger: silentLogger });
      expect(result?.completed).toBe(true);
      const records = await readAllRecords(log);
      checkLog(records, log.logEndOffset - 1n);
      // After a full pass only the uncleanable active segment can hold more than one record per key.
      const cleaned = records.filter((record) => record.offset < result!.cleanedUpTo);
      expect(new Set(cleaned.map((record) => record.key)).size).toBe(cleaned.length);
    } finally {
      await log.close();
    }
  }, 60_000);
});
