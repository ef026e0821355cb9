// Compiles a list of schema fields at one version into a ValueCodec. Readers and writers are generated with
// new Function, protobufjs-style: each struct is built by one object literal in schema order (a stable V8 shape, no
// keyed stores), primitive fields call the Reader/Writer method directly, and every array or nested struct gets a
// function of its own, so each call site sees one callee and stays monomorphic. The Produce and Fetch paths decode
// and encode many small structs; shared per-type closures made those call sites megamorphic.
import { ProtocolDecodeError } from '../errors.js';
import { Reader } from '../primitives/reader.js';
import { Writer } from '../primitives/writer.js';
import type { FieldSchema } from '../schema.js';
import { inVersionRange } from '../schema.js';
import { defaultConstant, defaultFactory, presentIn } from './defaults.js';
import { primitiveCodec, primitiveSource, type ValueCodec } from './value-codecs.js';

/** Arrays whose elements may take zero bytes are still capped, so a hostile count cannot allocate without bound. */
const MAX_ZERO_BYTE_ELEMENTS = 65_536;

/** A missing struct is encoded as all defaults. */
const EMPTY_OBJECT = Object.freeze({});
const EMPTY = Buffer.alloc(0);

/** Names the generated source may use besides its own bindings. */
const RUNTIME = { ProtocolDecodeError, MAX_ZERO_BYTE_ELEMENTS, EMPTY, E: EMPTY_OBJECT };

/**
 * Evaluates generated source. `bindings` become constants of the generated scope (values only the source refers to by
 * name); the source must `return` the codec parts.
 */
function generate<T>(bindings: Record<string, unknown>, source: string): T {
  const all = { ...RUNTIME, ...bindings };
  const names = Object.keys(all);
  return new Function(...names, `'use strict';\n${source}`)(...names.map((n) => all[n as keyof typeof all])) as T;
}

/** Element read/write source of an array: a primitive inline, else a call of the item codec bound as `item`. */
function itemSource(f: FieldSchema, version: number, flexible: boolean, compact: boolean) {
  if (f.items === 'struct') {
    const item = compileStruct(f.fields ?? [], version, flexible);
    return { item, read: 'item.read(r)', write: 'item.write(w, v);', minBytes: item.minBytes };
  }
  const type = f.items ?? 'int8';
  const codec = primitiveCodec(type, compact, false);
  const source = primitiveSource(type, compact, false);
  if (source === null)
    return { item: codec, read: 'item.read(r)', write: 'item.write(w, v);', minBytes: codec.minBytes };
  return { item: codec, read: source.read, write: source.write, minBytes: codec.minBytes };
}

function arrayCodec(
  f: FieldSchema,
  version: number,
  flexible: boolean,
  compact: boolean,
  nullable: boolean,
): ValueCodec {
  const { item, read, write, minBytes: perItem } = itemSource(f, version, flexible, compact);
  const fits = perItem > 0 ? `n * ${perItem} <= r.remaining()` : 'n <= MAX_ZERO_BYTE_ELEMENTS';
  const onNull = nullable ? 'return null;' : "throw new ProtocolDecodeError('null for a non-nullable array');";
  // A non-nullable array given null is written empty rather than failing the response.
  const writeNull = nullable
    ? compact
      ? 'w.unsignedVarint(0);'
      : 'w.int32(-1);'
    : compact
      ? 'w.unsignedVarint(1);'
      : 'w.int32(0);';
  const source = `
    function read(r) {
      const n = ${compact ? 'r.compactLength()' : 'r.int32Length()'};
      if (n > 0 && !(${fits})) throw new ProtocolDecodeError(\`array count \${n} exceeds the \${r.remaining()} bytes left\`);
      if (n < 0) { ${onNull} }
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = ${read};
      return out;
    }
    function write(w, a) {
      if (a === null || a === undefined) { ${writeNull} return; }
      const n = a.length;
      ${compact ? 'w.unsignedVarint(n + 1);' : 'w.int32(n);'}
      for (let i = 0; i < n; i++) { const v = a[i]; ${write} }
    }
    return { read, write, minBytes: ${compact ? 1 : 4} };`;
  return generate({ item }, source);
}

function nullableStructCodec(inner: ValueCodec): ValueCodec {
  return generate(
    { inner },
    `return {
      minBytes: 1,
      read(r) { return r.int8() < 0 ? null : inner.read(r); },
      write(w, v) { if (v === null || v === undefined) { w.int8(-1); return; } w.int8(1); inner.write(w, v); },
    };`,
  );
}

/** The codec of one field's value at `version` (ignores tagging and presence). */
function fieldValueCodec(f: FieldSchema, version: number, flexible: boolean): ValueCodec {
  const nullable = inVersionRange(f.nullableVersions, version);
  const compact = f.flexibleVersions !== undefined ? inVersionRange(f.flexibleVersions, version) : flexible;
  if (f.type === 'array') return arrayCodec(f, version, flexible, compact, nullable);
  if (f.type === 'struct') {
    const inner = compileStruct(f.fields ?? [], version, flexible);
    return nullable ? nullableStructCodec(inner) : inner;
  }
  return primitiveCodec(f.type, compact, nullable);
}

/** Inline source of a primitive field, or null when it goes through its codec. */
function fieldSource(f: FieldSchema, version: number, flexible: boolean) {
  if (f.type === 'array' || f.type === 'struct') return null;
  const compact = f.flexibleVersions !== undefined ? inVersionRange(f.flexibleVersions, version) : flexible;
  return primitiveSource(f.type, compact, inVersionRange(f.nullableVersions, version));
}

interface TaggedField {
  readonly tag: number;
  readonly name: string;
  readonly codec: ValueCodec;
  /** True if `v` equals the default, in which case the field is not written (as Kafka's generated code does). */
  readonly isDefault: (v: unknown) => boolean;
}

/**
 * A cheap sufficient test that `v` encodes like the field's default at `version`: true only when it surely does.
 * Fetch v12+ answers carry three tagged structs per partition, almost always at their defaults.
 */
function surelyDefault(f: FieldSchema, version: number): (v: unknown) => boolean {
  const def = defaultConstant(f);
  if (def === null) return (v) => v === null || v === undefined;
  if (f.type === 'array') return (v) => v === undefined || (Array.isArray(v) && v.length === 0);
  if (f.type === 'bytes') return (v) => v === undefined || (Buffer.isBuffer(v) && v.length === 0);
  if (f.type === 'struct') {
    const subs = (f.fields ?? [])
      .filter((s) => presentIn(s, version))
      .map((s) => [s.name, surelyDefault(s, version)] as const);
    return (v) => {
      if (v === undefined || v === null) return true;
      for (const [name, test] of subs) if (!test((v as Record<string, unknown>)[name])) return false;
      return true;
    };
  }
  return (v) => v === undefined || v === def;
}

function defaultTest(f: FieldSchema, version: number, codec: ValueCodec): (v: unknown) => boolean {
  const surely = surelyDefault(f, version);
  if (f.type !== 'struct' || defaultConstant(f) === null) return surely;
  // Otherwise structs compare by their encoding: equal bytes mean equal values for this version.
  const encodedDefault = encodeWith(codec, defaultConstant(f));
  return (v) => surely(v) || encodeWith(codec, v).equals(encodedDefault);
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

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function buildStruct(fields: readonly FieldSchema[], version: number, flexible: boolean): ValueCodec {
  const bindings: Record<string, unknown> = {};
  const tagged: TaggedField[] = [];
  const literal: string[] = [];
  const writeSteps: string[] = [];
  let minBytes = flexible ? 1 : 0;

  fields.forEach((f, i) => {
    const key = JSON.stringify(f.name);
    const property = IDENTIFIER.test(f.name) ? `.${f.name}` : `[${key}]`;
    bindings[`f${i}`] = defaultFactory(f);
    if (!presentIn(f, version)) {
      literal.push(`${key}: f${i}()`);
      return;
    }
    const codec = fieldValueCodec(f, version, flexible);
    if (flexible && f.tag !== undefined && inVersionRange(f.taggedVersions, version)) {
      tagged.push({ tag: f.tag, name: f.name, codec, isDefault: defaultTest(f, version, codec) });
      literal.push(`${key}: f${i}()`);
      return;
    }
    minBytes += codec.minBytes;
    bindings[`d${i}`] = defaultConstant(f);
    const source = fieldSource(f, version, flexible);
    if (source === null) bindings[`c${i}`] = codec;
    literal.push(`${key}: ${source === null ? `c${i}.read(r)` : source.read}`);
    writeSteps.push(
      `v = o${property}; if (v === undefined) v = d${i}; ${source === null ? `c${i}.write(w, v);` : source.write}`,
    );
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

  // Without tagged fields in this version the section is written as one zero count.
  const tail = flexible ? (tagged.length > 0 ? 'writeTagged(w, o);' : 'w.unsignedVarint(0);') : '';
  return generate(
    { ...bindings, readTagged, writeTagged },
    `return {
      minBytes: ${minBytes},
      read(r) { const o = { ${literal.join(', ')} }; ${flexible ? 'readTagged(r, o);' : ''} return o; },
      write(w, o) { if (o === null || o === undefined) o = E; let v; ${writeSteps.join('\n')} ${tail} },
    };`,
  );
}
