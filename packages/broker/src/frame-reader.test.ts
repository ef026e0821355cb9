// Intent: the frame reader splits a byte stream into size-prefixed frames however it is chunked, and rejects
// negative or oversize prefixes before buffering any body.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameReader, InvalidFrameSizeError } from './frame-reader.js';

function framed(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function drain(reader: FrameReader): Buffer[] {
  const out: Buffer[] = [];
  for (let f = reader.next(); f !== null; f = reader.next()) out.push(f);
  return out;
}

describe('FrameReader', () => {
  it('returns whole frames from one chunk and waits for partial ones', () => {
    const reader = new FrameReader(100);
    const a = Buffer.from('hello');
    const b = Buffer.from('world!');
    const stream = Buffer.concat([framed(a), framed(b)]);
    reader.push(stream.subarray(0, 12));
    expect(drain(reader)).toEqual([a]);
    reader.push(stream.subarray(12));
    expect(drain(reader)).toEqual([b]);
    expect(reader.buffered).toBe(0);
  });

  it('handles a size prefix split across chunks and an empty frame', () => {
    const reader = new FrameReader(100);
    const stream = Buffer.concat([framed(Buffer.alloc(0)), framed(Buffer.from('x'))]);
    for (const byte of stream) reader.push(Buffer.from([byte]));
    expect(drain(reader)).toEqual([Buffer.alloc(0), Buffer.from('x')]);
  });

  it('rejects an oversize frame as soon as the prefix arrives', () => {
    const reader = new FrameReader(10);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(11);
    reader.push(prefix);
    expect(() => reader.next()).toThrow(InvalidFrameSizeError);
  });

  it('rejects a negative frame size', () => {
    const reader = new FrameReader(10);
    reader.push(Buffer.from([0xff, 0xff, 0xff, 0xfe, 1, 2]));
    expect(() => reader.next()).toThrow(/outside/);
  });

  it('accepts a frame of exactly the maximum size', () => {
    const reader = new FrameReader(8);
    reader.push(framed(Buffer.alloc(8, 7)));
    expect(drain(reader)).toEqual([Buffer.alloc(8, 7)]);
  });

  it('reassembles any chunking of any frame sequence (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 20 }),
        (bodies, cuts) => {
          const reader = new FrameReader(64);
          const stream = Buffer.concat(bodies.map((b) => framed(Buffer.from(b))));
          const out: Buffer[] = [];
          let pos = 0;
          let i = 0;
          while (pos < stream.length) {
            const end = Math.min(stream.length, pos + cuts[i++ % cuts.length]);
            reader.push(stream.subarray(pos, end));
            out.push(...drain(reader));
            pos = end;
          }
          expect(out.map((b) => b.toString('hex'))).toEqual(bodies.map((b) => Buffer.from(b).toString('hex')));
        },
      ),
    );
  });
});
