// Compiles a list of schema fields at one version into a ValueCodec. The decoder is generated with new Function
// so each struct is built by one object literal (a stable V8 shape, no keyed stores); the Produce and Fetch paths
// decode many small structs and this keeps them monomorphic.
import { ProtocolDecodeError } from '../errors.js';
import { Reader } from '../primitives/reader.js';
import { Writer } from '../primitives/writer.js';
import type { FieldSchema } from '../schema.js';
import { inVersionRange } from '../schema.js';
import { defaultConstant, defaultFactory, presentIn } from './defaults.js';
import { primitiveCodec, type ValueCodec } from './value-codecs.js';

/** Arrays whose elements may take zero bytes are still capped, so a hostile count cannot allocate without bound. */
const MAX_ZERO_BYTE_ELEMENTS = 65_536;

/** A missing struct is encoded as all defaults. */
const EMPTY_OBJECT = Object.freeze({});

function arrayCodec(item: ValueCodec, compact: boolean, nullable: boolean): ValueCodec {
  const perItem = item.minBytes;
  const readCount = (r: Reader): number => {
    const n = compact ? r.compactLength() : r.int32Length();
    if (n > 0) {
      const fits = perItem > 0 ? n * perItem <= r.remaining() : n <= MAX_ZERO_BYTE_ELEMENTS;
      if (!fits) throw new ProtocolDecodeError(`array count ${n} exceeds the ${r.remaining()} bytes left`);
    }
    return n;
  };
  return {
    minBytes: compact ? 1 : 4,
    read(r) {
      const n = readCount(r);
      if (n < 0) {
        if (!nullable) throw new ProtocolDecodeError('null for a non-nullable array');
        return null;
      }
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = item.read(r);
      return out;
    },
    write(w, v) {
      if (v === null || v === undefined) {
        // A non-nullable array given null is written empty rather than failing the response.
        if (nullable) {
          if (compact) w.unsignedVarint(0);
          else w.int32(-1);
        } else if (compact) w.unsignedVarint(1);
        else w.int32(0);
        return;
      }
      if (compact) w.unsignedVarint(v.length + 1);
      else w.int32(v.length);
      for (let i = 0; i < v.length; i++) item.write(w, v[i]);
    },
  };
}

function nullableStructCodec(inner: ValueCodec): ValueCodec {
  return {
    minBytes: 1,
    read(r) {
      return r.int8() < 0 ? null : inner.read(r);
    },
    write(w, v) {
      if (v === null || v === undefined) {
        w.int8(-1);
        return;
      }
      w.int8(1);
      inner.write(w, v);
    },
  };
}

/** The codec of one field's value at `version` (ignores tagging and presence). */
function fieldValueCodec(f: FieldSchema, version: number, flexible: boolean): ValueCodec {
  const nullable = inVersionRange(f.nullableVersions, version);
  const compact = f.flexibleVersions !== undefined ? inVersionRange(f.flexibleVersions, version) : flexible;
  if (f.type === 'array') {
    const item =
      f.items === 'struct'
        ? compileStruct(f.fields ?? [], version, flexible)
        : primitiveCodec(f.items ?? 'int8', compact, false);
    return arrayCodec(item, compact, nullable);
  }
  if (f.type === 'struct') {
    const inner = compileStruct(f.fields ?? [], version, flexible);
    return nullable ? nullableStructCodec(inner) : inner;
  }
  return primitiveCodec(f.type, compact, nullable);
}

interface TaggedField {
  readonly tag: number;
  readonly name: string;
  readonly codec: ValueCodec;
  /** True if `v` equals the default, in which case the field is not written (as Kafka's generated code does). */
  readonly isDefault: (v: unknown) => boolean;
}

function defaultTest(f: FieldSchema, codec: ValueCodec): (v: unknown) => boolean {
  const def = defaultConstant(f);
  if (def === null) return (v) => v === null || v === undefined;
  if (f.type === 'array') return (v) => v === undefined || (Array.isArray(v) && v.length === 0);
  if (f.type === 'bytes') return (v) => v === undefined || (Buffer.isBuffer(v) && v.length === 0);
  if (f.type === 'struct') {
    // Structs compare by their encoding: equal bytes mean equal values for this version.
    const encodedDefault = encodeWith(codec, def);
    return (v) => v === undefined || encodeWith(codec, v).equals(encodedDefault);
  }
  return (v) => v === undefined || v === def;
}

function encodeWith(codec: ValueCodec, v: unknown): Buffer {
  const w = new Writer(64);
  codec.write(w, v);
  return Buffer.from(w.finish());
}

const cache = new WeakMap<readonly FieldSchema[], Map<string, ValueCodec>>();

/** Compiles `fields` at `version` (`flexible` = the message's flexibility at that version). Cached per table. */
export function compileStruct(fields: readonly FieldSchema[], version: number, flexible: boolean): ValueCodec {
  let byVersion = cache.get(fields);
  if (!byVersion) {
    byVersion = new Map();
    cache.set(fields, byVersion);
  }
  const key = `${version}:${flexible}`;
  const hit = byVersion.get(key);
  if (hit) return hit;
  const codec = buildStruct(fields, version, flexible);
  byVersion.set(key, codec);
  return codec;
}

function buildStruct(fields: readonly FieldSchema[], version: number, flexible: boolean): ValueCodec {
  const readers: ((r: Reader) => unknown)[] = [];
  const writers: ((w: Writer, v: unknown) => void)[] = [];
  const factories: (() => unknown)[] = [];
  const encodeDefaults: unknown[] = [];
  const tagged: TaggedField[] = [];
  const literal: string[] = [];
  const writeSteps: string[] = [];
  let minBytes = flexible ? 1 : 0;

  fields.forEach((f, i) => {
    const key = JSON.stringify(f.name);
    factories.push(defaultFactory(f));
    encodeDefaults.push(defaultConstant(f));
    if (!presentIn(f, version)) {
      readers.push(() => undefined);
      writers.push(() => {});
      literal.push(`${key}: F[${i}]()`);
      return;
    }
    const codec = fieldValueCodec(f, version, flexible);
    readers.push(codec.read);
    writers.push(codec.write);
    if (flexible && f.tag !== undefined && inVersionRange(f.taggedVersions, version)) {
      tagged.push({ tag: f.tag, name: f.name, codec, isDefault: defaultTest(f, codec) });
      literal.push(`${key}: F[${i}]()`);
      return;
    }
    minBytes += codec.minBytes;
    literal.push(`${key}: R[${i}](r)`);
    writeSteps.push(`v = o[${key}]; W[${i}](w, v === undefined ? D[${i}] : v);`);
  });
  tagged.sort((a, b) => a.tag - b.tag);
  const byTag = new Map(tagged.map((t) => [t.tag, t]));

  const readTagged = (r: Reader, o: Record<string, unknown>): void => {
    const count = r.unsignedVarint();
    let lastTag = -1;
    for (let i = 0; i < count; i++) {
      const tag = r.unsignedVarint();
      if (tag <= lastTag) throw new ProtocolDecodeError(`tagged fields out of order: ${tag} after ${lastTag}`);
      lastTag = tag;
      const size = r.unsignedVarint();
      r.need(size);
      const field = byTag.get(tag);
      if (field) {
        const sub = new Reader(r.buf, r.offset, r.offset + size);
        o[field.name] = field.codec.read(sub);
      }
      // Unknown tags are skipped: newer peers may send fields this version does not know.
      r.offset += size;
    }
  };

  const writeTagged = (w: Writer, o: Record<string, unknown>): void => {
    const present = tagged.filter((t) => !t.isDefault(o[t.name]));
    w.unsignedVarint(present.length);
    for (const t of present) {
      const bytes = encodeWith(t.codec, o[t.name]);
      w.unsignedVarint(t.tag);
      w.unsignedVarint(bytes.length);
      w.raw(bytes);
    }
  };

  const readSource = `return function read(r) { const o = { ${literal.join(', ')} }; ${flexible ? 'T(r, o);' : ''} return o; };`;
  const writeSource = `return function write(w, o) { if (o === null || o === undefined) o = E; let v; ${writeSteps.join(' ')} ${flexible ? 'T(w, o);' : ''} };`;
  const read = new Function('R', 'F', 'T', readSource)(readers, factories, readTagged) as ValueCodec['read'];
  const write = new Function('W', 'D', 'T', 'E', writeSource)(
    writers,
    encodeDefaults,
    writeTagged,
    EMPTY_OBJECT,
  ) as ValueCodec['write'];
  return { read, write, minBytes };
}
