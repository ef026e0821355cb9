// Original file: ../../proto/controller.proto

import type { DeleteTopicResult as _tributary_controller_DeleteTopicResult, DeleteTopicResult__Output as _tributary_controller_DeleteTopicResult__Output } from '../../tributary/controller/DeleteTopicResult.js';

export interface DeleteTopicsResponse {
  'errorCode'?: (number);
  'results'?: (_tributary_controller_DeleteTopicResult)[];
}

export interface DeleteTopicsResponse__Output {
  'errorCode': (number);
  'results': (_tributary_controller_DeleteTopicResult__Output)[];
}
