import type { Entry, HardState, Message, Snapshot, SoftState } from './types.js';

/**
 * Everything the caller must do after feeding the core, in this order:
 * 1. send `messages` (safe before persisting: the leader may write its log in parallel with replication, thesis
 *    §10.2.1; vote requests are safe because a candidate counts its own vote only once it is durable);
 * 2. persist `snapshot`, then `entries` (entry i replaces any stored entry >= i), then `hardState`;
 * 3. apply `snapshot` and `committedEntries` to the state machine;
 * 4. call `core.advance(ready)`, which returns the messages that were waiting for step 2 (vote grants, append
 *    acknowledgements) — they are not in this object, so they cannot be sent before the write is acknowledged.
 */
export interface Ready {
  /** Identifies this Ready; `advance` must be called with the same object before the next Ready. */
  readonly id: number;
  /** Present when leader or role changed since the previous Ready. */
  readonly softState: SoftState | null;
  /** Present when term, vote or commit changed; must be durable (fsync) before `advance`. */
  readonly hardState: HardState | null;
  readonly entries: Entry[];
  /** A snapshot received from the leader: replaces the stored log and the state machine. */
  readonly snapshot: Snapshot | null;
  readonly committedEntries: Entry[];
  /** Messages that may be sent immediately. */
  readonly messages: Message[];
  /** True when hardState or entries must be synced to disk (a snapshot always is). */
  readonly mustSync: boolean;
}
