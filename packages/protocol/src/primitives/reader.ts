// Bounds-checked reader over a Buffer. Every length or count read from the wire is checked against the bytes
// that remain before anything is allocated, so a hostile frame fails fast with ProtocolDecodeError.
import { ProtocolDecodeError } from '../errors.js';
import { uuidToString } from './uuid.js';

export class Reader {
  readonly buf: Buffer;
  offset: number;
  /** Exclusive end of the readable region (a frame may be a view on a larger buffer). */
  readonly end: number;

  constructor(buf: Buffer, offset = 0, end = buf.length) {
    if (offset < 0 || end > buf.length || offset > end) {
      throw new ProtocolDecodeError(`reader window [${offset}, ${end}) outside buffer of ${buf.length} bytes`);
    }
    this.buf = buf;
    this.offset = offset;
    this.end = end;
  }

  remaining(): number {
    return this.end - this.offset;
  }

  /** Throws unless `n` more bytes are available. */
  need(n: number): void {
    if (n > this.end - this.offset || n < 0) {
      throw new ProtocolDecodeError(`need ${n} bytes at offset ${this.offset}, only ${this.end - this.offset} left`);
    }
  }

  // Fixed-width reads assemble bytes directly once need() has checked the bounds: Buffer's readInt*BE repeat
  // that check and validate the offset's type on every call, which showed in broker profiles.
  int8(): number {
    this.need(1);
    return (this.buf[this.offset++] << 24) >> 24;
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return (this.uint16() << 16) >> 16;
  }

  uint16(): number {
    this.need(2);
    const b = this.buf;
    const o = this.offset;
    this.offset = o + 2;
    return (b[o] << 8) | b[o + 1];
  }

  int32(): number {
    this.need(4);
    const b = this.buf;
    const o = this.offset;
    this.offset = o + 4;
    return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
  }

  uint32(): number {
    return this.int32() >>> 0;
  }

  int64(): bigint {
    const high = this.int32();
    const low = this.uint32();
    // Offsets, timestamps and epochs fit in 53 bits: one BigInt from an exact double instead of shifts and adds of
    // three intermediate BigInts.
    if (high >= -0x200000 && high < 0x200000) return BigInt(high * 0x1_0000_0000 + low);
    return (BigInt(high) << 32n) | BigInt(low);
  }

  float64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.offset);
    this.offset += 8;
    return v;
  }

  /** LEB128 without zig-zag, at most 5 bytes, result in [0, 2^32). */
  unsignedVarint(): number {
    // One byte is the common case (counts, lengths and deltas of records below 128): no loop.
    const o = this.offset;
    if (o < this.end) {
      const b = this.buf[o];
      if (b < 0x80) {
        this.offset = o + 1;
        return b;
      }
    }
    return this.unsignedVarintLoop();
  }

  private unsignedVarintLoop(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      if (this.offset >= this.end) throw new ProtocolDecodeError('truncated varint');
      const b = this.buf[this.offset++];
      if (i === 4 && b > 0x0f) throw new ProtocolDecodeError('varint longer than 32 bits');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw new ProtocolDecodeError('varint longer than 5 bytes');
  }

  /** Zig-zag varint (int32). */
  varint(): number {
    const u = this.unsignedVarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /**
   * The next varlong's unsigned value when it takes at most 7 bytes (below 2^49, exact in a double), else -1 with
   * nothing consumed. Record timestamp deltas are small: one BigInt at the end instead of one per byte.
   */
  private shortUnsignedVarlong(): number {
    const start = this.offset;
    const last = Math.min(this.end, start + 7);
    let result = 0;
    let scale = 1;
    for (let o = start; o < last; o++) {
      const b = this.buf[o];
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        this.offset = o + 1;
        return result;
      }
      scale *= 0x80;
    }
    return -1;
  }

  /** LEB128 without zig-zag, at most 10 bytes, as bigint. */
  unsignedVarlong(): bigint {
    const short = this.shortUnsignedVarlong();
    return short >= 0 ? BigInt(short) : this.unsignedVarlongLoop();
  }

  private unsignedVarlongLoop(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.offset >= this.end) throw new ProtocolDecodeError('truncated varlong');
      const b = this.buf[this.offset++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new ProtocolDecodeError('varlong longer than 10 bytes');
  }

  /** Zig-zag varlong (int64). */
  varlong(): bigint {
    const short = this.shortUnsignedVarlong();
    // Zig-zag in double arithmetic (exact below 2^49): even n -> n / 2, odd n -> -(n + 1) / 2.
    if (short >= 0) return BigInt(short % 2 === 0 ? short / 2 : -(short + 1) / 2);
    const u = this.unsignedVarlongLoop();
    return BigInt.asIntN(64, (u >> 1n) ^ -(u & 1n));
  }

  /** A view (no copy) of the next `n` bytes. */
  view(n: number): Buffer {
    this.need(n);
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  utf8(n: number): string {
    this.need(n);
    const s = this.buf.toString('utf8', this.offset, this.offset + n);
    this.offset += n;
    return s;
  }

  /** Length of a classic (int16-prefixed) string, -1 for null. */
  stringLength(): number {
    const n = this.int16();
    if (n < -1) throw new ProtocolDecodeError(`negative string length ${n}`);
    return n;
  }

  /** Length of a compact string/bytes/array (uvarint N+1), -1 for null. */
  compactLength(): number {
    return this.unsignedVarint() - 1;
  }

  /** Length of classic bytes or arrays (int32), -1 for null. */
  int32Length(): number {
    const n = this.int32();
    if (n < -1) throw new ProtocolDecodeError(`negative length ${n}`);
    return n;
  }

  string(): string {
    const n = this.stringLength();
    if (n < 0) throw new ProtocolDecodeError('null for a non-nullable string');
    return this.utf8(n);
  }

  nullableString(): string | null {
    const n = this.stringLength();
    return n < 0 ? null : this.utf8(n);
  }

  compactString(): string {
    const n = this.compactLength();
    if (n < 0) throw new ProtocolDecodeError('null for a non-nullable compact string');
    return this.utf8(n);
  }

  compactNullableString(): string | null {
    const n = this.compactLength();
    return n < 0 ? null : this.utf8(n);
  }

  /** Classic bytes (int32 length) as a copy, so the result does not pin the whole frame in memory. */
  bytes(): Buffer {
    const n = this.int32Length();
    if (n < 0) throw new ProtocolDecodeError('null for non-nullable bytes');
    return Buffer.from(this.view(n));
  }

  nullableBytes(): Buffer | null {
    const n = this.int32Length();
    return n < 0 ? null : Buffer.from(this.view(n));
  }

  compactBytes(): Buffer {
    const n = this.compactLength();
    if (n < 0) throw new ProtocolDecodeError('null for non-nullable compact bytes');
    return Buffer.from(this.view(n));
  }

  compactNullableBytes(): Buffer | null {
    const n = this.compactLength();
    return n < 0 ? null : Buffer.from(this.view(n));
  }

  uuid(): string {
    return uuidToString(this.view(16));
  }

  /** Skips a whole tagged-field section (count, then tag/size/bytes per field). */
  skipTaggedFields(): void {
    const count = this.unsignedVarint();
    for (let i = 0; i < count; i++) {
      this.unsignedVarint();
      const size = this.unsignedVarint();
      this.need(size);
      this.offset += size;
    }
  }
}
