/**
 * Replication settings (Kafka property names beside each). Optional in BrokerConfig so callers that predate
 * replication keep compiling; `resolveReplicationConfig` fills Kafka's defaults.
 */
export interface ReplicationConfig {
  /** replica.lag.time.max.ms (30000): a follower not caught up for this long leaves the ISR. */
  replicaLagTimeMaxMs: number;
  /** replica.fetch.wait.max.ms (500): how long a follower's Fetch may wait at the leader. */
  replicaFetchWaitMaxMs: number;
  /** replica.fetch.max.bytes (1048576): per-partition bytes per follower Fetch. */
  replicaFetchMaxBytes: number;
  /** replica.fetch.min.bytes (1) */
  replicaFetchMinBytes: number;
  /** replica.fetch.response.max.bytes (10485760): bytes per follower Fetch response. */
  replicaFetchResponseMaxBytes: number;
  /** replica.fetch.backoff.ms (1000): pause after a failed fetch or a partition error. */
  replicaFetchBackoffMs: number;
}

export const defaultReplicationConfig: Readonly<ReplicationConfig> = Object.freeze({
  replicaLagTimeMaxMs: 30000,
  replicaFetchWaitMaxMs: 500,
  replicaFetchMaxBytes: 1048576,
  replicaFetchMinBytes: 1,
  replicaFetchResponseMaxBytes: 10485760,
  replicaFetchBackoffMs: 1000,
});

export function resolveReplicationConfig(config: Partial<ReplicationConfig>): ReplicationConfig {
  const resolved: ReplicationConfig = { ...defaultReplicationConfig };
  for (const key of Object.keys(defaultReplicationConfig) as (keyof ReplicationConfig)[]) {
    const value = config[key];
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of ['replicaLagTimeMaxMs', 'replicaFetchWaitMaxMs', 'replicaFetchBackoffMs'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 0) throw new RangeError(`${key} must be >= 0`);
  }
  for (const key of ['replicaFetchMaxBytes', 'replicaFetchMinBytes', 'replicaFetchResponseMaxBytes'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1) throw new RangeError(`${key} must be >= 1`);
  }
  return resolved;
}

/**
 * Group coordinator and `__consumer_offsets` settings (Kafka property names beside each). Optional in BrokerConfig
 * like the replication settings; `resolveGroupConfig` fills Kafka's defaults and validates.
 */
export interface GroupConfig {
  /** offsets.topic.num.partitions (50) */
  offsetsTopicNumPartitions: number;
  /** offsets.topic.replication.factor (3) */
  offsetsTopicReplicationFactor: number;
  /** offsets.topic.segment.bytes (104857600) */
  offsetsTopicSegmentBytes: number;
  /** offsets.commit.timeout.ms (5000): how long a commit waits for the offsets partition's high watermark. */
  offsetCommitTimeoutMs: number;
  /** offsets.retention.ms (604800000, 7 days) */
  offsetsRetentionMs: number;
  /** offsets.retention.check.interval.ms (600000) */
  offsetsRetentionCheckIntervalMs: number;
  /** offset.metadata.max.bytes (4096) */
  offsetMetadataMaxBytes: number;
  /** group.initial.rebalance.delay.ms (3000) */
  groupInitialRebalanceDelayMs: number;
  /** group.min.session.timeout.ms (6000) */
  groupMinSessionTimeoutMs: number;
  /** group.max.session.timeout.ms (1800000) */
  groupMaxSessionTimeoutMs: number;
  /** group.max.size (2147483647) */
  groupMaxSize: number;
}

export const defaultGroupConfig: Readonly<GroupConfig> = Object.freeze({
  offsetsTopicNumPartitions: 50,
  offsetsTopicReplicationFactor: 3,
  offsetsTopicSegmentBytes: 104857600,
  offsetCommitTimeoutMs: 5000,
  offsetsRetentionMs: 604800000,
  offsetsRetentionCheckIntervalMs: 600000,
  offsetMetadataMaxBytes: 4096,
  groupInitialRebalanceDelayMs: 3000,
  groupMinSessionTimeoutMs: 6000,
  groupMaxSessionTimeoutMs: 1800000,
  groupMaxSize: 2147483647,
});

/** Kafka's defaults for absent fields, validated (cross-field: min session timeout <= max). */
export function resolveGroupConfig(config: Partial<GroupConfig>): GroupConfig {
  const resolved: GroupConfig = { ...defaultGroupConfig };
  for (const key of Object.keys(defaultGroupConfig) as (keyof GroupConfig)[]) {
    const value = config[key];
    if (value !== undefined) resolved[key] = value;
  }
  const atLeast: [keyof GroupConfig, number][] = [
    ['offsetsTopicNumPartitions', 1],
    ['offsetsTopicReplicationFactor', 1],
    ['offsetsTopicSegmentBytes', 1],
    ['offsetCommitTimeoutMs', 1],
    ['offsetsRetentionMs', 1],
    ['offsetsRetentionCheckIntervalMs', 1],
    ['offsetMetadataMaxBytes', 0],
    ['groupInitialRebalanceDelayMs', 0],
    ['groupMinSessionTimeoutMs', 0],
    ['groupMaxSessionTimeoutMs', 0],
    ['groupMaxSize', 1],
  ];
  for (const [key, min] of atLeast) {
    if (!Number.isSafeInteger(resolved[key]) || resolved[key] < min) throw new RangeError(`${key} must be >= ${min}`);
  }
  if (resolved.groupMinSessionTimeoutMs > resolved.groupMaxSessionTimeoutMs) {
    throw new RangeError('groupMinSessionTimeoutMs must not exceed groupMaxSessionTimeoutMs');
  }
  return resolved;
}

/** The broker's configuration (contracts.md); Kafka property names are given beside each field. */
export interface BrokerConfig extends Partial<ReplicationConfig>, Partial<GroupConfig> {
  nodeId: number;
  clusterId: string;
  /** From `listeners` (PLAINTEXT://host:port); port 0 = ephemeral. */
  listenerHost: string;
  listenerPort: number;
  /** From `advertised.listeners` (defaults to the listener). */
  advertisedHost: string;
  advertisedPort: number;
  /** broker.rack */
  rack: string | null;
  /** auto.create.topics.enable (true) */
  autoCreateTopicsEnable: boolean;
  /** num.partitions (1) */
  numPartitions: number;
  /** default.replication.factor (1) */
  defaultReplicationFactor: number;
  /** min.insync.replicas (1) */
  minInsyncReplicas: number;
  /** message.max.bytes (1048588) */
  messageMaxBytes: number;
  /** socket.request.max.bytes (104857600) */
  socketRequestMaxBytes: number;
  /** max.connections (1000) */
  maxConnections: number;
  /** queued.max.requests (500): per-connection in-flight cap */
  queuedMaxRequests: number;
  /** connections.max.idle.ms (600000) */
  connectionsMaxIdleMs: number;
  /** for acks=all waits (30000) */
  requestTimeoutMs: number;
  /** fetch.max.bytes (57671680) */
  fetchMaxBytes: number;
  /** producer.id.expiration.ms (86400000) */
  producerIdExpirationMs: number;
}

export const defaultBrokerConfig: Readonly<BrokerConfig> = Object.freeze({
  nodeId: 1,
  clusterId: 'tributary-cluster',
  listenerHost: '0.0.0.0',
  listenerPort: 9092,
  advertisedHost: 'localhost',
  advertisedPort: 9092,
  rack: null,
  autoCreateTopicsEnable: true,
  numPartitions: 1,
  defaultReplicationFactor: 1,
  minInsyncReplicas: 1,
  messageMaxBytes: 1048588,
  socketRequestMaxBytes: 104857600,
  maxConnections: 1000,
  queuedMaxRequests: 500,
  connectionsMaxIdleMs: 600000,
  requestTimeoutMs: 30000,
  fetchMaxBytes: 57671680,
  producerIdExpirationMs: 86400000,
});
