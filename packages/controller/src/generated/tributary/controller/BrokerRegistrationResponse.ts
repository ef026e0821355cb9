// Original file: ../../proto/controller.proto

import type { Long } from '@grpc/proto-loader';

export interface BrokerRegistrationResponse {
  'errorCode'?: (number);
  'errorMessage'?: (string);
  'brokerEpoch'?: (number | string | Long);
}

export interface BrokerRegistrationResponse__Output {
  'errorCode': (number);
  'errorMessage': (string);
  'brokerEpoch': (string);
}
