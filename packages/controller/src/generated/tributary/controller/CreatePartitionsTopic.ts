// Original file: ../../proto/controller.proto

import type { PartitionAssignment as _tributary_controller_PartitionAssignment, PartitionAssignment__Output as _tributary_controller_PartitionAssignment__Output } from '../../tributary/controller/PartitionAssignment.js';

export interface CreatePartitionsTopic {
  'name'?: (string);
  'count'?: (number);
  'assignments'?: (_tributary_controller_PartitionAssignment)[];
  'hasAssignments'?: (boolean);
}

export interface CreatePartitionsTopic__Output {
  'name': (string);
  'count': (number);
  'assignments': (_tributary_controller_PartitionAssignment__Output)[];
  'hasAssignments': (boolean);
}
