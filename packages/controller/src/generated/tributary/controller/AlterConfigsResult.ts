// Original file: ../../proto/controller.proto


export interface AlterConfigsResult {
  'resourceType'?: (number);
  'resourceName'?: (string);
  'errorCode'?: (number);
  'errorMessage'?: (string);
  'hasErrorMessage'?: (boolean);
}

export interface AlterConfigsResult__Output {
  'resourceType': (number);
  'resourceName': (string);
  'errorCode': (number);
  'errorMessage': (string);
  'hasErrorMessage': (boolean);
}
