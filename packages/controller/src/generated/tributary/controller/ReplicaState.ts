// Original file: ../../proto/controller.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicaState {
  'replicaId'?: (number);
  'logEndOffset'?: (number | string | Long);
  'lastFetchTimestamp'?: (number | string | Long);
  'lastCaughtUpTimestamp'?: (number | string | Long);
  'host'?: (string);
  'port'?: (number);
}

export interface ReplicaState__Output {
  'replicaId': (number);
  'logEndOffset': (string);
  'lastFetchTimestamp': (string);
  'lastCaughtUpTimestamp': (string);
  'host': (string);
  'port': (number);
}
