// Intent: loading an offsets partition from a real log yields the last value per key in order of last write
// (compressed batches read, transaction markers and KIP-848 records skipped, tombstones removing their key), stops at
// the requested end offset, and names the offset of an undecodable record.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLogConfig, LogManager, type PartitionLog } from '@tributary/log';
import { encodeRecordBatchSync, type RecordInput } from '@tributary/protocol';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupRecord } from '../group-records.js';
import { encodeGroupRecord, groupRecordKeyId } from './group-record-codec.js';
import { CorruptOffsetsRecordError, GroupRecordFold, readOffsetsPartition } from './offsets-partition-reader.js';

const offset = (groupId: string, partition: number, value: bigint): GroupRecord => ({
  kind: 'offset',
  groupId,
  topic: 't',
  partition,
  offset: value,
  leaderEpoch: -1,
  metadata: '',
  commitTimestampMs: 1,
  expireTimestampMs: -1,
});

const group = (groupId: string, generationId: number): GroupRecord => ({
  kind: 'group',
  groupId,
  protocolType: 'consumer',
  generationId,
  protocolName: 'range',
  leaderId: null,
  currentStateTimestampMs: 5,
  members: [],
});

let manager: LogManager | null = null;
let dir = '';
afterEach(async () => {
  await manager?.close();
  manager = null;
  await rm(dir, { recursive: true, force: true });
});

async function openLog(): Promise<PartitionLog> {
  dir = await mkdtemp(join(tmpdir(), 'tributary-offsets-reader-'));
  manager = await LogManager.open({ logDirs: [dir], defaultConfig: defaultLogConfig });
  return manager.getOrCreate('__consumer_offsets', 0);
}

const append = (
  log: PartitionLog,
  records: RecordInput[],
  options: { compression?: number; isControl?: boolean } = {},
) => log.append(encodeRecordBatchSync({ records, timestamp: 1, ...options }), { assignOffsets: true, leaderEpoch: 0 });

describe('readOffsetsPartition', () => {
  it('folds the log to the last value per key, skipping markers and records of other kinds', async () => {
    const log = await openLog();
    append(log, [encodeGroupRecord(offset('g', 0, 1n)), encodeGroupRecord(group('g', 1))]);
    append(log, [encodeGroupRecord(offset('g', 0, 2n)), encodeGroupRecord(offset('g', 1, 3n))], { compression: 1 });
    append(log, [{ key: Buffer.from([0, 0, 0, 0]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }], { isControl: true });
    append(log, [{ key: Buffer.from([0, 3, 0, 1, 0x61]), value: Buffer.from([0, 0]) }]);
    append(log, [encodeGroupRecord({ kind: 'offset-tombstone', groupId: 'g', topic: 't', partition: 1 })]);
    append(log, [encodeGroupRecord(group('g', 2))]);
    expect(await readOffsetsPartition(log, log.logEndOffset)).toEqual([offset('g', 0, 2n), group('g', 2)]);
    // Up to an end offset only: the first batch alone.
    expect(await readOffsetsPartition(log, 2n)).toEqual([offset('g', 0, 1n), group('g', 1)]);
    expect(await readOffsetsPartition(log, log.logEndOffset, () => true)).toBeNull();
  });

  it('names the offset of a record it cannot decode', async () => {
    const log = await openLog();
    append(log, [encodeGroupRecord(offset('g', 0, 1n)), { key: Buffer.from([0, 1, 0]), value: null }]);
    const error = await readOffsetsPartition(log, log.logEndOffset).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CorruptOffsetsRecordError);
    expect((error as CorruptOffsetsRecordError).offset).toBe(1n);
  });
});

describe('GroupRecordFold', () => {
  it('keeps the live keys in the order of their last write, as a map of last writes does', () => {
    const recordArb = fc.oneof(
      fc
        .record({ g: fc.constantFrom('a', 'b'), p: fc.integer({ min: 0, max: 2 }), o: fc.bigInt({ min: 0n, max: 9n }) })
        .map(({ g, p, o }) => offset(g, p, o)),
      fc
        .record({ g: fc.constantFrom('a', 'b'), p: fc.integer({ min: 0, max: 2 }) })
        .map(({ g, p }): GroupRecord => ({ kind: 'offset-tombstone', groupId: g, topic: 't', partition: p })),
      fc
        .record({ g: fc.constantFrom('a', 'b'), gen: fc.integer({ min: 0, max: 9 }) })
        .map(({ g, gen }) => group(g, gen)),
      fc.constantFrom('a', 'b').map((g): GroupRecord => ({ kind: 'group-tombstone', groupId: g })),
    );
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), (records) => {
        const fold = new GroupRecordFold();
        const lastWrite = new Map<string, { index: number; record: GroupRecord }>();
        records.forEach((record, index) => {
          fold.add(record);
          lastWrite.set(groupRecordKeyId(record), { index, record });
        });
        const model = [...lastWrite.values()]
          .filter(({ record }) => record.kind === 'offset' || record.kind === 'group')
          .sort((x, y) => x.index - y.index)
          .map(({ record }) => record);
        expect(fold.records()).toEqual(model);
      }),
    );
  });
});
