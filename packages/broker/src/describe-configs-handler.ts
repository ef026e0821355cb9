/**
 * DescribeConfigs (v1-4) for TOPIC and BROKER resources. Topic configs are the effective values with Kafka's names:
 * a topic override (TOPIC_CONFIG), else the broker's setting for the synonym it has (STATIC_BROKER_CONFIG), else
 * Kafka's default (DEFAULT_CONFIG); synonyms list them in that precedence order when requested.
 */

import { TOPIC_CONFIGS, type TopicImage } from '@tributary/metadata';
import { type DescribeConfigsRequest, type DescribeConfigsResponse, ErrorCode } from '@tributary/protocol';
import type { BrokerConfig } from './broker-config.js';
import { defaultBrokerConfig } from './broker-config.js';
import type { BrokerContext } from './broker-context.js';

type Result = DescribeConfigsResponse['results'][number];
type ConfigEntry = Result['configs'][number];
type Synonym = ConfigEntry['synonyms'][number];

export const ConfigResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;
export const ConfigSource = {
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;
const ConfigType = { BOOLEAN: 1, STRING: 2, INT: 3, LONG: 5, DOUBLE: 6, LIST: 7 } as const;

/** Topic config -> the broker config that supplies its default (Kafka's ServerTopicConfigSynonyms). */
const BROKER_SYNONYMS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'log.cleanup.policy',
  'compression.type': 'compression.type',
  'delete.retention.ms': 'log.cleaner.delete.retention.ms',
  'file.delete.delay.ms': 'log.segment.delete.delay.ms',
  'flush.messages': 'log.flush.interval.messages',
  'flush.ms': 'log.flush.interval.ms',
  'index.interval.bytes': 'log.index.interval.bytes',
  'max.compaction.lag.ms': 'log.cleaner.max.compaction.lag.ms',
  'max.message.bytes': 'message.max.bytes',
  'message.timestamp.after.max.ms': 'log.message.timestamp.after.max.ms',
  'message.timestamp.before.max.ms': 'log.message.timestamp.before.max.ms',
  'message.timestamp.type': 'log.message.timestamp.type',
  'min.cleanable.dirty.ratio': 'log.cleaner.min.cleanable.ratio',
  'min.compaction.lag.ms': 'log.cleaner.min.compaction.lag.ms',
  'min.insync.replicas': 'min.insync.replicas',
  preallocate: 'log.preallocate',
  'retention.bytes': 'log.retention.bytes',
  'retention.ms': 'log.retention.ms',
  'segment.bytes': 'log.segment.bytes',
  'segment.index.bytes': 'log.index.size.max.bytes',
  'segment.jitter.ms': 'log.roll.jitter.ms',
  'segment.ms': 'log.roll.ms',
  'unclean.leader.election.enable': 'unclean.leader.election.enable',
};

const CHECK_TYPES: Readonly<Record<string, number>> = {
  long: ConfigType.LONG,
  int: ConfigType.INT,
  boolean: ConfigType.BOOLEAN,
  ratio: ConfigType.DOUBLE,
  enum: ConfigType.STRING,
  enumList: ConfigType.LIST,
};

/** Broker settings this broker knows, by Kafka name, and their configured values. */
function brokerSettings(config: BrokerConfig): [name: string, value: string, type: number][] {
  return [
    ['broker.id', String(config.nodeId), ConfigType.INT],
    ['node.id', String(config.nodeId), ConfigType.INT],
    ['listeners', `PLAINTEXT://${config.listenerHost}:${config.listenerPort}`, ConfigType.STRING],
    ['advertised.listeners', `PLAINTEXT://${config.advertisedHost}:${config.advertisedPort}`, ConfigType.STRING],
    ['broker.rack', config.rack ?? '', ConfigType.STRING],
    ['auto.create.topics.enable', String(config.autoCreateTopicsEnable), ConfigType.BOOLEAN],
    ['num.partitions', String(config.numPartitions), ConfigType.INT],
    ['default.replication.factor', String(config.defaultReplicationFactor), ConfigType.INT],
    ['min.insync.replicas', String(config.minInsyncReplicas), ConfigType.INT],
    ['message.max.bytes', String(config.messageMaxBytes), ConfigType.INT],
    ['socket.request.max.bytes', String(config.socketRequestMaxBytes), ConfigType.INT],
    ['max.connections', String(config.maxConnections), ConfigType.INT],
    ['queued.max.requests', String(config.queuedMaxRequests), ConfigType.INT],
    ['connections.max.idle.ms', String(config.connectionsMaxIdleMs), ConfigType.LONG],
    ['fetch.max.bytes', String(config.fetchMaxBytes), ConfigType.INT],
    ['producer.id.expiration.ms', String(config.producerIdExpirationMs), ConfigType.LONG],
  ];
}

function entry(name: string, value: string, source: number, configType: number, synonyms: Synonym[]): ConfigEntry {
  return {
    name,
    value,
    readOnly: source === ConfigSource.STATIC_BROKER_CONFIG,
    isDefault: source === ConfigSource.DEFAULT_CONFIG,
    configSource: source,
    isSensitive: false,
    synonyms,
    configType,
    documentation: null,
  };
}

/**
 * `clusterDefaults` are the dynamic cluster-wide broker configs (IncrementalAlterConfigs on broker resource ''), by
 * broker config name; they come between a topic override and the static broker config, as in Kafka.
 */
export function describeTopicConfigs(
  topic: TopicImage,
  config: BrokerConfig,
  includeSynonyms: boolean,
  clusterDefaults: ReadonlyMap<string, string> = new Map(),
): ConfigEntry[] {
  const brokerValues = new Map<string, string>();
  if (config.messageMaxBytes !== defaultBrokerConfig.messageMaxBytes) {
    brokerValues.set('message.max.bytes', String(config.messageMaxBytes));
  }
  if (config.minInsyncReplicas !== defaultBrokerConfig.minInsyncReplicas) {
    brokerValues.set('min.insync.replicas', String(config.minInsyncReplicas));
  }
  const entries: ConfigEntry[] = [];
  for (const [name, definition] of [...TOPIC_CONFIGS].sort(([a], [b]) => a.localeCompare(b))) {
    const brokerName = BROKER_SYNONYMS[name] ?? name;
    const synonyms: Synonym[] = [];
    const override = topic.configs.get(name);
    if (override !== undefined) synonyms.push({ name, value: override, source: ConfigSource.TOPIC_CONFIG });
    const clusterDefault = clusterDefaults.get(brokerName);
    if (clusterDefault !== undefined) {
      synonyms.push({ name: brokerName, value: clusterDefault, source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG });
    }
    const brokerValue = brokerValues.get(brokerName);
    if (brokerValue !== undefined) {
      synonyms.push({ name: brokerName, value: brokerValue, source: ConfigSource.STATIC_BROKER_CONFIG });
    }
    synonyms.push({ name: brokerName, value: definition.defaultValue, source: ConfigSource.DEFAULT_CONFIG });
    const effective = synonyms[0];
    const configType = CHECK_TYPES[definition.check.kind] ?? ConfigType.STRING;
    entries.push(entry(name, effective.value!, effective.source, configType, includeSynonyms ? synonyms : []));
  }
  return entries;
}

/**
 * A broker resource: its dynamic configs (DYNAMIC_BROKER_CONFIG for a broker id, DYNAMIC_DEFAULT_BROKER_CONFIG for
 * '' and as the fallback of a broker id), then the static settings this broker was started with. kafka-configs
 * --describe --entity-default prints the DYNAMIC_DEFAULT_BROKER_CONFIG entries.
 */
function describeBrokerConfigs(
  config: BrokerConfig,
  resourceName: string,
  brokerConfigs: ReadonlyMap<string, ReadonlyMap<string, string>>,
  includeSynonyms: boolean,
): ConfigEntry[] {
  const layers: [ReadonlyMap<string, string>, number][] = [
    [
      resourceName === '' ? new Map() : (brokerConfigs.get(resourceName) ?? new Map()),
      ConfigSource.DYNAMIC_BROKER_CONFIG,
    ],
    [brokerConfigs.get('') ?? new Map(), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG],
  ];
  const dynamicNames = [...new Set(layers.flatMap(([values]) => [...values.keys()]))].sort();
  const dynamic = dynamicNames.map((name) => {
    const synonyms: Synonym[] = layers.flatMap(([values, source]) =>
      values.has(name) ? [{ name, value: values.get(name)!, source }] : [],
    );
    const type = CHECK_TYPES[TOPIC_CONFIGS.get(name)?.check.kind ?? ''] ?? ConfigType.STRING;
    return entry(name, synonyms[0].value!, synonyms[0].source, type, includeSynonyms ? synonyms : []);
  });
  const settings = brokerSettings(config)
    .filter(([name]) => !dynamicNames.includes(name))
    .map(([name, value, type]) => {
      const synonyms = includeSynonyms ? [{ name, value, source: ConfigSource.STATIC_BROKER_CONFIG }] : [];
      return entry(name, value, ConfigSource.STATIC_BROKER_CONFIG, type, synonyms);
    });
  return [...dynamic, ...settings];
}

export async function handleDescribeConfigs(
  ctx: BrokerContext,
  request: DescribeConfigsRequest,
): Promise<DescribeConfigsResponse> {
  const image = ctx.controller.image();
  const results: Result[] = request.resources.map((resource) => {
    const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
    let configs: ConfigEntry[];
    if (resource.resourceType === ConfigResourceType.TOPIC) {
      const topic = image.topicsByName.get(resource.resourceName);
      if (topic === undefined) {
        return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, configs: [] };
      }
      const clusterDefaults = image.brokerConfigs.get('') ?? new Map<string, string>();
      configs = describeTopicConfigs(topic, ctx.config, request.includeSynonyms, clusterDefaults);
    } else if (resource.resourceType === ConfigResourceType.BROKER) {
      if (resource.resourceName !== '' && resource.resourceName !== String(ctx.config.nodeId)) {
        const errorMessage = `Unexpected broker id, expected ${ctx.config.nodeId} or empty string, but received ${resource.resourceName}`;
        return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage, configs: [] };
      }
      configs = describeBrokerConfigs(ctx.config, resource.resourceName, image.brokerConfigs, request.includeSynonyms);
    } else if (resource.resourceType === ConfigResourceType.BROKER_LOGGER) {
      configs = [];
    } else {
      return {
        ...base,
        errorCode: ErrorCode.INVALID_REQUEST,
        errorMessage: `Unsupported resource type ${resource.resourceType}`,
        configs: [],
      };
    }
    const keys = resource.configurationKeys;
    if (keys !== null && keys.length > 0) configs = configs.filter((c) => keys.includes(c.name));
    return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs };
  });
  return { throttleTimeMs: 0, results };
}
