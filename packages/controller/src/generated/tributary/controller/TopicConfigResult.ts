// Original file: ../../proto/controller.proto


export interface TopicConfigResult {
  'name'?: (string);
  'value'?: (string);
  'hasValue'?: (boolean);
  'readOnly'?: (boolean);
  'configSource'?: (number);
  'isSensitive'?: (boolean);
}

export interface TopicConfigResult__Output {
  'name': (string);
  'value': (string);
  'hasValue': (boolean);
  'readOnly': (boolean);
  'configSource': (number);
  'isSensitive': (boolean);
}
