/**
 * Splits a TCP byte stream into Kafka request frames (int32 big-endian size, then `size` bytes).
 *
 * Pull-based on purpose: the connection asks for the next frame only while it has room for another
 * in-flight request, so back-pressure (queued.max.requests) never over-admits frames that arrived in
 * the same chunk. Pure: no sockets, no timers.
 */

/** Raised when a frame's size prefix is negative or above socket.request.max.bytes; the connection must close. */
export class InvalidFrameSizeError extends Error {
  readonly code = 'INVALID_FRAME_SIZE';
  readonly retriable = false;
  constructor(
    readonly sizeBytes: number,
    readonly maxSizeBytes: number,
  ) {
    super(`request frame size ${sizeBytes} is outside [0, ${maxSizeBytes}] (socket.request.max.bytes)`);
  }
}

const SIZE_PREFIX_BYTES = 4;

export class FrameReader {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  /** Size of the frame whose prefix was consumed but whose body is not complete yet; -1 = none. */
  private pendingFrameBytes = -1;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes held but not yet returned as frames (bounded by one frame plus one socket chunk). */
  get buffered(): number {
    return this.bufferedBytes;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
  }

  /**
   * The next complete frame body (without its size prefix), or null if more bytes are needed.
   * Throws InvalidFrameSizeError as soon as the prefix is readable, before any body is buffered.
   */
  next(): Buffer | null {
    if (this.pendingFrameBytes < 0) {
      if (this.bufferedBytes < SIZE_PREFIX_BYTES) return null;
      const size = this.take(SIZE_PREFIX_BYTES).readInt32BE(0);
      if (size < 0 || size > this.maxFrameBytes) throw new InvalidFrameSizeError(size, this.maxFrameBytes);
      this.pendingFrameBytes = size;
    }
    if (this.bufferedBytes < this.pendingFrameBytes) return null;
    const frame = this.take(this.pendingFrameBytes);
    this.pendingFrameBytes = -1;
    return frame;
  }

  /** Removes `count` bytes from the front; zero-copy when they lie in one chunk. */
  private take(count: number): Buffer {
    const first = this.chunks[0];
    if (count === 0) return Buffer.alloc(0);
    if (first.length >= count) {
      const out = first.subarray(0, count);
      if (first.length === count) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
      this.bufferedBytes -= count;
      return out;
    }
    const out = Buffer.allocUnsafe(count);
    let written = 0;
    while (written < count) {
      const chunk = this.chunks[0];
      const need = count - written;
      if (chunk.length <= need) {
        chunk.copy(out, written);
        written += chunk.length;
        this.chunks.shift();
      } else {
        chunk.copy(out, written, 0, need);
        this.chunks[0] = chunk.subarray(need);
        written += need;
      }
    }
    this.bufferedBytes -= count;
    return out;
  }
}
