// Original file: ../../proto/controller.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchMetadataRequest {
  'clusterId'?: (string);
  'replicaId'?: (number);
  'fromIndex'?: (number | string | Long);
  'maxWaitMs'?: (number);
  'maxBytes'?: (number);
}

export interface FetchMetadataRequest__Output {
  'clusterId': (string);
  'replicaId': (number);
  'fromIndex': (string);
  'maxWaitMs': (number);
  'maxBytes': (number);
}
