import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeRecords } from '@tributary/protocol';
import { afterEach } from 'vitest';
import type { PartitionLog } from '../src/index.js';

const created: string[] = [];

/** A fresh temp directory removed after the test. */
export function tempDir(prefix = 'tributary-log-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** One record as read back through PartitionLog.read and decoded by the protocol package. */
export interface ReadRecord {
  offset: bigint;
  key: string | null;
  value: string | null;
  timestamp: bigint;
}

/** Every record from the log start to the end, in offset order, batch after batch (holes skipped as Fetch does). */
export async function readAllRecords(log: PartitionLog): Promise<ReadRecord[]> {
  const records: ReadRecord[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const result = log.read(offset, 64 * 1024);
    if (result.batchCount === 0) break;
    for (let position = 0; position < result.records.length; ) {
      const size = 12 + result.records.readInt32BE(position + 8);
      const batch = result.records.subarray(position, position + size);
      for (const record of await decodeRecords(batch)) {
        records.push({
          offset: record.offset,
          key: record.key?.toString() ?? null,
          value: record.value?.toString() ?? null,
          timestamp: record.timestamp,
        });
      }
      offset = batch.readBigInt64BE(0) + BigInt(batch.readInt32BE(23)) + 1n;
      position += size;
    }
  }
  return records;
}
