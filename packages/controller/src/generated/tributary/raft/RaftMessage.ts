// Original file: ../../proto/raft.proto

import type { RaftEntry as _tributary_raft_RaftEntry, RaftEntry__Output as _tributary_raft_RaftEntry__Output } from '../../tributary/raft/RaftEntry.js';
import type { RaftSnapshot as _tributary_raft_RaftSnapshot, RaftSnapshot__Output as _tributary_raft_RaftSnapshot__Output } from '../../tributary/raft/RaftSnapshot.js';
import type { Long } from '@grpc/proto-loader';

export interface RaftMessage {
  'type'?: (string);
  'from'?: (number);
  'to'?: (number);
  'term'?: (number | string | Long);
  'logTerm'?: (number | string | Long);
  'index'?: (number | string | Long);
  'entries'?: (_tributary_raft_RaftEntry)[];
  'commit'?: (number | string | Long);
  'reject'?: (boolean);
  'rejectHint'?: (number | string | Long);
  'snapshot'?: (_tributary_raft_RaftSnapshot | null);
  'hasSnapshot'?: (boolean);
  'transfer'?: (boolean);
}

export interface RaftMessage__Output {
  'type': (string);
  'from': (number);
  'to': (number);
  'term': (string);
  'logTerm': (string);
  'index': (string);
  'entries': (_tributary_raft_RaftEntry__Output)[];
  'commit': (string);
  'reject': (boolean);
  'rejectHint': (string);
  'snapshot': (_tributary_raft_RaftSnapshot__Output | null);
  'hasSnapshot': (boolean);
  'transfer': (boolean);
}
