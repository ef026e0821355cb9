// Intent: the log cleaner's edge rules hold - producer and segment last batches survive as empty batches, control and transactional batches stay whole, min.compaction.lag.ms and a full offset map bound the pass, a truncation mid-pass aborts it cleanly, compact-only logs skip retention, timestamp lookups skip holes, and a long pass yields to the event loop.
import * as fs from 'node:fs';
import { encodeRecordBatch } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { defaultLogConfig, type LogConfig, LogManager, PartitionLog } from '../src/index.js';
import { cleanLog } from '../src/log-cleaner.js';
import { silentLogger } from '../src/logger.js';
import { readAllRecords, tempDir } from './helpers.js';

const config: LogConfig = {
  ...defaultLogConfig,
  segmentMs: 1000,
  indexIntervalBytes: 128,
  cleanupPolicy: 'compact',
  minCleanableDirtyRatio: 0,
};

interface Fixture {
  log: PartitionLog;
  dir: string;
  now: () => number;
  tick: (ms: number) => void;
  append: (
    records: { key: string | null; value: string | null }[],
    extra?: { producerId?: bigint; isControl?: boolean; transactional?: boolean },
  ) => Promise<bigint>;
  roll: () => void;
}

async function fixture(overrides: Partial<LogConfig> = {}): Promise<Fixture> {
  const dir = tempDir();
  let now = 1_000_000;
  const log = await PartitionLog.open({
    dir,
    topic: 't',
    partition: 0,
    config: { ...config, ...overrides },
    clock: () => now,
  });
  return {
    log,
    dir,
    now: () => now,
    tick: (ms) => {
      now += ms;
    },
    append: async (records, extra = {}) => {
      const batch = await encodeRecordBatch({ records, timestamp: now, producerEpoch: 0, baseSequence: 0, ...extra });
      const result = log.append(batch, { assignOffsets: true, leaderEpoch: 0 });
      log.updateHighWatermark(log.logEndOffset);
      return result.baseOffset;
    },
    roll: () => {
      now += 1000;
      log.maybeRoll(now);
    },
  };
}

/** Base offset, last offset and record count of every batch, from the log start. */
function batchShapes(log: PartitionLog): { base: bigint; last: bigint; count: number; producerId: bigint }[] {
  const shapes: { base: bigint; last: bigint; count: number; producerId: bigint }[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const result = log.read(offset, 1);
    if (result.batchCount === 0) break;
    const bytes = result.records;
    const shape = {
      base: bytes.readBigInt64BE(0),
      last: bytes.readBigInt64BE(0) + BigInt(bytes.readInt32BE(23)),
      count: bytes.readInt32BE(57),
      producerId: bytes.readBigInt64BE(43),
    };
    shapes.push(shape);
    offset = shape.last + 1n;
  }
  return shapes;
}

const clean = (f: Fixture, offsetMapBytes = 1 << 20) =>
  cleanLog(f.log, { nowMs: f.now(), offsetMapBytes, logger: silentLogger });

describe('log cleaner', () => {
  it('keeps a segment last batch and a producer last batch as empty batches with their offset ranges', async () => {
    const f = await fixture();
    await f.append([{ key: 'a', value: '1' }], { producerId: 7n }); // 0: producer 7's last batch
    await f.append([
      { key: 'b', value: '1' },
      { key: 'a', value: '2' },
    ]); // 1-2
    await f.append([{ key: 'b', value: '2' }]); // 3
    await f.append([{ key: 'c', value: '1' }]); // 4: segment 0's last batch
    f.roll();
    await f.append([
      { key: 'c', value: '2' },
      { key: 'a', value: '3' },
    ]); // 5-6
    f.roll();
    await f.append([{ key: 'z', value: 'active' }]); // 7
    const result = await clean(f);
    expect(result).toMatchObject({ completed: true, segmentsRewritten: 1, cleanedUpTo: 7n, recordsRemoved: 4 });
    expect(batchShapes(f.log)).toEqual([
      { base: 0n, last: 0n, count: 0, producerId: 7n },
      { base: 3n, last: 3n, count: 1, producerId: -1n },
      { base: 4n, last: 4n, count: 0, producerId: -1n },
      { base: 5n, last: 6n, count: 2, producerId: -1n },
      { base: 7n, last: 7n, count: 1, producerId: -1n },
    ]);
    expect((await readAllRecords(f.log)).map((record) => `${record.offset}:${record.key}=${record.value}`)).toEqual([
      '3:b=2',
      '5:c=2',
      '6:a=3',
      '7:z=active',
    ]);
    // Batch 1-2 lost both records and is neither a segment's nor a producer's last batch: dropped, a hole remains.
    expect(f.log.read(1n, 1).firstOffset).toBe(3n);
    await f.log.close();
  });

  it('keeps control and transactional batches whole and lets neither shadow an older value', async () => {
    const f = await fixture();
    await f.append([{ key: 'a', value: '1' }]); // 0
    await f.append([{ key: 'a', value: 'txn' }], { producerId: 3n, transactional: true }); // 1
    await f.append([{ key: 'marker', value: 'commit' }], { producerId: 3n, transactional: true, isControl: true }); // 2
    await f.append([{ key: 'b', value: '1' }]); // 3
    await f.append([{ key: 'b', value: '2' }]); // 4
    f.roll();
    await f.append([{ key: 'z', value: 'active' }]);
    expect(await clean(f)).toMatchObject({ completed: true, recordsRemoved: 1 });
    expect((await readAllRecords(f.log)).map((record) => `${record.offset}:${record.key}=${record.value}`)).toEqual([
      '0:a=1',
      '1:a=txn',
      '2:marker=commit',
      '4:b=2',
      '5:z=active',
    ]);
    await f.log.close();
  });

  it('leaves segments newer than min.compaction.lag.ms and beyond a full offset map for a later pass', async () => {
    const f = await fixture({ minCompactionLagMs: 7000 });
    // Four segments of 11 records (bases 0, 11, 22, 33), written 3 s apart; the active one starts at 44.
    for (let segment = 0; segment < 4; segment++) {
      for (let index = 0; index < 10; index++) await f.append([{ key: `k${segment}-${index}`, value: `${index}` }]);
      await f.append([{ key: 'hot', value: `${segment}` }]);
      f.tick(2000);
      f.roll();
    }
    expect(f.log.segmentBaseOffsets()).toEqual([0n, 11n, 22n, 33n, 44n]);
    // Only segments 0 and 1 are older than the lag. A map with room for one segment's 11 keys maps only segment 0.
    const small = await clean(f, 13 * 70);
    expect(small).toMatchObject({ completed: true, cleanedUpTo: 11n, recordsRemoved: 0 });
    const full = await clean(f);
    expect(full).toMatchObject({ completed: true, cleanedUpTo: 22n, recordsRemoved: 1 });
    expect((await readAllRecords(f.log)).filter((record) => record.key === 'hot').map((r) => r.offset)).toEqual([
      21n,
      32n,
      43n,
    ]);
    await f.log.close();
  });

  it('drops tombstones only once delete.retention.ms has passed since their timestamp', async () => {
    const f = await fixture({ deleteRetentionMs: 10_000 });
    await f.append([{ key: 'a', value: '1' }]);
    await f.append([{ key: 'a', value: null }]);
    await f.append([{ key: 'b', value: '1' }]);
    f.roll();
    await f.append([{ key: 'c', value: '1' }]);
    f.roll();
    await clean(f);
    expect((await readAllRecords(f.log)).map((record) => `${record.offset}:${record.key}=${record.value}`)).toEqual([
      '1:a=null',
      '2:b=1',
      '3:c=1',
    ]);
    f.tick(10_001);
    await f.append([{ key: 'd', value: '1' }]); // new dirty data, so the next pass runs
    f.roll();
    await clean(f);
    expect((await readAllRecords(f.log)).map((record) => `${record.offset}:${record.key}=${record.value}`)).toEqual([
      '2:b=1',
      '3:c=1',
      '4:d=1',
    ]);
    // ListOffsets by timestamp still answers across the hole: the first record at or after the target.
    expect(f.log.offsetForTimestamp(0n)?.offset).toBe(2n);
    await f.log.close();
  });

  it('aborts a pass whose log is truncated underneath, leaving no cleaned files and every record at its offset', async () => {
    const f = await fixture();
    for (let segment = 0; segment < 30; segment++) {
      for (let index = 0; index < 20; index++) await f.append([{ key: `k${index % 3}`, value: `${segment}-${index}` }]);
      f.roll();
    }
    const pass = clean(f);
    await new Promise((resolve) => setImmediate(resolve));
    f.log.truncateTo(45n);
    const result = await pass;
    expect(result?.completed).toBe(false);
    expect(fs.readdirSync(f.dir).filter((name) => /\.(cleaned|swap)$/.test(name))).toEqual([]);
    expect(f.log.logEndOffset).toBe(45n);
    for (const record of await readAllRecords(f.log)) {
      const offset = Number(record.offset);
      expect(record.value).toBe(`${Math.floor(offset / 20)}-${offset % 20}`);
    }
    await f.log.close();
  });

  it('yields to the event loop while cleaning a long log', async () => {
    const f = await fixture({ segmentBytes: 64 * 1024 });
    const value = 'x'.repeat(200);
    for (let index = 0; index < 6000; index++) await f.append([{ key: `k${index % 50}`, value }]);
    f.roll();
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 0);
    const result = await clean(f);
    clearInterval(timer);
    expect(result?.recordsRemoved).toBe(6000 - 50);
    expect(ticks).toBeGreaterThan(5);
    await f.log.close();
  });

  it('skips retention on a compact-only log but applies it to compact,delete', async () => {
    for (const [cleanupPolicy, deleted] of [
      ['compact', 0],
      ['compact,delete', 3],
    ] as const) {
      const f = await fixture({ cleanupPolicy, retentionMs: 1000 });
      for (let segment = 0; segment < 3; segment++) {
        await f.append([{ key: 'a', value: `${segment}` }]);
        f.roll();
      }
      f.tick(10_000);
      expect(f.log.applyRetention(f.now())).toBe(deleted);
      await f.log.close();
    }
  });

  it('LogManager.runCleaner cleans compacted logs only, joins a running pass, and a close during a pass leaves a cleanly reopenable log', async () => {
    const logDir = tempDir();
    const manager = await LogManager.open({ logDirs: [logDir], defaultConfig: { ...config, segmentBytes: 4096 } });
    const compacted = await manager.getOrCreate('c', 0);
    const plain = await manager.getOrCreate('d', 0, { cleanupPolicy: 'delete' });
    for (const log of [compacted, plain]) {
      for (let index = 0; index < 2000; index++) {
        const batch = await encodeRecordBatch({ records: [{ key: `k${index % 3}`, value: `${index}` }], timestamp: 1 });
        log.append(batch, { assignOffsets: true, leaderEpoch: 0 });
      }
      log.updateHighWatermark(log.logEndOffset);
    }
    const plainSize = plain.sizeInBytes();
    const first = manager.runCleaner();
    expect(manager.runCleaner()).toBe(first);
    expect(await first).toBeGreaterThan(10);
    expect(plain.sizeInBytes()).toBe(plainSize);
    expect((await readAllRecords(compacted)).length).toBeLessThan(200);
    // New dirty data, then a close in the middle of the next pass.
    for (let index = 0; index < 2000; index++) {
      const batch = await encodeRecordBatch({ records: [{ key: `k${index % 3}`, value: `${index}` }], timestamp: 1 });
      compacted.append(batch, { assignOffsets: true, leaderEpoch: 0 });
    }
    compacted.updateHighWatermark(compacted.logEndOffset);
    const end = compacted.logEndOffset;
    const pass = manager.runCleaner();
    await new Promise((resolve) => setImmediate(resolve));
    await manager.close();
    await pass;
    const dir = compacted.dir;
    expect(fs.readdirSync(dir).filter((name) => /\.(cleaned|swap)$/.test(name))).toEqual([]);
    const reopened = await PartitionLog.open({ dir, topic: 'c', partition: 0, config });
    expect(reopened.recoveryReport.cleanShutdown).toBe(true);
    expect(reopened.logEndOffset).toBe(end);
    await reopened.close();
  });

  it('keeps the clean point across a reopen, lowers it with a truncation, and treats a damaged checkpoint as all dirty', async () => {
    const f = await fixture();
    for (let segment = 0; segment < 3; segment++) {
      for (let index = 0; index < 5; index++) await f.append([{ key: `k${index % 2}`, value: `${segment}-${index}` }]);
      f.roll();
    }
    expect(await clean(f)).toMatchObject({ completed: true, cleanedUpTo: 15n });
    await f.log.close();
    const checkpoint = `${f.dir}/cleaner-offset-checkpoint`;
    expect(fs.readFileSync(checkpoint, 'utf8')).toBe('0\n1\nfirstDirtyOffset 15\n');
    const reopen = () => PartitionLog.open({ dir: f.dir, topic: 't', partition: 0, config, clock: () => f.now() });
    let log = await reopen();
    log.updateHighWatermark(log.logEndOffset);
    expect(await cleanLog(log, { nowMs: f.now(), offsetMapBytes: 1 << 20, logger: silentLogger })).toBeNull();
    // Offsets 5-8 were cleaned away (a hole before the empty batch at 9): the log ends exactly at 7, as in Kafka.
    log.truncateTo(7n);
    expect(log.logEndOffset).toBe(7n);
    expect(fs.readFileSync(checkpoint, 'utf8')).toBe('0\n1\nfirstDirtyOffset 7\n');
    await log.close();
    fs.writeFileSync(checkpoint, 'garbage');
    log = await reopen();
    log.updateHighWatermark(log.logEndOffset);
    expect(log.cleanerView().firstDirtyOffset).toBe(0n);
    await log.close();
  });
});
