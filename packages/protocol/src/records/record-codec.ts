// Records inside a v2 batch (DefaultRecord.java): building a batch from records and iterating a batch's records.
import { ErrorCode, KafkaError, ProtocolDecodeError } from '../errors.js';
import { Reader } from '../primitives/reader.js';
import { Writer } from '../primitives/writer.js';
import { compress, compressSync, decompress, decompressSync, MAX_DECOMPRESSED_BYTES_DEFAULT } from './compression.js';
import {
  ATTRIBUTES_OFFSET,
  BATCH_LENGTH_OFFSET,
  CRC_OFFSET,
  crc32c,
  LOG_OVERHEAD,
  RECORD_BATCH_OVERHEAD,
  type RecordBatchHeader,
  readBatchHeader,
  TimestampType,
} from './record-batch.js';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** One record as a consumer sees it. */
export interface Record {
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface RecordInput {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: { key: string; value: Buffer | string | null }[];
  /** Epoch millis; defaults to the batch's `timestamp` option. */
  timestamp?: bigint | number;
}

export interface RecordBatchInput {
  baseOffset?: bigint;
  records: RecordInput[];
  /** 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd (zstd needs the async encodeRecordBatch). */
  compression?: number;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  partitionLeaderEpoch?: number;
  transactional?: boolean;
  isControl?: boolean;
  timestampType?: number;
  /** Timestamp for records that carry none. Required when any record lacks one: the builder reads no clock. */
  timestamp?: bigint | number;
}

/** Fewest bytes a record can take: length, attributes, timestampDelta, offsetDelta, keyLen, valueLen, headerCount. */
const MIN_RECORD_BYTES = 7;

const toBuffer = (v: Buffer | string | null | undefined): Buffer | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;

function writeRecordsBody(
  records: RecordInput[],
  baseTimestamp: bigint,
  defaultTimestamp: bigint | undefined,
): { body: Buffer; maxTimestamp: bigint } {
  // The body copies every record: a record is a view on recordWriter's buffer, which the next record overwrites, so
  // referencing it (as a Writer does for runs of 16 KiB and more) corrupted every record of that size but the last.
  const w = new Writer(256, Number.POSITIVE_INFINITY);
  const recordWriter = new Writer(128);
  let maxTimestamp = -1n;
  records.forEach((record, i) => {
    const timestamp = timestampOf(record, defaultTimestamp);
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    recordWriter.reset();
    recordWriter.int8(0);
    recordWriter.varlong(timestamp - baseTimestamp);
    recordWriter.varint(i);
    writeVarintBytes(recordWriter, toBuffer(record.key));
    writeVarintBytes(recordWriter, toBuffer(record.value));
    const headers = record.headers ?? [];
    recordWriter.varint(headers.length);
    for (const h of headers) {
      writeVarintBytes(recordWriter, Buffer.from(h.key, 'utf8'));
      writeVarintBytes(recordWriter, toBuffer(h.value));
    }
    w.varint(recordWriter.length);
    w.raw(recordWriter.finish());
  });
  return { body: w.finish(), maxTimestamp };
}

function writeVarintBytes(w: Writer, b: Buffer | null): void {
  if (b === null) {
    w.varint(-1);
    return;
  }
  w.varint(b.length);
  w.raw(b);
}

function timestampOf(record: RecordInput, defaultTimestamp: bigint | undefined): bigint {
  if (record.timestamp !== undefined) return BigInt(record.timestamp);
  if (defaultTimestamp === undefined) throw new RangeError('record without timestamp and no batch timestamp given');
  return defaultTimestamp;
}

function assembleBatch(input: RecordBatchInput, payload: Buffer, maxTimestamp: bigint, baseTimestamp: bigint): Buffer {
  const count = input.records.length;
  const size = RECORD_BATCH_OVERHEAD + payload.length;
  const buf = Buffer.allocUnsafe(size);
  let attributes = (input.compression ?? 0) & 0x07;
  if ((input.timestampType ?? TimestampType.CreateTime) === TimestampType.LogAppendTime) attributes |= 0x08;
  if (input.transactional) attributes |= 0x10;
  if (input.isControl) attributes |= 0x20;
  buf.writeBigInt64BE(input.baseOffset ?? 0n, 0);
  buf.writeInt32BE(size - LOG_OVERHEAD, BATCH_LENGTH_OFFSET);
  buf.writeInt32BE(input.partitionLeaderEpoch ?? -1, 12);
  buf.writeInt8(2, 16);
  buf.writeInt16BE(attributes, ATTRIBUTES_OFFSET);
  buf.writeInt32BE(count - 1, 23);
  buf.writeBigInt64BE(baseTimestamp, 27);
  buf.writeBigInt64BE(maxTimestamp, 35);
  buf.writeBigInt64BE(input.producerId ?? -1n, 43);
  buf.writeInt16BE(input.producerEpoch ?? -1, 51);
  buf.writeInt32BE(input.baseSequence ?? -1, 53);
  buf.writeInt32BE(count, 57);
  payload.copy(buf, RECORD_BATCH_OVERHEAD);
  buf.writeUInt32BE(crc32c(buf.subarray(ATTRIBUTES_OFFSET)), CRC_OFFSET);
  return buf;
}

function prepare(input: RecordBatchInput) {
  if (input.records.length === 0) throw new RangeError('a record batch needs at least one record');
  const defaultTimestamp = input.timestamp === undefined ? undefined : BigInt(input.timestamp);
  const baseTimestamp = timestampOf(input.records[0], defaultTimestamp);
  return { baseTimestamp, ...writeRecordsBody(input.records, baseTimestamp, defaultTimestamp) };
}

/** Builds a v2 batch synchronously (compression none, gzip, snappy or lz4). */
export function encodeRecordBatchSync(input: RecordBatchInput): Buffer {
  const { baseTimestamp, body, maxTimestamp } = prepare(input);
  return assembleBatch(input, compressSync(input.compression ?? 0, body), maxTimestamp, baseTimestamp);
}

/** Builds a v2 batch; async because zstd compression is. The CRC is computed over the final bytes. */
export async function encodeRecordBatch(input: RecordBatchInput): Promise<Buffer> {
  const { baseTimestamp, body, maxTimestamp } = prepare(input);
  return assembleBatch(input, await compress(input.compression ?? 0, body), maxTimestamp, baseTimestamp);
}

function readVarintBytes(r: Reader): Buffer | null {
  const n = r.varint();
  if (n < -1) throw new ProtocolDecodeError(`negative length ${n}`);
  return n < 0 ? null : r.view(n);
}

/** One record's fields as the walker reads them; keys, values and header values are views into the payload. */
interface RawRecord {
  timestampDelta: bigint;
  offsetDelta: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/**
 * Walks the `header.recordCount` records of a (decompressed) v2 payload, checking what DefaultRecord.readFrom
 * checks: each record's size covers exactly its fields, lengths are -1 or in bounds, and the records fill the
 * payload exactly. Throws ProtocolDecodeError on the first violation.
 */
function walkRecords(header: RecordBatchHeader, payload: Buffer, visit: (record: RawRecord, index: number) => void) {
  const r = new Reader(payload);
  const count = header.recordCount;
  if (count < 0 || count * MIN_RECORD_BYTES > payload.length) {
    throw new ProtocolDecodeError(`record count ${count} does not fit in ${payload.length} bytes`);
  }
  for (let i = 0; i < count; i++) {
    const length = r.varint();
    if (length < 0) throw new ProtocolDecodeError(`negative record size ${length}`);
    r.need(length);
    const end = r.offset + length;
    const rr = new Reader(payload, r.offset, end);
    rr.int8(); // attributes: unused in v2
    const timestampDelta = rr.varlong();
    const offsetDelta = rr.varint();
    const key = readVarintBytes(rr);
    const value = readVarintBytes(rr);
    const headerCount = rr.varint();
    if (headerCount < 0 || headerCount * 2 > rr.remaining()) {
      throw new ProtocolDecodeError(`header count ${headerCount} does not fit in the record`);
    }
    const headers: RecordHeader[] = new Array(headerCount);
    for (let h = 0; h < headerCount; h++) {
      const keyLength = rr.varint();
      if (keyLength < 0) throw new ProtocolDecodeError('negative header key size');
      const headerKey = rr.utf8(keyLength);
      headers[h] = { key: headerKey, value: readVarintBytes(rr) };
    }
    if (rr.remaining() !== 0) {
      throw new ProtocolDecodeError(
        `record ${i} declares ${length} bytes but its fields take ${length - rr.remaining()}`,
      );
    }
    r.offset = end;
    visit({ timestampDelta, offsetDelta, key, value, headers }, i);
  }
  if (r.remaining() !== 0) throw new ProtocolDecodeError(`${r.remaining()} bytes after the last of ${count} records`);
}

function parseRecords(header: RecordBatchHeader, payload: Buffer): Record[] {
  const logAppendTime = header.timestampType === TimestampType.LogAppendTime;
  const records: Record[] = [];
  walkRecords(header, payload, (raw) => {
    records.push({
      offset: header.baseOffset + BigInt(raw.offsetDelta),
      timestamp: logAppendTime ? header.maxTimestamp : header.baseTimestamp + raw.timestampDelta,
      key: raw.key,
      value: raw.value,
      headers: raw.headers,
    });
  });
  return records;
}

/** What a broker needs to know of a client batch's records before appending it (LogValidator's per-record pass). */
export interface RecordsSummary {
  readonly count: number;
  /** Smallest and largest record timestamp (CreateTime: baseTimestamp + delta). */
  readonly minTimestamp: bigint;
  readonly maxTimestamp: bigint;
  /** Batch indexes of the records carrying minTimestamp and maxTimestamp (the first such). */
  readonly minTimestampIndex: number;
  readonly maxTimestampIndex: number;
  /** Index of the first record without a key, or -1 (compacted topics refuse those). */
  readonly firstKeylessIndex: number;
  /** Index of the first record whose offsetDelta is not its position, or -1 (compressed batches require it). */
  readonly firstMisplacedIndex: number;
}

/**
 * Decompresses (bounded by `maxDecompressedBytes`) and walks every record of one batch, without building record
 * objects. Malformed records throw KafkaError(CORRUPT_MESSAGE); the CRC is not checked here (validateBatch does).
 */
export async function summarizeRecords(
  batch: Buffer,
  maxDecompressedBytes = MAX_DECOMPRESSED_BYTES_DEFAULT,
): Promise<RecordsSummary> {
  const { header, payload } = batchPayload(batch);
  const plain = await decompress(header.compression, payload, maxDecompressedBytes);
  let minTimestamp = 0n;
  let maxTimestamp = 0n;
  let minTimestampIndex = -1;
  let maxTimestampIndex = -1;
  let firstKeylessIndex = -1;
  let firstMisplacedIndex = -1;
  try {
    walkRecords(header, plain, (raw, index) => {
      const timestamp = header.baseTimestamp + raw.timestampDelta;
      if (index === 0 || timestamp < minTimestamp) {
        minTimestamp = timestamp;
        minTimestampIndex = index;
      }
      if (index === 0 || timestamp > maxTimestamp) {
        maxTimestamp = timestamp;
        maxTimestampIndex = index;
      }
      if (raw.key === null && firstKeylessIndex < 0) firstKeylessIndex = index;
      if (raw.offsetDelta !== index && firstMisplacedIndex < 0) firstMisplacedIndex = index;
    });
  } catch (err) {
    throw asCorrupt(err);
  }
  return {
    count: header.recordCount,
    minTimestamp,
    maxTimestamp,
    minTimestampIndex,
    maxTimestampIndex,
    firstKeylessIndex,
    firstMisplacedIndex,
  };
}

function asCorrupt(err: unknown): KafkaError {
  if (err instanceof KafkaError) return err;
  return new KafkaError(ErrorCode.CORRUPT_MESSAGE, `malformed records: ${(err as Error).message}`, { cause: err });
}

function batchPayload(batch: Buffer): { header: RecordBatchHeader; payload: Buffer } {
  const header = readBatchHeader(batch);
  const end = LOG_OVERHEAD + header.batchLength;
  if (header.batchLength < RECORD_BATCH_OVERHEAD - LOG_OVERHEAD || end > batch.length) {
    throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, `batchLength ${header.batchLength} does not fit the buffer`);
  }
  return { header, payload: batch.subarray(RECORD_BATCH_OVERHEAD, end) };
}

/**
 * Records of one batch (decompressed if needed). Keys, values and header values are views into the batch (or into
 * the decompressed buffer). Malformed data throws KafkaError(CORRUPT_MESSAGE). Does not check the CRC: call
 * validateBatch first where that matters.
 */
export async function decodeRecords(
  batch: Buffer,
  maxDecompressedBytes = MAX_DECOMPRESSED_BYTES_DEFAULT,
): Promise<Record[]> {
  const { header, payload } = batchPayload(batch);
  const plain = await decompress(header.compression, payload, maxDecompressedBytes);
  try {
    return parseRecords(header, plain);
  } catch (err) {
    throw asCorrupt(err);
  }
}

/** Synchronous decodeRecords for batches that are not zstd-compressed. */
export function decodeRecordsSync(batch: Buffer, maxDecompressedBytes = MAX_DECOMPRESSED_BYTES_DEFAULT): Record[] {
  const { header, payload } = batchPayload(batch);
  try {
    return parseRecords(header, decompressSync(header.compression, payload, maxDecompressedBytes));
  } catch (err) {
    throw asCorrupt(err);
  }
}
