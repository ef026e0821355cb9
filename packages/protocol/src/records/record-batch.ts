// Record batch v2 (magic 2) header access, validation and in-place patching, as the broker's hot path needs:
// validate header + CRC, patch baseOffset and partitionLeaderEpoch (outside the CRC), append the bytes unchanged.
// Layout: apache/kafka clients/.../common/record/DefaultRecordBatch.java (offsets L102-135).
import { crc32c as nativeCrc32c } from '@node-rs/crc32';
import { ErrorCode, KafkaError } from '../errors.js';

export const BASE_OFFSET_OFFSET = 0;
export const BATCH_LENGTH_OFFSET = 8;
export const PARTITION_LEADER_EPOCH_OFFSET = 12;
export const MAGIC_OFFSET = 16;
export const CRC_OFFSET = 17;
export const ATTRIBUTES_OFFSET = 21;
export const LAST_OFFSET_DELTA_OFFSET = 23;
export const BASE_TIMESTAMP_OFFSET = 27;
export const MAX_TIMESTAMP_OFFSET = 35;
export const PRODUCER_ID_OFFSET = 43;
export const PRODUCER_EPOCH_OFFSET = 51;
export const BASE_SEQUENCE_OFFSET = 53;
export const RECORDS_COUNT_OFFSET = 57;
/** Size of the batch header; records start here. */
export const RECORD_BATCH_OVERHEAD = 61;
/** Bytes before batchLength's coverage starts: batchSize = LOG_OVERHEAD + batchLength. */
export const LOG_OVERHEAD = 12;

const COMPRESSION_MASK = 0x07;
const TIMESTAMP_TYPE_MASK = 0x08;
const TRANSACTIONAL_MASK = 0x10;
const CONTROL_MASK = 0x20;

export const TimestampType = { CreateTime: 0, LogAppendTime: 1 } as const;

export interface RecordBatchHeader {
  baseOffset: bigint;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  /** attributes bits 0-2: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
  compression: number;
  /** attributes bit 3: 0 CreateTime, 1 LogAppendTime. */
  timestampType: number;
  isTransactional: boolean;
  isControl: boolean;
}

/** CRC-32C (Castagnoli), unsigned. */
export function crc32c(buf: Uint8Array): number {
  return nativeCrc32c(buf) >>> 0;
}

function corrupt(message: string): KafkaError {
  return new KafkaError(ErrorCode.CORRUPT_MESSAGE, message);
}

/** Total size of the batch at `offset`: 12 + batchLength. Throws CORRUPT_MESSAGE if fewer than 12 bytes remain. */
export function batchSize(buf: Buffer, offset = 0): number {
  if (offset < 0 || buf.length - offset < LOG_OVERHEAD) throw corrupt('record batch shorter than its length prefix');
  return LOG_OVERHEAD + buf.readInt32BE(offset + BATCH_LENGTH_OFFSET);
}

/** Reads every header field. Throws CORRUPT_MESSAGE if fewer than RECORD_BATCH_OVERHEAD bytes remain. */
export function readBatchHeader(buf: Buffer, offset = 0): RecordBatchHeader {
  if (offset < 0 || buf.length - offset < RECORD_BATCH_OVERHEAD) throw corrupt('record batch shorter than its header');
  const attributes = buf.readInt16BE(offset + ATTRIBUTES_OFFSET);
  return {
    baseOffset: buf.readBigInt64BE(offset + BASE_OFFSET_OFFSET),
    batchLength: buf.readInt32BE(offset + BATCH_LENGTH_OFFSET),
    partitionLeaderEpoch: buf.readInt32BE(offset + PARTITION_LEADER_EPOCH_OFFSET),
    magic: buf.readInt8(offset + MAGIC_OFFSET),
    crc: buf.readUInt32BE(offset + CRC_OFFSET),
    attributes,
    lastOffsetDelta: buf.readInt32BE(offset + LAST_OFFSET_DELTA_OFFSET),
    baseTimestamp: buf.readBigInt64BE(offset + BASE_TIMESTAMP_OFFSET),
    maxTimestamp: buf.readBigInt64BE(offset + MAX_TIMESTAMP_OFFSET),
    producerId: buf.readBigInt64BE(offset + PRODUCER_ID_OFFSET),
    producerEpoch: buf.readInt16BE(offset + PRODUCER_EPOCH_OFFSET),
    baseSequence: buf.readInt32BE(offset + BASE_SEQUENCE_OFFSET),
    recordCount: buf.readInt32BE(offset + RECORDS_COUNT_OFFSET),
    compression: attributes & COMPRESSION_MASK,
    timestampType: (attributes & TIMESTAMP_TYPE_MASK) === 0 ? 0 : 1,
    isTransactional: (attributes & TRANSACTIONAL_MASK) !== 0,
    isControl: (attributes & CONTROL_MASK) !== 0,
  };
}

/** CRC-32C of the batch at `offset` as stored on the wire: attributes .. end of batch. */
export function computeBatchCrc(buf: Buffer, offset = 0): number {
  const end = offset + batchSize(buf, offset);
  return crc32c(buf.subarray(offset + ATTRIBUTES_OFFSET, end));
}

/**
 * Checks the batch at `offset` the way Kafka does before appending (DefaultRecordBatch.ensureValid and
 * LogValidator.validateBatch). Returns null if valid, else a KafkaError VALUE (not thrown: a bad batch is an
 * expected failure the broker answers with its code):
 * - CORRUPT_MESSAGE: fewer bytes than the header or than batchLength says, batchLength below the header, bad CRC;
 * - UNSUPPORTED_FOR_MESSAGE_FORMAT: magic other than 2;
 * - INVALID_RECORD: recordCount <= 0 or recordCount != lastOffsetDelta + 1.
 */
export function validateBatch(buf: Buffer, offset = 0): KafkaError | null {
  if (offset < 0 || buf.length - offset < RECORD_BATCH_OVERHEAD) return corrupt('record batch shorter than its header');
  const magic = buf.readInt8(offset + MAGIC_OFFSET);
  if (magic !== 2)
    return new KafkaError(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, `record batch magic ${magic}, not 2`);
  const batchLength = buf.readInt32BE(offset + BATCH_LENGTH_OFFSET);
  if (batchLength < RECORD_BATCH_OVERHEAD - LOG_OVERHEAD)
    return corrupt(`batchLength ${batchLength} below header size`);
  if (LOG_OVERHEAD + batchLength > buf.length - offset) {
    return corrupt(`batchLength ${batchLength} exceeds the ${buf.length - offset - LOG_OVERHEAD} bytes present`);
  }
  const stored = buf.readUInt32BE(offset + CRC_OFFSET);
  const actual = computeBatchCrc(buf, offset);
  if (stored !== actual) return corrupt(`record batch CRC ${stored} does not match computed ${actual}`);
  const recordCount = buf.readInt32BE(offset + RECORDS_COUNT_OFFSET);
  const lastOffsetDelta = buf.readInt32BE(offset + LAST_OFFSET_DELTA_OFFSET);
  if (recordCount <= 0) return new KafkaError(ErrorCode.INVALID_RECORD, `record batch has ${recordCount} records`);
  if (recordCount !== lastOffsetDelta + 1) {
    return new KafkaError(
      ErrorCode.INVALID_RECORD,
      `record count ${recordCount} does not match lastOffsetDelta ${lastOffsetDelta} + 1`,
    );
  }
  return null;
}

/** Splits concatenated batches into views. A trailing partial batch (legal at the end of a Fetch answer) is returned apart. */
export function splitBatches(buf: Buffer): { batches: Buffer[]; trailingBytes: number } {
  const batches: Buffer[] = [];
  let pos = 0;
  while (buf.length - pos >= LOG_OVERHEAD) {
    const size = batchSize(buf, pos);
    if (size < RECORD_BATCH_OVERHEAD) throw corrupt(`batch at ${pos} claims ${size} bytes, below the header size`);
    if (pos + size > buf.length) break;
    batches.push(buf.subarray(pos, pos + size));
    pos += size;
  }
  return { batches, trailingBytes: buf.length - pos };
}

/** Overwrites baseOffset in place (not covered by the CRC). */
export function setBaseOffset(buf: Buffer, offset: number, baseOffset: bigint): void {
  buf.writeBigInt64BE(baseOffset, offset + BASE_OFFSET_OFFSET);
}

/** Overwrites partitionLeaderEpoch in place (not covered by the CRC). */
export function setPartitionLeaderEpoch(buf: Buffer, offset: number, epoch: number): void {
  buf.writeInt32BE(epoch, offset + PARTITION_LEADER_EPOCH_OFFSET);
}

/**
 * Sets the timestamp type bit and maxTimestamp, then recomputes the CRC (both are inside it), as
 * DefaultRecordBatch.setMaxTimestamp does for LogAppendTime topics. Skips the rewrite when nothing changes.
 */
export function setMaxTimestampAndType(buf: Buffer, offset: number, timestampType: number, maxTimestamp: bigint): void {
  const attributes = buf.readInt16BE(offset + ATTRIBUTES_OFFSET);
  const nextAttributes =
    timestampType === TimestampType.LogAppendTime
      ? attributes | TIMESTAMP_TYPE_MASK
      : attributes & ~TIMESTAMP_TYPE_MASK;
  if (nextAttributes === attributes && buf.readBigInt64BE(offset + MAX_TIMESTAMP_OFFSET) === maxTimestamp) return;
  buf.writeInt16BE(nextAttributes, offset + ATTRIBUTES_OFFSET);
  buf.writeBigInt64BE(maxTimestamp, offset + MAX_TIMESTAMP_OFFSET);
  buf.writeUInt32BE(computeBatchCrc(buf, offset), offset + CRC_OFFSET);
}
