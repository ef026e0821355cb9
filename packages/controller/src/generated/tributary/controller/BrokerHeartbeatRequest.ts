// Original file: ../../proto/controller.proto

import type { Long } from '@grpc/proto-loader';

export interface BrokerHeartbeatRequest {
  'clusterId'?: (string);
  'brokerId'?: (number);
  'brokerEpoch'?: (number | string | Long);
  'currentMetadataOffset'?: (number | string | Long);
  'wantFence'?: (boolean);
  'wantShutDown'?: (boolean);
}

export interface BrokerHeartbeatRequest__Output {
  'clusterId': (string);
  'brokerId': (number);
  'brokerEpoch': (string);
  'currentMetadataOffset': (string);
  'wantFence': (boolean);
  'wantShutDown': (boolean);
}
