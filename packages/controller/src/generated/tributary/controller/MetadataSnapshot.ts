// Original file: ../../proto/controller.proto

import type { Long } from '@grpc/proto-loader';

export interface MetadataSnapshot {
  'index'?: (number | string | Long);
  'lastOffset'?: (number | string | Long);
  'records'?: (Buffer | Uint8Array | string)[];
}

export interface MetadataSnapshot__Output {
  'index': (string);
  'lastOffset': (string);
  'records': (Buffer)[];
}
