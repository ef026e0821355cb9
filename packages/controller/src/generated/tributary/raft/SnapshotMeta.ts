// Original file: ../../proto/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface SnapshotMeta {
  'index'?: (number | string | Long);
  'term'?: (number | string | Long);
  'voters'?: (number)[];
  'observers'?: (number)[];
}

export interface SnapshotMeta__Output {
  'index': (string);
  'term': (string);
  'voters': (number)[];
  'observers': (number)[];
}
