/**
 * DescribeQuorum (v0-2, KIP-595/KIP-836/KIP-853) on the broker port, as a KRaft broker forwards it to the controller
 * quorum: kafka-metadata-quorum.sh --bootstrap-server and `tributary metadata-quorum --bootstrap-server`. Only the
 * metadata partition __cluster_metadata-0 exists; any other gets UNKNOWN_TOPIC_OR_PARTITION (KafkaRaftClient's
 * check). Voters have no KIP-853 directory ids here (static voters), so replicaDirectoryId is the zero uuid; v2's
 * nodes carry each voter's controller endpoint under the CONTROLLER listener name.
 */
import type { ReplicaDescription } from '@tributary/controller';
import { type DescribeQuorumRequest, type DescribeQuorumResponse, ErrorCode, ZERO_UUID } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';

export const METADATA_TOPIC = '__cluster_metadata';
const CONTROLLER_LISTENER = 'CONTROLLER';

function replicaState(replica: ReplicaDescription) {
  return {
    replicaId: replica.replicaId,
    replicaDirectoryId: ZERO_UUID,
    logEndOffset: BigInt(replica.logEndOffset),
    lastFetchTimestamp: BigInt(replica.lastFetchTimestamp),
    lastCaughtUpTimestamp: BigInt(replica.lastCaughtUpTimestamp),
  };
}

function isMetadataPartition(request: DescribeQuorumRequest): boolean {
  const [topic] = request.topics;
  return (
    request.topics.length === 1 &&
    topic.topicName === METADATA_TOPIC &&
    topic.partitions.length === 1 &&
    topic.partitions[0].partitionIndex === 0
  );
}

/** Every asked partition answers `errorCode` (DescribeQuorumRequest.getPartitionLevelErrorResponse). */
export function describeQuorumError(
  request: DescribeQuorumRequest,
  errorCode: number,
  errorMessage: string | null,
): DescribeQuorumResponse {
  return {
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    topics: request.topics.map((t) => ({
      topicName: t.topicName,
      partitions: t.partitions.map((p) => ({
        partitionIndex: p.partitionIndex,
        errorCode,
        errorMessage,
        leaderId: -1,
        leaderEpoch: -1,
        highWatermark: -1n,
        currentVoters: [],
        observers: [],
      })),
    })),
    nodes: [],
  };
}

export async function handleDescribeQuorum(
  ctx: BrokerContext,
  request: DescribeQuorumRequest,
): Promise<DescribeQuorumResponse> {
  if (!isMetadataPartition(request)) {
    return describeQuorumError(request, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null);
  }
  const quorum = await ctx.controller.describeQuorum();
  const partition = {
    partitionIndex: 0,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    leaderId: quorum.leaderId,
    leaderEpoch: quorum.leaderEpoch,
    highWatermark: BigInt(quorum.highWatermark),
    currentVoters: quorum.currentVoters.map(replicaState),
    observers: quorum.observers.map(replicaState),
  };
  const nodes = quorum.currentVoters.flatMap((voter) =>
    voter.endpoint === null
      ? []
      : [{ nodeId: voter.replicaId, listeners: [{ name: CONTROLLER_LISTENER, ...voter.endpoint }] }],
  );
  return {
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    topics: [{ topicName: METADATA_TOPIC, partitions: [partition] }],
    nodes,
  };
}
