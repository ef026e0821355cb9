// Original file: ../../proto/raft.proto

import type { RaftMessage as _tributary_raft_RaftMessage, RaftMessage__Output as _tributary_raft_RaftMessage__Output } from '../../tributary/raft/RaftMessage.js';

export interface RaftEnvelope {
  'clusterId'?: (string);
  'fromNodeId'?: (number);
  'toNodeId'?: (number);
  'message'?: (_tributary_raft_RaftMessage | null);
}

export interface RaftEnvelope__Output {
  'clusterId': (string);
  'fromNodeId': (number);
  'toNodeId': (number);
  'message': (_tributary_raft_RaftMessage__Output | null);
}
