// Original file: ../../proto/controller.proto

import type { Long } from '@grpc/proto-loader';

export interface BrokerSessionRequest {
  'clusterId'?: (string);
  'brokerId'?: (number);
  'brokerEpoch'?: (number | string | Long);
}

export interface BrokerSessionRequest__Output {
  'clusterId': (string);
  'brokerId': (number);
  'brokerEpoch': (string);
}
