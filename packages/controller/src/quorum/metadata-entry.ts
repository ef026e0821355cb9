/**
 * What a Raft entry and a Raft snapshot hold for the metadata log.
 *
 * Entry data: baseOffset (int64 BE) then, per record, length (uint32 BE) and encodeRecord bytes. The leader writes
 * the metadata offset of the first record into the entry, so every node (and every observer) agrees on offsets
 * without counting, and each node checks on apply that the offset is exactly the next one it expects (a paired
 * check: offsets are dense across committed records in log order). An empty entry (a new leader's first entry)
 * carries no records.
 *
 * Snapshot data: lastOffset (int64 BE) then the image as records (imageToRecords), framed the same way.
 */
import { decodeRecord, encodeRecord, type MetadataRecord } from '@tributary/metadata';
import type { LoadedBatch, LoadedSnapshot } from '../metadata-log.js';

/** An entry's batch: LoadedBatch's shape (baseOffset + records). */
export type MetadataEntry = LoadedBatch;
/** A snapshot's content: LoadedSnapshot's shape (lastOffset + records). */
export type MetadataSnapshotData = LoadedSnapshot;

function encodeFramed(head: bigint, records: readonly MetadataRecord[]): Uint8Array {
  const encoded = records.map(encodeRecord);
  const out = Buffer.allocUnsafe(8 + encoded.reduce((sum, r) => sum + 4 + r.length, 0));
  out.writeBigInt64BE(head, 0);
  let position = 8;
  for (const record of encoded) {
    out.writeUInt32BE(record.length, position);
    record.copy(out, position + 4);
    position += 4 + record.length;
  }
  return out;
}

/** The encoded records of framed data (also what FetchMetadata ships, so observers decode them themselves). */
export function framedRecordBytes(data: Uint8Array): { head: bigint; records: Buffer[] } {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buffer.length < 8) throw new Error(`metadata entry of ${buffer.length} bytes is shorter than its header`);
  const head = buffer.readBigInt64BE(0);
  const records: Buffer[] = [];
  let position = 8;
  while (position < buffer.length) {
    if (position + 4 > buffer.length) throw new Error('truncated metadata record length');
    const length = buffer.readUInt32BE(position);
    if (position + 4 + length > buffer.length) throw new Error('truncated metadata record');
    records.push(buffer.subarray(position + 4, position + 4 + length));
    position += 4 + length;
  }
  return { head, records };
}

export function encodeMetadataEntry(entry: MetadataEntry): Uint8Array {
  if (entry.records.length === 0) throw new Error('a metadata entry carries at least one record');
  return encodeFramed(entry.baseOffset, entry.records);
}

/** null for an empty entry (no records). */
export function decodeMetadataEntry(data: Uint8Array): MetadataEntry | null {
  if (data.byteLength === 0) return null;
  const { head, records } = framedRecordBytes(data);
  return { baseOffset: head, records: records.map(decodeRecord) };
}

export function encodeMetadataSnapshot(snapshot: MetadataSnapshotData): Uint8Array {
  return encodeFramed(snapshot.lastOffset, snapshot.records);
}

export function decodeMetadataSnapshot(data: Uint8Array): MetadataSnapshotData {
  const { head, records } = framedRecordBytes(data);
  return { lastOffset: head, records: records.map(decodeRecord) };
}
