/** The broker's configuration (contracts.md); Kafka property names are given beside each field. */
export interface BrokerConfig {
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
