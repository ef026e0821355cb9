// @tributary/log — one partition's durable log (segments, indexes, recovery, retention, leader
// epochs) and the manager of a broker's log dirs.

export {
  BATCH_HEADER_BYTES,
  LOG_OVERHEAD,
} from './batch-header.js';
export {
  CorruptSegmentError,
  InvalidBatchError,
  LogClosedError,
  LogError,
  OffsetOutOfRangeError,
  RecordBatchTooLargeError,
  UnexpectedAppendOffsetError,
} from './errors.js';
export { type EpochEntry, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from './leader-epoch-cache.js';
export {
  type CleanupPolicy,
  defaultLogConfig,
  isCompacted,
  type LogConfig,
  logConfigFromTopicConfigs,
  logConfigKafkaNames,
  parseCleanupPolicy,
  resolveLogConfig,
} from './log-config.js';
export type { RecoveryReport } from './log-loader.js';
export { LogManager, type LogManagerOptions } from './log-manager.js';
export type { ReadResult } from './log-segment.js';
export type { LoggerLike } from './logger.js';
export { parsePartitionDirName, partitionDirName } from './partition-dir-name.js';
export {
  type AppendResult,
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  type LeaderEpochCacheView,
  MAX_TIMESTAMP,
  PartitionLog,
  type PartitionLogOptions,
} from './partition-log.js';
