/**
 * Reads one `__consumer_offsets` partition from its log start to a given end offset and returns what a compacted
 * copy would hold: the last record per key, oldest first, keys whose last record is a tombstone left out. The log
 * cleaner compacts the topic's sealed segments, but the active segment (and anything not cleaned yet) still holds
 * history, so this fold is what keeps a reload's memory bounded by the live keys.
 */
import type { PartitionLog } from '@tributary/log';
import { decodeRecords, readBatchHeader, splitBatches } from '@tributary/protocol';
import type { GroupRecord } from '../group-records.js';
import { decodeGroupRecord, groupRecordKeyId } from './group-record-codec.js';

/** Bytes per log read while loading; whole batches are returned, so a larger batch still comes back whole. */
export const OFFSETS_LOAD_BUFFER_BYTES = 5 * 1024 * 1024;

export class CorruptOffsetsRecordError extends Error {
  constructor(
    readonly offset: bigint,
    options: { cause: unknown },
  ) {
    super(`undecodable __consumer_offsets record at offset ${offset}`, options);
    this.name = 'CorruptOffsetsRecordError';
  }
}

/** Folds records in log order into the last value per key (a tombstone removes its key). */
export class GroupRecordFold {
  private readonly live = new Map<string, GroupRecord>();

  add(record: GroupRecord): void {
    const id = groupRecordKeyId(record);
    // Delete first so a rewritten key moves to the end: survivors stay in the order of their last write.
    this.live.delete(id);
    if (record.kind === 'offset' || record.kind === 'group') this.live.set(id, record);
  }

  records(): GroupRecord[] {
    return [...this.live.values()];
  }
}

/**
 * Everything in `log` from its start up to (not including) `endOffset`, folded. `isCancelled` is checked between
 * reads so a load abandoned by a leadership change stops early (it then resolves null).
 */
export async function readOffsetsPartition(
  log: PartitionLog,
  endOffset: bigint,
  isCancelled: () => boolean = () => false,
): Promise<GroupRecord[] | null> {
  const fold = new GroupRecordFold();
  let offset = log.logStartOffset;
  while (offset < endOffset) {
    if (isCancelled()) return null;
    const read = log.read(offset, OFFSETS_LOAD_BUFFER_BYTES, endOffset);
    if (read.batchCount === 0) break;
    const readFrom = offset;
    for (const batch of splitBatches(read.records).batches) {
      const header = readBatchHeader(batch);
      const nextOffset = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
      // Transaction markers carry no group data (and aborted transactional offset commits are not written here).
      if (!header.isControl) {
        for (const record of await decodeRecords(batch)) {
          if (record.offset < offset) continue;
          if (record.key === null) throw new CorruptOffsetsRecordError(record.offset, { cause: 'null key' });
          let decoded: GroupRecord | null;
          try {
            decoded = decodeGroupRecord(record.key, record.value);
          } catch (err) {
            throw new CorruptOffsetsRecordError(record.offset, { cause: err });
          }
          if (decoded !== null) fold.add(decoded);
        }
      }
      if (nextOffset > offset) offset = nextOffset;
    }
    // A read returns the batch holding `offset` first, so every read moves past it; anything else would loop.
    if (offset <= readFrom) throw new Error(`${log.dir}: no progress reading at offset ${readFrom}`);
  }
  return fold.records();
}
