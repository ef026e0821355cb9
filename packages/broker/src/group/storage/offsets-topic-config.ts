/**
 * The offsets.* settings the storage layer reads, with Kafka's defaults for brokers whose BrokerConfig does not
 * carry them (the fields are optional there).
 */
import type { BrokerConfig } from '../../broker-config.js';

export interface OffsetsTopicConfig {
  /** offsets.topic.num.partitions (50) */
  readonly numPartitions: number;
  /** offsets.topic.replication.factor (3) */
  readonly replicationFactor: number;
  /** offsets.topic.segment.bytes (104857600) */
  readonly segmentBytes: number;
  /** offsets.commit.timeout.ms (5000): how long an append waits for the high watermark. */
  readonly commitTimeoutMs: number;
}

interface OffsetsFields {
  offsetsTopicNumPartitions?: number;
  offsetsTopicReplicationFactor?: number;
  offsetsTopicSegmentBytes?: number;
  offsetCommitTimeoutMs?: number;
}

export function offsetsTopicConfig(config: BrokerConfig): OffsetsTopicConfig {
  const fields = config as BrokerConfig & OffsetsFields;
  return Object.freeze({
    numPartitions: fields.offsetsTopicNumPartitions ?? 50,
    replicationFactor: fields.offsetsTopicReplicationFactor ?? 3,
    segmentBytes: fields.offsetsTopicSegmentBytes ?? 104857600,
    commitTimeoutMs: fields.offsetCommitTimeoutMs ?? 5000,
  });
}
