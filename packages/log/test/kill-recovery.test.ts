// Intent: a writer killed with SIGKILL mid-stream loses no acknowledged batch, and the reopened log keeps appending at the right offset.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLogConfig, PartitionLog } from '../src/index.js';
import { CRASH_LEADER_EPOCH, CRASH_RECORDS_PER_BATCH, crashBatch, crashConfigOverrides } from './crash-batches.mjs';
import { tempDir } from './helpers.js';

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

describe('kill -9 recovery', () => {
  beforeAll(() => {
    // The child runs plain Node 20, which cannot load .ts: build dist/ with the workspace's tsc first.
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-b', 'packages/log'], { cwd: repoRoot, stdio: 'inherit' });
  });

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
