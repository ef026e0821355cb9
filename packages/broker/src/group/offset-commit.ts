/**
 * OffsetCommit (Kafka's GroupCoordinator.handleCommitOffsets): members commit with their generation; generation -1
 * "simple" commits are allowed only for groups without active members. A commit is acknowledged only after its
 * records are committed in `__consumer_offsets` (acks=all), so an acknowledged offset survives a coordinator loss.
 */
import { ErrorCode } from '@tributary/protocol';
import { offsetAppendError } from './append-errors.js';
import type { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './group-context.js';
import type { OffsetCommitRecord } from './group-records.js';
import type { PartitionResult } from './group-results.js';
import { validateMemberGeneration } from './sync-group.js';

export interface CommittedPartition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
}

export interface OffsetCommitRequestData {
  readonly groupId: string;
  /** -1 for a commit outside group management. */
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** v2-4 retention_time_ms; -1 = the broker's offsets.retention.ms. */
  readonly retentionTimeMs: number;
  readonly partitions: readonly CommittedPartition[];
}

type Respond = (results: PartitionResult[]) => void;

export const pendingKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

function allFailed(request: OffsetCommitRequestData, errorCode: number): PartitionResult[] {
  return request.partitions.map((p) => ({ topic: p.topic, partition: p.partition, errorCode }));
}

/** Kafka's validateOffsetCommit: members must be current; a memberless commit only into an Empty group. */
function validateCommit(group: ClassicGroup, request: OffsetCommitRequestData): number {
  if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (request.generationId >= 0 || request.memberId !== '' || request.groupInstanceId !== null) {
    const error = validateMemberGeneration(group, request.memberId, request.groupInstanceId, request.generationId);
    if (error !== ErrorCode.NONE) return error;
    // The member has the new generation but the assignment is not out yet: it must finish SyncGroup first.
    if (group.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }
  return group.is('Empty') ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
}

export function commitOffsets(
  ctx: GroupContext,
  group: ClassicGroup,
  request: OffsetCommitRequestData,
  respond: Respond,
) {
  const error = validateCommit(group, request);
  if (error !== ErrorCode.NONE) return respond(allFailed(request, error));
  const now = ctx.now();
  const member = group.members.get(request.memberId);
  if (member !== undefined) member.lastHeartbeatMs = now;
  const results = new Map<string, PartitionResult>();
  const records: OffsetCommitRecord[] = [];
  for (const p of request.partitions) {
    const metadata = p.metadata ?? '';
    if (Buffer.byteLength(metadata, 'utf8') > ctx.config.offsetMetadataMaxBytes) {
      results.set(pendingKey(p.topic, p.partition), {
        topic: p.topic,
        partition: p.partition,
        errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE,
      });
      continue;
    }
    records.push({
      kind: 'offset',
      groupId: group.groupId,
      topic: p.topic,
      partition: p.partition,
      offset: p.offset,
      leaderEpoch: p.leaderEpoch,
      metadata,
      commitTimestampMs: now,
      expireTimestampMs: request.retentionTimeMs >= 0 ? now + request.retentionTimeMs : -1,
    });
  }
  const answer = () => respond(request.partitions.map((p) => results.get(pendingKey(p.topic, p.partition))!));
  if (records.length === 0) return answer();
  for (const r of records) {
    const key = pendingKey(r.topic, r.partition);
    group.pendingOffsetCommits.set(key, (group.pendingOffsetCommits.get(key) ?? 0) + 1);
  }
  ctx.persist(group, records, (appendError) => {
    const errorCode = appendError === ErrorCode.NONE ? ErrorCode.NONE : offsetAppendError(appendError);
    for (const r of records) {
      const key = pendingKey(r.topic, r.partition);
      const count = (group.pendingOffsetCommits.get(key) ?? 1) - 1;
      if (count <= 0) group.pendingOffsetCommits.delete(key);
      else group.pendingOffsetCommits.set(key, count);
      if (errorCode === ErrorCode.NONE) group.putOffset(r);
      results.set(key, { topic: r.topic, partition: r.partition, errorCode });
    }
    answer();
  });
}
