// Original file: ../../proto/controller.proto


export interface DeleteTopicResult {
  'name'?: (string);
  'topicId'?: (string);
  'errorCode'?: (number);
  'errorMessage'?: (string);
  'hasErrorMessage'?: (boolean);
}

export interface DeleteTopicResult__Output {
  'name': (string);
  'topicId': (string);
  'errorCode': (number);
  'errorMessage': (string);
  'hasErrorMessage': (boolean);
}
