// Growable writer. The buffer doubles when full, so encoding a message costs amortised O(size) copies.
// Large raw byte runs (record batches in Fetch answers) are kept by reference and joined once in finish(),
// so a 32 MiB Fetch response is copied once instead of being dragged through every doubling.
import { uuidToBytes } from './uuid.js';

const INITIAL_BYTES = 256;
/** raw() inputs at least this large are referenced rather than copied into the growing buffer. */
const REFERENCE_MIN_BYTES = 16 * 1024;

/** Varlongs below this are encoded without BigInt arithmetic (at most 7 bytes). */
const SHORT_VARLONG_LIMIT = 2 ** 49;

function outOfRange(type: string, v: number): RangeError {
  return new RangeError(`${v} is out of range for ${type}`);
}

export class Writer {
  buf: Buffer;
  /** Write position in `buf`. */
  offset = 0;
  /** Finished pieces (views of earlier buffer regions and referenced raw inputs), in order. */
  private chunks: Buffer[] = [];
  private chunkedBytes = 0;
  /** Start in `buf` of the bytes not yet moved into `chunks`. */
  private regionStart = 0;

  /**
   * `referenceMinBytes`: raw() inputs at least this large are kept by reference. A writer whose raw inputs are never
   * changed afterwards (response frames: record batches fresh from the log) can set it low and be written with
   * finishChunks() without copying them at all.
   */
  constructor(
    initialBytes = INITIAL_BYTES,
    private readonly referenceMinBytes = REFERENCE_MIN_BYTES,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialBytes));
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const needed = this.offset + n;
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.offset);
    this.buf = next;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.chunkedBytes + this.offset - this.regionStart;
  }

  /** Forgets everything written, keeping the allocated buffer. */
  reset(): void {
    this.chunks = [];
    this.chunkedBytes = 0;
    this.regionStart = 0;
    this.offset = 0;
  }

  /**
   * The bytes written so far. Without referenced chunks this is a view on the internal buffer, valid until the next
   * write; otherwise a fresh Buffer (the one copy of the referenced inputs, which must not change before this call).
   */
  finish(): Buffer {
    if (this.chunks.length === 0) return this.buf.subarray(0, this.offset);
    return Buffer.concat([...this.chunks, this.buf.subarray(this.regionStart, this.offset)], this.length);
  }

  // Fixed-width writes store bytes directly after one range check (Buffer's writeInt*BE validate type, range and
  // offset on every call, which showed in broker profiles). Out-of-range values still throw RangeError.
  /**
   * The bytes written so far as pieces in order, without joining them: a socket can write them in one vectored call
   * (writev), so referenced record batches are never copied. The pieces stay valid while nothing more is written.
   */
  finishChunks(): Buffer[] {
    const tail = this.buf.subarray(this.regionStart, this.offset);
    if (this.chunks.length === 0) return [tail];
    return tail.length > 0 ? [...this.chunks, tail] : [...this.chunks];
  }

  int8(v: number): this {
    if ((v << 24) >> 24 !== v) throw outOfRange('int8', v);
    this.ensure(1);
    this.buf[this.offset++] = v;
    return this;
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  int16(v: number): this {
    if ((v << 16) >> 16 !== v) throw outOfRange('int16', v);
    return this.put16(v);
  }

  uint16(v: number): this {
    if ((v & 0xffff) !== v) throw outOfRange('uint16', v);
    return this.put16(v);
  }

  int32(v: number): this {
    if ((v | 0) !== v) throw outOfRange('int32', v);
    return this.put32(v);
  }

  uint32(v: number): this {
    if (v >>> 0 !== v) throw outOfRange('uint32', v);
    return this.put32(v);
  }

  int64(v: bigint | number): this {
    // Offsets, timestamps and epochs fit in 53 bits: split the exact double instead of BigInt shifts and masks.
    const n = Number(v);
    if (Number.isSafeInteger(n)) {
      const high = Math.floor(n / 0x1_0000_0000);
      return this.put32(high).put32(n - high * 0x1_0000_0000);
    }
    this.ensure(8);
    this.offset = this.buf.writeBigInt64BE(typeof v === 'bigint' ? v : BigInt(v), this.offset);
    return this;
  }

  private put16(v: number): this {
    this.ensure(2);
    const b = this.buf;
    const o = this.offset;
    b[o] = v >>> 8;
    b[o + 1] = v;
    this.offset = o + 2;
    return this;
  }

  /** The low 32 bits of `v`, big-endian. */
  private put32(v: number): this {
    this.ensure(4);
    const b = this.buf;
    const o = this.offset;
    b[o] = v >>> 24;
    b[o + 1] = v >>> 16;
    b[o + 2] = v >>> 8;
    b[o + 3] = v;
    this.offset = o + 4;
    return this;
  }

  float64(v: number): this {
    this.ensure(8);
    this.offset = this.buf.writeDoubleBE(v, this.offset);
    return this;
  }

  /** LEB128 without zig-zag; v in [0, 2^32). */
  unsignedVarint(v: number): this {
    this.ensure(5);
    let n = v >>> 0;
    while (n >= 0x80) {
      this.buf[this.offset++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.offset++] = n;
    return this;
  }

  /** Zig-zag varint (int32). */
  varint(v: number): this {
    return this.unsignedVarint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  unsignedVarlong(v: bigint): this {
    const small = Number(v);
    if (small >= 0 && small < SHORT_VARLONG_LIMIT) return this.shortVarlong(small);
    this.ensure(10);
    let n = BigInt.asUintN(64, v);
    while (n >= 0x80n) {
      this.buf[this.offset++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.offset++] = Number(n);
    return this;
  }

  /** LEB128 of a non-negative integer below 2^49 in double arithmetic: no BigInt per byte. */
  private shortVarlong(n: number): this {
    this.ensure(7);
    const b = this.buf;
    let o = this.offset;
    while (n >= 0x80) {
      b[o++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    b[o++] = n;
    this.offset = o;
    return this;
  }

  /** Zig-zag varlong (int64). */
  varlong(v: bigint): this {
    // Record timestamp deltas are small: zig-zag them as doubles (exact, the result stays below 2^49).
    const small = Number(v);
    if (Math.abs(small) < SHORT_VARLONG_LIMIT / 2) return this.shortVarlong(small >= 0 ? small * 2 : -small * 2 - 1);
    const x = BigInt.asIntN(64, v);
    return this.unsignedVarlong((x << 1n) ^ (x >> 63n));
  }

  raw(bytes: Uint8Array): this {
    if (bytes.length >= this.referenceMinBytes) {
      if (this.offset > this.regionStart) this.chunks.push(this.buf.subarray(this.regionStart, this.offset));
      this.chunks.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      this.chunkedBytes += this.offset - this.regionStart + bytes.length;
      this.regionStart = this.offset;
      return this;
    }
    this.ensure(bytes.length);
    this.buf.set(bytes, this.offset);
    this.offset += bytes.length;
    return this;
  }

  /** Classic string: int16 length (-1 = null). */
  nullableString(s: string | null): this {
    if (s === null) return this.int16(-1);
    const n = Buffer.byteLength(s, 'utf8');
    if (n > 0x7fff) throw new RangeError(`string of ${n} bytes exceeds int16 length`);
    this.int16(n);
    this.ensure(n);
    this.offset += this.buf.write(s, this.offset, 'utf8');
    return this;
  }

  string(s: string): this {
    return this.nullableString(s);
  }

  /** Compact string: uvarint(N+1), 0 = null. */
  compactNullableString(s: string | null): this {
    if (s === null) return this.unsignedVarint(0);
    const n = Buffer.byteLength(s, 'utf8');
    this.unsignedVarint(n + 1);
    this.ensure(n);
    this.offset += this.buf.write(s, this.offset, 'utf8');
    return this;
  }

  compactString(s: string): this {
    return this.compactNullableString(s);
  }

  /** Classic bytes: int32 length (-1 = null). */
  nullableBytes(b: Uint8Array | null): this {
    if (b === null) return this.int32(-1);
    return this.int32(b.length).raw(b);
  }

  bytes(b: Uint8Array): this {
    return this.nullableBytes(b);
  }

  compactNullableBytes(b: Uint8Array | null): this {
    if (b === null) return this.unsignedVarint(0);
    return this.unsignedVarint(b.length + 1).raw(b);
  }

  compactBytes(b: Uint8Array): this {
    return this.compactNullableBytes(b);
  }

  uuid(uuid: string): this {
    return this.raw(uuidToBytes(uuid));
  }

  /** An empty tagged-field section. */
  emptyTaggedFields(): this {
    return this.unsignedVarint(0);
  }
}
