/**
 * CreateTopics as a pure decision (Kafka's ReplicationControlManager.createTopics): validates each topic, places
 * replicas, and returns TopicRecord + ConfigRecords + PartitionRecords with one result per requested topic.
 */
import { type ControllerResult, MAX_RECORDS_PER_USER_OP } from './controller-result.js';
import { MetadataErrorCode } from './error-codes.js';
import { eligibleBrokers, type MetadataImage } from './image.js';
import { RecordBuilder } from './record-builder.js';
import { ConfigResourceType, type MetadataRecord } from './records.js';
import { placeReplicas } from './replica-placement.js';
import { TOPIC_CONFIGS, validateTopicConfig } from './topic-configs.js';
import { topicCollisionKey, validateTopicName } from './topic-name.js';
import { type RandomSource, randomUuid, ZERO_UUID } from './uuid.js';

export interface CreateTopicSpec {
  name: string;
  /** -1 = the cluster default (num.partitions). */
  numPartitions: number;
  /** -1 = the cluster default (default.replication.factor). */
  replicationFactor: number;
  /** Manual placement; when non-empty numPartitions and replicationFactor must be -1. */
  assignments: { partitionIndex: number; brokerIds: number[] }[];
  configs: Record<string, string>;
}

export interface CreatableTopicConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  /** Kafka's DescribeConfigs source ids: 1 topic override, 4 cluster default, 5 built-in default. */
  configSource: number;
  isSensitive: boolean;
}

export interface CreateTopicResult {
  name: string;
  topicId: string;
  errorCode: number;
  errorMessage: string | null;
  numPartitions: number;
  replicationFactor: number;
  configs: CreatableTopicConfig[];
}

export interface TopicDefaults {
  numPartitions: number;
  defaultReplicationFactor: number;
}

export interface CreateTopicsOptions {
  validateOnly: boolean;
  defaults: TopicDefaults;
  random: RandomSource;
}

export const ConfigSource = { DYNAMIC_TOPIC_CONFIG: 1, DYNAMIC_DEFAULT_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5 } as const;

class TopicError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

function failed(name: string, errorCode: number, errorMessage: string): CreateTopicResult {
  return { name, topicId: ZERO_UUID, errorCode, errorMessage, numPartitions: -1, replicationFactor: -1, configs: [] };
}

/** The full config list Kafka returns for a created topic (CreateTopics v5+). */
export function describeTopicConfigs(image: MetadataImage, overrides: Record<string, string>): CreatableTopicConfig[] {
  const clusterDefaults = image.brokerConfigs.get('');
  return [...TOPIC_CONFIGS].map(([name, definition]) => {
    const override = Object.hasOwn(overrides, name) ? overrides[name] : undefined;
    const clusterDefault = clusterDefaults?.get(name);
    const configSource =
      override !== undefined
        ? ConfigSource.DYNAMIC_TOPIC_CONFIG
        : clusterDefault !== undefined
          ? ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
          : ConfigSource.DEFAULT_CONFIG;
    return {
      name,
      value: override ?? clusterDefault ?? definition.defaultValue,
      readOnly: false,
      configSource,
      isSensitive: false,
    };
  });
}

/**
 * Checks manual assignments (Kafka's validateManualPartitionAssignment) and returns them in partition order.
 * Every listed broker must be registered; the ISR becomes the listed replicas that are eligible.
 */
function manualAssignments(image: MetadataImage, spec: CreateTopicSpec): number[][] {
  if (spec.numPartitions !== -1 || spec.replicationFactor !== -1) {
    throw new TopicError(
      MetadataErrorCode.INVALID_REQUEST,
      'A manual partition assignment was specified, but numPartitions or replicationFactor was not set to -1.',
    );
  }
  return validateAssignments(image, spec.assignments, 0);
}

/** Shared by CreateTopics and CreatePartitions: consecutive indices from `firstIndex`, equal sizes, known brokers. */
export function validateAssignments(
  image: MetadataImage,
  assignments: readonly { partitionIndex: number; brokerIds: readonly number[] }[],
  firstIndex: number,
): number[][] {
  const sorted = [...assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
  const invalid = (message: string) => new TopicError(MetadataErrorCode.INVALID_REPLICA_ASSIGNMENT, message);
  sorted.forEach((assignment, index) => {
    if (assignment.partitionIndex !== firstIndex + index) {
      throw invalid(`Partitions should be a consecutive 0-based integer sequence; found ${assignment.partitionIndex}.`);
    }
  });
  const replicationFactor = sorted[0]?.brokerIds.length ?? 0;
  for (const { partitionIndex, brokerIds } of sorted) {
    if (brokerIds.length === 0)
      throw invalid(`The manual partition assignment for partition ${partitionIndex} is empty.`);
    if (brokerIds.length !== replicationFactor) {
      throw invalid('All partitions in the manual partition assignment must have the same number of replicas.');
    }
    if (new Set(brokerIds).size !== brokerIds.length) {
      throw invalid(`The manual partition assignment for partition ${partitionIndex} contains a duplicate broker id.`);
    }
    for (const brokerId of brokerIds) {
      if (!image.brokers.has(brokerId)) {
        throw invalid(`The manual partition assignment includes broker ${brokerId}, but no such broker is registered.`);
      }
    }
  }
  return sorted.map((assignment) => [...assignment.brokerIds]);
}

/** Replica lists for `partitionCount` new partitions placed automatically on the eligible brokers. */
export function automaticAssignments(
  image: MetadataImage,
  partitionCount: number,
  replicationFactor: number,
  startPartitionId: number,
  random: RandomSource,
): number[][] {
  const brokers = eligibleBrokers(image);
  if (replicationFactor > brokers.length) {
    throw new TopicError(
      MetadataErrorCode.INVALID_REPLICATION_FACTOR,
      `Unable to replicate the partition ${replicationFactor} time(s): The target replication factor of ` +
        `${replicationFactor} cannot be reached because only ${brokers.length} broker(s) are registered.`,
    );
  }
  return placeReplicas(brokers, { partitionCount, replicationFactor, startPartitionId }, random);
}

function placement(image: MetadataImage, spec: CreateTopicSpec, options: CreateTopicsOptions): number[][] {
  if (spec.assignments.length > 0) return manualAssignments(image, spec);
  const numPartitions = spec.numPartitions === -1 ? options.defaults.numPartitions : spec.numPartitions;
  const replicationFactor =
    spec.replicationFactor === -1 ? options.defaults.defaultReplicationFactor : spec.replicationFactor;
  if (!Number.isInteger(numPartitions) || numPartitions <= 0) {
    throw new TopicError(
      MetadataErrorCode.INVALID_PARTITIONS,
      'Number of partitions was set to an invalid non-positive value.',
    );
  }
  if (!Number.isInteger(replicationFactor) || replicationFactor <= 0) {
    throw new TopicError(
      MetadataErrorCode.INVALID_REPLICATION_FACTOR,
      'Replication factor must be larger than 0, or -1 to use the default value.',
    );
  }
  if (numPartitions > MAX_RECORDS_PER_USER_OP) {
    throw new TopicError(MetadataErrorCode.POLICY_VIOLATION, 'Unable to perform excessively large batch operation.');
  }
  return automaticAssignments(image, numPartitions, replicationFactor, 0, options.random);
}

/** The PartitionRecords for new partitions: ISR = eligible replicas, leader = first of them, epochs 0. */
export function newPartitionRecords(
  image: MetadataImage,
  topicId: string,
  assignments: readonly number[][],
  firstPartitionId: number,
): MetadataRecord[] {
  return assignments.map((replicas, index) => {
    const partitionId = firstPartitionId + index;
    const isr = replicas.filter((id) => {
      const broker = image.brokers.get(id);
      return broker !== undefined && !broker.fenced && !broker.inControlledShutdown;
    });
    if (isr.length === 0) {
      throw new TopicError(
        MetadataErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `All brokers specified in the manual partition assignment for partition ${partitionId} are fenced or in controlled shutdown.`,
      );
    }
    return {
      type: 'Partition',
      partitionId,
      topicId,
      replicas: [...replicas],
      isr,
      leader: isr[0],
      leaderRecoveryState: 0,
      leaderEpoch: 0,
      partitionEpoch: 0,
    };
  });
}

function createOne(builder: RecordBuilder, spec: CreateTopicSpec, options: CreateTopicsOptions): CreateTopicResult {
  const image = builder.image;
  const nameError = validateTopicName(spec.name);
  if (nameError !== null) throw new TopicError(MetadataErrorCode.INVALID_TOPIC_EXCEPTION, nameError);
  if (image.topicsByName.has(spec.name)) {
    throw new TopicError(MetadataErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${spec.name}' already exists.`);
  }
  const collisionKey = topicCollisionKey(spec.name);
  for (const existing of image.topicsByName.keys()) {
    if (topicCollisionKey(existing) === collisionKey) {
      throw new TopicError(
        MetadataErrorCode.INVALID_TOPIC_EXCEPTION,
        `Topic '${spec.name}' collides with existing topic: ${existing}`,
      );
    }
  }
  for (const [name, value] of Object.entries(spec.configs)) {
    const configError = validateTopicConfig(name, value);
    if (configError !== null) throw new TopicError(MetadataErrorCode.INVALID_CONFIG, configError);
  }
  const assignments = placement(image, spec, options);
  // Kafka draws again on a clash: an id must never name two topics, even with a poor random source.
  let topicId = randomUuid(options.random);
  while (image.topicsById.has(topicId)) topicId = randomUuid(options.random);
  const records: MetadataRecord[] = [{ type: 'Topic', name: spec.name, topicId }];
  for (const [name, value] of Object.entries(spec.configs)) {
    records.push({ type: 'Config', resourceType: ConfigResourceType.TOPIC, resourceName: spec.name, name, value });
  }
  records.push(...newPartitionRecords(image, topicId, assignments, 0));
  if (builder.records.length + records.length > MAX_RECORDS_PER_USER_OP) {
    throw new TopicError(MetadataErrorCode.POLICY_VIOLATION, 'Unable to perform excessively large batch operation.');
  }
  for (const record of records) builder.add(record);
  return {
    name: spec.name,
    topicId,
    errorCode: MetadataErrorCode.NONE,
    errorMessage: null,
    numPartitions: assignments.length,
    replicationFactor: assignments[0].length,
    configs: describeTopicConfigs(image, spec.configs),
  };
}

export function createTopics(
  image: MetadataImage,
  specs: readonly CreateTopicSpec[],
  options: CreateTopicsOptions,
): ControllerResult<CreateTopicResult[]> {
  const counts = new Map<string, number>();
  for (const spec of specs) counts.set(spec.name, (counts.get(spec.name) ?? 0) + 1);
  const builder = new RecordBuilder(image);
  const response = specs.map((spec) => {
    if (counts.get(spec.name)! > 1)
      return failed(spec.name, MetadataErrorCode.INVALID_REQUEST, 'Duplicate topic name.');
    try {
      return createOne(builder, spec, options);
    } catch (error) {
      if (error instanceof TopicError) return failed(spec.name, error.errorCode, error.message);
      throw error;
    }
  });
  return { records: options.validateOnly ? [] : builder.records, response };
}

export { TopicError };
