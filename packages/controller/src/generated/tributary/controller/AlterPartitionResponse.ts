// Original file: ../../proto/controller.proto


export interface AlterPartitionResponse {
  'errorCode'?: (number);
  'partitionIndex'?: (number);
  'leaderId'?: (number);
  'leaderEpoch'?: (number);
  'isr'?: (number)[];
  'leaderRecoveryState'?: (number);
  'partitionEpoch'?: (number);
}

export interface AlterPartitionResponse__Output {
  'errorCode': (number);
  'partitionIndex': (number);
  'leaderId': (number);
  'leaderEpoch': (number);
  'isr': (number)[];
  'leaderRecoveryState': (number);
  'partitionEpoch': (number);
}
