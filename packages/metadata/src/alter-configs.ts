/**
 * IncrementalAlterConfigs for topics and brokers (KIP-339) as a pure decision producing ConfigRecords. Topic configs
 * are validated against topic-configs.ts; broker resource '' is the cluster-wide default (where a topic config
 * such as unclean.leader.election.enable may be set for every topic), otherwise a registered broker id.
 */
import type { ControllerResult } from './controller-result.js';
import { MetadataErrorCode } from './error-codes.js';
import type { MetadataImage } from './image.js';
import { ConfigResourceType, type MetadataRecord } from './records.js';
import { isListTopicConfig, TOPIC_CONFIGS, validateTopicConfig } from './topic-configs.js';

/** Kafka's AlterConfigOp.OpType ids. */
export const AlterConfigOp = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export interface AlterConfigsResource {
  resourceType: number;
  resourceName: string;
  configs: { name: string; configOperation: number; value: string | null }[];
}

export interface AlterConfigsResult {
  resourceType: number;
  resourceName: string;
  errorCode: number;
  errorMessage: string | null;
}

class ConfigError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

function nextValue(current: string | undefined, operation: number, name: string, value: string | null): string | null {
  const listItems = (text: string | undefined) =>
    (text ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  switch (operation) {
    case AlterConfigOp.SET:
      return value;
    case AlterConfigOp.DELETE:
      return null;
    case AlterConfigOp.APPEND:
    case AlterConfigOp.SUBTRACT: {
      if (!isListTopicConfig(name)) {
        throw new ConfigError(
          MetadataErrorCode.INVALID_CONFIG,
          `Config ${name} is not a list; APPEND/SUBTRACT do not apply.`,
        );
      }
      const items = listItems(current ?? TOPIC_CONFIGS.get(name)?.defaultValue);
      const given = listItems(value ?? '');
      const result =
        operation === AlterConfigOp.APPEND
          ? [...items, ...given.filter((item) => !items.includes(item))]
          : items.filter((item) => !given.includes(item));
      return result.join(',');
    }
    default:
      throw new ConfigError(MetadataErrorCode.INVALID_REQUEST, `Unknown config operation ${operation}.`);
  }
}

function alterOne(image: MetadataImage, resource: AlterConfigsResource): MetadataRecord[] {
  let current: ReadonlyMap<string, string> | undefined;
  if (resource.resourceType === ConfigResourceType.TOPIC) {
    const topic = image.topicsByName.get(resource.resourceName);
    if (topic === undefined) {
      throw new ConfigError(
        MetadataErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        'This server does not host this topic-partition.',
      );
    }
    current = topic.configs;
  } else if (resource.resourceType === ConfigResourceType.BROKER) {
    if (resource.resourceName !== '' && !image.brokers.has(Number(resource.resourceName))) {
      throw new ConfigError(MetadataErrorCode.INVALID_REQUEST, `Unknown broker ${resource.resourceName}.`);
    }
    current = image.brokerConfigs.get(resource.resourceName);
  } else {
    throw new ConfigError(MetadataErrorCode.INVALID_REQUEST, `Unsupported resource type ${resource.resourceType}.`);
  }
  const names = resource.configs.map((config) => config.name);
  if (new Set(names).size !== names.length) {
    throw new ConfigError(MetadataErrorCode.INVALID_REQUEST, 'Error due to duplicate config keys');
  }
  return resource.configs.map(({ name, configOperation, value }): MetadataRecord => {
    const next = nextValue(current?.get(name), configOperation, name, value);
    // Broker-level keys beyond topic defaults are not modelled yet, so both resources accept the topic config names.
    if (next !== null) {
      const error = validateTopicConfig(name, next);
      if (error !== null) throw new ConfigError(MetadataErrorCode.INVALID_CONFIG, error);
    } else if (!TOPIC_CONFIGS.has(name)) {
      throw new ConfigError(MetadataErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
    }
    return {
      type: 'Config',
      resourceType: resource.resourceType,
      resourceName: resource.resourceName,
      name,
      value: next,
    };
  });
}

export function incrementalAlterConfigs(
  image: MetadataImage,
  resources: readonly AlterConfigsResource[],
  options: { validateOnly: boolean },
): ControllerResult<AlterConfigsResult[]> {
  const records: MetadataRecord[] = [];
  const response = resources.map((resource): AlterConfigsResult => {
    const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
    try {
      records.push(...alterOne(image, resource));
      return { ...base, errorCode: MetadataErrorCode.NONE, errorMessage: null };
    } catch (error) {
      if (error instanceof ConfigError) return { ...base, errorCode: error.errorCode, errorMessage: error.message };
      throw error;
    }
  });
  return { records: options.validateOnly ? [] : records, response };
}
