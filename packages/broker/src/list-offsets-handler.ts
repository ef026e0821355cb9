/**
 * ListOffsets (v1-9): earliest (-2), latest (-1, the high watermark, which is also the last stable offset here),
 * max timestamp (-3, v7+), earliest local (-4) and latest tiered (-5, no tiered storage: not found), or the first
 * offset whose timestamp is >= the given one. Offsets at or above the high watermark are never revealed.
 */
import { decodeRecords, ErrorCode, type ListOffsetsRequest, type ListOffsetsResponse } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';
import { errorCodeOf } from './error-mapping.js';
import { leaderEpochError } from './leader-epoch-check.js';
import type { Partition } from './partition.js';

type PartitionResponse = ListOffsetsResponse['topics'][number]['partitions'][number];

export const LATEST_TIMESTAMP = -1n;
export const EARLIEST_TIMESTAMP = -2n;
export const MAX_TIMESTAMP = -3n;
export const EARLIEST_LOCAL_TIMESTAMP = -4n;
export const LATEST_TIERED_TIMESTAMP = -5n;

function result(
  partitionIndex: number,
  errorCode: number,
  offset = -1n,
  timestamp = -1n,
  leaderEpoch = -1,
): PartitionResponse {
  return { partitionIndex, errorCode, oldStyleOffsets: [], timestamp, offset, leaderEpoch };
}

export async function handleListOffsets(ctx: BrokerContext, request: ListOffsetsRequest): Promise<ListOffsetsResponse> {
  const image = ctx.controller.image();
  const topics = await Promise.all(
    request.topics.map(async (topic) => ({
      name: topic.name,
      partitions: await Promise.all(
        topic.partitions.map(async (p) => {
          const topicImage = image.topicsByName.get(topic.name);
          if (topicImage === undefined || !topicImage.partitions.has(p.partitionIndex)) {
            return result(p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          }
          const partition = ctx.replicaManager.partition(topic.name, p.partitionIndex);
          if (partition === undefined || !partition.isLeader) {
            return result(p.partitionIndex, ErrorCode.NOT_LEADER_OR_FOLLOWER);
          }
          const epochError = leaderEpochError(p.currentLeaderEpoch, partition.leaderEpoch);
          if (epochError !== ErrorCode.NONE) return result(p.partitionIndex, epochError);
          try {
            return await lookup(partition, p.partitionIndex, p.timestamp);
          } catch (err) {
            ctx.logger.warn({ err, topic: topic.name, partition: p.partitionIndex }, 'list offsets failed');
            return result(p.partitionIndex, errorCodeOf(err));
          }
        }),
      ),
    })),
  );
  return { throttleTimeMs: 0, topics };
}

async function lookup(partition: Partition, index: number, timestamp: bigint): Promise<PartitionResponse> {
  const log = partition.log;
  const epoch = partition.leaderEpoch;
  switch (timestamp) {
    case EARLIEST_TIMESTAMP:
    case EARLIEST_LOCAL_TIMESTAMP:
      return result(index, ErrorCode.NONE, log.logStartOffset, -1n, epoch);
    case LATEST_TIMESTAMP:
      return result(index, ErrorCode.NONE, partition.highWatermark, -1n, epoch);
    case LATEST_TIERED_TIMESTAMP:
      return result(index, ErrorCode.NONE, -1n, -1n, -1);
  }
  if (timestamp < 0n && timestamp !== MAX_TIMESTAMP) return result(index, ErrorCode.INVALID_REQUEST);
  // The log answers -3 (KIP-734) from its time indexes with the exact record offset.
  const found = log.offsetForTimestamp(timestamp);
  if (found === null || found === undefined || found.offset >= partition.highWatermark) {
    return result(index, ErrorCode.NONE, -1n, -1n, -1);
  }
  const exact = await exactRecord(partition, found, timestamp);
  return result(index, ErrorCode.NONE, exact.offset, exact.timestamp, partition.leaderEpoch);
}

/**
 * The log decodes uncompressed and gzip batches record by record, but answers a snappy, lz4 or zstd batch as a whole
 * (its base offset and max timestamp): it has no decoder for them. Kafka answers with the exact record - the first
 * at or after the found offset whose timestamp is >= the target, or, for -3, the first carrying the max timestamp -
 * so that batch is decoded here with protocol's codecs (franz-go compresses with snappy by default, and its
 * ListOffsetsAfterMilli got the batch's first offset with the batch's max timestamp).
 */
async function exactRecord(
  partition: Partition,
  found: { offset: bigint; timestamp: bigint },
  target: bigint,
): Promise<{ offset: bigint; timestamp: bigint }> {
  // maxBytes 1: exactly the one batch holding found.offset (a read returns at least one whole batch, KIP-74).
  const read = partition.log.read(found.offset, 1, partition.highWatermark);
  if (read.batchCount === 0) return found;
  const wanted = (t: bigint) => (target === MAX_TIMESTAMP ? t === found.timestamp : t >= target);
  const record = (await decodeRecords(read.records)).find((r) => r.offset >= found.offset && wanted(r.timestamp));
  return record === undefined ? found : { offset: record.offset, timestamp: record.timestamp };
}
