import { crc32c } from '@node-rs/crc32';
import {
  ATTRIBUTES_POSITION,
  BASE_TIMESTAMP_POSITION,
  BATCH_HEADER_BYTES,
  BATCH_LENGTH_POSITION,
  baseOffsetAt,
  COMPRESSION_CODEC_MASK,
  CRC_POSITION,
  LOG_OVERHEAD,
  MAX_TIMESTAMP_POSITION,
  RECORD_COUNT_POSITION,
  TIMESTAMP_TYPE_LOG_APPEND_TIME,
} from './batch-header.js';

// The records inside a v2 batch, as far as compaction needs them: offset, timestamp, key, whether the value
// is null (a tombstone), and the record's raw bytes. Rewriting a batch copies the surviving records' bytes
// unchanged, so their offset and timestamp deltas stay relative to the batch's untouched base offset and base
// timestamp: offsets never change (Kafka's MemoryRecords.filterTo keeps them too).

/** One record of a batch; `raw` is the whole record including its length prefix. */
export interface RecordView {
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  /** Null value: a tombstone for its key. */
  isTombstone: boolean;
  raw: Buffer;
}

/** Walks the decompressed records of the batch whose header is `header` (a whole batch or at least its 61 bytes). */
export function walkRecords(header: Buffer, plain: Buffer): RecordView[] {
  const baseOffset = baseOffsetAt(header, 0);
  const baseTimestamp = header.readBigInt64BE(BASE_TIMESTAMP_POSITION);
  const logAppendTime = (header.readInt16BE(ATTRIBUTES_POSITION) & TIMESTAMP_TYPE_LOG_APPEND_TIME) !== 0;
  const maxTimestamp = header.readBigInt64BE(MAX_TIMESTAMP_POSITION);
  const count = header.readInt32BE(RECORD_COUNT_POSITION);
  const records: RecordView[] = [];
  const cursor = { position: 0 };
  for (let index = 0; index < count; index++) {
    const start = cursor.position;
    const length = Number(readVarlong(plain, cursor));
    const end = cursor.position + length;
    if (length < 0 || end > plain.length) throw new RangeError(`record ${index} runs past the end of the batch`);
    cursor.position += 1; // attributes int8
    const timestampDelta = readVarlong(plain, cursor);
    const offsetDelta = readVarlong(plain, cursor);
    const keyLength = Number(readVarlong(plain, cursor));
    const key = keyLength < 0 ? null : plain.subarray(cursor.position, cursor.position + keyLength);
    if (keyLength > 0) cursor.position += keyLength;
    const valueLength = Number(readVarlong(plain, cursor));
    records.push({
      offset: baseOffset + offsetDelta,
      // LogAppendTime: every record's timestamp is the batch's max timestamp (Kafka's semantics).
      timestamp: logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta,
      key,
      isTombstone: valueLength < 0,
      raw: plain.subarray(start, end),
    });
    cursor.position = end;
  }
  if (cursor.position !== plain.length) throw new RangeError('bytes left over after the last record of the batch');
  return records;
}

/**
 * A copy of `original` holding `recordCount` records whose (compressed if the codec says so) bytes are `payload`.
 * Everything else in the header stays: base offset, lastOffsetDelta (so the batch still ends where it ended,
 * which keeps the producer's last sequence and the segment's next offset), base timestamp, producer fields,
 * leader epoch. An empty batch is written uncompressed, as Kafka writes the empty batches it keeps for producers.
 */
export function rebuildBatch(original: Buffer, recordCount: number, payload: Buffer, maxTimestamp: bigint): Buffer {
  const size = BATCH_HEADER_BYTES + payload.length;
  const batch = Buffer.allocUnsafe(size);
  original.copy(batch, 0, 0, BATCH_HEADER_BYTES);
  payload.copy(batch, BATCH_HEADER_BYTES);
  batch.writeInt32BE(size - LOG_OVERHEAD, BATCH_LENGTH_POSITION);
  batch.writeInt32BE(recordCount, RECORD_COUNT_POSITION);
  if (recordCount === 0) {
    batch.writeInt16BE(original.readInt16BE(ATTRIBUTES_POSITION) & ~COMPRESSION_CODEC_MASK, ATTRIBUTES_POSITION);
  }
  batch.writeBigInt64BE(maxTimestamp, MAX_TIMESTAMP_POSITION);
  batch.writeUInt32BE(crc32c(batch.subarray(ATTRIBUTES_POSITION)) >>> 0, CRC_POSITION);
  return batch;
}

/** Zig-zag varlong (Kafka's ByteUtils.readVarlong); varints are read the same way. */
export function readVarlong(buffer: Buffer, cursor: { position: number }): bigint {
  let raw = 0n;
  let shift = 0n;
  for (;;) {
    if (cursor.position >= buffer.length) throw new RangeError('varint runs past the end of the records');
    const byte = buffer[cursor.position++];
    raw |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7n;
    if (shift > 63n) throw new RangeError('varint longer than 10 bytes');
  }
  return (raw >> 1n) ^ -(raw & 1n);
}
