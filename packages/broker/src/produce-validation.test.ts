// Intent: Produce v3+ record validation answers each malformed batch with the Kafka error code the real broker uses.
import { ErrorCode, encodeRecordBatchSync } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { validateProduceRecords } from './produce-validation.js';

const batch = (extra: Partial<Parameters<typeof encodeRecordBatchSync>[0]> = {}) =>
  encodeRecordBatchSync({ records: [{ key: 'k', value: 'v' }, { value: 'w' }], timestamp: 1000, ...extra });

function codeOf(records: Buffer | null, version = 9, max = 1 << 20): number {
  const result = validateProduceRecords(records, version, max);
  return result.ok ? ErrorCode.NONE : result.errorCode;
}

describe('validateProduceRecords', () => {
  it('accepts one well-formed batch and exposes its header', () => {
    const result = validateProduceRecords(batch({ producerId: 7n, producerEpoch: 0, baseSequence: 0 }), 9, 1 << 20);
    expect(result).toMatchObject({ ok: true, header: { producerId: 7n, recordCount: 2, lastOffsetDelta: 1 } });
  });

  it('rejects missing records and two batches', () => {
    expect(codeOf(null)).toBe(ErrorCode.INVALID_RECORD);
    expect(codeOf(Buffer.concat([batch(), batch()]))).toBe(ErrorCode.INVALID_RECORD);
  });

  it('rejects a flipped byte as CORRUPT_MESSAGE', () => {
    const b = batch();
    b[b.length - 1] ^= 0xff;
    expect(codeOf(b)).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it('rejects a batch above max.message.bytes', () => {
    const b = batch();
    expect(codeOf(b, 9, b.length - 1)).toBe(ErrorCode.MESSAGE_TOO_LARGE);
  });

  it('rejects a non-zero base offset, control and transactional batches', () => {
    expect(codeOf(batch({ baseOffset: 5n }))).toBe(ErrorCode.INVALID_RECORD);
    expect(codeOf(batch({ isControl: true }))).toBe(ErrorCode.INVALID_RECORD);
    expect(codeOf(batch({ transactional: true, producerId: 1n, producerEpoch: 0, baseSequence: 0 }))).toBe(
      ErrorCode.INVALID_RECORD,
    );
  });

  it('rejects a producer id without a sequence and a client LogAppendTime', () => {
    expect(codeOf(batch({ producerId: 1n, producerEpoch: 0, baseSequence: -1 }))).toBe(ErrorCode.INVALID_RECORD);
    expect(codeOf(batch({ timestampType: 1 }))).toBe(ErrorCode.INVALID_TIMESTAMP);
  });

  it('rejects zstd before Produce v7', () => {
    const b = batch();
    b.writeInt16BE(b.readInt16BE(21) | 4, 21);
    expect(codeOf(b, 6)).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
  });
});
