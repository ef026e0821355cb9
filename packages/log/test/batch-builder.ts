import { crc32c } from '@node-rs/crc32';

// Test helper: hand-built record batch v2 (uncompressed), independent of the code under test.

export interface TestRecord {
  key?: Buffer | null;
  value: Buffer | null;
  timestampDelta?: number;
}

function varint(value: number | bigint): number[] {
  let zigzag = BigInt(value) >= 0n ? BigInt(value) << 1n : (-BigInt(value) << 1n) - 1n;
  const bytes: number[] = [];
  while (zigzag >= 0x80n) {
    bytes.push(Number(zigzag & 0x7fn) | 0x80);
    zigzag >>= 7n;
  }
  bytes.push(Number(zigzag));
  return bytes;
}

function encodeRecord(record: TestRecord, offsetDelta: number): Buffer {
  const parts: Buffer[] = [
    Buffer.from([0]),
    Buffer.from(varint(record.timestampDelta ?? 0)),
    Buffer.from(varint(offsetDelta)),
  ];
  for (const field of [record.key ?? null, record.value]) {
    if (field === null) parts.push(Buffer.from(varint(-1)));
    else parts.push(Buffer.from(varint(field.length)), field);
  }
  parts.push(Buffer.from(varint(0))); // headers
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(varint(body.length)), body]);
}

/** One v2 batch; baseOffset defaults to 0 (the leader path overwrites it). */
export function buildBatch(options: {
  records: TestRecord[];
  baseOffset?: bigint;
  baseTimestamp?: bigint;
  partitionLeaderEpoch?: number;
}): Buffer {
  const { records } = options;
  const baseTimestamp = options.baseTimestamp ?? 0n;
  const body = Buffer.concat(records.map((record, index) => encodeRecord(record, index)));
  const header = Buffer.alloc(61);
  const maxDelta = records.reduce((max, record) => Math.max(max, record.timestampDelta ?? 0), 0);
  header.writeBigInt64BE(options.baseOffset ?? 0n, 0);
  header.writeInt32BE(61 - 12 + body.length, 8);
  header.writeInt32BE(options.partitionLeaderEpoch ?? -1, 12);
  header.writeInt8(2, 16);
  header.writeInt16BE(0, 21);
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

/** A batch of `count` records with `valueBytes`-byte values derived from `seed`, all at `timestamp`. */
export function simpleBatch(count: number, valueBytes: number, seed: number, timestamp = 1_000n): Buffer {
  const records: TestRecord[] = [];
  for (let index = 0; index < count; index++) {
    const value = Buffer.alloc(valueBytes, (seed * 31 + index) & 0xff);
    value.writeUInt32BE(seed >>> 0, 0);
    records.push({ value });
  }
  return buildBatch({ records, baseTimestamp: timestamp });
}

/** Splits concatenated batches into their base offsets, for assertions. */
export function batchBaseOffsets(records: Buffer): bigint[] {
  const offsets: bigint[] = [];
  for (let position = 0; position < records.length; position += 12 + records.readInt32BE(position + 8)) {
    offsets.push(records.readBigInt64BE(position));
  }
  return offsets;
}
