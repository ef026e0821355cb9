// Intent: random, mutated and truncated frames make the decoders throw ProtocolDecodeError and nothing else,
// quickly, and hostile counts/lengths never cause large allocations.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  ApiKey,
  apiSchemas,
  decodeRequest,
  decodeRequestHeader,
  decodeResponse,
  encodeRequest,
  ProtocolDecodeError,
  Writer,
} from '../src/index.js';
import { messageArbitrary } from './schema-arbitrary.js';

/** Decodes header + body; returns normally or with ProtocolDecodeError, anything else fails the test. */
function decodeOrRejectCleanly(frame: Buffer): void {
  try {
    const header = decodeRequestHeader(frame);
    decodeRequest(header.apiKey, header.apiVersion, frame, header.headerBytes);
  } catch (err) {
    if (!(err instanceof ProtocolDecodeError)) throw err;
    expect(err.code).toBe('PROTOCOL_DECODE');
  }
}

const fixtures = readdirSync(new URL('./fixtures/', import.meta.url))
  .filter((f) => f.endsWith('.hex'))
  .map((f) => Buffer.from(readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8').trim(), 'hex').subarray(4));

test('every truncation of the golden frames is decoded or rejected cleanly', () => {
  for (const frame of fixtures) {
    for (let length = 0; length < frame.length; length++) decodeOrRejectCleanly(frame.subarray(0, length));
  }
});

test('mutated golden frames are decoded or rejected cleanly', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...fixtures),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      (frame, mutations) => {
        const copy = Buffer.from(frame);
        for (const [position, value] of mutations) copy[position % copy.length] = value;
        decodeOrRejectCleanly(copy);
      },
    ),
    { numRuns: 2000 },
  );
});

test('random bytes after a valid header of every known API are decoded or rejected cleanly', () => {
  const apis = [...apiSchemas].flatMap(([apiKey, { request }]) =>
    request.validVersions ? [[apiKey, request.validVersions[0], request.validVersions[1]] as const] : [],
  );
  fc.assert(
    fc.property(
      fc
        .constantFrom(...apis)
        .chain(([apiKey, lo, hi]) =>
          fc.tuple(fc.constant(apiKey), fc.integer({ min: lo, max: hi }), fc.uint8Array({ maxLength: 64 })),
        ),
      ([apiKey, version, tail]) => {
        const head = encodeRequest(apiKey, version, 1, 'fuzz', {}).subarray(4);
        const headerBytes = decodeRequestHeader(head).headerBytes;
        decodeOrRejectCleanly(Buffer.concat([head.subarray(0, headerBytes), tail]));
      },
    ),
    { numRuns: 3000 },
  );
});

test('mutations of valid random Fetch and Produce requests are decoded or rejected cleanly', () => {
  for (const apiKey of [ApiKey.Produce, ApiKey.Fetch, ApiKey.Metadata]) {
    const schema = apiSchemas.get(apiKey)!.request;
    const arbitrary = fc
      .integer({ min: schema.validVersions![0], max: schema.validVersions![1] })
      .chain((v) => fc.tuple(fc.constant(v), messageArbitrary(schema, v), fc.nat(), fc.integer({ min: 0, max: 255 })));
    fc.assert(
      fc.property(arbitrary, ([version, body, position, value]) => {
        const frame = Buffer.from(encodeRequest(apiKey, version, 7, 'c', body).subarray(4));
        frame[position % frame.length] = value;
        decodeOrRejectCleanly(frame);
        decodeOrRejectCleanly(frame.subarray(0, position % frame.length));
      }),
      { numRuns: 300 },
    );
  }
});

test('a huge array count with ten bytes left fails fast, without allocating', () => {
  // Produce v3: header, transactionalId null, acks, timeoutMs, then topicData count 2^31-1 and 10 bytes.
  const w = new Writer();
  w.int16(ApiKey.Produce).int16(3).int32(1).nullableString('x');
  w.int16(-1).int16(1).int32(1000).int32(0x7fffffff).raw(Buffer.alloc(10));
  const frame = w.finish();
  const started = performance.now();
  expect(() => decodeRequest(0, 3, frame, decodeRequestHeader(frame).headerBytes)).toThrow(ProtocolDecodeError);
  expect(performance.now() - started).toBeLessThan(50);
  // Flexible version: a compact count of 2^32-2 elements.
  const flex = new Writer();
  flex.int16(ApiKey.Produce).int16(9).int32(1).nullableString('x').emptyTaggedFields();
  flex.unsignedVarint(0).int16(1).int32(1000).unsignedVarint(0xffffffff).raw(Buffer.alloc(10));
  const flexFrame = flex.finish();
  expect(() => decodeRequest(0, 9, flexFrame, decodeRequestHeader(flexFrame).headerBytes)).toThrow(ProtocolDecodeError);
});

test('headers of unknown APIs and versions still decode up to header v1', () => {
  const w = new Writer();
  w.int16(999).int16(42).int32(77).nullableString('client');
  expect(decodeRequestHeader(w.finish())).toEqual({
    apiKey: 999,
    apiVersion: 42,
    correlationId: 77,
    clientId: 'client',
    headerBytes: 16,
  });
  expect(() => decodeRequest(999, 42, w.finish(), 16)).toThrow(ProtocolDecodeError);
  expect(() => decodeRequest(ApiKey.Produce, 999, w.finish(), 16)).toThrow(ProtocolDecodeError);
  expect(() => decodeResponse(ApiKey.Metadata, 1, Buffer.alloc(3))).toThrow(ProtocolDecodeError);
});
