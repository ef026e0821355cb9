import type { RaftInitialState } from '../core/raft-core.js';
import type { Ready } from '../core/ready.js';
import type { Entry, HardState, Snapshot } from '../core/types.js';

export type Awaitable<T> = T | Promise<T>;

/**
 * Durable Raft state: hardState, the entries after the latest snapshot, and that snapshot. Every write is durable
 * when its promise resolves (that is the promise Raft's acknowledgements are built on).
 *
 * Index invariants: firstIndex = snapshot.index + 1 (1 with no snapshot); lastIndex >= firstIndex - 1; entries
 * are dense in [firstIndex, lastIndex].
 */
export interface RaftStorage {
  /** Everything a RaftCore needs to restart. */
  load(): Awaitable<RaftInitialState>;
  hardState(): Awaitable<HardState>;
  setHardState(hardState: HardState): Awaitable<void>;
  firstIndex(): Awaitable<number>;
  lastIndex(): Awaitable<number>;
  /** Term of entry `index`; the snapshot's term at snapshot.index; undefined when compacted or absent. */
  term(index: number): Awaitable<number | undefined>;
  /** Entries in [lo, hi), at most `maxBytes` of payload but at least one entry when the range is non-empty. */
  entries(lo: number, hi: number, maxBytes?: number): Awaitable<Entry[]>;
  /** Appends entries; any stored entry at or after entries[0].index is discarded first (a new leader's log wins). */
  append(entries: Entry[]): Awaitable<void>;
  snapshot(): Awaitable<Snapshot | null>;
  /**
   * Stores a snapshot atomically with compaction: when the log holds the snapshot's last entry (same term), entries
   * up to it are dropped and later ones kept (local compaction); otherwise the whole log is replaced (a leader's
   * InstallSnapshot, §7). A snapshot not newer than the stored one is ignored.
   */
  saveSnapshot(snapshot: Snapshot): Awaitable<void>;
  /**
   * Persists what a Ready asks for, with the effect of saveSnapshot, then append, then setHardState, durable when
   * the promise resolves. Implementations make it atomic where they can (LevelStorage: one synced batch).
   */
  writeReady(ready: Pick<Ready, 'snapshot' | 'entries' | 'hardState'>): Awaitable<void>;
  close(): Awaitable<void>;
}

export function checkAppendable(entries: Entry[], firstIndex: number, lastIndex: number): void {
  for (let k = 1; k < entries.length; k++) {
    if (entries[k].index !== entries[0].index + k) throw new Error('appended entries are not dense');
  }
  const first = entries[0].index;
  if (first < firstIndex) throw new Error(`append at ${first} below firstIndex ${firstIndex} (compacted)`);
  if (first > lastIndex + 1) throw new Error(`append at ${first} leaves a gap after lastIndex ${lastIndex}`);
}

export function limitBytes(entries: Entry[], maxBytes: number): Entry[] {
  let bytes = 0;
  for (let k = 0; k < entries.length; k++) {
    bytes += entries[k].data.byteLength;
    if (k > 0 && bytes > maxBytes) return entries.slice(0, k);
  }
  return entries;
}
