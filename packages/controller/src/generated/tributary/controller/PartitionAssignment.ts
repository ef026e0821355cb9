// Original file: ../../proto/controller.proto


export interface PartitionAssignment {
  'brokerIds'?: (number)[];
}

export interface PartitionAssignment__Output {
  'brokerIds': (number)[];
}
