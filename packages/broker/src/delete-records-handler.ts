/**
 * DeleteRecords (v0-2; kafka-delete-records.sh, kafkajs admin.deleteTopicRecords) on the partition leader: moves the
 * log start offset to the requested offset (-1 = the high watermark) and answers the new low watermark. As Kafka's
 * Partition.deleteRecordsOnLeader: NOT_LEADER_OR_FOLLOWER off the leader, OFFSET_OUT_OF_RANGE below 0 or above the
 * high watermark, POLICY_VIOLATION on a topic whose cleanup.policy lacks "delete".
 *
 * Kafka parks the answer (DelayedDeleteRecords) until every live replica's log start reached the offset. Tributary
 * answers once the leader moved its own: followers move theirs from the log start offset in the next fetch response
 * (replica-fetcher.ts), and the leader does not track followers' log starts, so there is nothing to wait on here.
 */
import { topicConfigValue } from '@tributary/metadata';
import { type DeleteRecordsRequest, type DeleteRecordsResponse, ErrorCode } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';

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
  return partition.serialize(async () => {
    const target = offset === HIGH_WATERMARK ? partition.highWatermark : offset;
    if (target < 0n || target > partition.highWatermark) return failed(partitionIndex, ErrorCode.OFFSET_OUT_OF_RANGE);
    partition.log.deleteRecordsBefore(target);
    ctx.logger.info(
      { topic: topicName, partition: partitionIndex, logStartOffset: partition.log.logStartOffset.toString() },
      'deleted records',
    );
    return { partitionIndex, lowWatermark: partition.log.logStartOffset, errorCode: ErrorCode.NONE };
  });
}

export async function handleDeleteRecords(
  ctx: BrokerContext,
  request: DeleteRecordsRequest,
): Promise<DeleteRecordsResponse> {
  const topics = await Promise.all(
    request.topics.map(async (t) => ({
      name: t.name,
      partitions: await Promise.all(t.partitions.map((p) => deleteOne(ctx, t.name, p.partitionIndex, p.offset))),
    })),
  );
  return { throttleTimeMs: 0, topics };
}
