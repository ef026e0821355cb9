// fast-check arbitraries that produce a valid message object for any generated schema at any version.
// Fields absent from the version take their default, so each value is already the "normalized" decode result.
import fc from 'fast-check';
import { defaultFactory } from '../src/codec/defaults.js';
import type { FieldSchema, MessageSchema, PrimitiveType } from '../src/index.js';
import { inVersionRange } from '../src/index.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function primitive(type: PrimitiveType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'bool':
      return fc.boolean();
    case 'int8':
      return fc.integer({ min: -128, max: 127 });
    case 'int16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'uint16':
      return fc.integer({ min: 0, max: 65535 });
    case 'int32':
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'uint32':
      return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case 'int64':
      return fc.bigInt(INT64_MIN, INT64_MAX);
    case 'float64':
      return fc.double();
    case 'string':
      return fc.string({ unit: 'grapheme', maxLength: 6 });
    case 'uuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('base64url'));
    case 'bytes':
    case 'records':
      return fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b));
  }
}

function fieldArbitrary(f: FieldSchema, version: number): fc.Arbitrary<unknown> {
  let arb: fc.Arbitrary<unknown>;
  if (f.type === 'array') {
    const item = f.items === 'struct' ? structArbitrary(f.fields ?? [], version) : primitive(f.items ?? 'int8');
    arb = fc.array(item, { maxLength: 2 });
  } else if (f.type === 'struct') {
    arb = structArbitrary(f.fields ?? [], version);
  } else {
    arb = primitive(f.type);
  }
  return inVersionRange(f.nullableVersions, version) ? fc.option(arb, { nil: null, freq: 4 }) : arb;
}

export function structArbitrary(
  fields: readonly FieldSchema[],
  version: number,
): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) {
    model[f.name] = inVersionRange(f.versions, version)
      ? fieldArbitrary(f, version)
      : fc.constant(null).map(() => defaultFactory(f)());
  }
  return fc.record(model);
}

export const messageArbitrary = (schema: MessageSchema, version: number) => structArbitrary(schema.fields, version);

/** Every version of a schema's validVersions. */
export function versionsOf(schema: MessageSchema): number[] {
  const range = schema.validVersions;
  if (!range) return [];
  const out: number[] = [];
  for (let v = range[0]; v <= range[1]; v++) out.push(v);
  return out;
}
