// Codecs for single values (primitives, strings, bytes, records, uuids) at one wire format.
// A struct codec (struct-codec.ts) strings these together per schema version.
import { ProtocolDecodeError } from '../errors.js';
import type { Reader } from '../primitives/reader.js';
import type { Writer } from '../primitives/writer.js';
import type { PrimitiveType } from '../schema.js';

export interface ValueCodec {
  read(r: Reader): any;
  write(w: Writer, v: any): void;
  /** Fewest bytes one value can take on the wire; bounds array counts before allocation. */
  readonly minBytes: number;
}

const EMPTY = Buffer.alloc(0);

const fixed = (minBytes: number, read: (r: Reader) => any, write: (w: Writer, v: any) => void): ValueCodec => ({
  read,
  write,
  minBytes,
});

const numberCodecs: Partial<Record<PrimitiveType, ValueCodec>> = {
  bool: fixed(
    1,
    (r) => r.bool(),
    (w, v) => w.bool(v),
  ),
  int8: fixed(
    1,
    (r) => r.int8(),
    (w, v) => w.int8(v),
  ),
  int16: fixed(
    2,
    (r) => r.int16(),
    (w, v) => w.int16(v),
  ),
  uint16: fixed(
    2,
    (r) => r.uint16(),
    (w, v) => w.uint16(v),
  ),
  int32: fixed(
    4,
    (r) => r.int32(),
    (w, v) => w.int32(v),
  ),
  uint32: fixed(
    4,
    (r) => r.uint32(),
    (w, v) => w.uint32(v),
  ),
  int64: fixed(
    8,
    (r) => r.int64(),
    (w, v) => w.int64(v),
  ),
  float64: fixed(
    8,
    (r) => r.float64(),
    (w, v) => w.float64(v),
  ),
  uuid: fixed(
    16,
    (r) => r.uuid(),
    (w, v) => w.uuid(v),
  ),
};

function stringCodec(compact: boolean, nullable: boolean): ValueCodec {
  if (compact) {
    return {
      minBytes: 1,
      read: nullable ? (r) => r.compactNullableString() : (r) => r.compactString(),
      // A null in a version where the field is not nullable is written as '' rather than failing the response.
      write: nullable ? (w, v) => w.compactNullableString(v) : (w, v) => w.compactString(v ?? ''),
    };
  }
  return {
    minBytes: 2,
    read: nullable ? (r) => r.nullableString() : (r) => r.string(),
    write: nullable ? (w, v) => w.nullableString(v) : (w, v) => w.string(v ?? ''),
  };
}

/** `bytes` are copied out of the frame (they may be kept long, e.g. group member metadata). */
function bytesCodec(compact: boolean, nullable: boolean): ValueCodec {
  if (compact) {
    return {
      minBytes: 1,
      read: nullable ? (r) => r.compactNullableBytes() : (r) => r.compactBytes(),
      write: nullable ? (w, v) => w.compactNullableBytes(v) : (w, v) => w.compactBytes(v ?? EMPTY),
    };
  }
  return {
    minBytes: 4,
    read: nullable ? (r) => r.nullableBytes() : (r) => r.bytes(),
    write: nullable ? (w, v) => w.nullableBytes(v) : (w, v) => w.bytes(v ?? EMPTY),
  };
}

/**
 * `records` are a zero-copy view of the frame: the Produce path validates and appends them without copying.
 * A zero-length records field decodes as an empty Buffer, a null one as null.
 */
function recordsCodec(compact: boolean, nullable: boolean): ValueCodec {
  const read = compact
    ? (r: Reader) => {
        const n = r.compactLength();
        return n < 0 ? null : r.view(n);
      }
    : (r: Reader) => {
        const n = r.int32Length();
        return n < 0 ? null : r.view(n);
      };
  const checked = nullable
    ? read
    : (r: Reader) => {
        const v = read(r);
        if (v === null) throw new ProtocolDecodeError('null for non-nullable records');
        return v;
      };
  const write = compact
    ? (w: Writer, v: Buffer | null) => w.compactNullableBytes(v === null && !nullable ? EMPTY : v)
    : (w: Writer, v: Buffer | null) => w.nullableBytes(v === null && !nullable ? EMPTY : v);
  return { minBytes: compact ? 1 : 4, read: checked, write };
}

/** The codec for a primitive type in one version: compact encodings when `compact`, nullable when `nullable`. */
export function primitiveCodec(type: PrimitiveType, compact: boolean, nullable: boolean): ValueCodec {
  switch (type) {
    case 'string':
      return stringCodec(compact, nullable);
    case 'bytes':
      return bytesCodec(compact, nullable);
    case 'records':
      return recordsCodec(compact, nullable);
    default: {
      const codec = numberCodecs[type];
      if (!codec) throw new Error(`unknown primitive type ${type}`);
      return codec;
    }
  }
}

/** Source of one primitive read or write in a generated struct codec: `r` is the Reader, `w` the Writer, `v` the value. */
export interface PrimitiveSource {
  readonly read: string;
  readonly write: string;
}

const NUMBER_METHODS: Partial<Record<PrimitiveType, string>> = {
  bool: 'bool',
  int8: 'int8',
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  int64: 'int64',
  float64: 'float64',
  uuid: 'uuid',
};

/**
 * The same encodings as primitiveCodec as source text, so a generated struct codec calls the Reader and Writer
 * methods directly (one monomorphic call per field instead of a shared closure per type). `records` has no source
 * form: its zero-copy view and null checks stay in recordsCodec. `EMPTY` must be in scope for bytes.
 */
export function primitiveSource(type: PrimitiveType, compact: boolean, nullable: boolean): PrimitiveSource | null {
  const method = NUMBER_METHODS[type];
  if (method !== undefined) return { read: `r.${method}()`, write: `w.${method}(v);` };
  if (type !== 'string' && type !== 'bytes') return null;
  const kind = type === 'string' ? 'String' : 'Bytes';
  const base = compact ? `compact${kind}` : type;
  const nullableMethod = compact ? `compactNullable${kind}` : `nullable${kind}`;
  // A null in a version where the field is not nullable is written empty rather than failing the response.
  const empty = type === 'string' ? "''" : 'EMPTY';
  return nullable
    ? { read: `r.${nullableMethod}()`, write: `w.${nullableMethod}(v);` }
    : { read: `r.${base}()`, write: `w.${base}(v ?? ${empty});` };
}
