// Original file: ../../proto/controller.proto

import type { ReplicaAssignment as _tributary_controller_ReplicaAssignment, ReplicaAssignment__Output as _tributary_controller_ReplicaAssignment__Output } from '../../tributary/controller/ReplicaAssignment.js';

export interface CreatableTopic {
  'name'?: (string);
  'numPartitions'?: (number);
  'replicationFactor'?: (number);
  'assignments'?: (_tributary_controller_ReplicaAssignment)[];
  'configs'?: ({[key: string]: string});
}

export interface CreatableTopic__Output {
  'name': (string);
  'numPartitions': (number);
  'replicationFactor': (number);
  'assignments': (_tributary_controller_ReplicaAssignment__Output)[];
  'configs': ({[key: string]: string});
}
