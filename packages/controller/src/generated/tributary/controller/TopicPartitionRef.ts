// Original file: ../../proto/controller.proto


export interface TopicPartitionRef {
  'topic'?: (string);
  'partition'?: (number);
}

export interface TopicPartitionRef__Output {
  'topic': (string);
  'partition': (number);
}
