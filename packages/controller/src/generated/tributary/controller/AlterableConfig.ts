// Original file: ../../proto/controller.proto


export interface AlterableConfig {
  'name'?: (string);
  'configOperation'?: (number);
  'value'?: (string);
  'hasValue'?: (boolean);
}

export interface AlterableConfig__Output {
  'name': (string);
  'configOperation': (number);
  'value': (string);
  'hasValue': (boolean);
}
