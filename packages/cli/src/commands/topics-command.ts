/**
 * `tributary topics`: Kafka's kafka-topics.sh over the Kafka protocol (CreateTopics, DeleteTopics, CreatePartitions,
 * Metadata, DescribeConfigs), with its options and its exact output (TopicCommand.java: tab-separated
 * `Topic: … TopicId: … PartitionCount: … ReplicationFactor: … Configs: …` lines, tab-led partition lines).
 * Formatting is pure (formatTopicDescription / formatPartitionLine); the command talks to one bootstrap broker.
 */
import { ApiKey, ErrorCode, errorName, ZERO_UUID } from '@tributary/protocol';
import { KafkaConnection } from '../perf/kafka-connection.js';
import { type ApiVersionRanges, apiVersions, parseHostPort, pickVersion } from '../perf/topic-leaders.js';

export type TopicsAction = 'create' | 'describe' | 'list' | 'delete' | 'alter';

export interface TopicsOptions {
  bootstrapServer: string;
  action: TopicsAction;
  /** A name, or for describe/list/delete/alter a regular expression matched against whole names (as Kafka). */
  topic: string | null;
  partitions: number | null;
  replicationFactor: number | null;
  /** `k=v` strings from --config. */
  configs: readonly string[];
  /** --replica-assignment `1:2:3,2:3:1`: broker ids per partition, partitions comma-separated. */
  replicaAssignment: string | null;
  underReplicatedPartitions: boolean;
  ifExists: boolean;
  ifNotExists: boolean;
  /** Output sink (stdout by default); tests capture it. */
  write?: (text: string) => void;
}

export interface PartitionDescription {
  partition: number;
  /** -1 when the partition has no leader. */
  leader: number;
  replicas: readonly number[];
  isr: readonly number[];
}

export interface TopicDescription {
  name: string;
  topicId: string;
  partitions: readonly PartitionDescription[];
  /** Non-default configs in the order the broker listed them. */
  configs: readonly { name: string; value: string | null }[];
}

/** Kafka's DescribeConfigs ConfigSource.DEFAULT_CONFIG: such entries are not listed under "Configs:". */
const CONFIG_SOURCE_DEFAULT = 5;
/** DescribeConfigs resource type TOPIC. */
const RESOURCE_TYPE_TOPIC = 2;
/** How long the broker may take to apply a create/delete/alter (Kafka's default admin request timeout). */
const ADMIN_TIMEOUT_MS = 30_000;
/** Bound on topics one describe reads configs for in a single DescribeConfigs request. */
const DESCRIBE_CONFIGS_BATCH = 100;

export class TopicCommandError extends Error {}

// ---- pure formatting ----

export function formatPartitionLine(topic: string, partition: PartitionDescription): string {
  const leader = partition.leader < 0 ? 'none' : String(partition.leader);
  return `\tTopic: ${topic}\tPartition: ${partition.partition}\tLeader: ${leader}\tReplicas: ${partition.replicas.join(',')}\tIsr: ${partition.isr.join(',')}`;
}

export function formatTopicLine(topic: TopicDescription): string {
  const topicId = topic.topicId === ZERO_UUID ? '' : `\tTopicId: ${topic.topicId}`;
  const replicationFactor = topic.partitions[0]?.replicas.length ?? 0;
  const configs = topic.configs.map((c) => `${c.name}=${c.value ?? ''}`).join(',');
  return `Topic: ${topic.name}${topicId}\tPartitionCount: ${topic.partitions.length}\tReplicationFactor: ${replicationFactor}\tConfigs: ${configs}`;
}

export function isUnderReplicated(partition: PartitionDescription): boolean {
  return partition.isr.length < partition.replicas.length;
}

/**
 * The --describe text: per topic its line and one line per partition; with --under-replicated-partitions only the
 * matching partition lines (Kafka prints no topic line when a partition filter is given). Lines end with "\n".
 */
export function formatTopicDescriptions(
  topics: readonly TopicDescription[],
  options: { underReplicatedPartitions: boolean },
): string {
  const lines: string[] = [];
  for (const topic of topics) {
    const partitions = [...topic.partitions].sort((a, b) => a.partition - b.partition);
    if (options.underReplicatedPartitions) {
      for (const p of partitions) if (isUnderReplicated(p)) lines.push(formatPartitionLine(topic.name, p));
      continue;
    }
    lines.push(formatTopicLine(topic));
    for (const p of partitions) lines.push(formatPartitionLine(topic.name, p));
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** `1:2:3,2:3:1` -> [[1,2,3],[2,3,1]]; every partition must list the same number of distinct brokers. */
export function parseReplicaAssignment(text: string): number[][] {
  const partitions = text.split(',').map((part, index) => {
    const ids = part.split(':').map((id) => {
      const value = Number(id.trim());
      if (id.trim() === '' || !Number.isInteger(value) || value < 0) {
        throw new TopicCommandError(`Invalid broker id "${id}" in --replica-assignment partition ${index}`);
      }
      return value;
    });
    if (new Set(ids).size !== ids.length) {
      throw new TopicCommandError(`Partition replica lists may not contain duplicate entries: ${part}`);
    }
    return ids;
  });
  if (partitions.some((p) => p.length !== partitions[0].length)) {
    throw new TopicCommandError('Partition 1 has different replication factor: ' + text);
  }
  return partitions;
}

export function parseConfigs(entries: readonly string[]): { name: string; value: string }[] {
  return entries.map((entry) => {
    const at = entry.indexOf('=');
    if (at <= 0)
      throw new TopicCommandError(
        `Invalid topic config: all configs to be added must be in the format "key=val". Found: ${entry}`,
      );
    return { name: entry.slice(0, at).trim(), value: entry.slice(at + 1).trim() };
  });
}

/** Kafka's topic include list: a literal name, or a regex over whole names. */
export function topicMatcher(pattern: string | null): (name: string) => boolean {
  if (pattern === null) return () => true;
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`);
  } catch {
    return (name) => name === pattern;
  }
  return (name) => name === pattern || regex.test(name);
}

// ---- the client side ----

class TopicsAdmin {
  private constructor(
    private readonly connection: KafkaConnection,
    private readonly ranges: ApiVersionRanges,
  ) {}

  static async connect(bootstrapServer: string): Promise<TopicsAdmin> {
    const { host, port } = parseHostPort(bootstrapServer);
    const connection = await KafkaConnection.open(host, port);
    try {
      return new TopicsAdmin(connection, await apiVersions(connection));
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  close(): void {
    this.connection.close();
  }

  /** Every topic (names sorted) with partitions and non-default configs when `withConfigs`. */
  async describe(match: (name: string) => boolean, withConfigs: boolean): Promise<TopicDescription[]> {
    const version = pickVersion(this.ranges, ApiKey.Metadata, 1, 12);
    const response = await this.connection.send(ApiKey.Metadata, version, {
      topics: null,
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    const topics: TopicDescription[] = response.topics
      .filter((t: { name: string | null; errorCode: number }) => t.name !== null && match(t.name))
      .map((t: any) => ({
        name: t.name as string,
        topicId: (t.topicId as string | undefined) ?? ZERO_UUID,
        partitions: t.partitions.map((p: any) => ({
          partition: p.partitionIndex,
          leader: p.leaderId,
          replicas: p.replicaNodes,
          isr: p.isrNodes,
        })),
        configs: [],
      }))
      .sort((a: TopicDescription, b: TopicDescription) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!withConfigs || topics.length === 0) return topics;
    const configs = await this.nonDefaultConfigs(topics.map((t) => t.name));
    return topics.map((t) => ({ ...t, configs: configs.get(t.name) ?? [] }));
  }

  private async nonDefaultConfigs(names: string[]): Promise<Map<string, { name: string; value: string | null }[]>> {
    const version = pickVersion(this.ranges, ApiKey.DescribeConfigs, 1, 4);
    const result = new Map<string, { name: string; value: string | null }[]>();
    for (let i = 0; i < names.length; i += DESCRIBE_CONFIGS_BATCH) {
      const response = await this.connection.send(ApiKey.DescribeConfigs, version, {
        resources: names.slice(i, i + DESCRIBE_CONFIGS_BATCH).map((resourceName) => ({
          resourceType: RESOURCE_TYPE_TOPIC,
          resourceName,
          configurationKeys: null,
        })),
        includeSynonyms: false,
        includeDocumentation: false,
      });
      for (const r of response.results) {
        if (r.errorCode !== ErrorCode.NONE) continue;
        result.set(
          r.resourceName,
          r.configs
            .filter((c: { configSource: number }) => c.configSource !== CONFIG_SOURCE_DEFAULT)
            .map((c: { name: string; value: string | null; isSensitive: boolean }) => ({
              name: c.name,
              value: c.isSensitive ? null : c.value,
            })),
        );
      }
    }
    return result;
  }

  async create(topic: {
    name: string;
    numPartitions: number;
    replicationFactor: number;
    assignments: number[][];
    configs: { name: string; value: string }[];
  }): Promise<{ errorCode: number; errorMessage: string | null }> {
    const version = pickVersion(this.ranges, ApiKey.CreateTopics, 2, 7);
    const response = await this.connection.send(ApiKey.CreateTopics, version, {
      topics: [
        {
          name: topic.name,
          numPartitions: topic.numPartitions,
          replicationFactor: topic.replicationFactor,
          assignments: topic.assignments.map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds })),
          configs: topic.configs,
        },
      ],
      timeoutMs: ADMIN_TIMEOUT_MS,
      validateOnly: false,
    });
    return response.topics[0];
  }

  async delete(names: string[]): Promise<{ name: string | null; errorCode: number; errorMessage: string | null }[]> {
    const version = pickVersion(this.ranges, ApiKey.DeleteTopics, 1, 6);
    const body =
      version >= 6
        ? { topics: names.map((name) => ({ name, topicId: ZERO_UUID })), timeoutMs: ADMIN_TIMEOUT_MS }
        : { topicNames: names, timeoutMs: ADMIN_TIMEOUT_MS };
    const response = await this.connection.send(ApiKey.DeleteTopics, version, body);
    return response.responses;
  }

  async createPartitions(
    names: string[],
    count: number,
    assignments: number[][] | null,
  ): Promise<{ name: string; errorCode: number; errorMessage: string | null }[]> {
    const version = pickVersion(this.ranges, ApiKey.CreatePartitions, 0, 3);
    const response = await this.connection.send(ApiKey.CreatePartitions, version, {
      topics: names.map((name) => ({
        name,
        count,
        assignments: assignments === null ? null : assignments.map((brokerIds) => ({ brokerIds })),
      })),
      timeoutMs: ADMIN_TIMEOUT_MS,
      validateOnly: false,
    });
    return response.results;
  }
}

function failure(errorCode: number, errorMessage: string | null): TopicCommandError {
  return new TopicCommandError(errorMessage ?? `${errorName(errorCode)} (error code ${errorCode})`);
}

/** Runs one kafka-topics action; returns the exit code. Errors print Kafka's "Error while executing topic command". */
export async function runTopicsCommand(options: TopicsOptions): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  try {
    await runAction(options, write);
    return 0;
  } catch (error) {
    if (!(error instanceof TopicCommandError)) throw error;
    write(`Error while executing topic command : ${error.message}\n`);
    return 1;
  }
}

async function runAction(options: TopicsOptions, write: (text: string) => void): Promise<void> {
  const needsTopic = options.action === 'create' || options.action === 'delete' || options.action === 'alter';
  if (needsTopic && options.topic === null) throw new TopicCommandError(`--topic is required for --${options.action}`);
  const admin = await TopicsAdmin.connect(options.bootstrapServer);
  try {
    switch (options.action) {
      case 'list': {
        const topics = await admin.describe(topicMatcher(options.topic), false);
        for (const topic of topics) write(`${topic.name}\n`);
        return;
      }
      case 'describe': {
        const topics = await admin.describe(topicMatcher(options.topic), !options.underReplicatedPartitions);
        if (topics.length === 0 && options.topic !== null && !options.ifExists) {
          throw new TopicCommandError(`Topic '${options.topic}' does not exist as expected`);
        }
        write(formatTopicDescriptions(topics, options));
        return;
      }
      case 'create':
        return await create(admin, options, write);
      case 'delete':
        return await remove(admin, options);
      case 'alter':
        return await alter(admin, options);
    }
  } finally {
    admin.close();
  }
}

async function create(admin: TopicsAdmin, options: TopicsOptions, write: (text: string) => void): Promise<void> {
  const name = options.topic!;
  const assignments = options.replicaAssignment === null ? [] : parseReplicaAssignment(options.replicaAssignment);
  if (assignments.length > 0 && (options.partitions !== null || options.replicationFactor !== null)) {
    throw new TopicCommandError(
      'Option "[replica-assignment]" can\'t be used with option "[partitions],[replication-factor]"',
    );
  }
  const result = await admin.create({
    name,
    numPartitions: assignments.length > 0 ? -1 : (options.partitions ?? -1),
    replicationFactor: assignments.length > 0 ? -1 : (options.replicationFactor ?? -1),
    assignments,
    configs: parseConfigs(options.configs),
  });
  if (result.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS && options.ifNotExists) return;
  if (result.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS) {
    throw new TopicCommandError(`Topic '${name}' already exists.`);
  }
  if (result.errorCode !== ErrorCode.NONE) throw failure(result.errorCode, result.errorMessage);
  write(`Created topic ${name}.\n`);
}

/** The topics --topic names; none is an error unless --if-exists. */
async function matchingTopics(admin: TopicsAdmin, options: TopicsOptions): Promise<TopicDescription[]> {
  const topics = await admin.describe(topicMatcher(options.topic), false);
  if (topics.length === 0 && !options.ifExists) {
    throw new TopicCommandError(`Topic '${options.topic}' does not exist as expected`);
  }
  return topics;
}

async function remove(admin: TopicsAdmin, options: TopicsOptions): Promise<void> {
  const topics = await matchingTopics(admin, options);
  if (topics.length === 0) return;
  for (const result of await admin.delete(topics.map((t) => t.name))) {
    if (result.errorCode !== ErrorCode.NONE) throw failure(result.errorCode, result.errorMessage);
  }
}

async function alter(admin: TopicsAdmin, options: TopicsOptions): Promise<void> {
  if (options.configs.length > 0) {
    throw new TopicCommandError('Option "[config]" can\'t be used with option "[alter]"; use kafka-configs');
  }
  if (options.partitions === null) throw new TopicCommandError('--partitions is required with --alter');
  const topics = await matchingTopics(admin, options);
  if (topics.length === 0) return;
  const assignments = options.replicaAssignment === null ? null : parseReplicaAssignment(options.replicaAssignment);
  const results = await admin.createPartitions(
    topics.map((t) => t.name),
    options.partitions,
    // Kafka's --replica-assignment with --alter lists all partitions; the request carries only the new ones.
    assignments === null ? null : assignments.slice(topics[0].partitions.length),
  );
  for (const result of results) {
    if (result.errorCode !== ErrorCode.NONE) throw failure(result.errorCode, result.errorMessage);
  }
}
