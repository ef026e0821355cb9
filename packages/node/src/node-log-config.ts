/** Maps the broker-level `log.*` keys onto the log package's per-partition LogConfig (Kafka's topic-level names). */
import type { LogConfig } from '@tributary/log';
import type { NodeConfig } from './node-config.js';

export function toLogConfig(config: NodeConfig): LogConfig {
  return {
    segmentBytes: config.log.segmentBytes,
    segmentMs: config.log.rollMs,
    retentionMs: config.log.retentionMs,
    retentionBytes: config.log.retentionBytes,
    indexIntervalBytes: config.log.indexIntervalBytes,
    segmentIndexBytes: config.log.indexSizeMaxBytes,
    flushMessages: config.log.flushIntervalMessages,
    // Unset means "never by time" (Kafka's Long.MAX_VALUE default): the OS writes back, fsync happens on roll/close.
    flushMs: config.log.flushIntervalMs ?? Number.MAX_SAFE_INTEGER,
    maxMessageBytes: config.messageMaxBytes,
    cleanupPolicy: config.log.cleanupPolicy,
    minCleanableDirtyRatio: config.log.cleanerMinCleanableRatio,
    deleteRetentionMs: config.log.cleanerDeleteRetentionMs,
    minCompactionLagMs: config.log.cleanerMinCompactionLagMs,
  };
}
