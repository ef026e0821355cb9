// Original file: ../../proto/controller.proto

import type { AlterableConfig as _tributary_controller_AlterableConfig, AlterableConfig__Output as _tributary_controller_AlterableConfig__Output } from '../../tributary/controller/AlterableConfig.js';

export interface AlterConfigsResource {
  'resourceType'?: (number);
  'resourceName'?: (string);
  'configs'?: (_tributary_controller_AlterableConfig)[];
}

export interface AlterConfigsResource__Output {
  'resourceType': (number);
  'resourceName': (string);
  'configs': (_tributary_controller_AlterableConfig__Output)[];
}
