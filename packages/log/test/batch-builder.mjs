import * as zlib from 'node:zlib';
import { crc32c } from '@node-rs/crc32';

// Test helper: hand-built record batch v2 (uncompressed), independent of the code under test.
// Plain JavaScript so the kill -9 child process can use it without a build step.

/** Zig-zag varint bytes (Kafka's ByteUtils.writeVarlong). */
function varint(value) {
  const big = BigInt(value);
  let zigzag = big >= 0n ? big << 1n : (-big << 1n) - 1n;
  const bytes = [];
  while (zigzag >= 0x80n) {
    bytes.push(Number(zigzag & 0x7fn) | 0x80);
    zigzag >>= 7n;
  }
  bytes.push(Number(zigzag));
  return bytes;
}

/** @param {{ key?: Buffer | null, value: Buffer | null, timestampDelta?: number }} record */
function encodeRecord(record, offsetDelta) {
  const parts = [Buffer.from([0]), Buffer.from(varint(record.timestampDelta ?? 0)), Buffer.from(varint(offsetDelta))];
  for (const field of [record.key ?? null, record.value]) {
    if (field === null) parts.push(Buffer.from(varint(-1)));
    else parts.push(Buffer.from(varint(field.length)), field);
  }
  parts.push(Buffer.from(varint(0))); // headers
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(varint(body.length)), body]);
}

/**
 * One v2 batch; baseOffset defaults to 0 (the leader path overwrites it).
 * @param {{ records: { key?: Buffer | null, value: Buffer | null, timestampDelta?: number }[], baseOffset?: bigint, baseTimestamp?: bigint, partitionLeaderEpoch?: number, gzip?: boolean, logAppendTime?: boolean }} options
 * @returns {Buffer}
 */
export function buildBatch(options) {
  const { records } = options;
  const baseTimestamp = options.baseTimestamp ?? 0n;
  const plain = Buffer.concat(records.map((record, index) => encodeRecord(record, index)));
  const body = options.gzip ? zlib.gzipSync(plain) : plain;
  const attributes = (options.gzip ? 1 : 0) | (options.logAppendTime ? 0x08 : 0);
  const header = Buffer.alloc(61);
  const maxDelta = records.reduce((max, record) => Math.max(max, record.timestampDelta ?? 0), 0);
  header.writeBigInt64BE(options.baseOffset ?? 0n, 0);
  header.writeInt32BE(61 - 12 + body.length, 8);
  header.writeInt32BE(options.partitionLeaderEpoch ?? -1, 12);
  header.writeInt8(2, 16);
  header.writeInt16BE(attributes, 21);
  header.writeInt32BE(records.length - 1, 23);
  header.writeBigInt64BE(baseTimestamp, 27);
  header.writeBigInt64BE(baseTimestamp + BigInt(maxDelta), 35);
  header.writeBigInt64BE(-1n, 43);
  header.writeInt16BE(-1, 51);
  header.writeInt32BE(-1, 53);
  header.writeInt32BE(records.length, 57);
  const batch = Buffer.concat([header, body]);
  batch.writeUInt32BE(crc32c(batch.subarray(21)) >>> 0, 17);
  return batch;
}

/**
 * A batch of `count` records with `valueBytes`-byte values derived from `seed`, all at `timestamp`.
 * @returns {Buffer}
 */
export function simpleBatch(count, valueBytes, seed, timestamp = 1_000n) {
  const records = [];
  for (let index = 0; index < count; index++) {
    const value = Buffer.alloc(valueBytes, (seed * 31 + index) & 0xff);
    value.writeUInt32BE(seed >>> 0, 0);
    records.push({ value });
  }
  return buildBatch({ records, baseTimestamp: timestamp });
}

/**
 * Splits concatenated batches into their base offsets, for assertions.
 * @param {Buffer} records
 * @returns {bigint[]}
 */
export function batchBaseOffsets(records) {
  const offsets = [];
  for (let position = 0; position < records.length; position += 12 + records.readInt32BE(position + 8)) {
    offsets.push(records.readBigInt64BE(position));
  }
  return offsets;
}
