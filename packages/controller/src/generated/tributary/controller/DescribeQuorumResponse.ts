// Original file: ../../proto/controller.proto

import type { ReplicaState as _tributary_controller_ReplicaState, ReplicaState__Output as _tributary_controller_ReplicaState__Output } from '../../tributary/controller/ReplicaState.js';
import type { Long } from '@grpc/proto-loader';

export interface DescribeQuorumResponse {
  'errorCode'?: (number);
  'clusterId'?: (string);
  'leaderId'?: (number);
  'leaderEpoch'?: (number | string | Long);
  'highWatermark'?: (number | string | Long);
  'currentVoters'?: (_tributary_controller_ReplicaState)[];
  'observers'?: (_tributary_controller_ReplicaState)[];
  'answeredBy'?: (number);
}

export interface DescribeQuorumResponse__Output {
  'errorCode': (number);
  'clusterId': (string);
  'leaderId': (number);
  'leaderEpoch': (string);
  'highWatermark': (string);
  'currentVoters': (_tributary_controller_ReplicaState__Output)[];
  'observers': (_tributary_controller_ReplicaState__Output)[];
  'answeredBy': (number);
}
