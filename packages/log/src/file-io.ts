import * as fs from 'node:fs';

// Positional synchronous I/O. Synchronous on purpose: appends land in the page cache in one
// syscall on the produce hot path, and no other request can interleave half-way through a write.

/** Writes all of `buffer` at `position`, looping over short writes. */
export function writeFully(fd: number, buffer: Buffer, position: number): void {
  let written = 0;
  while (written < buffer.length) {
    written += fs.writeSync(fd, buffer, written, buffer.length - written, position + written);
  }
}

/** Reads up to `length` bytes at `position`; shorter only at end of file. */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const count = fs.readSync(fd, buffer, filled, length - filled, position + filled);
    if (count === 0) break;
    filled += count;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}
