/**
 * On-disk framing of the local metadata log: [payloadLength u32][crc32 u32][payload], payload =
 * [baseOffset i64][recordCount u32] then per record [length u32][encodeRecord bytes]. The CRC covers the payload so
 * a torn or corrupt tail is detected at load. Snapshot files use the same frame with the snapshot's last offset in
 * place of baseOffset.
 */
import { crc32 } from 'node:zlib';
import { decodeRecord, encodeRecord, type MetadataRecord } from '@tributary/metadata';

export const FRAME_HEADER_BYTES = 8;
/** Upper bound on one frame; a length above it is corruption, not a real batch (MAX_RECORDS_PER_USER_OP caps them). */
export const FRAME_PAYLOAD_BYTES_MAX = 256 * 1024 * 1024;

export function encodeFrame(offset: bigint, records: readonly MetadataRecord[]): Buffer {
  const encoded = records.map(encodeRecord);
  const payloadBytes = 12 + encoded.reduce((sum, bytes) => sum + 4 + bytes.length, 0);
  if (payloadBytes > FRAME_PAYLOAD_BYTES_MAX) throw new Error(`metadata batch of ${payloadBytes} bytes is too large`);
  const frame = Buffer.alloc(FRAME_HEADER_BYTES + payloadBytes);
  let position = FRAME_HEADER_BYTES;
  frame.writeBigInt64BE(offset, position);
  frame.writeUInt32BE(records.length, position + 8);
  position += 12;
  for (const bytes of encoded) {
    frame.writeUInt32BE(bytes.length, position);
    bytes.copy(frame, position + 4);
    position += 4 + bytes.length;
  }
  frame.writeUInt32BE(payloadBytes, 0);
  frame.writeUInt32BE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

export interface DecodedFrame {
  offset: bigint;
  records: MetadataRecord[];
  /** Bytes the frame occupies, header included. */
  size: number;
}

/**
 * Decodes the frame at `position`; null when the bytes there are not a whole valid frame (torn write or
 * corruption). A CRC-valid frame whose records fail to decode is a bug in the writer, so that throws.
 */
export function decodeFrame(buffer: Buffer, position: number): DecodedFrame | null {
  if (buffer.length - position < FRAME_HEADER_BYTES) return null;
  const payloadBytes = buffer.readUInt32BE(position);
  if (payloadBytes < 12 || payloadBytes > FRAME_PAYLOAD_BYTES_MAX) return null;
  const end = position + FRAME_HEADER_BYTES + payloadBytes;
  if (end > buffer.length) return null;
  const payload = buffer.subarray(position + FRAME_HEADER_BYTES, end);
  if (crc32(payload) !== buffer.readUInt32BE(position + 4)) return null;
  const offset = payload.readBigInt64BE(0);
  const count = payload.readUInt32BE(8);
  const records: MetadataRecord[] = [];
  let cursor = 12;
  for (let i = 0; i < count; i++) {
    const length = payload.readUInt32BE(cursor);
    records.push(decodeRecord(payload.subarray(cursor + 4, cursor + 4 + length)));
    cursor += 4 + length;
  }
  if (cursor !== payload.length)
    throw new Error(`metadata frame at ${position} has ${payload.length - cursor} stray bytes`);
  return { offset, records, size: end - position };
}
