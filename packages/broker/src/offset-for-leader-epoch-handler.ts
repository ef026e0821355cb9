/**
 * OffsetForLeaderEpoch (v2-4; KIP-101, KIP-279): where a given leader epoch ends in this leader's log, from its
 * leader-epoch cache. Followers ask it before fetching from a new leader to find the point where their logs
 * diverge; consumers (replicaId -1) use it to detect truncation after a leader change (KIP-320).
 */
import { ErrorCode, type OffsetForLeaderEpochRequest, type OffsetForLeaderEpochResponse } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';
import { leaderEpochError } from './leader-epoch-check.js';
import type { Partition } from './partition.js';
import { leaderEpochEndOffset } from './replication/epoch-end-offset.js';

type EpochEndOffset = OffsetForLeaderEpochResponse['topics'][number]['partitions'][number];

const UNDEFINED = { leaderEpoch: -1, endOffset: -1n };

export async function handleOffsetForLeaderEpoch(
  ctx: BrokerContext,
  request: OffsetForLeaderEpochRequest,
): Promise<OffsetForLeaderEpochResponse> {
  const image = ctx.controller.image();
  return {
    throttleTimeMs: 0,
    topics: request.topics.map((topic) => ({
      topic: topic.topic,
      partitions: topic.partitions.map((p): EpochEndOffset => {
        const reply = (errorCode: number) => ({ errorCode, partition: p.partition, ...UNDEFINED });
        if (!image.topicsByName.get(topic.topic)?.partitions.has(p.partition)) {
          return reply(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        const partition = ctx.replicaManager.partition(topic.topic, p.partition);
        if (partition === undefined || !partition.isLeader) return reply(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        const epochError = leaderEpochError(p.currentLeaderEpoch, partition.leaderEpoch);
        if (epochError !== ErrorCode.NONE) return reply(epochError);
        return { errorCode: ErrorCode.NONE, partition: p.partition, ...epochEndOffset(partition, p.leaderEpoch) };
      }),
    })),
  };
}

function epochEndOffset(partition: Partition, requestedEpoch: number): { leaderEpoch: number; endOffset: bigint } {
  const log = partition.log;
  const found = leaderEpochEndOffset(log.leaderEpochCache, log.logEndOffset, partition.leaderEpoch, requestedEpoch);
  return { leaderEpoch: found.epoch, endOffset: found.endOffset };
}
