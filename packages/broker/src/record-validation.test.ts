// Intent: the broker's per-record pass refuses what Kafka's LogValidator refuses (unparseable records, keyless
// records in compacted topics, CreateTime timestamps outside the before/after bounds, misplaced inner offsets in
// compressed batches) with Kafka's error codes and the offending record's batch index, and accepts the rest.
import {
  Compression,
  computeBatchCrc,
  ErrorCode,
  encodeRecordBatchSync,
  readBatchHeader,
  TimestampType,
} from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { recordRulesFromTopicConfigs, validateRecords } from './record-validation.js';

const NOW = 1_800_000_000_000;
const rules = (configs: Record<string, string> = {}) => recordRulesFromTopicConfigs(new Map(Object.entries(configs)));

function batch(records: { key?: string | null; value: string; timestamp?: number }[], compression = 0) {
  return encodeRecordBatchSync({
    timestamp: NOW,
    compression: compression as 0,
    records: records.map((r) => ({ key: r.key ?? null, value: r.value, timestamp: r.timestamp })),
  });
}

const check = (buf: Buffer, configs: Record<string, string> = {}) =>
  validateRecords(buf, readBatchHeader(buf), rules(configs), NOW, 't-0');

describe('validateRecords', () => {
  it('accepts well-formed records, plain and compressed', async () => {
    expect(await check(batch([{ value: 'a' }, { key: 'k', value: 'b' }]))).toEqual({ ok: true });
    expect(await check(batch([{ value: 'a' }, { value: 'b' }], Compression.gzip))).toEqual({ ok: true });
  });

  it('refuses keyless records in a compacted topic with the index of the first one', async () => {
    const result = await check(batch([{ key: 'k', value: 'a' }, { value: 'b' }]), {
      'cleanup.policy': 'compact,delete',
    });
    expect(result).toMatchObject({ ok: false, errorCode: ErrorCode.INVALID_RECORD });
    expect(result.ok === false && result.recordErrors[0].batchIndex).toBe(1);
    expect(await check(batch([{ key: 'k', value: 'a' }]), { 'cleanup.policy': 'compact' })).toEqual({ ok: true });
  });

  it('bounds CreateTime timestamps: one hour ahead by default, the past only when configured', async () => {
    const future = await check(batch([{ value: 'ok' }, { value: 'late', timestamp: NOW + 3_600_001 }]));
    expect(future).toMatchObject({ ok: false, errorCode: ErrorCode.INVALID_TIMESTAMP });
    expect(future.ok === false && future.recordErrors[0].batchIndex).toBe(1);
    expect(await check(batch([{ value: 'edge', timestamp: NOW + 3_600_000 }]))).toEqual({ ok: true });
    const old = batch([{ value: 'old', timestamp: NOW - 86_400_000 }]);
    expect(await check(old)).toEqual({ ok: true });
    expect(await check(old, { 'message.timestamp.before.max.ms': '60000' })).toMatchObject({
      ok: false,
      errorCode: ErrorCode.INVALID_TIMESTAMP,
    });
    // LogAppendTime topics overwrite the timestamps, so the client's are not judged.
    expect(
      await check(batch([{ value: 'x', timestamp: NOW + 10 * 3_600_000 }]), {
        'message.timestamp.type': 'LogAppendTime',
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a record whose declared size does not match its fields as CORRUPT_MESSAGE', async () => {
    const buf = batch([{ value: 'abc' }, { value: 'def' }]);
    // The first record's size varint sits right after the 61-byte header; make it claim one byte more.
    buf.writeInt8(buf.readInt8(61) + 2, 61);
    buf.writeUInt32BE(computeBatchCrc(buf), 17);
    expect(await check(buf)).toMatchObject({ ok: false, errorCode: ErrorCode.CORRUPT_MESSAGE });
  });

  it('refuses a compressed batch whose inner offsets are not 0..n-1', async () => {
    // Build the inner records uncompressed with a gap (offset deltas 0, 2), then compress that payload.
    const plain = encodeRecordBatchSync({
      timestamp: NOW,
      records: [
        { key: null, value: 'a' },
        { key: null, value: 'b' },
      ],
    });
    const header = readBatchHeader(plain);
    expect(header.timestampType).toBe(TimestampType.CreateTime);
    const payload = Buffer.from(plain.subarray(61));
    // Record 2's offsetDelta varint: size(1) attributes(1) timestampDelta(1) then offsetDelta; zigzag(1) = 2 -> 4.
    const secondStart = 1 + payload.readInt8(0) / 2;
    payload.writeInt8(4, secondStart + 3);
    const { gzipSync } = await import('node:zlib');
    const compressed = gzipSync(payload);
    const out = Buffer.concat([plain.subarray(0, 61), compressed]);
    out.writeInt32BE(out.length - 12, 8);
    out.writeInt16BE(out.readInt16BE(21) | Compression.gzip, 21);
    out.writeUInt32BE(computeBatchCrc(out), 17);
    const result = await check(out);
    expect(result).toMatchObject({ ok: false, errorCode: ErrorCode.INVALID_RECORD });
    expect(result.ok === false && result.recordErrors[0].batchIndex).toBe(1);
  });
});
