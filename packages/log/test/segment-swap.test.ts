// Intent: wherever a crash cuts the cleaned-segment swap (.cleaned written, .swap half renamed, .swap half completed), reopening yields exactly the old or exactly the cleaned segment, never a mix, and no leftover files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLogConfig, type LogConfig, PartitionLog } from '../src/index.js';
import { cleanLog } from '../src/log-cleaner.js';
import { segmentFileName } from '../src/log-segment.js';
import { silentLogger } from '../src/logger.js';
import { buildBatch } from './batch-builder.mjs';
import { tempDir } from './helpers.js';

const config: LogConfig = {
  ...defaultLogConfig,
  segmentMs: 1000,
  indexIntervalBytes: 64,
  cleanupPolicy: 'compact',
  minCleanableDirtyRatio: 0,
};
const TYPES = ['.log', '.index', '.timeindex'] as const;

/** Every batch's bytes from the log start, one string per batch (hex), to compare whole logs exactly. */
function dump(log: PartitionLog): string[] {
  const batches: string[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const result = log.read(offset, 1);
    if (result.batchCount === 0) break;
    batches.push(result.records.toString('hex'));
    offset = result.firstOffset! + BigInt(result.records.readInt32BE(23)) + 1n;
  }
  return batches;
}

async function buildLogs(): Promise<{ oldDir: string; newDir: string; oldDump: string[]; newDump: string[] }> {
  const oldDir = tempDir();
  let now = 1_000_000;
  const log = await PartitionLog.open({ dir: oldDir, topic: 't', partition: 0, config, clock: () => now });
  for (let index = 0; index < 90; index++) {
    const record = { key: Buffer.from(`k${index % 4}`), value: Buffer.from(`v${index}`) };
    log.append(buildBatch({ records: [record], baseTimestamp: BigInt(now) }), { assignOffsets: true, leaderEpoch: 0 });
    if (index % 30 === 29) {
      now += 1000;
      log.maybeRoll(now);
    }
  }
  log.updateHighWatermark(log.logEndOffset);
  await log.close();
  const newDir = tempDir();
  fs.cpSync(oldDir, newDir, { recursive: true });
  const cleaned = await PartitionLog.open({ dir: newDir, topic: 't', partition: 0, config, clock: () => now });
  const result = await cleanLog(cleaned, { nowMs: now, offsetMapBytes: 1 << 20, logger: silentLogger });
  expect(result?.segmentsRewritten).toBe(3);
  const newDump = dump(cleaned);
  await cleaned.close();
  const reopened = await PartitionLog.open({ dir: oldDir, topic: 't', partition: 0, config });
  const oldDump = dump(reopened);
  await reopened.close();
  expect(newDump.length).toBeLessThan(oldDump.length);
  return { oldDir, newDir, oldDump, newDump };
}

type Source = 'old' | 'new';
/** Which version each file of segment 0 has at the crash: final names, and `.cleaned`/`.swap` leftovers. */
interface CrashState {
  name: string;
  final: Record<(typeof TYPES)[number], Source>;
  leftovers: { type: (typeof TYPES)[number]; suffix: '.cleaned' | '.swap' }[];
  expected: Source;
}

const allOld = { '.log': 'old', '.index': 'old', '.timeindex': 'old' } as const;
const states: CrashState[] = [
  {
    name: 'cleaned files written, nothing renamed',
    final: allOld,
    leftovers: TYPES.map((type) => ({ type, suffix: '.cleaned' })),
    expected: 'old',
  },
  {
    name: 'commit cut after the index renames',
    final: allOld,
    leftovers: [
      { type: '.index', suffix: '.swap' },
      { type: '.timeindex', suffix: '.swap' },
      { type: '.log', suffix: '.cleaned' },
    ],
    expected: 'old',
  },
  { name: 'committed', final: allOld, leftovers: TYPES.map((type) => ({ type, suffix: '.swap' })), expected: 'new' },
  {
    name: 'completion cut after the offset index',
    final: { '.log': 'old', '.index': 'new', '.timeindex': 'old' },
    leftovers: [
      { type: '.timeindex', suffix: '.swap' },
      { type: '.log', suffix: '.swap' },
    ],
    expected: 'new',
  },
  {
    name: 'completion cut before the log',
    final: { '.log': 'old', '.index': 'new', '.timeindex': 'new' },
    leftovers: [{ type: '.log', suffix: '.swap' }],
    expected: 'new',
  },
];

describe('cleaned segment swap after a crash', () => {
  it('reopens to the old or the cleaned segment 0, whole, with or without a clean shutdown', async () => {
    const { oldDir, newDir, oldDump, newDump } = await buildLogs();
    const file = (dir: string, type: string) => path.join(dir, segmentFileName(0n, type));
    const segment1Base = 30n;
    const firstOf = (dump: string[], source: 'below' | 'above') =>
      dump.filter((hex) => Buffer.from(hex, 'hex').readBigInt64BE(0) < segment1Base === (source === 'below'));
    for (const state of states) {
      for (const cleanShutdown of [true, false]) {
        const dir = tempDir();
        fs.cpSync(newDir, dir, { recursive: true });
        for (const type of TYPES) {
          fs.copyFileSync(file(state.final[type] === 'old' ? oldDir : newDir, type), file(dir, type));
        }
        for (const { type, suffix } of state.leftovers) fs.copyFileSync(file(newDir, type), file(dir, type) + suffix);
        if (!cleanShutdown) fs.rmSync(path.join(dir, '.clean-shutdown'), { force: true });
        const log = await PartitionLog.open({ dir, topic: 't', partition: 0, config });
        try {
          const expectedFirst = firstOf(state.expected === 'old' ? oldDump : newDump, 'below');
          expect({ state: state.name, dump: dump(log) }).toEqual({
            state: state.name,
            dump: [...expectedFirst, ...firstOf(newDump, 'above')],
          });
          expect(fs.readdirSync(dir).filter((name) => /\.(cleaned|swap)$/.test(name))).toEqual([]);
        } finally {
          await log.close();
        }
      }
    }
  });
});
