/**
 * OffsetCommit (v0-9), OffsetFetch (v0-9, v8+ batched groups) and OffsetDelete (v0). Partitions of topics the
 * metadata image does not know are answered UNKNOWN_TOPIC_OR_PARTITION before reaching the coordinator, as Kafka's
 * KafkaApis does.
 */
import type { MetadataImage } from '@tributary/metadata';
import {
  ErrorCode,
  type OffsetCommitRequest,
  type OffsetCommitResponse,
  type OffsetDeleteRequest,
  type OffsetDeleteResponse,
  type OffsetFetchRequest,
  type OffsetFetchResponse,
} from '@tributary/protocol';
import type { BrokerContext } from '../broker-context.js';
import type { FetchedOffset, OffsetFetchResult, PartitionResult } from './group-results.js';
import type { CommittedPartition } from './offset-commit.js';
import type { TopicPartitions } from './offset-fetch.js';

function partitionExists(image: MetadataImage, topic: string, partition: number): boolean {
  return image.topicsByName.get(topic)?.partitions.has(partition) ?? false;
}

/** Results grouped back into the request's topic order. */
function byTopic<T extends { topic: string }>(results: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const r of results) {
    const list = grouped.get(r.topic);
    if (list === undefined) grouped.set(r.topic, [r]);
    else list.push(r);
  }
  return grouped;
}

export async function handleOffsetCommit(
  ctx: BrokerContext,
  request: OffsetCommitRequest,
  apiVersion: number,
): Promise<OffsetCommitResponse> {
  const image = ctx.controller.image();
  const unknown: PartitionResult[] = [];
  const partitions: CommittedPartition[] = [];
  for (const t of request.topics) {
    for (const p of t.partitions) {
      if (!partitionExists(image, t.name, p.partitionIndex)) {
        unknown.push({ topic: t.name, partition: p.partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
        continue;
      }
      partitions.push({
        topic: t.name,
        partition: p.partitionIndex,
        offset: p.committedOffset,
        leaderEpoch: apiVersion >= 6 ? p.committedLeaderEpoch : -1,
        metadata: p.committedMetadata,
      });
    }
  }
  const committed =
    partitions.length === 0
      ? []
      : await ctx.groupCoordinator.commitOffsets({
          groupId: request.groupId,
          generationId: apiVersion >= 1 ? request.generationIdOrMemberEpoch : -1,
          memberId: apiVersion >= 1 ? request.memberId : '',
          groupInstanceId: apiVersion >= 7 ? request.groupInstanceId : null,
          retentionTimeMs: apiVersion >= 2 && apiVersion <= 4 ? Number(request.retentionTimeMs) : -1,
          partitions,
        });
  const results = new Map<string, PartitionResult>();
  for (const r of [...committed, ...unknown]) results.set(`${r.topic}\u0000${r.partition}`, r);
  return {
    throttleTimeMs: 0,
    topics: request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partitionIndex,
        errorCode: results.get(`${t.name}\u0000${p.partitionIndex}`)?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR,
      })),
    })),
  };
}

function fetchedTopics(result: OffsetFetchResult, legacyErrors: boolean) {
  const grouped = byTopic<FetchedOffset>(result.offsets);
  return [...grouped].map(([name, offsets]) => ({
    name,
    partitions: offsets.map((o) => ({
      partitionIndex: o.partition,
      committedOffset: o.offset,
      committedLeaderEpoch: o.leaderEpoch,
      metadata: o.metadata,
      // v0-1 have no top-level error: a group error is reported in every partition.
      errorCode: legacyErrors && result.errorCode !== ErrorCode.NONE ? result.errorCode : o.errorCode,
    })),
  }));
}

export async function handleOffsetFetch(
  ctx: BrokerContext,
  request: OffsetFetchRequest,
  apiVersion: number,
): Promise<OffsetFetchResponse> {
  const core = ctx.groupCoordinator.core;
  const requireStable = apiVersion >= 7 && request.requireStable;
  const toTopics = (topics: { name: string; partitionIndexes: number[] }[] | null): TopicPartitions[] | null =>
    topics === null ? null : topics.map((t) => ({ topic: t.name, partitions: t.partitionIndexes }));
  if (apiVersion >= 8) {
    return {
      throttleTimeMs: 0,
      topics: [],
      errorCode: ErrorCode.NONE,
      groups: request.groups.map((g) => {
        const result = core.fetchOffsets(g.groupId, toTopics(g.topics), requireStable);
        return { groupId: g.groupId, topics: fetchedTopics(result, false), errorCode: result.errorCode };
      }),
    };
  }
  const topics = toTopics(request.topics);
  const result = core.fetchOffsets(request.groupId, topics, requireStable);
  let legacy = result;
  if (apiVersion < 2 && result.errorCode !== ErrorCode.NONE && topics !== null) {
    // v0-1 carry a group error in each requested partition.
    legacy = {
      errorCode: result.errorCode,
      offsets: topics.flatMap((t) =>
        t.partitions.map((partition) => ({
          topic: t.topic,
          partition,
          offset: -1n,
          leaderEpoch: -1,
          metadata: '',
          errorCode: result.errorCode,
        })),
      ),
    };
  }
  return {
    throttleTimeMs: 0,
    topics: fetchedTopics(legacy, apiVersion < 2),
    errorCode: result.errorCode,
    groups: [],
  };
}

export async function handleOffsetDelete(
  ctx: BrokerContext,
  request: OffsetDeleteRequest,
): Promise<OffsetDeleteResponse> {
  const image = ctx.controller.image();
  const known: TopicPartitions[] = [];
  const unknown: PartitionResult[] = [];
  for (const t of request.topics) {
    const partitions: number[] = [];
    for (const p of t.partitions) {
      if (partitionExists(image, t.name, p.partitionIndex)) partitions.push(p.partitionIndex);
      else
        unknown.push({ topic: t.name, partition: p.partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
    }
    if (partitions.length > 0) known.push({ topic: t.name, partitions });
  }
  const result = await ctx.groupCoordinator.deleteOffsets(request.groupId, known);
  if (result.errorCode !== ErrorCode.NONE) return { errorCode: result.errorCode, throttleTimeMs: 0, topics: [] };
  const grouped = byTopic([...result.partitions, ...unknown]);
  return {
    errorCode: ErrorCode.NONE,
    throttleTimeMs: 0,
    topics: [...grouped].map(([name, partitions]) => ({
      name,
      partitions: partitions.map((p) => ({ partitionIndex: p.partition, errorCode: p.errorCode })),
    })),
  };
}
