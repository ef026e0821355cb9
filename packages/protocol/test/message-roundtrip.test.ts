// Intent: for every generated message and every valid version, encode -> decode -> encode is byte-identical and
// decoding yields the normalized object (absent fields at their defaults).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { allSchemas, apiSchemas, decodeMessage, encodeMessage, inVersionRange } from '../src/index.js';
import { messageArbitrary, versionsOf } from './schema-arbitrary.js';

const RUNS_PER_VERSION = Number(process.env.PROTOCOL_PROPERTY_RUNS ?? 8);

describe('every schema, every version', () => {
  for (const [name, schema] of allSchemas) {
    test(name, () => {
      for (const version of versionsOf(schema)) {
        fc.assert(
          fc.property(messageArbitrary(schema, version), (message) => {
            const first = encodeMessage(schema, version, message);
            const decoded = decodeMessage(schema, version, first);
            expect(decoded).toEqual(message);
            expect(encodeMessage(schema, version, decoded).equals(first)).toBe(true);
          }),
          { numRuns: RUNS_PER_VERSION },
        );
      }
    });
  }
});

test('every API key has a request and a response schema with the same valid versions', () => {
  expect(apiSchemas.size).toBeGreaterThan(80);
  for (const [apiKey, { request, response }] of apiSchemas) {
    expect(request.apiKey).toBe(apiKey);
    expect(response.apiKey).toBe(apiKey);
    expect(inVersionRange(response.validVersions, request.validVersions?.[1] ?? -1)).toBe(true);
  }
});

test('an empty object encodes exactly like the all-defaults object', () => {
  for (const [, schema] of allSchemas) {
    for (const version of versionsOf(schema)) {
      const fromEmpty = encodeMessage(schema, version, {});
      const defaults = decodeMessage(schema, version, fromEmpty);
      expect(encodeMessage(schema, version, defaults).equals(fromEmpty)).toBe(true);
    }
  }
});
