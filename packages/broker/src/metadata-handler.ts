/**
 * Metadata (v0-12): brokers, controller id, cluster id and topics from the metadata image. Unknown topics are
 * auto-created through the controller when auto.create.topics.enable is on and the request allows it (always for
 * v0-3); like Kafka, a topic created by this request is answered LEADER_NOT_AVAILABLE and the client retries.
 */

import type { MetadataImage, TopicImage } from '@tributary/metadata';
import { isInternalTopic, validateTopicName } from '@tributary/metadata';
import { ErrorCode, type MetadataRequest, type MetadataResponse, ZERO_UUID } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';
import { advertisedControllerId } from './controller-id.js';

type TopicResponse = MetadataResponse['topics'][number];
type BrokerResponse = MetadataResponse['brokers'][number];

const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

/** Registered, unfenced brokers: the ones clients may connect to. */
export function liveBrokers(image: MetadataImage): BrokerResponse[] {
  return [...image.brokers.values()]
    .filter((b) => !b.fenced)
    .sort((a, b) => a.brokerId - b.brokerId)
    .map((b) => ({ nodeId: b.brokerId, host: b.host, port: b.port, rack: b.rack }));
}

function topicError(name: string | null, topicId: string, errorCode: number): TopicResponse {
  return {
    errorCode,
    name,
    topicId,
    isInternal: false,
    partitions: [],
    topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}

export function describeTopic(image: MetadataImage, topic: TopicImage): TopicResponse {
  const partitions = [...topic.partitions.values()]
    .sort((a, b) => a.partition - b.partition)
    .map((p) => ({
      errorCode: p.leader === -1 ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.NONE,
      partitionIndex: p.partition,
      leaderId: p.leader,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [...p.replicas],
      isrNodes: [...p.isr],
      offlineReplicas: p.replicas.filter((id) => {
        const broker = image.brokers.get(id);
        return broker === undefined || broker.fenced;
      }),
    }));
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.topicId,
    isInternal: isInternalTopic(topic.name),
    partitions,
    topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}

export async function handleMetadata(
  ctx: BrokerContext,
  request: MetadataRequest,
  apiVersion: number,
): Promise<MetadataResponse> {
  const image = ctx.controller.image();
  // v0: an empty list means all topics; v1+: null means all and an empty list means none.
  const allTopics = request.topics === null || (apiVersion === 0 && request.topics.length === 0);
  let topics: TopicResponse[];
  if (allTopics) {
    topics = [...image.topicsByName.values()].map((t) => describeTopic(image, t));
  } else {
    const allowAutoCreate = ctx.config.autoCreateTopicsEnable && (apiVersion < 4 || request.allowAutoTopicCreation);
    topics = await Promise.all(request.topics!.map((t) => resolveTopic(ctx, image, t, allowAutoCreate)));
  }
  return {
    throttleTimeMs: 0,
    brokers: liveBrokers(image),
    clusterId: image.clusterId,
    controllerId: advertisedControllerId(ctx.controller),
    topics,
    clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}

async function resolveTopic(
  ctx: BrokerContext,
  image: MetadataImage,
  requested: { topicId: string; name: string | null },
  allowAutoCreate: boolean,
): Promise<TopicResponse> {
  if (requested.name === null) {
    const byId = image.topicsById.get(requested.topicId);
    return byId ? describeTopic(image, byId) : topicError(null, requested.topicId, ErrorCode.UNKNOWN_TOPIC_ID);
  }
  const name = requested.name;
  const existing = image.topicsByName.get(name);
  if (existing !== undefined) return describeTopic(image, existing);
  if (validateTopicName(name) !== null) return topicError(name, ZERO_UUID, ErrorCode.INVALID_TOPIC_EXCEPTION);
  if (!allowAutoCreate) return topicError(name, ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const [result] = await ctx.controller.createTopics(
    [{ name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: {} }],
    { validateOnly: false },
  );
  if (result.errorCode === ErrorCode.NONE || result.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS) {
    ctx.logger.info({ topic: name }, 'auto-created topic');
    return topicError(name, result.topicId ?? ZERO_UUID, ErrorCode.LEADER_NOT_AVAILABLE);
  }
  return topicError(name, ZERO_UUID, result.errorCode);
}
