/**
 * Checks a client's Produce records for one partition the way Kafka does before appending
 * (ProduceRequest.validateRecords, LogValidator.validateBatch): exactly one magic-2 batch for v3+, base offset 0,
 * record count matching the offset delta, no control batch, a sequence whenever there is a producer id, zstd only
 * from v7, and a matching CRC-32C. Reads the header in place; the records themselves are checked afterwards by
 * record-validation.ts.
 */
import {
  ErrorCode,
  LOG_OVERHEAD,
  RECORD_BATCH_OVERHEAD,
  type RecordBatchHeader,
  readBatchHeader,
  TimestampType,
  validateBatch,
} from '@tributary/protocol';

export type ProduceValidation =
  | { ok: true; header: RecordBatchHeader }
  | { ok: false; errorCode: number; message: string };

const COMPRESSION_ZSTD = 4;
const ONE_BATCH = 'Produce requests with version 3+ must have exactly one record batch';

const fail = (errorCode: number, message: string): ProduceValidation => ({ ok: false, errorCode, message });

export function validateProduceRecords(
  records: Buffer | null,
  apiVersion: number,
  maxMessageBytes: number,
): ProduceValidation {
  if (records === null || records.length < RECORD_BATCH_OVERHEAD) return fail(ErrorCode.INVALID_RECORD, ONE_BATCH);
  const header = readBatchHeader(records, 0);
  if (header.magic !== 2) return fail(ErrorCode.INVALID_RECORD, 'Produce requests with version 3+ must have magic 2');
  // Either several batches or a truncated one: both break the one-batch rule.
  if (LOG_OVERHEAD + header.batchLength !== records.length) return fail(ErrorCode.INVALID_RECORD, ONE_BATCH);
  if (records.length > maxMessageBytes) {
    return fail(
      ErrorCode.MESSAGE_TOO_LARGE,
      `The record batch size ${records.length} bytes exceeds max.message.bytes ${maxMessageBytes}`,
    );
  }
  if (header.compression === COMPRESSION_ZSTD && apiVersion < 7) {
    return fail(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 'Produce requests with zstd compression need version 7+');
  }
  if (header.compression > COMPRESSION_ZSTD) {
    return fail(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `unknown compression codec ${header.compression}`);
  }
  const invalid = validateBatch(records, 0);
  if (invalid !== null) return fail(invalid.code, invalid.message);
  if (header.baseOffset !== 0n) {
    return fail(
      ErrorCode.INVALID_RECORD,
      `The baseOffset of the record batch should be 0, but it is ${header.baseOffset}`,
    );
  }
  if (header.isControl) return fail(ErrorCode.INVALID_RECORD, 'Clients are not allowed to write control records');
  if (header.isTransactional) {
    // No transaction coordinator exists, so no transactional producer can have been initialised.
    return fail(ErrorCode.INVALID_RECORD, 'Transactional record batches are not supported by this broker');
  }
  if (header.timestampType === TimestampType.LogAppendTime) {
    return fail(ErrorCode.INVALID_TIMESTAMP, 'Clients may not send LogAppendTime batches');
  }
  if (header.producerId >= 0n && header.baseSequence < 0) {
    return fail(
      ErrorCode.INVALID_RECORD,
      `Invalid sequence number ${header.baseSequence} for producer ${header.producerId}`,
    );
  }
  return { ok: true, header };
}
