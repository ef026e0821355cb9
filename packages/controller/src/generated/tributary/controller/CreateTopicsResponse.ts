// Original file: ../../proto/controller.proto

import type { CreateTopicResult as _tributary_controller_CreateTopicResult, CreateTopicResult__Output as _tributary_controller_CreateTopicResult__Output } from '../../tributary/controller/CreateTopicResult.js';

export interface CreateTopicsResponse {
  'errorCode'?: (number);
  'results'?: (_tributary_controller_CreateTopicResult)[];
}

export interface CreateTopicsResponse__Output {
  'errorCode': (number);
  'results': (_tributary_controller_CreateTopicResult__Output)[];
}
