// Original file: ../../proto/controller.proto

import type { CreatePartitionsTopic as _tributary_controller_CreatePartitionsTopic, CreatePartitionsTopic__Output as _tributary_controller_CreatePartitionsTopic__Output } from '../../tributary/controller/CreatePartitionsTopic.js';

export interface CreatePartitionsRequest {
  'clusterId'?: (string);
  'topics'?: (_tributary_controller_CreatePartitionsTopic)[];
  'validateOnly'?: (boolean);
}

export interface CreatePartitionsRequest__Output {
  'clusterId': (string);
  'topics': (_tributary_controller_CreatePartitionsTopic__Output)[];
  'validateOnly': (boolean);
}
