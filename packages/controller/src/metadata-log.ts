/**
 * Where metadata records become durable. The controller logic only needs this: the local file log now, a Raft
 * quorum later (append resolves once the records are committed). Offsets are dense from 0.
 */
import type { MetadataRecord } from '@tributary/metadata';

export interface LoadedBatch {
  /** Offset of records[0]; the records follow at consecutive offsets. */
  readonly baseOffset: bigint;
  readonly records: readonly MetadataRecord[];
}

export interface LoadedSnapshot {
  /** Offset of the last record the snapshot covers. */
  readonly lastOffset: bigint;
  readonly records: readonly MetadataRecord[];
}

export interface MetadataLog {
  /** The newest snapshot (if any) and every batch after it, in order. Called once, before the first append. */
  load(): Promise<{ snapshot: LoadedSnapshot | null; batches: LoadedBatch[] }>;
  /** Makes `records` durable as one atomic batch and resolves with the offset of the first one. */
  append(records: readonly MetadataRecord[]): Promise<bigint>;
  /** Stores a snapshot covering offsets <= lastOffset; earlier batches may then be discarded. */
  writeSnapshot(snapshot: LoadedSnapshot): Promise<void>;
  close(): Promise<void>;
}
