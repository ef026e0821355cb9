// Intent: every codec round-trips, snappy also reads Java's xerial framing and raw blocks, lz4 writes the
// independent-block frames Java requires, and hostile inputs fail with CORRUPT_MESSAGE.
import { compressSync as rawSnappy } from 'snappy';
import { describe, expect, test } from 'vitest';
import { compress, decompress, decompressSync, ErrorCode } from '../src/index.js';

const text = Buffer.from('{"user":"alice","action":"click","ts":1700000000000}\n'.repeat(3000));

describe.each([0, 1, 2, 3, 4])('codec %i', (codec) => {
  test('round trip', async () => {
    const packed = await compress(codec, text);
    if (codec !== 0) expect(packed.length).toBeLessThan(text.length / 4);
    expect((await decompress(codec, packed)).equals(text)).toBe(true);
  });

  test('garbage is CORRUPT_MESSAGE', async () => {
    if (codec === 0) return expect(await decompress(0, Buffer.from('x'))).toEqual(Buffer.from('x'));
    await expect(decompress(codec, Buffer.from('definitely not compressed data'))).rejects.toMatchObject({
      code: ErrorCode.CORRUPT_MESSAGE,
    });
  });
});

test('snappy reads the xerial framing the Java producer writes, and raw blocks from librdkafka', async () => {
  // Built by hand as snappy-java's SnappyOutputStream does: magic, version 1, compatible 1, [int32 len][block]...
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
  const parts = [text.subarray(0, 40_000), text.subarray(40_000)].map((p) => {
    const block = rawSnappy(p);
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    return Buffer.concat([length, block]);
  });
  expect((await decompress(2, Buffer.concat([header, ...parts]))).equals(text)).toBe(true);
  expect(decompressSync(2, rawSnappy(text)).equals(text)).toBe(true);
});

test('lz4 frames are version 01 with independent blocks (Java rejects dependent ones)', async () => {
  const frame = await compress(3, text);
  expect(frame.readUInt32LE(0)).toBe(0x184d2204);
  const flg = frame[4];
  expect(flg >> 6).toBe(0b01);
  expect(flg & 0x20).toBe(0x20);
});

test('decompression size limits stop bombs', async () => {
  const zeros = Buffer.alloc(4 * 1024 * 1024);
  for (const codec of [1, 2, 3, 4]) {
    await expect(decompress(codec, await compress(codec, zeros), 1024 * 1024)).rejects.toMatchObject({
      code: ErrorCode.CORRUPT_MESSAGE,
    });
  }
});
