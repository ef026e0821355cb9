/** Bootstrap for the perf tools: negotiate API versions, then find each partition's leader endpoint via Metadata. */
import { ApiKey, ErrorCode, errorName } from '@tributary/protocol';
import { KafkaConnection } from './kafka-connection.js';

export interface PartitionLeader {
  partition: number;
  leaderId: number;
  host: string;
  port: number;
}

export type ApiVersionRanges = ReadonlyMap<number, { minVersion: number; maxVersion: number }>;

export function parseHostPort(text: string): { host: string; port: number } {
  const match = /^(.+):(\d+)$/.exec(text.split(',')[0].trim());
  if (!match) throw new Error(`bootstrap server "${text}" is not HOST:PORT`);
  return { host: match[1], port: Number(match[2]) };
}

export async function apiVersions(connection: KafkaConnection): Promise<ApiVersionRanges> {
  // v0 is understood by every broker; it lists the version range of every API.
  const response = await connection.send(ApiKey.ApiVersions, 0, {});
  if (response.errorCode !== ErrorCode.NONE) throw new Error(`ApiVersions failed: ${errorName(response.errorCode)}`);
  return new Map(
    response.apiKeys.map((k: { apiKey: number; minVersion: number; maxVersion: number }) => [
      k.apiKey,
      { minVersion: k.minVersion, maxVersion: k.maxVersion },
    ]),
  );
}

/** The highest version both sides speak, capped at what this tool was written against. */
export function pickVersion(ranges: ApiVersionRanges, apiKey: number, minVersion: number, maxVersion: number): number {
  const range = ranges.get(apiKey);
  if (!range || range.maxVersion < minVersion || range.minVersion > maxVersion) {
    throw new Error(`broker does not support API ${apiKey} v${minVersion}-${maxVersion}`);
  }
  return Math.min(range.maxVersion, maxVersion);
}

const METADATA_RETRIES_MAX = 20;
const METADATA_RETRY_DELAY_MS = 250;

/** Partition leaders of `topic`, retrying while leaders are being elected (LEADER_NOT_AVAILABLE etc.). */
export async function topicLeaders(
  connection: KafkaConnection,
  ranges: ApiVersionRanges,
  topic: string,
  /** A producer asks the broker to create a missing topic (auto.create.topics.enable decides), as Kafka's does. */
  allowAutoTopicCreation = false,
): Promise<PartitionLeader[]> {
  // v4+ carries allowAutoTopicCreation; earlier versions always auto-create when the broker allows.
  const version = pickVersion(ranges, ApiKey.Metadata, allowAutoTopicCreation ? 1 : 4, 9);
  for (let attempt = 1; ; attempt++) {
    const response = await connection.send(ApiKey.Metadata, version, {
      topics: [{ name: topic }],
      allowAutoTopicCreation,
    });
    const brokers = new Map<number, { host: string; port: number }>(
      response.brokers.map((b: { nodeId: number; host: string; port: number }) => [b.nodeId, b]),
    );
    const topicMetadata = response.topics.find((t: { name: string }) => t.name === topic);
    const errorCode = topicMetadata?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    const partitions: { partitionIndex: number; leaderId: number; errorCode: number }[] =
      topicMetadata?.partitions ?? [];
    const ready =
      errorCode === ErrorCode.NONE &&
      partitions.length > 0 &&
      partitions.every((p) => p.errorCode === ErrorCode.NONE && brokers.has(p.leaderId));
    if (ready) {
      return partitions
        .map((p) => ({ partition: p.partitionIndex, leaderId: p.leaderId, ...brokers.get(p.leaderId)! }))
        .sort((a, b) => a.partition - b.partition);
    }
    if (attempt >= METADATA_RETRIES_MAX) {
      throw new Error(`topic ${topic} not available: ${errorName(errorCode)} (create it first)`);
    }
    await new Promise((resolve) => setTimeout(resolve, METADATA_RETRY_DELAY_MS));
  }
}

export interface TopicSession {
  ranges: ApiVersionRanges;
  /** One connection per partition leader, with the partitions it leads. */
  connections: { leaders: PartitionLeader[]; connection: KafkaConnection }[];
}

/** Bootstrap, negotiate versions, find leaders (the first `partitions` of them if given) and connect to each. */
export async function openTopicSession(
  bootstrapServer: string,
  topic: string,
  partitions: number | null,
  allowAutoTopicCreation = false,
): Promise<TopicSession> {
  const bootstrap = parseHostPort(bootstrapServer);
  const bootstrapConnection = await KafkaConnection.open(bootstrap.host, bootstrap.port);
  let ranges: ApiVersionRanges;
  let leaders: PartitionLeader[];
  try {
    ranges = await apiVersions(bootstrapConnection);
    leaders = await topicLeaders(bootstrapConnection, ranges, topic, allowAutoTopicCreation);
  } finally {
    bootstrapConnection.close();
  }
  if (partitions !== null) leaders = leaders.slice(0, partitions);
  const byLeader = new Map<number, PartitionLeader[]>();
  for (const leader of leaders) byLeader.set(leader.leaderId, [...(byLeader.get(leader.leaderId) ?? []), leader]);
  const connections = await Promise.all(
    [...byLeader.values()].map(async (owned) => ({
      leaders: owned,
      connection: await KafkaConnection.open(owned[0].host, owned[0].port),
    })),
  );
  return { ranges, connections };
}
