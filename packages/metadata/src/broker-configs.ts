/**
 * Which broker-resource configs (ConfigResource type BROKER) Tributary accepts through (Incremental)AlterConfigs.
 * Kafka stores any dynamic broker key; Tributary stores only the keys its brokers and controllers honour, so a change
 * is never silently ignored. Static keys answer as Kafka's DynamicBrokerConfig.validate does (INVALID_REQUEST,
 * "Cannot update these configs dynamically: Set(...)"); any other key is INVALID_CONFIG naming what is supported.
 */
import { MetadataErrorCode } from './error-codes.js';
import { validateTopicConfig } from './topic-configs.js';

/** Cluster-wide defaults (resource name '') that the image applies to every topic (topicConfigValue). */
const CLUSTER_DEFAULT_KEYS: ReadonlySet<string> = new Set(['unclean.leader.election.enable']);

/** Kafka's read-only ("Update Mode: read-only") broker keys that operators are most likely to try. */
const READ_ONLY_BROKER_KEYS: ReadonlySet<string> = new Set([
  'advertised.listeners',
  'auto.create.topics.enable',
  'broker.id',
  'broker.rack',
  'controller.listener.names',
  'controller.quorum.bootstrap.servers',
  'controller.quorum.voters',
  'default.replication.factor',
  'inter.broker.listener.name',
  'listeners',
  'log.dir',
  'log.dirs',
  'metadata.log.dir',
  'node.id',
  'num.partitions',
  'process.roles',
]);

export interface BrokerConfigError {
  errorCode: number;
  message: string;
}

/** null when `name` may be set (value non-null) or deleted (value null) on broker resource `resourceName`. */
export function validateBrokerConfig(
  resourceName: string,
  name: string,
  value: string | null,
): BrokerConfigError | null {
  if (READ_ONLY_BROKER_KEYS.has(name)) {
    return {
      errorCode: MetadataErrorCode.INVALID_REQUEST,
      message: `Cannot update these configs dynamically: Set(${name})`,
    };
  }
  if (!CLUSTER_DEFAULT_KEYS.has(name)) {
    return {
      errorCode: MetadataErrorCode.INVALID_CONFIG,
      message: `Dynamic broker config ${name} is not supported by Tributary; supported: ${[...CLUSTER_DEFAULT_KEYS].join(', ')} (cluster default only)`,
    };
  }
  if (resourceName !== '') {
    return {
      errorCode: MetadataErrorCode.INVALID_CONFIG,
      message: `${name} can only be set as a cluster-wide default (--entity-default), not for broker ${resourceName}`,
    };
  }
  if (value === null) return null;
  const invalid = validateTopicConfig(name, value);
  return invalid === null ? null : { errorCode: MetadataErrorCode.INVALID_CONFIG, message: invalid };
}
