// Public entry of @tributary/protocol: the Kafka wire protocol (framing, generated message codecs, record batch v2,
// compression, partitioner). Nothing outside this file is part of the package's API.
export { decodeMessage, encodeMessage, type MessageInput, messageCodec } from './codec/message-codec.js';
export { ErrorCode, errorName, isRetriable, KafkaError, ProtocolDecodeError } from './errors.js';
export {
  apiName,
  decodeRequest,
  decodeRequestHeader,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  encodeResponseChunks,
  isSupported,
  type RequestHeader,
  requestHeaderVersion,
  responseHeaderVersion,
} from './framing.js';
export * from './generated/index.js';
export { javaPartition, murmur2 } from './partitioner.js';
export { Reader } from './primitives/reader.js';
export { uuidFromRandomBytes, uuidToBytes, uuidToString, ZERO_UUID } from './primitives/uuid.js';
export { Writer } from './primitives/writer.js';
export {
  Compression,
  type CompressionCodec,
  compress,
  compressSync,
  decompress,
  decompressSync,
  MAX_DECOMPRESSED_BYTES_DEFAULT,
} from './records/compression.js';
export {
  batchSize,
  computeBatchCrc,
  crc32c,
  LOG_OVERHEAD,
  RECORD_BATCH_OVERHEAD,
  type RecordBatchHeader,
  readBatchHeader,
  setBaseOffset,
  setMaxTimestampAndType,
  setPartitionLeaderEpoch,
  splitBatches,
  TimestampType,
  validateBatch,
} from './records/record-batch.js';
export {
  decodeRecords,
  decodeRecordsSync,
  encodeRecordBatch,
  encodeRecordBatchSync,
  type Record,
  type RecordBatchInput,
  type RecordHeader,
  type RecordInput,
  type RecordsSummary,
  summarizeRecords,
} from './records/record-codec.js';
export type { DefaultValue, FieldSchema, MessageSchema, PrimitiveType, VersionRange } from './schema.js';
export { inVersionRange } from './schema.js';
