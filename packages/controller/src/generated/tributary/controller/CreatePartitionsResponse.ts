// Original file: ../../proto/controller.proto

import type { CreatePartitionsResult as _tributary_controller_CreatePartitionsResult, CreatePartitionsResult__Output as _tributary_controller_CreatePartitionsResult__Output } from '../../tributary/controller/CreatePartitionsResult.js';

export interface CreatePartitionsResponse {
  'errorCode'?: (number);
  'results'?: (_tributary_controller_CreatePartitionsResult)[];
}

export interface CreatePartitionsResponse__Output {
  'errorCode': (number);
  'results': (_tributary_controller_CreatePartitionsResult__Output)[];
}
