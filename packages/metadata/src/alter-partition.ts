/**
 * AlterPartition (KIP-497 / KIP-631): the partition leader asks to change its ISR. Validation as Kafka's
 * ReplicationControlManager.alterPartition: the requester must be the registered leader with the current broker
 * epoch, leader and partition epochs must match, and the new ISR must contain the leader and only eligible replicas.
 */
import type { ControllerResult } from './controller-result.js';
import { MetadataErrorCode } from './error-codes.js';
import { isBrokerEligible, type MetadataImage, type PartitionState } from './image.js';
import { NO_LEADER_CHANGE, type PartitionChangeRecord } from './records.js';
import { mergePartitionChange } from './replay.js';

export interface AlterPartitionRequest {
  brokerId: number;
  brokerEpoch: bigint;
  topicId: string;
  partitionIndex: number;
  leaderEpoch: number;
  partitionEpoch: number;
  newIsr: number[];
  /** 0 = recovered; a leader elected uncleanly reports 0 once its log is consistent again. */
  leaderRecoveryState: 0 | 1;
}

export interface AlterPartitionResponse {
  errorCode: number;
  partitionIndex: number;
  leaderId: number;
  leaderEpoch: number;
  isr: number[];
  leaderRecoveryState: number;
  partitionEpoch: number;
}

function validate(image: MetadataImage, request: AlterPartitionRequest, state: PartitionState): number {
  if (state.leader !== request.brokerId) return MetadataErrorCode.NOT_LEADER_OR_FOLLOWER;
  if (request.leaderEpoch !== state.leaderEpoch) return MetadataErrorCode.FENCED_LEADER_EPOCH;
  if (request.partitionEpoch !== state.partitionEpoch) return MetadataErrorCode.INVALID_UPDATE_VERSION;
  const isr = request.newIsr;
  if (isr.length === 0 || !isr.includes(request.brokerId) || new Set(isr).size !== isr.length) {
    return MetadataErrorCode.INVALID_REQUEST;
  }
  if (!isr.every((id) => state.replicas.includes(id))) return MetadataErrorCode.INVALID_REQUEST;
  // A replica being added must be alive; members already in the ISR may stay while the leader shrinks it.
  if (!isr.every((id) => state.isr.includes(id) || isBrokerEligible(image, id)))
    return MetadataErrorCode.INELIGIBLE_REPLICA;
  if (request.leaderRecoveryState === 1 && state.leaderRecoveryState === 0) return MetadataErrorCode.INVALID_REQUEST;
  return MetadataErrorCode.NONE;
}

export function alterPartition(
  image: MetadataImage,
  request: AlterPartitionRequest,
): ControllerResult<AlterPartitionResponse> {
  const topic = image.topicsById.get(request.topicId);
  const state = topic?.partitions.get(request.partitionIndex);
  const respond = (errorCode: number, partition: PartitionState | undefined) => ({
    errorCode,
    partitionIndex: request.partitionIndex,
    leaderId: partition?.leader ?? -1,
    leaderEpoch: partition?.leaderEpoch ?? -1,
    isr: partition === undefined ? [] : [...partition.isr],
    leaderRecoveryState: partition?.leaderRecoveryState ?? -1,
    partitionEpoch: partition?.partitionEpoch ?? -1,
  });
  const broker = image.brokers.get(request.brokerId);
  if (broker === undefined || broker.epoch !== request.brokerEpoch) {
    return { records: [], response: respond(MetadataErrorCode.STALE_BROKER_EPOCH, undefined) };
  }
  if (topic === undefined) return { records: [], response: respond(MetadataErrorCode.UNKNOWN_TOPIC_ID, undefined) };
  if (state === undefined)
    return { records: [], response: respond(MetadataErrorCode.UNKNOWN_TOPIC_OR_PARTITION, undefined) };
  const errorCode = validate(image, request, state);
  if (errorCode !== MetadataErrorCode.NONE) return { records: [], response: respond(errorCode, undefined) };

  const isrChanged = request.newIsr.length !== state.isr.length || request.newIsr.some((id, i) => id !== state.isr[i]);
  const recoveryChanged = request.leaderRecoveryState !== state.leaderRecoveryState;
  if (!isrChanged && !recoveryChanged) return { records: [], response: respond(MetadataErrorCode.NONE, state) };
  const record: PartitionChangeRecord = {
    type: 'PartitionChange',
    partitionId: state.partition,
    topicId: topic.topicId,
    isr: isrChanged ? [...request.newIsr] : null,
    leader: NO_LEADER_CHANGE,
    replicas: null,
    leaderRecoveryState: recoveryChanged ? request.leaderRecoveryState : -1,
  };
  return { records: [record], response: respond(MetadataErrorCode.NONE, mergePartitionChange(state, record)) };
}
