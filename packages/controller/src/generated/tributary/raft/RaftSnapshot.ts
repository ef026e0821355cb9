// Original file: ../../proto/raft.proto

import type { SnapshotMeta as _tributary_raft_SnapshotMeta, SnapshotMeta__Output as _tributary_raft_SnapshotMeta__Output } from '../../tributary/raft/SnapshotMeta.js';

export interface RaftSnapshot {
  'meta'?: (_tributary_raft_SnapshotMeta | null);
  'data'?: (Buffer | Uint8Array | string);
}

export interface RaftSnapshot__Output {
  'meta': (_tributary_raft_SnapshotMeta__Output | null);
  'data': (Buffer);
}
