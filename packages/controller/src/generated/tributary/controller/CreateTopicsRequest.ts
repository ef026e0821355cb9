// Original file: ../../proto/controller.proto

import type { CreatableTopic as _tributary_controller_CreatableTopic, CreatableTopic__Output as _tributary_controller_CreatableTopic__Output } from '../../tributary/controller/CreatableTopic.js';

export interface CreateTopicsRequest {
  'clusterId'?: (string);
  'topics'?: (_tributary_controller_CreatableTopic)[];
  'validateOnly'?: (boolean);
}

export interface CreateTopicsRequest__Output {
  'clusterId': (string);
  'topics': (_tributary_controller_CreatableTopic__Output)[];
  'validateOnly': (boolean);
}
