// Original file: ../../proto/controller.proto


export interface BrokerHeartbeatResponse {
  'errorCode'?: (number);
  'isCaughtUp'?: (boolean);
  'isFenced'?: (boolean);
  'shouldShutDown'?: (boolean);
}

export interface BrokerHeartbeatResponse__Output {
  'errorCode': (number);
  'isCaughtUp': (boolean);
  'isFenced': (boolean);
  'shouldShutDown': (boolean);
}
