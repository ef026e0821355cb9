// Original file: ../../proto/controller.proto


export interface DescribeQuorumRequest {
  'clusterId'?: (string);
  'forwarded'?: (boolean);
}

export interface DescribeQuorumRequest__Output {
  'clusterId': (string);
  'forwarded': (boolean);
}
