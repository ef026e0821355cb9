// Original file: ../../proto/controller.proto

import type { Long } from '@grpc/proto-loader';

export interface MetadataBatch {
  'index'?: (number | string | Long);
  'baseOffset'?: (number | string | Long);
  'records'?: (Buffer | Uint8Array | string)[];
}

export interface MetadataBatch__Output {
  'index': (string);
  'baseOffset': (string);
  'records': (Buffer)[];
}
