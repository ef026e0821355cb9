// Original file: ../../proto/controller.proto

import type { AlterConfigsResult as _tributary_controller_AlterConfigsResult, AlterConfigsResult__Output as _tributary_controller_AlterConfigsResult__Output } from '../../tributary/controller/AlterConfigsResult.js';

export interface AlterConfigsResponse {
  'errorCode'?: (number);
  'results'?: (_tributary_controller_AlterConfigsResult)[];
}

export interface AlterConfigsResponse__Output {
  'errorCode': (number);
  'results': (_tributary_controller_AlterConfigsResult__Output)[];
}
