// Original file: ../../proto/controller.proto

import type { AlterConfigsResource as _tributary_controller_AlterConfigsResource, AlterConfigsResource__Output as _tributary_controller_AlterConfigsResource__Output } from '../../tributary/controller/AlterConfigsResource.js';

export interface AlterConfigsRequest {
  'clusterId'?: (string);
  'resources'?: (_tributary_controller_AlterConfigsResource)[];
  'validateOnly'?: (boolean);
  'replace'?: (boolean);
}

export interface AlterConfigsRequest__Output {
  'clusterId': (string);
  'resources': (_tributary_controller_AlterConfigsResource__Output)[];
  'validateOnly': (boolean);
  'replace': (boolean);
}
