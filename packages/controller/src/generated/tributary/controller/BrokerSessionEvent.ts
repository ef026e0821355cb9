// Original file: ../../proto/controller.proto


export interface BrokerSessionEvent {
  'controllerId'?: (number);
}

export interface BrokerSessionEvent__Output {
  'controllerId': (number);
}
