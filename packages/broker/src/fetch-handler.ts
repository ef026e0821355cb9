/**
 * Fetch (v4-17; v13+ name topics by id). Reads whole batches from each requested partition up to its high watermark, bounded by the
 * partition's maxBytes and the request's maxBytes (but the first batch found is always returned, KIP-74, so a
 * batch larger than the limits cannot stall a consumer). If fewer than minBytes are available the request waits
 * up to maxWaitMs in the purgatory, woken when a requested partition's high watermark moves.
 * No incremental fetch sessions: every response carries sessionId 0, which tells clients to send full fetches.
 *
 * A fetch with a replica id >= 0 comes from a follower: it reads up to the log end offset (not the high watermark),
 * its fetch offset is recorded as the follower's log end offset (moving the high watermark and possibly expanding
 * the ISR), and it waits for new appends as well as high-watermark moves. Consumers of v11+ may read from a
 * follower up to its high watermark, and the leader may redirect them to a replica in their rack (KIP-392).
 */
import { ErrorCode, type FetchRequest, type FetchResponse } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';
import { awaitCondition } from './delayed-operation.js';
import { errorCodeOf } from './error-mapping.js';
import { leaderEpochError } from './leader-epoch-check.js';
import type { Partition } from './partition.js';
import { leaderEpochEndOffset } from './replication/epoch-end-offset.js';
import { consumerMayReadFromFollower, preferredReadReplica } from './replication/read-replica.js';

type PartitionData = FetchResponse['responses'][number]['partitions'][number];
type TopicResponse = FetchResponse['responses'][number];

const EMPTY_RECORDS = Buffer.alloc(0);
const READ_COMMITTED = 1;
/** From this version Fetch names topics by topic id only (KIP-516). */
const TOPIC_ID_FETCH_VERSION = 13;

interface FetchTarget {
  topic: string;
  topicId: string;
  partitionIndex: number;
  fetchOffset: bigint;
  partitionMaxBytes: number;
  currentLeaderEpoch: number;
  /** v12+: the epoch of the last batch the fetcher has (-1: none sent), checked for divergence (KIP-595/KIP-320). */
  lastFetchedEpoch: number;
  /** v5+: the fetching replica's log start offset (-1 from consumers and older versions). */
  logStartOffset: bigint;
  partition: Partition | undefined;
  errorCode: number;
  /** High watermark seen by the last read; a change wakes a waiting fetch. */
  seenHighWatermark: bigint;
  /** Log end offset seen by the last read; followers also wake on appends. */
  seenLogEndOffset: bigint;
  /** The partition's leader epoch when the request arrived. */
  leaderEpochAtStart: number;
  /** Whether this broker led the partition when the request arrived (else a KIP-392 follower read). */
  servedAsLeader: boolean;
  /** The consumer's rack for KIP-392 replica selection; '' when it gave none or may not read from followers. */
  clientRack: string;
}

/** The fetching replica's id: the body field up to v14, the ReplicaState tagged field from v15 (KIP-903). */
function replicaIdOf(request: FetchRequest, apiVersion: number): number {
  return apiVersion >= 15 ? (request.replicaState?.replicaId ?? -1) : request.replicaId;
}

export async function handleFetch(
  ctx: BrokerContext,
  request: FetchRequest,
  apiVersion: number,
): Promise<FetchResponse> {
  const replicaId = replicaIdOf(request, apiVersion);
  const fromFollower = replicaId >= 0;
  const targets = resolveTargets(ctx, request, apiVersion, replicaId);
  if (fromFollower) {
    for (const target of targets) {
      if (target.partition === undefined) continue;
      ctx.replicaManager.recordFollowerFetch(target.partition, replicaId, target.fetchOffset, target.logStartOffset);
    }
  }
  const maxBytes = Math.max(0, Math.min(request.maxBytes, ctx.config.fetchMaxBytes));
  const deadline = ctx.clock() + Math.max(0, request.maxWaitMs);
  const read = () => readAll(ctx, targets, maxBytes, request.isolationLevel, fromFollower);
  for (;;) {
    const { responses, bytes, anyError } = await read();
    const remainingMs = deadline - ctx.clock();
    if (bytes >= request.minBytes || anyError || remainingMs <= 0) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses, nodeEndpoints: [] };
    }
    const watched = targets.filter((t) => t.partition !== undefined);
    const keys = watched.map((t) => t.partition!.key);
    const moved = await awaitCondition(ctx.replicaManager.purgatory, keys, remainingMs, () =>
      watched.some(
        (t) =>
          t.partition!.highWatermark !== t.seenHighWatermark ||
          (fromFollower && t.partition!.log.logEndOffset !== t.seenLogEndOffset) ||
          roleChanged(t),
      ),
    );
    if (!moved) {
      // Timed out, or the purgatory is full or closed (shutdown): answer with what there is now. Never loop
      // without waiting, which would spin the event loop.
      const final = await read();
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.NONE,
        sessionId: 0,
        responses: final.responses,
        nodeEndpoints: [],
      };
    }
  }
}

function roleChanged(target: FetchTarget): boolean {
  const partition = target.partition!;
  return partition.isLeader !== target.servedAsLeader || partition.leaderEpoch !== target.leaderEpochAtStart;
}

function resolveTargets(
  ctx: BrokerContext,
  request: FetchRequest,
  apiVersion: number,
  replicaId: number,
): FetchTarget[] {
  const useTopicIds = apiVersion >= TOPIC_ID_FETCH_VERSION;
  const followerReadAllowed = consumerMayReadFromFollower(apiVersion, replicaId);
  const image = ctx.controller.image();
  const targets: FetchTarget[] = [];
  for (const topic of request.topics) {
    const topicImage = useTopicIds ? image.topicsById.get(topic.topicId) : image.topicsByName.get(topic.topic);
    for (const p of topic.partitions) {
      const partition = topicImage ? ctx.replicaManager.partition(topicImage.name, p.partition) : undefined;
      let errorCode: number = ErrorCode.NONE;
      if (topicImage === undefined && useTopicIds) {
        errorCode = ErrorCode.UNKNOWN_TOPIC_ID;
      } else if (topicImage === undefined || !topicImage.partitions.has(p.partition)) {
        errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      } else if (partition === undefined || (!partition.isLeader && !followerReadAllowed)) {
        errorCode = ErrorCode.NOT_LEADER_OR_FOLLOWER;
      } else {
        errorCode = leaderEpochError(p.currentLeaderEpoch, partition.leaderEpoch);
      }
      targets.push({
        topic: topicImage?.name ?? topic.topic,
        topicId: topicImage?.topicId ?? topic.topicId,
        partitionIndex: p.partition,
        fetchOffset: p.fetchOffset,
        partitionMaxBytes: Math.max(0, p.partitionMaxBytes),
        currentLeaderEpoch: p.currentLeaderEpoch,
        lastFetchedEpoch: p.lastFetchedEpoch ?? -1,
        logStartOffset: p.logStartOffset ?? -1n,
        partition: errorCode === ErrorCode.NONE ? partition : undefined,
        errorCode,
        seenHighWatermark: -1n,
        seenLogEndOffset: -1n,
        leaderEpochAtStart: partition?.leaderEpoch ?? -1,
        servedAsLeader: partition?.isLeader ?? false,
        clientRack: followerReadAllowed ? request.rackId : '',
      });
    }
  }
  return targets;
}

async function readAll(
  ctx: BrokerContext,
  targets: FetchTarget[],
  maxBytes: number,
  isolationLevel: number,
  fromFollower: boolean,
): Promise<{ responses: TopicResponse[]; bytes: number; anyError: boolean }> {
  const responses: TopicResponse[] = [];
  let bytes = 0;
  let anyError = false;
  for (const target of targets) {
    let topicResponse = responses[responses.length - 1];
    if (
      topicResponse === undefined ||
      topicResponse.topic !== target.topic ||
      topicResponse.topicId !== target.topicId
    ) {
      topicResponse = { topic: target.topic, topicId: target.topicId, partitions: [] };
      responses.push(topicResponse);
    }
    // KIP-74: until some bytes are returned the first batch comes whole even above the limits (the log always
    // returns at least one batch); after that a partition whose first batch does not fit returns nothing.
    const limit = Math.min(target.partitionMaxBytes, Math.max(0, maxBytes - bytes));
    const data = await readPartition(
      ctx,
      target,
      bytes === 0 ? Math.max(limit, 1) : limit,
      isolationLevel,
      fromFollower,
    );
    if (bytes > 0 && (data.records?.length ?? 0) > limit) data.records = EMPTY_RECORDS;
    // Errors and KIP-392 redirects are answered at once rather than after maxWaitMs.
    if (data.errorCode !== ErrorCode.NONE || data.preferredReadReplica >= 0) anyError = true;
    bytes += data.records?.length ?? 0;
    topicResponse.partitions.push(data);
  }
  return { responses, bytes, anyError };
}

function partitionData(index: number, errorCode: number, isolationLevel: number): PartitionData {
  return {
    partitionIndex: index,
    errorCode,
    highWatermark: -1n,
    lastStableOffset: -1n,
    logStartOffset: -1n,
    divergingEpoch: { epoch: -1, endOffset: -1n },
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
    snapshotId: { endOffset: -1n, epoch: -1 },
    abortedTransactions: isolationLevel === READ_COMMITTED ? [] : null,
    preferredReadReplica: -1,
    records: EMPTY_RECORDS,
  };
}

async function readPartition(
  ctx: BrokerContext,
  target: FetchTarget,
  maxBytes: number,
  isolationLevel: number,
  fromFollower: boolean,
): Promise<PartitionData> {
  const partition = target.partition;
  if (partition === undefined) return partitionData(target.partitionIndex, target.errorCode, isolationLevel);
  if (roleChanged(target)) {
    // Leadership moved while the fetch waited: the client must refresh its metadata.
    return partitionData(target.partitionIndex, ErrorCode.NOT_LEADER_OR_FOLLOWER, isolationLevel);
  }
  const highWatermark = partition.highWatermark;
  target.seenHighWatermark = highWatermark;
  const log = partition.log;
  target.seenLogEndOffset = log.logEndOffset;
  // Followers replicate everything the leader has; consumers see only what every ISR member has.
  const readLimit = fromFollower ? log.logEndOffset : highWatermark;
  const data = partitionData(target.partitionIndex, ErrorCode.NONE, isolationLevel);
  data.highWatermark = highWatermark;
  data.lastStableOffset = highWatermark;
  data.logStartOffset = log.logStartOffset;
  if (target.lastFetchedEpoch >= 0) {
    // The fetcher's log may have diverged from ours (it read from a deposed leader): tell it where its last epoch
    // ends here instead of returning records that would not line up (Kafka's Partition.readRecords).
    const end = leaderEpochEndOffset(
      log.leaderEpochCache,
      log.logEndOffset,
      partition.leaderEpoch,
      target.lastFetchedEpoch,
    );
    if (end.epoch < 0 || end.endOffset < 0n) {
      data.errorCode = ErrorCode.OFFSET_OUT_OF_RANGE;
      return data;
    }
    if (end.epoch < target.lastFetchedEpoch || end.endOffset < target.fetchOffset) {
      data.divergingEpoch = { epoch: end.epoch, endOffset: end.endOffset };
      return data;
    }
  }
  if (target.fetchOffset < log.logStartOffset || target.fetchOffset > log.logEndOffset) {
    data.errorCode = ErrorCode.OFFSET_OUT_OF_RANGE;
    return data;
  }
  const leader = partition.leaderState;
  if (leader !== null && target.clientRack !== '') {
    const image = ctx.controller.image();
    data.preferredReadReplica = preferredReadReplica(
      image,
      leader,
      target.clientRack,
      ctx.config.rack,
      target.fetchOffset,
    );
    if (data.preferredReadReplica >= 0) return data;
  }
  if (target.fetchOffset >= readLimit || maxBytes <= 0) return data;
  try {
    const read = await log.read(target.fetchOffset, maxBytes, readLimit);
    data.records = read.records;
  } catch (err) {
    data.errorCode = errorCodeOf(err);
    if (data.errorCode !== ErrorCode.OFFSET_OUT_OF_RANGE) {
      ctx.logger.warn({ err, topic: target.topic, partition: target.partitionIndex }, 'fetch read failed');
    }
  }
  return data;
}
