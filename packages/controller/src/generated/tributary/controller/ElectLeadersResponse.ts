// Original file: ../../proto/controller.proto

import type { ElectLeadersResult as _tributary_controller_ElectLeadersResult, ElectLeadersResult__Output as _tributary_controller_ElectLeadersResult__Output } from '../../tributary/controller/ElectLeadersResult.js';

export interface ElectLeadersResponse {
  'errorCode'?: (number);
  'results'?: (_tributary_controller_ElectLeadersResult)[];
}

export interface ElectLeadersResponse__Output {
  'errorCode': (number);
  'results': (_tributary_controller_ElectLeadersResult__Output)[];
}
