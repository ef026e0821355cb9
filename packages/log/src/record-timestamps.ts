import * as zlib from 'node:zlib';
import {
  ATTRIBUTES_POSITION,
  BASE_TIMESTAMP_POSITION,
  baseOffsetAt,
  COMPRESSION_CODEC_MASK,
  MAX_TIMESTAMP_POSITION,
  RECORD_COUNT_POSITION,
  RECORDS_POSITION,
  TIMESTAMP_TYPE_LOG_APPEND_TIME,
} from './batch-header.js';
import { readVarlong } from './compaction-records.js';

// Per-record timestamps of one v2 batch, for ListOffsets by timestamp, which Kafka answers with the
// exact first record whose timestamp is >= the target. Uncompressed and gzip batches are decoded
// record by record; for other codecs (snappy, lz4, zstd have no decoder in Node's standard library)
// the batch is answered as a whole with its base offset and max timestamp.

const CODEC_NONE = 0;
const CODEC_GZIP = 1;

/** First record in the batch (at `position`, whole in `buffer`) with timestamp >= target and offset >= minOffset. */
export function firstRecordAtOrAfter(
  buffer: Buffer,
  position: number,
  size: number,
  targetTimestamp: bigint,
  minOffset: bigint,
): { offset: bigint; timestamp: bigint } | null {
  const baseOffset = baseOffsetAt(buffer, position);
  const attributes = buffer.readInt16BE(position + ATTRIBUTES_POSITION);
  const maxTimestamp = buffer.readBigInt64BE(position + MAX_TIMESTAMP_POSITION);
  const codec = attributes & COMPRESSION_CODEC_MASK;
  const wholeBatch = () => {
    const offset = baseOffset > minOffset ? baseOffset : minOffset;
    return maxTimestamp >= targetTimestamp ? { offset, timestamp: maxTimestamp } : null;
  };
  if ((attributes & TIMESTAMP_TYPE_LOG_APPEND_TIME) !== 0) return wholeBatch();
  let records: Buffer;
  if (codec === CODEC_NONE) records = buffer.subarray(position + RECORDS_POSITION, position + size);
  else if (codec === CODEC_GZIP)
    records = zlib.gunzipSync(buffer.subarray(position + RECORDS_POSITION, position + size));
  else return wholeBatch();
  const baseTimestamp = buffer.readBigInt64BE(position + BASE_TIMESTAMP_POSITION);
  const count = buffer.readInt32BE(position + RECORD_COUNT_POSITION);
  const cursor = { position: 0 };
  for (let index = 0; index < count && cursor.position < records.length; index++) {
    const length = Number(readVarlong(records, cursor));
    const recordEnd = cursor.position + length;
    cursor.position += 1; // attributes int8
    const timestamp = baseTimestamp + readVarlong(records, cursor);
    const offset = baseOffset + readVarlong(records, cursor);
    if (timestamp >= targetTimestamp && offset >= minOffset) return { offset, timestamp };
    cursor.position = recordEnd;
  }
  return null;
}
