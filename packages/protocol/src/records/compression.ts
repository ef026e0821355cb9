// Record batch compression codecs (attributes bits 0-2): 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.
// Libraries: node:zlib (gzip); `snappy` (napi, raw blocks) plus the xerial framing the Java producer writes;
// `lz4-napi` frame API (independent blocks, which Java's KafkaLZ4BlockInputStream requires);
// `@mongodb-js/zstd` 1.2.2 (prebuilt napi; its API is async only).
import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzip, gzipSync } from 'node:zlib';
import { compress as zstdCompress, decompress as zstdDecompress } from '@mongodb-js/zstd';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compressSync as snappyCompress, uncompressSync as snappyUncompress } from 'snappy';
import { ErrorCode, KafkaError } from '../errors.js';

export const Compression = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;
export type CompressionCodec = 0 | 1 | 2 | 3 | 4;

/** Largest decompressed payload accepted (guards against decompression bombs); callers may pass their own. */
export const MAX_DECOMPRESSED_BYTES_DEFAULT = 256 * 1024 * 1024;

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

// xerial snappy-java stream framing (SnappyOutputStream): magic, int32 version 1, int32 compatible version 1,
// then [int32 compressed length][raw snappy block] repeated. Java writes blocks of 32 KiB input.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;
const XERIAL_BLOCK_BYTES = 32 * 1024;

function isXerial(buf: Buffer): boolean {
  return buf.length >= XERIAL_HEADER_BYTES && buf.subarray(0, 8).equals(XERIAL_MAGIC);
}

function xerialCompress(buf: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])];
  for (let start = 0; start < buf.length; start += XERIAL_BLOCK_BYTES) {
    const block = snappyCompress(buf.subarray(start, start + XERIAL_BLOCK_BYTES));
    const length = Buffer.allocUnsafe(4);
    length.writeInt32BE(block.length, 0);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

/** Uncompressed length from a raw snappy block's varint preamble, checked before inflating. */
function snappyLength(block: Buffer): number {
  let result = 0;
  for (let i = 0, shift = 0; i < 5 && i < block.length; i++, shift += 7) {
    result += (block[i] & 0x7f) * 2 ** shift;
    if ((block[i] & 0x80) === 0) return result;
  }
  throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'bad snappy length preamble');
}

function snappyDecompress(buf: Buffer, maxBytes: number): Buffer {
  const blocks: Buffer[] = [];
  if (!isXerial(buf)) {
    blocks.push(buf);
  } else {
    for (let pos = XERIAL_HEADER_BYTES; pos < buf.length; ) {
      if (pos + 4 > buf.length) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'truncated xerial block length');
      const n = buf.readInt32BE(pos);
      pos += 4;
      if (n < 0 || pos + n > buf.length) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'truncated xerial block');
      blocks.push(buf.subarray(pos, pos + n));
      pos += n;
    }
  }
  let total = 0;
  for (const b of blocks) total += snappyLength(b);
  if (total > maxBytes) throw tooLarge(total, maxBytes);
  const out = blocks.map((b) => snappyUncompress(b) as Buffer);
  return out.length === 1 ? out[0] : Buffer.concat(out);
}

function tooLarge(n: number, maxBytes: number): KafkaError {
  return new KafkaError(ErrorCode.CORRUPT_MESSAGE, `decompressed size ${n} exceeds limit ${maxBytes}`);
}

function checkSize(out: Buffer, maxBytes: number): Buffer {
  if (out.length > maxBytes) throw tooLarge(out.length, maxBytes);
  return out;
}

function unknownCodec(codec: number): KafkaError {
  return new KafkaError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `unknown compression codec ${codec}`);
}

/** Synchronous compression for every codec except zstd (whose library is async only). */
export function compressSync(codec: number, buf: Buffer): Buffer {
  switch (codec) {
    case 0:
      return buf;
    case 1:
      return gzipSync(buf);
    case 2:
      return xerialCompress(buf);
    case 3:
      return compressFrameSync(buf);
    case 4:
      throw new KafkaError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 'zstd compression is async only: use compress()');
    default:
      throw unknownCodec(codec);
  }
}

/** Compresses `buf` with `codec`. gzip and zstd run on the libuv thread pool. */
export async function compress(codec: number, buf: Buffer): Promise<Buffer> {
  if (codec === 1) return gzipAsync(buf);
  if (codec === 4) return zstdCompress(buf, 3);
  return compressSync(codec, buf);
}

/**
 * Synchronous decompression for none/gzip/snappy/lz4. Any corrupt input throws KafkaError(CORRUPT_MESSAGE).
 * The size limit is enforced before inflating for gzip and snappy, after for lz4 (frames carry no content size).
 */
export function decompressSync(codec: number, buf: Buffer, maxBytes = MAX_DECOMPRESSED_BYTES_DEFAULT): Buffer {
  try {
    switch (codec) {
      case 0:
        return buf;
      case 1:
        return gunzipSync(buf, { maxOutputLength: maxBytes });
      case 2:
        return snappyDecompress(buf, maxBytes);
      case 3:
        return checkSize(decompressFrameSync(buf), maxBytes);
      case 4:
        throw new KafkaError(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, 'zstd decompression is async only');
      default:
        throw unknownCodec(codec);
    }
  } catch (err) {
    throw asCorrupt(err);
  }
}

export async function decompress(
  codec: number,
  buf: Buffer,
  maxBytes = MAX_DECOMPRESSED_BYTES_DEFAULT,
): Promise<Buffer> {
  try {
    if (codec === 1) return await gunzipAsync(buf, { maxOutputLength: maxBytes });
    if (codec === 4) return checkSize(await zstdDecompress(buf), maxBytes);
  } catch (err) {
    throw asCorrupt(err);
  }
  return decompressSync(codec, buf, maxBytes);
}

function asCorrupt(err: unknown): KafkaError {
  if (err instanceof KafkaError) return err;
  return new KafkaError(ErrorCode.CORRUPT_MESSAGE, `decompression failed: ${(err as Error).message}`, { cause: err });
}
