// Intent: random sequences of appends, truncations, DeleteRecords, clean reopens and crashes always leave the log equal to a simple in-memory model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultLogConfig, PartitionLog } from '../src/index.js';
import { simpleBatch } from './batch-builder.mjs';
import { tempDir } from './helpers.js';

type Operation =
  | { kind: 'append'; records: number; valueBytes: number; epoch: number }
  | { kind: 'truncate'; fraction: number }
  | { kind: 'deleteRecords'; fraction: number }
  | { kind: 'reopen'; crash: boolean }
  | { kind: 'roll' }
  | { kind: 'retention'; retentionBytes: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      records: fc.integer({ min: 1, max: 8 }),
      valueBytes: fc.integer({ min: 4, max: 120 }),
      epoch: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('truncate' as const),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deleteRecords' as const),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), crash: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('roll' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('retention' as const),
      retentionBytes: fc.integer({ min: 0, max: 3000 }),
    }),
  },
);

interface ModelBatch {
  base: bigint;
  last: bigint;
  bytes: Buffer;
  timestamp: bigint;
}

// LOG_MODEL_RUNS=1000 for a long soak; the default keeps the suite quick.
const runs = Number(process.env.LOG_MODEL_RUNS ?? 40);
const config = { ...defaultLogConfig, segmentBytes: 1200, indexIntervalBytes: 200, segmentMs: 1000 };

describe('PartitionLog against a model', () => {
  it(
    'matches the model after every operation (property)',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 5, maxLength: 40 }), async (operations) => {
          const dir = tempDir();
          let now = 0;
          const clock = () => now;
          const open = () => PartitionLog.open({ dir, topic: 'm', partition: 0, config, clock });
          let log = await open();
          let batches: ModelBatch[] = [];
          let logStart = 0n;
          let end = 0n;
          let epoch = 0;
          let seed = 0;
          for (const op of operations) {
            now += 100;
            if (op.kind === 'append') {
              epoch = Math.max(epoch, op.epoch);
              const bytes = simpleBatch(op.records, op.valueBytes, seed++, BigInt(now));
              const result = log.append(bytes, { assignOffsets: true, leaderEpoch: epoch });
              expect(result.baseOffset).toBe(end);
              batches.push({ base: end, last: result.lastOffset, bytes: Buffer.from(bytes), timestamp: BigInt(now) });
              end = result.lastOffset + 1n;
            } else if (op.kind === 'truncate') {
              const target = BigInt(Math.floor(op.fraction * Number(end)));
              log.truncateTo(target);
              if (target < logStart) {
                batches = [];
                logStart = target;
                end = target;
              } else if (target < end) {
                // Whole batches go: the one containing the target and everything after it.
                const cut = batches.findIndex((batch) => batch.last >= target);
                end = batches[cut].base;
                batches = batches.slice(0, cut);
                if (logStart > end) logStart = end;
              }
            } else if (op.kind === 'deleteRecords') {
              const target = logStart + BigInt(Math.floor(op.fraction * Number(end - logStart)));
              log.deleteRecordsBefore(target);
              if (target > logStart) logStart = target;
            } else if (op.kind === 'reopen') {
              if (!op.crash) await log.close();
              log = await open();
            } else if (op.kind === 'retention') {
              log.updateConfig({ ...config, retentionBytes: op.retentionBytes });
              const deleted = log.applyRetention(now);
              log.updateConfig(config);
              // Whole segments only: the start stays or moves to a batch boundary; the log keeps >= retention.bytes.
              const newStart = log.logStartOffset;
              expect(newStart >= logStart).toBe(true);
              // (or to the log end, when every batch sat in deleted segments and only the empty active one is left)
              if (newStart !== logStart && newStart !== end) {
                expect(batches.some((batch) => batch.base === newStart)).toBe(true);
              }
              if (deleted > 0) expect(log.sizeInBytes()).toBeGreaterThanOrEqual(op.retentionBytes);
              logStart = newStart;
            } else {
              log.maybeRoll(now + 1000);
            }
            batches = batches.filter((batch) => batch.last >= logStart);
            expect(log.logEndOffset).toBe(end);
            expect(log.logStartOffset).toBe(logStart);
            for (const batch of batches) {
              const target = batch.base > logStart ? batch.base : logStart;
              const read = log.read(target, 1);
              expect(read.firstOffset).toBe(batch.base);
              const expected = Buffer.from(batch.bytes);
              expect(read.records.equals(expected)).toBe(true);
            }
            expect(log.read(end, 100).batchCount).toBe(0);
            // ListOffsets by timestamp: batch timestamps grow with the clock, so the first batch at or after wins.
            for (const batch of batches) {
              for (const target of [batch.timestamp - 50n, batch.timestamp]) {
                const first = batches.find((candidate) => candidate.timestamp >= target)!;
                const offset = first.base > logStart ? first.base : logStart;
                expect(log.offsetForTimestamp(target)).toEqual({ offset, timestamp: first.timestamp });
              }
            }
            expect(log.offsetForTimestamp(BigInt(now + 1))).toBeNull();
          }
          await log.close();
        }),
        { numRuns: runs },
      );
    },
    60_000 + runs * 1000,
  );
});
