// Child process for the kill -9 cleaning test: fills a compacted log with updates of a few keys, then cleans it
// pass after pass while appending more. Prints "ready" once the first data is durable, "acked <offset>" after
// each flush (everything up to that offset is durable), "cleaning" when a pass starts and "pass <segmentsRewritten>"
// when it ends.
// Imports the built package (../dist), which the test builds first: Node 20 cannot load .ts directly.
import { defaultLogConfig, PartitionLog } from '../dist/index.js';
import { cleanLog } from '../dist/log-cleaner.js';
import { buildBatch } from './batch-builder.mjs';

export const CLEANER_KEYS = 10;
export const cleanerCrashConfig = {
  ...defaultLogConfig,
  segmentBytes: 16 * 1024,
  indexIntervalBytes: 256,
  cleanupPolicy: 'compact',
  minCleanableDirtyRatio: 0,
};

/** The record every run writes at `offset`, so a reader can tell a right record from a mixed-up one. */
export function cleanerRecord(offset) {
  const offsetNumber = Number(offset);
  return { key: Buffer.from(`k${offsetNumber % CLEANER_KEYS}`), value: Buffer.from(`v${offsetNumber}`) };
}

function appendOne(log) {
  log.append(buildBatch({ records: [cleanerRecord(log.logEndOffset)], baseTimestamp: BigInt(Date.now()) }), {
    assignOffsets: true,
    leaderEpoch: 0,
  });
  log.updateHighWatermark(log.logEndOffset);
}

const silent = { info() {}, warn() {}, error() {} };

if (process.argv[2] !== undefined) {
  const dir = process.argv[2];
  const log = await PartitionLog.open({ dir, topic: 'crash', partition: 0, config: cleanerCrashConfig });
  while (log.logEndOffset < 12_000n) appendOne(log);
  await log.flush();
  process.stdout.write('ready\n');
  for (;;) {
    process.stdout.write('cleaning\n');
    const result = await cleanLog(log, { nowMs: Date.now(), offsetMapBytes: 1 << 20, logger: silent });
    process.stdout.write(`pass ${result?.segmentsRewritten ?? 0}\n`);
    for (let index = 0; index < 300; index++) appendOne(log);
    await log.flush();
    process.stdout.write(`acked ${log.logEndOffset - 1n}\n`);
  }
}
