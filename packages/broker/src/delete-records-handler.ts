/**
 * DeleteRecords (v0-2; kafka-delete-records.sh, kafkajs admin.deleteTopicRecords) on the partition leader: moves the
 * log start offset to the requested offset (-1 = the high watermark) and answers the new low watermark. As Kafka's
 * Partition.deleteRecordsOnLeader: NOT_LEADER_OR_FOLLOWER off the leader, OFFSET_OUT_OF_RANGE below 0 or above the
 * high watermark, POLICY_VIOLATION on a topic whose cleanup.policy lacks "delete".
 *
 * Like Kafka's DelayedDeleteRecords, the answer waits (up to the request's timeoutMs, REQUEST_TIMED_OUT after)
 * until the low watermark — the smallest log start offset over the leader and the followers on live brokers, which
 * report theirs in every fetch (v5+) after following the leader's from the previous fetch answer — has reached the
 * offset; losing the leadership meanwhile answers NOT_LEADER_OR_FOLLOWER.
 */
import { isBrokerEligible, topicConfigValue } from '@tributary/metadata';
import { type DeleteRecordsRequest, type DeleteRecordsResponse, ErrorCode } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';
import { awaitCondition } from './delayed-operation.js';

type PartitionResult = DeleteRecordsResponse['topics'][number]['partitions'][number];

/** DeleteRecordsRequest.HIGH_WATERMARK: delete everything below the high watermark. */
const HIGH_WATERMARK = -1n;

const failed = (partitionIndex: number, errorCode: number): PartitionResult => ({
  partitionIndex,
  lowWatermark: -1n,
  errorCode,
});

async function deleteOne(
  ctx: BrokerContext,
  topicName: string,
  partitionIndex: number,
  offset: bigint,
  timeoutMs: number,
): Promise<PartitionResult> {
  const image = ctx.controller.image();
  const topic = image.topicsByName.get(topicName);
  if (topic === undefined || !topic.partitions.has(partitionIndex)) {
    return failed(partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  }
  const partition = ctx.replicaManager.partition(topicName, partitionIndex);
  if (partition === undefined || !partition.isLeader) return failed(partitionIndex, ErrorCode.NOT_LEADER_OR_FOLLOWER);
  const policy = (topicConfigValue(image, topic, 'cleanup.policy') ?? 'delete').split(',').map((p) => p.trim());
  if (!policy.includes('delete')) return failed(partitionIndex, ErrorCode.POLICY_VIOLATION);
  // After earlier appends of this partition, so the high watermark checked is the one the offset was chosen from.
  const deleted = await partition.serialize(async () => {
    const target = offset === HIGH_WATERMARK ? partition.highWatermark : offset;
    if (target < 0n || target > partition.highWatermark) return null;
    partition.log.deleteRecordsBefore(target);
    ctx.logger.info(
      { topic: topicName, partition: partitionIndex, logStartOffset: partition.log.logStartOffset.toString() },
      'deleted records',
    );
    return { target, leaderEpoch: partition.leaderEpoch };
  });
  if (deleted === null) return failed(partitionIndex, ErrorCode.OFFSET_OUT_OF_RANGE);
  // Followers learn the new log start from their next fetch answer and report theirs in the fetch after; both
  // notify the partition's waiters.
  ctx.replicaManager.onPartitionChanged(partition);
  const leadershipLost = () => !partition.isLeader || partition.leaderEpoch !== deleted.leaderEpoch;
  const lowWatermark = () => partition.lowWatermark((id) => isBrokerEligible(ctx.controller.image(), id));
  const reached = await awaitCondition(
    ctx.replicaManager.purgatory,
    [partition.key],
    Math.max(0, Math.min(timeoutMs, ctx.config.requestTimeoutMs)),
    () => leadershipLost() || lowWatermark() >= deleted.target,
  );
  if (leadershipLost()) return failed(partitionIndex, ErrorCode.NOT_LEADER_OR_FOLLOWER);
  if (!reached) return failed(partitionIndex, ErrorCode.REQUEST_TIMED_OUT);
  return { partitionIndex, lowWatermark: lowWatermark(), errorCode: ErrorCode.NONE };
}

export async function handleDeleteRecords(
  ctx: BrokerContext,
  request: DeleteRecordsRequest,
): Promise<DeleteRecordsResponse> {
  const topics = await Promise.all(
    request.topics.map(async (t) => ({
      name: t.name,
      partitions: await Promise.all(
        t.partitions.map((p) => deleteOne(ctx, t.name, p.partitionIndex, p.offset, request.timeoutMs)),
      ),
    })),
  );
  return { throttleTimeMs: 0, topics };
}
