// Original file: ../../proto/controller.proto


export interface ReplicaAssignment {
  'partitionIndex'?: (number);
  'brokerIds'?: (number)[];
}

export interface ReplicaAssignment__Output {
  'partitionIndex': (number);
  'brokerIds': (number)[];
}
