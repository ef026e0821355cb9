// Public entry of @tributary/broker: the Kafka listener and request handlers of one node.
export { Broker, type BrokerOptions } from './broker.js';
export {
  type BrokerConfig,
  defaultBrokerConfig,
  defaultGroupConfig,
  defaultReplicationConfig,
  type GroupConfig,
  type ReplicationConfig,
  resolveGroupConfig,
  resolveReplicationConfig,
} from './broker-config.js';
export { type ApiVersionRange, SUPPORTED_APIS } from './supported-apis.js';
