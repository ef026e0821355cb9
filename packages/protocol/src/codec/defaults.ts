// Default values of schema fields: what a field decodes to when absent from a version (or from a tagged section),
// and what an encoder writes when the caller leaves it out.
import { ZERO_UUID } from '../primitives/uuid.js';
import type { FieldSchema } from '../schema.js';
import { inVersionRange } from '../schema.js';

const EMPTY = Buffer.alloc(0);

/** True when the field is nullable in at least one version, which makes its implicit default null. */
export const everNullable = (f: FieldSchema): boolean =>
  f.nullableVersions !== undefined && f.nullableVersions !== null;

/** Returns a factory for fresh default values (fresh so decoded arrays/objects can be mutated by callers). */
export function defaultFactory(f: FieldSchema): () => unknown {
  if (f.default !== undefined) {
    const v = f.default;
    return () => v;
  }
  if (everNullable(f) || f.type === 'records') return () => null;
  switch (f.type) {
    case 'bool':
      return () => false;
    case 'int64':
      return () => 0n;
    case 'string':
      return () => '';
    case 'uuid':
      return () => ZERO_UUID;
    case 'bytes':
      return () => Buffer.alloc(0);
    case 'array':
      return () => [];
    case 'struct': {
      const fields = (f.fields ?? []).map((sub) => [sub.name, defaultFactory(sub)] as const);
      return () => {
        const o: Record<string, unknown> = {};
        for (const [name, make] of fields) o[name] = make();
        return o;
      };
    }
    default:
      return () => 0;
  }
}

/** A shared default for the encoder, which never mutates what it writes. */
export function defaultConstant(f: FieldSchema): unknown {
  if (f.type === 'bytes' && f.default === undefined && !everNullable(f)) return EMPTY;
  return defaultFactory(f)();
}

/** Is `version` one in which `f` is on the wire? */
export const presentIn = (f: FieldSchema, version: number): boolean => inVersionRange(f.versions, version);
