// Micro-benchmark (not a test): PartitionLog.append throughput for ~16 KiB batches of 100-byte
// records, next to the raw fs.writeSync rate of the same disk for the same bytes.
// Run: pnpm exec tsc -b packages/log && node packages/log/bench/append.bench.mjs [seconds] [dir]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultLogConfig, PartitionLog } from '../dist/index.js';
import { simpleBatch } from '../test/batch-builder.mjs';

const seconds = Number(process.argv[2] ?? 3);
const root = fs.mkdtempSync(path.join(process.argv[3] ?? os.tmpdir(), 'tributary-log-bench-'));
const RECORDS_PER_BATCH = 140; // 140 x (100-byte value + ~8 bytes framing) + 61 = ~15.2 KiB
const batches = Array.from({ length: 64 }, (_, seed) => simpleBatch(RECORDS_PER_BATCH, 100, seed, BigInt(Date.now())));
const batchBytes = batches[0].length;

function report(name, appends, bytes, elapsedMs) {
  const perSecond = (count) => Math.round((count * 1000) / elapsedMs).toLocaleString('en-US');
  const mbPerSecond = ((bytes / 1024 / 1024) * 1000) / elapsedMs;
  console.log(
    `${name.padEnd(28)} ${perSecond(appends).padStart(10)} appends/s ${perSecond(appends * RECORDS_PER_BATCH).padStart(12)} records/s ${mbPerSecond.toFixed(1).padStart(8)} MB/s`,
  );
}

async function benchLog(name, overrides) {
  const dir = path.join(root, name);
  const log = await PartitionLog.open({
    dir,
    topic: 'bench',
    partition: 0,
    config: { ...defaultLogConfig, ...overrides },
  });
  const start = performance.now();
  let appends = 0;
  while (performance.now() - start < seconds * 1000) {
    for (let index = 0; index < 100; index++)
      log.append(batches[appends++ % batches.length], { assignOffsets: true, leaderEpoch: 1 });
  }
  const elapsedMs = performance.now() - start;
  await log.close();
  report(name, appends, appends * batchBytes, elapsedMs);
  fs.rmSync(dir, { recursive: true, force: true });
}

function benchRawWrite() {
  const file = path.join(root, 'raw.bin');
  const fd = fs.openSync(file, 'w');
  const start = performance.now();
  let writes = 0;
  let position = 0;
  while (performance.now() - start < seconds * 1000) {
    for (let index = 0; index < 100; index++) {
      const batch = batches[writes++ % batches.length];
      fs.writeSync(fd, batch, 0, batch.length, position);
      position += batch.length;
      if (position > 1024 * 1024 * 1024) position = 0;
    }
  }
  const elapsedMs = performance.now() - start;
  fs.closeSync(fd);
  report('raw fs.writeSync', writes, writes * batchBytes, elapsedMs);
  fs.rmSync(file, { force: true });
}

async function benchRead() {
  const dir = path.join(root, 'read');
  const log = await PartitionLog.open({
    dir,
    topic: 'bench',
    partition: 0,
    config: { ...defaultLogConfig, segmentBytes: 64 * 1024 * 1024 },
  });
  for (let index = 0; index < 20_000; index++)
    log.append(batches[index % batches.length], { assignOffsets: true, leaderEpoch: 1 });
  const start = performance.now();
  let fetches = 0;
  let bytes = 0;
  let offset = 0n;
  while (performance.now() - start < seconds * 1000) {
    const read = log.read(offset, 1024 * 1024);
    fetches += 1;
    bytes += read.records.length;
    const last = read.records.length - (12 + read.records.readInt32BE(read.records.length - batchBytes + 8));
    offset = read.records.readBigInt64BE(last) + BigInt(RECORDS_PER_BATCH);
    if (offset >= log.logEndOffset) offset = 0n;
  }
  const elapsedMs = performance.now() - start;
  await log.close();
  const mbPerSecond = ((bytes / 1024 / 1024) * 1000) / elapsedMs;
  console.log(
    `${'read 1 MiB fetches'.padEnd(28)} ${Math.round((fetches * 1000) / elapsedMs)
      .toLocaleString('en-US')
      .padStart(10)} fetches/s ${mbPerSecond.toFixed(1).padStart(31)} MB/s`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(`batch ${batchBytes} bytes, ${RECORDS_PER_BATCH} records of 100 bytes, ${seconds}s per run, dir ${root}`);
benchRawWrite();
await benchLog('PartitionLog.append', {});
await benchLog('append, 64 MiB segments', { segmentBytes: 64 * 1024 * 1024 });
await benchLog('append, flush.messages=14000', { flushMessages: 14_000 });
await benchRead();
fs.rmSync(root, { recursive: true, force: true });
