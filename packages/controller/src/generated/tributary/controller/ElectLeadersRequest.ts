// Original file: ../../proto/controller.proto

import type { TopicPartitionRef as _tributary_controller_TopicPartitionRef, TopicPartitionRef__Output as _tributary_controller_TopicPartitionRef__Output } from '../../tributary/controller/TopicPartitionRef.js';

export interface ElectLeadersRequest {
  'clusterId'?: (string);
  'electionType'?: (number);
  'partitions'?: (_tributary_controller_TopicPartitionRef)[];
  'allPartitions'?: (boolean);
}

export interface ElectLeadersRequest__Output {
  'clusterId': (string);
  'electionType': (number);
  'partitions': (_tributary_controller_TopicPartitionRef__Output)[];
  'allPartitions': (boolean);
}
