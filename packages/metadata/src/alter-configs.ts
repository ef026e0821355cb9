/**
 * IncrementalAlterConfigs (KIP-339) and legacy AlterConfigs for topics and brokers as pure decisions producing
 * ConfigRecords. Topic configs are validated against topic-configs.ts, broker configs against broker-configs.ts;
 * broker resource '' is the cluster-wide default, otherwise a registered broker id.
 */

import { validateBrokerConfig } from './broker-configs.js';
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

/** The resource's current configs; UNKNOWN_TOPIC_OR_PARTITION / INVALID_REQUEST when it does not exist. */
function currentConfigs(image: MetadataImage, resource: { resourceType: number; resourceName: string }) {
  if (resource.resourceType === ConfigResourceType.TOPIC) {
    const topic = image.topicsByName.get(resource.resourceName);
    if (topic === undefined) {
      throw new ConfigError(
        MetadataErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        'This server does not host this topic-partition.',
      );
    }
    return topic.configs;
  }
  if (resource.resourceType === ConfigResourceType.BROKER) {
    if (resource.resourceName !== '' && !image.brokers.has(Number(resource.resourceName))) {
      throw new ConfigError(MetadataErrorCode.INVALID_REQUEST, `Unknown broker ${resource.resourceName}.`);
    }
    return image.brokerConfigs.get(resource.resourceName) ?? new Map<string, string>();
  }
  throw new ConfigError(MetadataErrorCode.INVALID_REQUEST, `Unsupported resource type ${resource.resourceType}.`);
}

/** Validates one resulting value (null = delete) and returns its ConfigRecord. */
function configRecord(
  resource: { resourceType: number; resourceName: string },
  name: string,
  value: string | null,
): MetadataRecord {
  if (resource.resourceType === ConfigResourceType.BROKER) {
    const error = validateBrokerConfig(resource.resourceName, name, value);
    if (error !== null) throw new ConfigError(error.errorCode, error.message);
  } else if (value !== null) {
    const error = validateTopicConfig(name, value);
    if (error !== null) throw new ConfigError(MetadataErrorCode.INVALID_CONFIG, error);
  } else if (!TOPIC_CONFIGS.has(name)) {
    throw new ConfigError(MetadataErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
  }
  return { type: 'Config', resourceType: resource.resourceType, resourceName: resource.resourceName, name, value };
}

function checkNoDuplicates(names: readonly string[]): void {
  if (new Set(names).size !== names.length) {
    throw new ConfigError(MetadataErrorCode.INVALID_REQUEST, 'Error due to duplicate config keys');
  }
}

/** Kafka's ConfigAdminManager.preprocess: a value is required for every operation but DELETE. */
function checkValuesGiven(configs: readonly { name: string; value: string | null; configOperation?: number }[]) {
  const missing = configs.filter((c) => c.value === null && c.configOperation !== AlterConfigOp.DELETE);
  if (missing.length > 0) {
    throw new ConfigError(
      MetadataErrorCode.INVALID_REQUEST,
      `Null value not supported for : ${missing.map((c) => c.name).join(', ')}`,
    );
  }
}

function alterOne(image: MetadataImage, resource: AlterConfigsResource): MetadataRecord[] {
  const current = currentConfigs(image, resource);
  checkNoDuplicates(resource.configs.map((config) => config.name));
  checkValuesGiven(resource.configs);
  return resource.configs.map(({ name, configOperation, value }) =>
    configRecord(resource, name, nextValue(current.get(name), configOperation, name, value)),
  );
}

/**
 * Legacy AlterConfigs (API 33): the given set replaces the resource's whole dynamic config, so every stored key that
 * is not given is deleted (Kafka's ConfigurationControlManager.legacyAlterConfigs).
 */
function replaceOne(image: MetadataImage, resource: LegacyAlterConfigsResource): MetadataRecord[] {
  const current = currentConfigs(image, resource);
  checkNoDuplicates(resource.configs.map((config) => config.name));
  checkValuesGiven(resource.configs);
  const given = new Set(resource.configs.map((config) => config.name));
  const deletions = [...current.keys()].filter((name) => !given.has(name)).map((name) => ({ name, value: null }));
  return [...resource.configs, ...deletions].map(({ name, value }) => configRecord(resource, name, value));
}

export interface LegacyAlterConfigsResource {
  resourceType: number;
  resourceName: string;
  configs: { name: string; value: string | null }[];
}

function decideEach<R extends { resourceType: number; resourceName: string }>(
  resources: readonly R[],
  decide: (resource: R) => MetadataRecord[],
  options: { validateOnly: boolean },
): ControllerResult<AlterConfigsResult[]> {
  const records: MetadataRecord[] = [];
  const response = resources.map((resource): AlterConfigsResult => {
    const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
    try {
      records.push(...decide(resource));
      return { ...base, errorCode: MetadataErrorCode.NONE, errorMessage: null };
    } catch (error) {
      if (error instanceof ConfigError) return { ...base, errorCode: error.errorCode, errorMessage: error.message };
      throw error;
    }
  });
  return { records: options.validateOnly ? [] : records, response };
}

export function legacyAlterConfigs(
  image: MetadataImage,
  resources: readonly LegacyAlterConfigsResource[],
  options: { validateOnly: boolean },
): ControllerResult<AlterConfigsResult[]> {
  return decideEach(resources, (resource) => replaceOne(image, resource), options);
}

export function incrementalAlterConfigs(
  image: MetadataImage,
  resources: readonly AlterConfigsResource[],
  options: { validateOnly: boolean },
): ControllerResult<AlterConfigsResult[]> {
  return decideEach(resources, (resource) => alterOne(image, resource), options);
}
