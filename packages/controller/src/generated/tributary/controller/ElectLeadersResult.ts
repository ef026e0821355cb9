// Original file: ../../proto/controller.proto


export interface ElectLeadersResult {
  'topic'?: (string);
  'partition'?: (number);
  'errorCode'?: (number);
  'errorMessage'?: (string);
  'hasErrorMessage'?: (boolean);
}

export interface ElectLeadersResult__Output {
  'topic': (string);
  'partition': (number);
  'errorCode': (number);
  'errorMessage': (string);
  'hasErrorMessage': (boolean);
}
