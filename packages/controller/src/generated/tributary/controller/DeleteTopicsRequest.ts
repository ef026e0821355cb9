// Original file: ../../proto/controller.proto


export interface DeleteTopicsRequest {
  'clusterId'?: (string);
  'names'?: (string)[];
}

export interface DeleteTopicsRequest__Output {
  'clusterId': (string);
  'names': (string)[];
}
