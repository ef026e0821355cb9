// Original file: ../../proto/controller.proto


export interface BrokerRegistrationRequest {
  'clusterId'?: (string);
  'brokerId'?: (number);
  'incarnationId'?: (string);
  'host'?: (string);
  'port'?: (number);
  'rack'?: (string);
  'hasRack'?: (boolean);
}

export interface BrokerRegistrationRequest__Output {
  'clusterId': (string);
  'brokerId': (number);
  'incarnationId': (string);
  'host': (string);
  'port': (number);
  'rack': (string);
  'hasRack': (boolean);
}
