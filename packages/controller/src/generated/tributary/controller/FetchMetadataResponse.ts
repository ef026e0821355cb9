// Original file: ../../proto/controller.proto

import type { MetadataBatch as _tributary_controller_MetadataBatch, MetadataBatch__Output as _tributary_controller_MetadataBatch__Output } from '../../tributary/controller/MetadataBatch.js';
import type { MetadataSnapshot as _tributary_controller_MetadataSnapshot, MetadataSnapshot__Output as _tributary_controller_MetadataSnapshot__Output } from '../../tributary/controller/MetadataSnapshot.js';
import type { Long } from '@grpc/proto-loader';

export interface FetchMetadataResponse {
  'errorCode'?: (number);
  'leaderId'?: (number);
  'leaderEpoch'?: (number | string | Long);
  'highWatermark'?: (number | string | Long);
  'batches'?: (_tributary_controller_MetadataBatch)[];
  'snapshot'?: (_tributary_controller_MetadataSnapshot | null);
  'hasSnapshot'?: (boolean);
  'lastIndex'?: (number | string | Long);
}

export interface FetchMetadataResponse__Output {
  'errorCode': (number);
  'leaderId': (number);
  'leaderEpoch': (string);
  'highWatermark': (string);
  'batches': (_tributary_controller_MetadataBatch__Output)[];
  'snapshot': (_tributary_controller_MetadataSnapshot__Output | null);
  'hasSnapshot': (boolean);
  'lastIndex': (string);
}
