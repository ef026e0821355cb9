/**
 * Produce (v3-11 implemented; v0-2 advertised for librdkafka but answered UNSUPPORTED_VERSION, as Kafka 4 does).
 * Per partition: validate the batch header and CRC, check idempotent-producer sequencing, stamp LogAppendTime when
 * the topic asks for it, append with offsets assigned by the log, and for acks=all wait for the high watermark.
 * The records stay bytes throughout: no per-record work on this path.
 */
import {
  ErrorCode,
  type ProduceRequest,
  type ProduceResponse,
  setMaxTimestampAndType,
  TimestampType,
} from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';
import { awaitCommit, insufficientIsrMessage } from './commit-wait.js';
import { errorCodeOf } from './error-mapping.js';
import type { Partition } from './partition.js';
import { validateProduceRecords } from './produce-validation.js';
import { recordRulesFromTopicConfigs, validateRecords } from './record-validation.js';

type PartitionResponse = ProduceResponse['responses'][number]['partitionResponses'][number];

const NO_LEADER = { leaderId: -1, leaderEpoch: -1 };

export function partitionError(index: number, errorCode: number, errorMessage: string | null): PartitionResponse {
  return {
    index,
    errorCode,
    baseOffset: -1n,
    logAppendTimeMs: -1n,
    logStartOffset: -1n,
    recordErrors: [],
    errorMessage,
    currentLeader: NO_LEADER,
  };
}

/** Result of a Produce request: the response body, or null for acks=0 (and whether any partition failed). */
export interface ProduceOutcome {
  response: ProduceResponse;
  anyError: boolean;
}

export async function handleProduce(
  ctx: BrokerContext,
  request: ProduceRequest,
  apiVersion: number,
): Promise<ProduceOutcome> {
  const acks = request.acks;
  const results = await Promise.all(
    request.topicData.map(async (topic) => ({
      name: topic.name,
      partitionResponses: await Promise.all(
        topic.partitionData.map((p) => {
          if (apiVersion < 3) {
            return partitionError(p.index, ErrorCode.UNSUPPORTED_VERSION, 'Produce versions 0-2 are not supported');
          }
          if (acks !== 0 && acks !== 1 && acks !== -1) {
            return partitionError(p.index, ErrorCode.INVALID_REQUIRED_ACKS, `acks must be 0, 1 or -1, got ${acks}`);
          }
          if (request.transactionalId !== null) {
            return partitionError(
              p.index,
              ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
              'transactions are not supported',
            );
          }
          return producePartition(ctx, topic.name, p.index, p.records, apiVersion, acks, request.timeoutMs);
        }),
      ),
    })),
  );
  const anyError = results.some((t) => t.partitionResponses.some((p) => p.errorCode !== ErrorCode.NONE));
  return { response: { responses: results, throttleTimeMs: 0, nodeEndpoints: [] }, anyError };
}

async function producePartition(
  ctx: BrokerContext,
  topicName: string,
  index: number,
  records: Buffer | null,
  apiVersion: number,
  acks: number,
  timeoutMs: number,
): Promise<PartitionResponse> {
  const image = ctx.controller.image();
  const topic = image.topicsByName.get(topicName);
  if (topic === undefined || !topic.partitions.has(index)) {
    return partitionError(index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null);
  }
  const partition = ctx.replicaManager.partition(topicName, index);
  if (partition === undefined || !partition.isLeader) {
    return partitionError(index, ErrorCode.NOT_LEADER_OR_FOLLOWER, null);
  }
  const maxMessageBytes = Number(topic.configs.get('max.message.bytes') ?? ctx.config.messageMaxBytes);
  const validation = validateProduceRecords(records, apiVersion, maxMessageBytes);
  if (!validation.ok) return partitionError(index, validation.errorCode, validation.message);
  const minInsync = Number(topic.configs.get('min.insync.replicas') ?? ctx.config.minInsyncReplicas);
  if (acks === -1 && partition.isr.length < minInsync) {
    return partitionError(
      index,
      ErrorCode.NOT_ENOUGH_REPLICAS,
      insufficientIsrMessage(partition.isr.length, minInsync),
    );
  }
  const rules = recordRulesFromTopicConfigs(topic.configs);
  const recordCheck = await validateRecords(records!, validation.header, rules, ctx.clock(), `${topicName}-${index}`);
  if (!recordCheck.ok) {
    return {
      ...partitionError(index, recordCheck.errorCode, recordCheck.message),
      recordErrors: recordCheck.recordErrors,
    };
  }
  const logAppendTime = rules.logAppendTime;
  const header = validation.header;
  let result: PartitionResponse;
  /** Offset the high watermark must reach for acks=all (last offset of the appended batch + 1). */
  let requiredOffset = -1n;
  const leaderEpoch = partition.leaderEpoch;
  try {
    result = await partition.serialize(async () => {
      if (header.producerId >= 0n) {
        const check = partition.producerState.check(header);
        if (check.kind === 'error') return partitionError(index, check.errorCode, check.message);
        if (check.kind === 'duplicate') {
          requiredOffset = check.batch.lastOffset + 1n;
          return {
            ...partitionError(index, ErrorCode.NONE, null),
            baseOffset: check.batch.baseOffset,
            logAppendTimeMs: logAppendTime ? check.batch.maxTimestampMs : -1n,
            logStartOffset: partition.log.logStartOffset,
          };
        }
      }
      const nowMs = ctx.clock();
      // LogAppendTime topics: the broker's clock becomes the batch's maxTimestamp (DefaultRecordBatch.setMaxTimestamp).
      if (logAppendTime) setMaxTimestampAndType(records!, 0, TimestampType.LogAppendTime, BigInt(nowMs));
      if (!partition.isLeader || partition.leaderEpoch !== leaderEpoch) {
        return partitionError(index, ErrorCode.NOT_LEADER_OR_FOLLOWER, null);
      }
      const appended = partition.log.append(records!, { assignOffsets: true, leaderEpoch });
      requiredOffset = appended.lastOffset + 1n;
      if (header.producerId >= 0n) {
        const maxTimestamp = logAppendTime ? BigInt(nowMs) : header.maxTimestamp;
        partition.producerState.update(header, appended.baseOffset, maxTimestamp, nowMs);
      }
      // Always wake: followers long-polling for new data wait on appends, not only on high-watermark moves.
      partition.advanceHighWatermark();
      ctx.replicaManager.onPartitionChanged(partition);
      return {
        ...partitionError(index, ErrorCode.NONE, null),
        baseOffset: appended.baseOffset,
        logAppendTimeMs: logAppendTime ? BigInt(nowMs) : -1n,
        logStartOffset: partition.log.logStartOffset,
      };
    });
  } catch (err) {
    const errorCode = errorCodeOf(err);
    ctx.logger.warn({ err, topic: topicName, partition: index }, 'produce append failed');
    return partitionError(index, errorCode, (err as Error).message ?? null);
  }
  if (acks === -1 && result.errorCode === ErrorCode.NONE) {
    return awaitReplication(ctx, partition, result, { requiredOffset, leaderEpoch, minInsync, timeoutMs });
  }
  return result;
}

/** acks=all: the client's answer once the append is committed (commit-wait.ts), bounded by request.timeout.ms. */
async function awaitReplication(
  ctx: BrokerContext,
  partition: Partition,
  result: PartitionResponse,
  wait: { requiredOffset: bigint; leaderEpoch: number; minInsync: number; timeoutMs: number },
): Promise<PartitionResponse> {
  const committed = await awaitCommit(ctx.replicaManager.purgatory, partition, {
    requiredOffset: wait.requiredOffset,
    leaderEpoch: wait.leaderEpoch,
    minInsyncReplicas: wait.minInsync,
    timeoutMs: Math.min(Math.max(wait.timeoutMs, 0), ctx.config.requestTimeoutMs),
  });
  if (committed.errorCode !== ErrorCode.NONE) {
    return partitionError(result.index, committed.errorCode, committed.errorMessage);
  }
  return result;
}
