/**
 * FetchMetadata, the observer pull (KIP-595 Fetch / FetchSnapshot folded into one RPC): committed entries after the
 * fetcher's Raft index as metadata batches, or the snapshot when that index was compacted away. Only committed
 * data leaves a controller, so an observer never sees a record that could still be rolled back.
 */
import { encodeRecord } from '@tributary/metadata';
import type { Status } from '@tributary/raft';
import type { FetchMetadataResponse } from '../generated/tributary/controller/FetchMetadataResponse.js';
import { framedRecordBytes } from './metadata-entry.js';
import type { RaftMetadataLog } from './raft-metadata-log.js';

export interface FetchMetadataQuery {
  replicaId: number;
  /** Raft index of the last entry the fetcher has (0 = nothing). */
  fromIndex: number;
  maxWaitMs: number;
  maxBytes: number;
}

/** Default and upper bound of one FetchMetadata response's record bytes. */
export const DEFAULT_FETCH_METADATA_MAX_BYTES = 1024 * 1024;
export const MAX_FETCH_METADATA_MAX_BYTES = 16 * 1024 * 1024;

export async function encodeFetchResponse(
  log: RaftMetadataLog,
  query: FetchMetadataQuery,
  status: Omit<Status, 'followers'>,
): Promise<FetchMetadataResponse> {
  const maxBytes = Math.min(
    MAX_FETCH_METADATA_MAX_BYTES,
    query.maxBytes > 0 ? query.maxBytes : DEFAULT_FETCH_METADATA_MAX_BYTES,
  );
  const header = {
    errorCode: 0,
    leaderId: status.leaderId === 0 ? -1 : status.leaderId,
    leaderEpoch: status.term,
    highWatermark: status.commitIndex,
  };
  let committed: Awaited<ReturnType<RaftMetadataLog['committedAfter']>> = null;
  try {
    committed = await log.committedAfter(query.fromIndex, maxBytes);
  } catch {
    // Compacted between the bound check and the read: answer with the snapshot below.
    committed = null;
  }
  if (committed !== null) {
    return {
      ...header,
      batches: committed.batches.map((batch) => ({
        index: batch.index,
        baseOffset: batch.baseOffset.toString(),
        records: batch.records.map(encodeRecord),
      })),
      hasSnapshot: false,
      lastIndex: committed.lastIndex,
    };
  }
  const snapshot = await log.storage.snapshot();
  if (snapshot === null) throw new Error(`index ${query.fromIndex} is below the log start but there is no snapshot`);
  const { head, records } = framedRecordBytes(snapshot.data);
  return {
    ...header,
    batches: [],
    snapshot: { index: snapshot.meta.index, lastOffset: head.toString(), records },
    hasSnapshot: true,
    lastIndex: snapshot.meta.index,
  };
}
