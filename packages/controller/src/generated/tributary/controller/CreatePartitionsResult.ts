// Original file: ../../proto/controller.proto


export interface CreatePartitionsResult {
  'name'?: (string);
  'errorCode'?: (number);
  'errorMessage'?: (string);
  'hasErrorMessage'?: (boolean);
}

export interface CreatePartitionsResult__Output {
  'name': (string);
  'errorCode': (number);
  'errorMessage': (string);
  'hasErrorMessage': (boolean);
}
