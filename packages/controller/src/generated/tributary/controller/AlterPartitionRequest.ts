// Original file: ../../proto/controller.proto

import type { Long } from '@grpc/proto-loader';

export interface AlterPartitionRequest {
  'clusterId'?: (string);
  'brokerId'?: (number);
  'brokerEpoch'?: (number | string | Long);
  'topicId'?: (string);
  'partitionIndex'?: (number);
  'leaderEpoch'?: (number);
  'partitionEpoch'?: (number);
  'newIsr'?: (number)[];
  'leaderRecoveryState'?: (number);
}

export interface AlterPartitionRequest__Output {
  'clusterId': (string);
  'brokerId': (number);
  'brokerEpoch': (string);
  'topicId': (string);
  'partitionIndex': (number);
  'leaderEpoch': (number);
  'partitionEpoch': (number);
  'newIsr': (number)[];
  'leaderRecoveryState': (number);
}
