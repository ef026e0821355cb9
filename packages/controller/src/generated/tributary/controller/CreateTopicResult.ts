// Original file: ../../proto/controller.proto

import type { TopicConfigResult as _tributary_controller_TopicConfigResult, TopicConfigResult__Output as _tributary_controller_TopicConfigResult__Output } from '../../tributary/controller/TopicConfigResult.js';

export interface CreateTopicResult {
  'name'?: (string);
  'topicId'?: (string);
  'errorCode'?: (number);
  'errorMessage'?: (string);
  'hasErrorMessage'?: (boolean);
  'numPartitions'?: (number);
  'replicationFactor'?: (number);
  'configs'?: (_tributary_controller_TopicConfigResult)[];
}

export interface CreateTopicResult__Output {
  'name': (string);
  'topicId': (string);
  'errorCode': (number);
  'errorMessage': (string);
  'hasErrorMessage': (boolean);
  'numPartitions': (number);
  'replicationFactor': (number);
  'configs': (_tributary_controller_TopicConfigResult__Output)[];
}
