// Intent: record batches built here validate, iterate and survive broker-side patching; corruption is caught;
// batches built by kafkajs's own encoder decode to the records it was given.
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import {
  batchSize,
  decodeRecords,
  decodeRecordsSync,
  ErrorCode,
  encodeRecordBatch,
  encodeRecordBatchSync,
  KafkaError,
  RECORD_BATCH_OVERHEAD,
  readBatchHeader,
  setBaseOffset,
  setMaxTimestampAndType,
  setPartitionLeaderEpoch,
  splitBatches,
  TimestampType,
  validateBatch,
} from '../src/index.js';

const require = createRequire(import.meta.url);

const records = [
  { key: 'k1', value: 'v1', timestamp: 1_700_000_000_000n, headers: [{ key: 'h', value: Buffer.from([1, 2]) }] },
  { key: null, value: Buffer.alloc(300, 7), timestamp: 1_700_000_000_005n },
  { key: Buffer.from('k3'), value: null, timestamp: 1_699_999_999_999n, headers: [{ key: 'n', value: null }] },
];

describe.each([0, 1, 2, 3, 4])('compression %i', (compression) => {
  test('build -> validate -> iterate', async () => {
    const batch = await encodeRecordBatch({ baseOffset: 100n, records, compression, producerId: 9n, producerEpoch: 2 });
    expect(validateBatch(batch)).toBeNull();
    expect(batchSize(batch)).toBe(batch.length);
    const header = readBatchHeader(batch);
    expect(header).toMatchObject({
      baseOffset: 100n,
      magic: 2,
      compression,
      recordCount: 3,
      lastOffsetDelta: 2,
      baseTimestamp: 1_700_000_000_000n,
      maxTimestamp: 1_700_000_000_005n,
      producerId: 9n,
      producerEpoch: 2,
      baseSequence: -1,
      timestampType: 0,
      isTransactional: false,
      isControl: false,
    });
    const decoded = await decodeRecords(batch);
    expect(decoded.map((r) => r.offset)).toEqual([100n, 101n, 102n]);
    expect(decoded.map((r) => r.timestamp)).toEqual(records.map((r) => r.timestamp));
    expect(decoded[0].key?.toString()).toBe('k1');
    expect(decoded[0].value?.toString()).toBe('v1');
    expect(decoded[0].headers).toEqual([{ key: 'h', value: Buffer.from([1, 2]) }]);
    expect(decoded[1].key).toBeNull();
    expect(decoded[1].value).toEqual(Buffer.alloc(300, 7));
    expect(decoded[2].value).toBeNull();
    expect(decoded[2].headers).toEqual([{ key: 'n', value: null }]);
    if (compression !== 4) expect(decodeRecordsSync(encodeRecordBatchSync({ records, compression }))).toHaveLength(3);
  });
});

test('a flipped byte inside the CRC range is CORRUPT_MESSAGE', () => {
  const batch = encodeRecordBatchSync({ records });
  for (const position of [21, 40, RECORD_BATCH_OVERHEAD + 3, batch.length - 1]) {
    const copy = Buffer.from(batch);
    copy[position] ^= 0x01;
    expect(validateBatch(copy)?.code).toBe(ErrorCode.CORRUPT_MESSAGE);
  }
});

test('patching baseOffset and leader epoch keeps the CRC valid', () => {
  const batch = encodeRecordBatchSync({ records });
  setBaseOffset(batch, 0, 5_000_000_000n);
  setPartitionLeaderEpoch(batch, 0, 17);
  expect(validateBatch(batch)).toBeNull();
  expect(readBatchHeader(batch)).toMatchObject({ baseOffset: 5_000_000_000n, partitionLeaderEpoch: 17 });
  expect(decodeRecordsSync(batch).map((r) => r.offset)).toEqual([5_000_000_000n, 5_000_000_001n, 5_000_000_002n]);
});

test('LogAppendTime rewrite recomputes the CRC and overrides record timestamps', () => {
  const batch = encodeRecordBatchSync({ records });
  setMaxTimestampAndType(batch, 0, TimestampType.LogAppendTime, 1_800_000_000_000n);
  expect(validateBatch(batch)).toBeNull();
  expect(readBatchHeader(batch).timestampType).toBe(1);
  expect(decodeRecordsSync(batch).every((r) => r.timestamp === 1_800_000_000_000n)).toBe(true);
});

test('structural problems are reported as Kafka error values', () => {
  const batch = encodeRecordBatchSync({ records });
  expect(validateBatch(batch.subarray(0, 40))?.code).toBe(ErrorCode.CORRUPT_MESSAGE);
  expect(validateBatch(batch.subarray(0, batch.length - 1))?.code).toBe(ErrorCode.CORRUPT_MESSAGE);
  const wrongMagic = Buffer.from(batch);
  wrongMagic[16] = 1;
  expect(validateBatch(wrongMagic)?.code).toBe(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT);
  const wrongCount = Buffer.from(batch);
  wrongCount.writeInt32BE(7, 23);
  setMaxTimestampAndType(wrongCount, 0, 1, 1n); // re-sign so only the count check can fail
  expect(validateBatch(wrongCount)?.code).toBe(ErrorCode.INVALID_RECORD);
  expect(() => readBatchHeader(Buffer.alloc(10))).toThrow(KafkaError);
});

test('garbage records inside a valid header are CORRUPT_MESSAGE, never a hang or a huge allocation', () => {
  const batch = encodeRecordBatchSync({ records });
  const bad = Buffer.from(batch);
  bad.writeInt32BE(0x7fffffff, 57);
  expect(() => decodeRecordsSync(bad)).toThrow(KafkaError);
  const garbage = Buffer.from(batch);
  garbage.fill(0xff, RECORD_BATCH_OVERHEAD);
  expect(() => decodeRecordsSync(garbage)).toThrow(KafkaError);
});

test('splitBatches separates concatenated batches and reports a partial tail', () => {
  const a = encodeRecordBatchSync({ records });
  const b = encodeRecordBatchSync({ records: records.slice(0, 1), baseOffset: 3n });
  const { batches, trailingBytes } = splitBatches(Buffer.concat([a, b, b.subarray(0, 20)]));
  expect(batches.map((x) => x.length)).toEqual([a.length, b.length]);
  expect(trailingBytes).toBe(20);
});

describe('kafkajs-encoded batches', () => {
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js');
  const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js');
  const kafkajsRecords = [
    Record({
      offsetDelta: 0,
      timestampDelta: 0,
      key: Buffer.from('a'),
      value: Buffer.from('alpha'),
      headers: { x: 'y' },
    }),
    Record({ offsetDelta: 1, timestampDelta: 10, key: null, value: Buffer.from('beta') }),
  ];

  test.each([0, 1])('codec %i decodes to the given records', async (compression) => {
    const encoder = await RecordBatch({
      compression,
      firstTimestamp: 1_600_000_000_000,
      maxTimestamp: 1_600_000_000_010,
      lastOffsetDelta: 1,
      records: kafkajsRecords,
    });
    const batch: Buffer = encoder.buffer;
    expect(validateBatch(batch)).toBeNull();
    const decoded = await decodeRecords(batch);
    expect(decoded).toEqual([
      {
        offset: 0n,
        timestamp: 1_600_000_000_000n,
        key: Buffer.from('a'),
        value: Buffer.from('alpha'),
        headers: [{ key: 'x', value: Buffer.from('y') }],
      },
      { offset: 1n, timestamp: 1_600_000_000_010n, key: null, value: Buffer.from('beta'), headers: [] },
    ]);
  });
});

test('records of 16-32 KiB made of smaller keys and values keep their own bytes (none is overwritten by the next)', () => {
  const records = [1, 2, 3].map((fill) => ({ key: Buffer.alloc(10_000, fill), value: Buffer.alloc(10_000, fill) }));
  const decoded = decodeRecordsSync(encodeRecordBatchSync({ records, timestamp: 1n }));
  expect(decoded.map((r) => [r.key?.[0], r.value?.[9_999]])).toEqual([
    [1, 1],
    [2, 2],
    [3, 3],
  ]);
});
