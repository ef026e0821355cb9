// What the kill -9 writer appends, shared by the child (crash-writer.mjs) and the test that checks it.
import { simpleBatch } from './batch-builder.mjs';

export const CRASH_RECORDS_PER_BATCH = 10;
export const CRASH_LEADER_EPOCH = 3;
/** Small segments so the writer rolls often and recovery crosses segment boundaries. */
export const crashConfigOverrides = { segmentBytes: 64 * 1024, indexIntervalBytes: 1024 };

/** The batch the writer appends as number `index` (before offsets are patched). */
export function crashBatch(index) {
  return simpleBatch(CRASH_RECORDS_PER_BATCH, 20 + (index % 97), index, BigInt(1_000_000 + index));
}
