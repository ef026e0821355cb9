/**
 * OffsetFetch and OffsetDelete for one group (Kafka's GroupMetadataManager.getOffsets / deleteOffsets).
 */
import { ErrorCode } from '@tributary/protocol';
import { offsetAppendError } from './append-errors.js';
import type { ClassicGroup } from './classic-group.js';
import { groupSubscribedTopics } from './consumer-subscription.js';
import type { GroupContext } from './group-context.js';
import type { OffsetTombstoneRecord } from './group-records.js';
import type { FetchedOffset, OffsetDeleteResult, OffsetFetchResult, PartitionResult } from './group-results.js';
import { pendingKey } from './offset-commit.js';

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

const NO_OFFSET = -1n;

function noOffset(topic: string, partition: number, errorCode: number): FetchedOffset {
  return { topic, partition, offset: NO_OFFSET, leaderEpoch: -1, metadata: '', errorCode };
}

/**
 * The committed offsets of `topics` (null = every committed partition). With `requireStable`, a partition with a
 * commit still being appended answers UNSTABLE_OFFSET_COMMIT (KIP-447) so the client retries.
 */
export function fetchOffsets(
  group: ClassicGroup | undefined,
  topics: readonly TopicPartitions[] | null,
  requireStable: boolean,
): OffsetFetchResult {
  if (topics === null) {
    const offsets: FetchedOffset[] = [];
    if (group !== undefined) {
      for (const byPartition of group.offsets.values()) {
        for (const r of byPartition.values()) offsets.push(fetched(group, r.topic, r.partition, requireStable));
      }
    }
    return { errorCode: ErrorCode.NONE, offsets };
  }
  const offsets = topics.flatMap((t) =>
    t.partitions.map((p) =>
      group === undefined ? noOffset(t.topic, p, ErrorCode.NONE) : fetched(group, t.topic, p, requireStable),
    ),
  );
  return { errorCode: ErrorCode.NONE, offsets };
}

function fetched(group: ClassicGroup, topic: string, partition: number, requireStable: boolean): FetchedOffset {
  if (requireStable && group.pendingOffsetCommits.has(pendingKey(topic, partition))) {
    return noOffset(topic, partition, ErrorCode.UNSTABLE_OFFSET_COMMIT);
  }
  const record = group.offset(topic, partition);
  if (record === undefined) return noOffset(topic, partition, ErrorCode.NONE);
  return {
    topic,
    partition,
    offset: record.offset,
    leaderEpoch: record.leaderEpoch,
    metadata: record.metadata,
    errorCode: ErrorCode.NONE,
  };
}

/**
 * OffsetDelete: an Empty group loses the offsets; a consumer group keeps those of topics it still subscribes to
 * (GROUP_SUBSCRIBED_TO_TOPIC); any other non-empty group refuses (NON_EMPTY_GROUP).
 */
export function deleteOffsets(
  ctx: GroupContext,
  group: ClassicGroup,
  topics: readonly TopicPartitions[],
  respond: (result: OffsetDeleteResult) => void,
) {
  if (group.is('Dead')) return respond({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, partitions: [] });
  let subscribed: Set<string> | null = null;
  if (!group.is('Empty')) {
    subscribed = groupSubscribedTopics(group);
    if (subscribed === null) return respond({ errorCode: ErrorCode.NON_EMPTY_GROUP, partitions: [] });
  }
  const results: PartitionResult[] = [];
  const tombstones: OffsetTombstoneRecord[] = [];
  for (const t of topics) {
    for (const partition of t.partitions) {
      if (subscribed?.has(t.topic)) {
        results.push({ topic: t.topic, partition, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC });
        continue;
      }
      results.push({ topic: t.topic, partition, errorCode: ErrorCode.NONE });
      if (group.offset(t.topic, partition) !== undefined) {
        tombstones.push({ kind: 'offset-tombstone', groupId: group.groupId, topic: t.topic, partition });
      }
    }
  }
  if (tombstones.length === 0) return respond({ errorCode: ErrorCode.NONE, partitions: results });
  ctx.persist(group, tombstones, (appendError) => {
    if (appendError !== ErrorCode.NONE) {
      const errorCode = offsetAppendError(appendError);
      return respond({ errorCode, partitions: [] });
    }
    for (const t of tombstones) group.deleteOffset(t.topic, t.partition);
    respond({ errorCode: ErrorCode.NONE, partitions: results });
  });
}
