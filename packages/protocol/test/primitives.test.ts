// Intent: Reader and Writer agree on every primitive, varints match Kafka's zig-zag/LEB128 encoding, and uuids use
// Kafka's base64url form.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ProtocolDecodeError, Reader, uuidFromRandomBytes, uuidToBytes, Writer, ZERO_UUID } from '../src/index.js';

test('varint/varlong/unsigned varint round-trip at the edges and at random', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n),
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      (i, l, u) => {
        const w = new Writer(4).varint(i).varlong(l).unsignedVarint(u);
        const r = new Reader(w.finish());
        expect([r.varint(), r.varlong(), r.unsignedVarint()]).toEqual([i, l, u]);
        expect(r.remaining()).toBe(0);
      },
    ),
  );
});

test('known encodings from Kafka ByteUtils', () => {
  expect(new Writer().varint(0).finish()).toEqual(Buffer.from([0]));
  expect(new Writer().varint(-1).finish()).toEqual(Buffer.from([1]));
  expect(new Writer().varint(1).finish()).toEqual(Buffer.from([2]));
  expect(new Writer().varint(300).finish()).toEqual(Buffer.from([0xd8, 0x04]));
  expect(new Writer().unsignedVarint(300).finish()).toEqual(Buffer.from([0xac, 0x02]));
  expect(new Writer().varint(-(2 ** 31)).finish()).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
});

test('overlong and truncated varints are rejected', () => {
  expect(() => new Reader(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])).unsignedVarint()).toThrow(
    ProtocolDecodeError,
  );
  expect(() => new Reader(Buffer.from([0x80])).unsignedVarint()).toThrow(ProtocolDecodeError);
  expect(() => new Reader(Buffer.alloc(11, 0x80)).varlong()).toThrow(ProtocolDecodeError);
});

test('strings, bytes and fixed-width numbers round-trip, nulls included', () => {
  const w = new Writer(8)
    .int8(-5)
    .int16(-300)
    .uint16(65000)
    .int32(-70000)
    .uint32(4_000_000_000)
    .int64(-5n)
    .float64(1.5)
    .bool(true)
    .string('héllo')
    .nullableString(null)
    .compactString('ü')
    .compactNullableString(null)
    .bytes(Buffer.from([1]))
    .nullableBytes(null)
    .compactBytes(Buffer.from([2, 3]))
    .compactNullableBytes(null);
  const r = new Reader(w.finish());
  expect([r.int8(), r.int16(), r.uint16(), r.int32(), r.uint32(), r.int64(), r.float64(), r.bool()]).toEqual([
    -5,
    -300,
    65000,
    -70000,
    4_000_000_000,
    -5n,
    1.5,
    true,
  ]);
  expect([r.string(), r.nullableString(), r.compactString(), r.compactNullableString()]).toEqual([
    'héllo',
    null,
    'ü',
    null,
  ]);
  expect([r.bytes(), r.nullableBytes(), r.compactBytes(), r.compactNullableBytes()]).toEqual([
    Buffer.from([1]),
    null,
    Buffer.from([2, 3]),
    null,
  ]);
  expect(r.remaining()).toBe(0);
  expect(() => r.int8()).toThrow(ProtocolDecodeError);
});

test('uuids use base64url without padding', () => {
  expect(new Reader(Buffer.alloc(16)).uuid()).toBe(ZERO_UUID);
  const bytes = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
  const text = new Reader(bytes).uuid();
  expect(text).toBe('AAECAwQFBgcICQoLDA0ODw');
  expect(uuidToBytes(text)).toEqual(bytes);
  expect(() => uuidToBytes('not-a-uuid')).toThrow(RangeError);
  const random = uuidFromRandomBytes(Buffer.alloc(16, 0xff));
  expect(random).toHaveLength(22);
  expect(uuidToBytes(random)[6] >> 4).toBe(4);
});

test('the writer grows geometrically past its initial size', () => {
  const w = new Writer(16);
  for (let i = 0; i < 10_000; i++) w.int32(i);
  expect(w.offset).toBe(40_000);
  expect(w.buf.length).toBeLessThanOrEqual(2 * 65_536);
  expect(new Reader(w.finish(), 4 * 9_999).int32()).toBe(9_999);
});

test('large raw runs are referenced and joined in order by finish()', () => {
  const big = Buffer.alloc(20_000, 0xab);
  const w = new Writer(16)
    .int32(1)
    .raw(big)
    .int16(2)
    .raw(big)
    .raw(Buffer.from([9]));
  expect(w.length).toBe(4 + 20_000 + 2 + 20_000 + 1);
  const expected = Buffer.concat([Buffer.from([0, 0, 0, 1]), big, Buffer.from([0, 2]), big, Buffer.from([9])]);
  expect(w.finish().equals(expected)).toBe(true);
  w.reset();
  expect(w.int8(5).finish()).toEqual(Buffer.from([5]));
});

test('varlongs encode as Kafka does (zig-zag LEB128) on both sides of the 2^49 fast-path limit', () => {
  const reference = (v: bigint): number[] => {
    let n = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
    const out: number[] = [];
    while (n >= 0x80n) {
      out.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    return [...out, Number(n)];
  };
  const edges = [0n, -1n, 1n, 2n ** 48n - 1n, -(2n ** 48n), 2n ** 48n, 2n ** 49n, -(2n ** 63n), 2n ** 63n - 1n];
  fc.assert(
    fc.property(fc.oneof(fc.bigInt(-(2n ** 50n), 2n ** 50n), fc.constantFrom(...edges)), (v) => {
      const bytes = new Writer(4).varlong(v).finish();
      expect([...bytes]).toEqual(reference(v));
      expect(new Reader(bytes).varlong()).toBe(v);
      const unsigned = BigInt.asUintN(64, v);
      expect(new Reader(new Writer(4).unsignedVarlong(unsigned).finish()).unsignedVarlong()).toBe(unsigned);
    }),
  );
});
