/**
 * A compact, deterministic binary encoding of metadata records, driven by one schema table (no per-record byte
 * juggling). Layout: [formatVersion u8][apiKey u8][fields in schema order]. apiKey is Kafka's record apiKey so a
 * dump reads like Kafka's. Big-endian; int64 fields are bigint; strings are u16-length-prefixed UTF-8; nullable
 * values use length -1. decodeRecord rejects trailing bytes, short input and unknown types: a corrupt metadata log
 * must fail loudly rather than build a wrong image.
 */
import type { MetadataRecord, MetadataRecordType } from './records.js';
import { uuidFromBytes, uuidToBytes } from './uuid.js';

export const RECORD_FORMAT_VERSION = 1;

type Kind =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'uint16'
  | 'int64'
  | 'bool'
  | 'string'
  | 'nullableString'
  | 'uuid'
  | 'int32Array'
  | 'nullableInt32Array'
  | { arrayOf: Field[] };
type Field = [name: string, kind: Kind];

interface Schema {
  apiKey: number;
  fields: Field[];
}

const SCHEMAS: Record<MetadataRecordType, Schema> = {
  RegisterBroker: {
    apiKey: 0,
    fields: [
      ['brokerId', 'int32'],
      ['incarnationId', 'uuid'],
      ['brokerEpoch', 'int64'],
      [
        'endPoints',
        {
          arrayOf: [
            ['name', 'string'],
            ['host', 'string'],
            ['port', 'uint16'],
            ['securityProtocol', 'int16'],
          ],
        },
      ],
      ['rack', 'nullableString'],
      ['fenced', 'bool'],
      ['inControlledShutdown', 'bool'],
    ],
  },
  UnregisterBroker: {
    apiKey: 1,
    fields: [
      ['brokerId', 'int32'],
      ['brokerEpoch', 'int64'],
    ],
  },
  Topic: {
    apiKey: 2,
    fields: [
      ['name', 'string'],
      ['topicId', 'uuid'],
    ],
  },
  Partition: {
    apiKey: 3,
    fields: [
      ['partitionId', 'int32'],
      ['topicId', 'uuid'],
      ['replicas', 'int32Array'],
      ['isr', 'int32Array'],
      ['leader', 'int32'],
      ['leaderRecoveryState', 'int8'],
      ['leaderEpoch', 'int32'],
      ['partitionEpoch', 'int32'],
    ],
  },
  Config: {
    apiKey: 4,
    fields: [
      ['resourceType', 'int8'],
      ['resourceName', 'string'],
      ['name', 'string'],
      ['value', 'nullableString'],
    ],
  },
  PartitionChange: {
    apiKey: 5,
    fields: [
      ['partitionId', 'int32'],
      ['topicId', 'uuid'],
      ['isr', 'nullableInt32Array'],
      ['leader', 'int32'],
      ['replicas', 'nullableInt32Array'],
      ['leaderRecoveryState', 'int8'],
    ],
  },
  FenceBroker: {
    apiKey: 7,
    fields: [
      ['id', 'int32'],
      ['epoch', 'int64'],
    ],
  },
  UnfenceBroker: {
    apiKey: 8,
    fields: [
      ['id', 'int32'],
      ['epoch', 'int64'],
    ],
  },
  RemoveTopic: { apiKey: 9, fields: [['topicId', 'uuid']] },
  FeatureLevel: {
    apiKey: 12,
    fields: [
      ['name', 'string'],
      ['featureLevel', 'int16'],
    ],
  },
  ProducerIds: {
    apiKey: 15,
    fields: [
      ['brokerId', 'int32'],
      ['brokerEpoch', 'int64'],
      ['nextProducerId', 'int64'],
    ],
  },
  BrokerRegistrationChange: {
    apiKey: 17,
    fields: [
      ['brokerId', 'int32'],
      ['brokerEpoch', 'int64'],
      ['fenced', 'int8'],
      ['inControlledShutdown', 'int8'],
    ],
  },
  NoOp: { apiKey: 20, fields: [] },
};

const TYPE_BY_API_KEY = new Map<number, MetadataRecordType>(
  Object.entries(SCHEMAS).map(([type, schema]) => [schema.apiKey, type as MetadataRecordType]),
);

/** Largest string / array the codec accepts; far above any legal topic name or replica list. */
const MAX_STRING_BYTES = 0x7fff;
const MAX_ARRAY_LENGTH = 1_000_000;

class Writer {
  private buffer = Buffer.alloc(128);
  private position = 0;

  private ensure(byteCount: number): void {
    if (this.position + byteCount <= this.buffer.length) return;
    const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.position + byteCount));
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }

  int(value: number, byteCount: 1 | 2 | 4, signed: boolean): void {
    this.ensure(byteCount);
    if (signed) this.buffer.writeIntBE(value, this.position, byteCount);
    else this.buffer.writeUIntBE(value, this.position, byteCount);
    this.position += byteCount;
  }

  int64(value: bigint): void {
    this.ensure(8);
    this.buffer.writeBigInt64BE(value, this.position);
    this.position += 8;
  }

  bytes(value: Uint8Array): void {
    this.ensure(value.length);
    this.buffer.set(value, this.position);
    this.position += value.length;
  }

  result(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.position));
  }
}

class Reader {
  position = 0;
  constructor(private readonly buffer: Buffer) {}

  private need(byteCount: number): void {
    if (this.position + byteCount > this.buffer.length) {
      throw new RecordDecodeError(`record truncated at byte ${this.position} (needs ${byteCount} more)`);
    }
  }

  int(byteCount: 1 | 2 | 4, signed: boolean): number {
    this.need(byteCount);
    const value = signed
      ? this.buffer.readIntBE(this.position, byteCount)
      : this.buffer.readUIntBE(this.position, byteCount);
    this.position += byteCount;
    return value;
  }

  int64(): bigint {
    this.need(8);
    const value = this.buffer.readBigInt64BE(this.position);
    this.position += 8;
    return value;
  }

  bytes(byteCount: number): Buffer {
    this.need(byteCount);
    const value = this.buffer.subarray(this.position, this.position + byteCount);
    this.position += byteCount;
    return value;
  }

  atEnd(): boolean {
    return this.position === this.buffer.length;
  }
}

export class RecordDecodeError extends Error {
  readonly code = 'RECORD_DECODE_ERROR';
  readonly retriable = false;
}

function assertInt(value: unknown, min: number, max: number, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`field ${name}: ${String(value)} is not an integer in [${min}, ${max}]`);
  }
  return value;
}

function writeString(writer: Writer, value: string, name: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > MAX_STRING_BYTES) throw new Error(`field ${name}: string longer than ${MAX_STRING_BYTES} bytes`);
  writer.int(bytes.length, 2, true);
  writer.bytes(bytes);
}

function writeInt32Array(writer: Writer, value: unknown, name: string): void {
  if (!Array.isArray(value)) throw new Error(`field ${name}: expected an array`);
  writer.int(value.length, 4, true);
  for (const element of value) writer.int(assertInt(element, -0x80000000, 0x7fffffff, name), 4, true);
}

function writeField(writer: Writer, kind: Kind, value: unknown, name: string): void {
  if (typeof kind === 'object') {
    if (!Array.isArray(value)) throw new Error(`field ${name}: expected an array`);
    writer.int(value.length, 4, true);
    for (const element of value) writeFields(writer, kind.arrayOf, element as Record<string, unknown>);
    return;
  }
  switch (kind) {
    case 'int8':
      writer.int(assertInt(value, -128, 127, name), 1, true);
      return;
    case 'int16':
      writer.int(assertInt(value, -32768, 32767, name), 2, true);
      return;
    case 'uint16':
      writer.int(assertInt(value, 0, 65535, name), 2, false);
      return;
    case 'int32':
      writer.int(assertInt(value, -0x80000000, 0x7fffffff, name), 4, true);
      return;
    case 'int64':
      if (typeof value !== 'bigint') throw new Error(`field ${name}: expected a bigint`);
      writer.int64(value);
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw new Error(`field ${name}: expected a boolean`);
      writer.int(value ? 1 : 0, 1, false);
      return;
    case 'string':
      if (typeof value !== 'string') throw new Error(`field ${name}: expected a string`);
      writeString(writer, value, name);
      return;
    case 'nullableString':
      if (value === null) {
        writer.int(-1, 2, true);
        return;
      }
      if (typeof value !== 'string') throw new Error(`field ${name}: expected a string or null`);
      writeString(writer, value, name);
      return;
    case 'uuid':
      if (typeof value !== 'string') throw new Error(`field ${name}: expected a uuid string`);
      writer.bytes(uuidToBytes(value));
      return;
    case 'int32Array':
      writeInt32Array(writer, value, name);
      return;
    case 'nullableInt32Array':
      if (value === null) {
        writer.int(-1, 4, true);
        return;
      }
      writeInt32Array(writer, value, name);
      return;
  }
}

function writeFields(writer: Writer, fields: Field[], value: Record<string, unknown>): void {
  for (const [name, kind] of fields) writeField(writer, kind, value[name], name);
}

function readLength(reader: Reader, byteCount: 2 | 4, max: number, name: string): number {
  const length = reader.int(byteCount, true);
  if (length < -1 || length > max) throw new RecordDecodeError(`field ${name}: bad length ${length}`);
  return length;
}

function readInt32Array(reader: Reader, length: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < length; i++) out.push(reader.int(4, true));
  return out;
}

function readField(reader: Reader, kind: Kind, name: string): unknown {
  if (typeof kind === 'object') {
    const length = readLength(reader, 4, MAX_ARRAY_LENGTH, name);
    if (length < 0) throw new RecordDecodeError(`field ${name}: null array`);
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < length; i++) out.push(readFields(reader, kind.arrayOf));
    return out;
  }
  switch (kind) {
    case 'int8':
      return reader.int(1, true);
    case 'int16':
      return reader.int(2, true);
    case 'uint16':
      return reader.int(2, false);
    case 'int32':
      return reader.int(4, true);
    case 'int64':
      return reader.int64();
    case 'bool': {
      const byte = reader.int(1, false);
      if (byte > 1) throw new RecordDecodeError(`field ${name}: bad boolean ${byte}`);
      return byte === 1;
    }
    case 'string':
    case 'nullableString': {
      const length = readLength(reader, 2, MAX_STRING_BYTES, name);
      if (length < 0) {
        if (kind === 'string') throw new RecordDecodeError(`field ${name}: null string`);
        return null;
      }
      return reader.bytes(length).toString('utf8');
    }
    case 'uuid':
      return uuidFromBytes(reader.bytes(16));
    case 'int32Array':
    case 'nullableInt32Array': {
      const length = readLength(reader, 4, MAX_ARRAY_LENGTH, name);
      if (length < 0) {
        if (kind === 'int32Array') throw new RecordDecodeError(`field ${name}: null array`);
        return null;
      }
      return readInt32Array(reader, length);
    }
  }
}

function readFields(reader: Reader, fields: Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of fields) out[name] = readField(reader, kind, name);
  return out;
}

export function encodeRecord(record: MetadataRecord): Buffer {
  const schema = SCHEMAS[record.type];
  if (schema === undefined) throw new Error(`unknown metadata record type ${String(record.type)}`);
  const writer = new Writer();
  writer.int(RECORD_FORMAT_VERSION, 1, false);
  writer.int(schema.apiKey, 1, false);
  writeFields(writer, schema.fields, record as unknown as Record<string, unknown>);
  return writer.result();
}

export function decodeRecord(buffer: Buffer): MetadataRecord {
  const reader = new Reader(buffer);
  const formatVersion = reader.int(1, false);
  if (formatVersion !== RECORD_FORMAT_VERSION) {
    throw new RecordDecodeError(`unsupported metadata record format version ${formatVersion}`);
  }
  const apiKey = reader.int(1, false);
  const type = TYPE_BY_API_KEY.get(apiKey);
  if (type === undefined) throw new RecordDecodeError(`unknown metadata record apiKey ${apiKey}`);
  const record = { type, ...readFields(reader, SCHEMAS[type].fields) };
  if (!reader.atEnd()) throw new RecordDecodeError(`trailing bytes after ${type} record`);
  return record as unknown as MetadataRecord;
}
