// Intent: after any interleaving of keyed/keyless/tombstone appends (every codec), segment rolls, high-watermark moves, clock advances, reopens, follower truncations and cleaning passes, the log reads back exactly what Kafka's compaction rules leave, at the original offsets, with log start, high watermark and log end untouched.
import { encodeRecordBatch } from '@tributary/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultLogConfig, type LogConfig, PartitionLog } from '../src/index.js';
import { cleanLog } from '../src/log-cleaner.js';
import { silentLogger } from '../src/logger.js';
import { type ReadRecord, readAllRecords, tempDir } from './helpers.js';

type Operation =
  | { kind: 'append'; records: { key: number | null; tombstone: boolean }[]; codec: number }
  | { kind: 'roll' }
  | { kind: 'highWatermark'; fraction: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'clean' }
  | { kind: 'reopen' }
  | { kind: 'truncate'; fraction: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      records: fc.array(
        fc.record({ key: fc.option(fc.integer({ min: 0, max: 5 }), { freq: 6 }), tombstone: fc.boolean() }),
        { minLength: 1, maxLength: 6 },
      ),
      codec: fc.constantFrom(0, 0, 1, 2, 3, 4),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'roll' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('highWatermark' as const),
      // Mostly all the way to the log end, as a healthy ISR keeps it.
      fraction: fc.oneof(fc.constant(1), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 4000 }) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'clean' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  // A follower truncating to its leader's log, possibly into a hole compaction left.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('truncate' as const),
      fraction: fc.double({ min: 0.5, max: 1, noNaN: true }),
    }),
  },
);

const DELETE_RETENTION_MS = 3000;
const config: LogConfig = {
  ...defaultLogConfig,
  segmentMs: 1000,
  segmentBytes: 100_000,
  indexIntervalBytes: 150,
  cleanupPolicy: 'compact',
  minCleanableDirtyRatio: 0,
  deleteRetentionMs: DELETE_RETENTION_MS,
};
const runs = Number(process.env.LOG_COMPACTION_MODEL_RUNS ?? 25);

/** Every record from the log start to the end, in offset order, decoded by the protocol package. */

/** What compaction must leave of `present` after a pass that cleaned everything below `upTo`. */
function expectedAfterPass(present: ReadRecord[], upTo: bigint, nowMs: number): ReadRecord[] {
  const latest = new Map<string, bigint>();
  for (const record of present) if (record.key !== null && record.offset < upTo) latest.set(record.key, record.offset);
  return present.filter((record) => {
    if (record.offset >= upTo || record.key === null) return true;
    if (latest.get(record.key) !== record.offset) return false;
    return !(record.value === null && record.timestamp < BigInt(nowMs - DELETE_RETENTION_MS));
  });
}

describe('log compaction model', () => {
  it('leaves exactly the latest record per key, keyless records, live tombstones and the uncleanable tail', async () => {
    let removedTotal = 0;
    let rewrittenTotal = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 10, maxLength: 60 }), async (operations) => {
        const dir = tempDir();
        let now = 1_000_000;
        const open = () => PartitionLog.open({ dir, topic: 't', partition: 0, config, clock: () => now });
        let log = await open();
        let present: ReadRecord[] = [];
        let cleanedUpTo = 0n;
        let sequence = 0;
        try {
          for (const op of operations) {
            if (op.kind === 'append') {
              const records = op.records.map((record) => ({
                key: record.key === null ? null : `k${record.key}`,
                value: record.tombstone && record.key !== null ? null : `v${sequence++}`,
              }));
              const batch = await encodeRecordBatch({ compression: op.codec, timestamp: now, records });
              const { baseOffset } = log.append(batch, { assignOffsets: true, leaderEpoch: 0 });
              records.forEach((record, index) => {
                present.push({ offset: baseOffset + BigInt(index), ...record, timestamp: BigInt(now) });
              });
            } else if (op.kind === 'roll') {
              now += config.segmentMs;
              log.maybeRoll(now);
            } else if (op.kind === 'highWatermark') {
              const end = Number(log.logEndOffset);
              log.updateHighWatermark(BigInt(Math.round(end * op.fraction)));
            } else if (op.kind === 'tick') {
              now += op.ms;
            } else if (op.kind === 'truncate') {
              const target = BigInt(Math.floor(Number(log.logEndOffset) * op.fraction));
              log.truncateTo(target);
              const end = log.logEndOffset;
              // Whole batches go: the end is at or below the target, and past every record left before the target.
              expect(end <= target).toBe(true);
              const kept = present.filter((record) => record.offset < end);
              expect(kept.every((record) => record.offset < target)).toBe(true);
              present = kept;
              if (cleanedUpTo > end) cleanedUpTo = end;
            } else if (op.kind === 'reopen') {
              await log.close();
              log = await open();
            } else {
              const before = { start: log.logStartOffset, end: log.logEndOffset, hw: log.highWatermark };
              const bases = log.segmentBaseOffsets();
              // biome-ignore lint/complexity/useMathMinMax: bigint operands, which Math.max does not accept
              const limit = bases[bases.length - 1] < before.hw ? bases[bases.length - 1] : before.hw;
              // The first uncleanable offset falls back to the last segment boundary at or below it.
              const boundary =
                bases
                  .slice(1)
                  .filter((base) => base <= limit)
                  .at(-1) ?? 0n;
              const result = await cleanLog(log, { nowMs: now, offsetMapBytes: 1 << 20, logger: silentLogger });
              if (result === null) {
                // Nothing dirty: the clean point (which survives reopens) already covers every cleanable segment.
                expect(boundary <= cleanedUpTo).toBe(true);
              } else {
                expect(result.completed).toBe(true);
                expect(result.cleanedUpTo).toBe(boundary);
                cleanedUpTo = boundary;
                removedTotal += result.recordsRemoved;
                rewrittenTotal += result.segmentsRewritten;
                present = expectedAfterPass(present, boundary, now);
              }
              expect({ start: log.logStartOffset, end: log.logEndOffset, hw: log.highWatermark }).toEqual(before);
              expect(log.segmentBaseOffsets()).toEqual(bases);
            }
          }
          expect(await readAllRecords(log)).toEqual(present);
          // A read starting inside a hole answers the next batch at or after it.
          for (let offset = log.logStartOffset; offset < log.logEndOffset; offset++) {
            const next = present.find((record) => record.offset >= offset);
            const result = log.read(offset, 1);
            if (result.firstOffset === null) continue;
            const batchLast = result.firstOffset + BigInt(result.records.readInt32BE(23));
            expect(batchLast >= offset).toBe(true);
            if (next !== undefined && next.offset <= batchLast) expect(result.firstOffset <= next.offset).toBe(true);
          }
        } finally {
          await log.close();
        }
      }),
      { numRuns: runs },
    );
    // The generator must actually exercise compaction, not just pass vacuously (loose floors: any seed clears them).
    expect(removedTotal).toBeGreaterThan(runs / 5);
    expect(rewrittenTotal).toBeGreaterThan(runs / 10);
  }, 60_000);
});
