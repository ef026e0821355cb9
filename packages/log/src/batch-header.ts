import { crc32c } from '@node-rs/crc32';

// Record batch v2 framing, hand-parsed here so the log does not depend on the protocol package's codecs.
// The log treats batches as bytes: it only reads this fixed header, checks the CRC, and patches
// baseOffset and partitionLeaderEpoch (both outside the CRC, which covers bytes [21, end)).

/** Bytes before batchLength's payload: baseOffset int64 + batchLength int32 (Kafka's LOG_OVERHEAD). */
export const LOG_OVERHEAD = 12;
/** Size of the fixed v2 batch header (Kafka's RECORD_BATCH_OVERHEAD); a batch with zero records is this big. */
export const BATCH_HEADER_BYTES = 61;

export const BASE_OFFSET_POSITION = 0;
export const BATCH_LENGTH_POSITION = 8;
export const PARTITION_LEADER_EPOCH_POSITION = 12;
export const MAGIC_POSITION = 16;
export const CRC_POSITION = 17;
export const ATTRIBUTES_POSITION = 21;
export const LAST_OFFSET_DELTA_POSITION = 23;
export const BASE_TIMESTAMP_POSITION = 27;
export const MAX_TIMESTAMP_POSITION = 35;
export const PRODUCER_ID_POSITION = 43;
export const PRODUCER_EPOCH_POSITION = 51;
export const BASE_SEQUENCE_POSITION = 53;
export const RECORD_COUNT_POSITION = 57;
export const RECORDS_POSITION = 61;

export const CURRENT_MAGIC = 2;
export const COMPRESSION_CODEC_MASK = 0x07;
export const TIMESTAMP_TYPE_LOG_APPEND_TIME = 0x08;
export const CONTROL_FLAG = 0x20;

/** The parts of a batch header the log needs. */
export interface BatchHeader {
  baseOffset: bigint;
  /** Whole batch size in bytes (LOG_OVERHEAD + batchLength). */
  sizeInBytes: number;
  partitionLeaderEpoch: number;
  magic: number;
  attributes: number;
  lastOffsetDelta: number;
  maxTimestamp: bigint;
  recordCount: number;
}

export function batchSizeAt(buffer: Buffer, position: number): number {
  return LOG_OVERHEAD + buffer.readInt32BE(position + BATCH_LENGTH_POSITION);
}

export function baseOffsetAt(buffer: Buffer, position: number): bigint {
  return buffer.readBigInt64BE(position + BASE_OFFSET_POSITION);
}

export function lastOffsetAt(buffer: Buffer, position: number): bigint {
  return baseOffsetAt(buffer, position) + BigInt(buffer.readInt32BE(position + LAST_OFFSET_DELTA_POSITION));
}

/** Reads the header of the batch at `position`; the caller guarantees BATCH_HEADER_BYTES are available. */
export function readBatchHeader(buffer: Buffer, position: number): BatchHeader {
  return {
    baseOffset: buffer.readBigInt64BE(position + BASE_OFFSET_POSITION),
    sizeInBytes: batchSizeAt(buffer, position),
    partitionLeaderEpoch: buffer.readInt32BE(position + PARTITION_LEADER_EPOCH_POSITION),
    magic: buffer.readInt8(position + MAGIC_POSITION),
    attributes: buffer.readInt16BE(position + ATTRIBUTES_POSITION),
    lastOffsetDelta: buffer.readInt32BE(position + LAST_OFFSET_DELTA_POSITION),
    maxTimestamp: buffer.readBigInt64BE(position + MAX_TIMESTAMP_POSITION),
    recordCount: buffer.readInt32BE(position + RECORD_COUNT_POSITION),
  };
}

/**
 * Checks the header fields that make a batch walkable (size, magic, offset delta) without the CRC.
 * Returns a reason when the batch at `position` cannot be trusted, null otherwise.
 * `available` is how many bytes exist from `position` on (in the buffer or in the file).
 */
export function headerProblem(
  buffer: Buffer,
  position: number,
  available: number,
  maxBatchBytes: number,
): string | null {
  if (available < LOG_OVERHEAD) return `only ${available} bytes left, less than the batch length prefix`;
  const size = batchSizeAt(buffer, position);
  if (size < BATCH_HEADER_BYTES) return `batch size ${size} is smaller than the v2 header`;
  if (size > maxBatchBytes) return `batch size ${size} exceeds the limit ${maxBatchBytes}`;
  if (size > available) return `batch size ${size} runs past the end (${available} bytes left)`;
  if (available < BATCH_HEADER_BYTES) return `only ${available} bytes left, less than the v2 header`;
  const magic = buffer.readInt8(position + MAGIC_POSITION);
  if (magic !== CURRENT_MAGIC) return `magic ${magic}, expected ${CURRENT_MAGIC}`;
  const lastOffsetDelta = buffer.readInt32BE(position + LAST_OFFSET_DELTA_POSITION);
  if (lastOffsetDelta < 0) return `negative lastOffsetDelta ${lastOffsetDelta}`;
  return null;
}

/** CRC-32C over [attributes, end) compared with the stored crc field; the whole batch must be in `buffer`. */
export function crcMatches(buffer: Buffer, position: number, size: number): boolean {
  const stored = buffer.readUInt32BE(position + CRC_POSITION);
  return crc32c(buffer.subarray(position + ATTRIBUTES_POSITION, position + size)) >>> 0 === stored;
}

/** Full check of a batch held entirely in `buffer`: framing, then CRC. */
export function batchProblem(
  buffer: Buffer,
  position: number,
  available: number,
  maxBatchBytes: number,
): string | null {
  const problem = headerProblem(buffer, position, available, maxBatchBytes);
  if (problem !== null) return problem;
  if (!crcMatches(buffer, position, batchSizeAt(buffer, position))) return 'CRC-32C mismatch';
  return null;
}
