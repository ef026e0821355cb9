// Encode/decode a whole message body with its schema at one version.
import { ProtocolDecodeError } from '../errors.js';
import { Reader } from '../primitives/reader.js';
import { Writer } from '../primitives/writer.js';
import type { MessageSchema } from '../schema.js';
import { inVersionRange } from '../schema.js';
import { compileStruct } from './struct-codec.js';
import type { ValueCodec } from './value-codecs.js';

export const isFlexible = (schema: MessageSchema, version: number): boolean =>
  inVersionRange(schema.flexibleVersions, version);

/** Compiled codecs per schema, indexed by version: one array lookup on the hot path after the first use. */
const codecs = new WeakMap<MessageSchema, ValueCodec[]>();

/** The compiled codec of `schema` at `version`. Versions outside validVersions are refused. */
export function messageCodec(schema: MessageSchema, version: number): ValueCodec {
  let byVersion = codecs.get(schema);
  if (byVersion === undefined) {
    byVersion = [];
    codecs.set(schema, byVersion);
  }
  const hit = byVersion[version];
  if (hit !== undefined) return hit;
  if (!Number.isInteger(version) || !inVersionRange(schema.validVersions, version)) {
    throw new ProtocolDecodeError(`${schema.name} has no version ${version}`);
  }
  const codec = compileStruct(schema.fields, version, isFlexible(schema, version));
  byVersion[version] = codec;
  return codec;
}

/**
 * What an encoder accepts for a message type: every field optional at every depth (missing fields take their
 * defaults), e.g. `const body: MessageInput<ProduceResponse> = { responses: [...] }`.
 */
export type MessageInput<T> = T extends Buffer
  ? T
  : T extends (infer U)[]
    ? MessageInput<U>[]
    : T extends object
      ? { [K in keyof T]?: MessageInput<T[K]> }
      : T;

/** Decodes a body that starts at `offset` and runs to the end of `buf`. */
export function decodeMessage<T = any>(schema: MessageSchema, version: number, buf: Buffer, offset = 0): T {
  const codec = messageCodec(schema, version);
  return readChecked(() => codec.read(new Reader(buf, offset)));
}

/** Encodes `body` (missing fields take their defaults) into a new Buffer. */
export function encodeMessage(schema: MessageSchema, version: number, body: object): Buffer {
  const w = new Writer();
  messageCodec(schema, version).write(w, body);
  return Buffer.from(w.finish());
}

/** Runs a decode step, turning stray runtime errors (e.g. RangeError from Buffer reads) into ProtocolDecodeError. */
export function readChecked<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ProtocolDecodeError) throw err;
    throw new ProtocolDecodeError(`malformed message: ${(err as Error).message}`, { cause: err });
  }
}
