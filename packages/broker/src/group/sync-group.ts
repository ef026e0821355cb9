/**
 * SyncGroup (Kafka's GroupCoordinator.handleSyncGroup): followers park until the leader sends the assignment; the
 * assignment is persisted with the group (acks=all) before anyone is answered and the group becomes Stable.
 */
import { ErrorCode } from '@tributary/protocol';
import { groupAppendError } from './append-errors.js';
import type { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './group-context.js';
import type { SyncGroupResult } from './group-results.js';
import { maybePrepareRebalance, propagateAssignmentError, syncError } from './rebalance.js';

export interface SyncGroupRequestData {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** v5+: checked against the group's when present. */
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignments: ReadonlyMap<string, Buffer>;
}

type Respond = (result: SyncGroupResult) => void;

/** The checks SyncGroup, Heartbeat and member OffsetCommits share (Kafka's validateCurrentMember + generation). */
export function validateMemberGeneration(
  group: ClassicGroup,
  memberId: string,
  groupInstanceId: string | null,
  generationId: number,
): number {
  if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  if (group.isStaticMemberFenced(groupInstanceId, memberId)) return ErrorCode.FENCED_INSTANCE_ID;
  if (!group.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  return ErrorCode.NONE;
}

export function syncGroup(ctx: GroupContext, group: ClassicGroup, request: SyncGroupRequestData, respond: Respond) {
  const error = validateMemberGeneration(group, request.memberId, request.groupInstanceId, request.generationId);
  if (error !== ErrorCode.NONE) return respond(syncError(error));
  if (
    (request.protocolType !== null && request.protocolType !== group.protocolType) ||
    (request.protocolName !== null && request.protocolName !== group.protocolName)
  ) {
    return respond(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
  }
  const member = group.members.get(request.memberId)!;
  switch (group.state) {
    case 'Empty':
      return respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    case 'PreparingRebalance':
      return respond(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
    case 'Stable':
      group.pendingSync.delete(member.memberId);
      member.lastHeartbeatMs = ctx.now();
      return respond(stableResult(group, member.assignment));
    default:
      break;
  }
  // CompletingRebalance
  group.pendingSync.delete(member.memberId);
  member.lastHeartbeatMs = ctx.now();
  member.awaitingSync?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
  member.awaitingSync = respond;
  if (!group.isLeader(member.memberId)) return;
  const generationId = group.generationId;
  const empty = Buffer.alloc(0);
  const assignments = new Map<string, Buffer>();
  for (const memberId of group.members.keys()) assignments.set(memberId, request.assignments.get(memberId) ?? empty);
  const record = group.toRecord(ctx.now());
  const persisted = {
    ...record,
    members: record.members.map((m) => ({ ...m, assignment: assignments.get(m.memberId)! })),
  };
  ctx.persist(group, [persisted], (errorCode) => {
    // Only the generation that asked may finish: a rebalance or a failover meanwhile supersedes it.
    if (!group.is('CompletingRebalance') || group.generationId !== generationId) return;
    if (errorCode !== ErrorCode.NONE) {
      propagateAssignmentError(group, groupAppendError(errorCode));
      maybePrepareRebalance(ctx, group, `storing the assignment failed with error ${errorCode}`);
      return;
    }
    group.transitionTo('Stable', ctx.now());
    ctx.log('group is stable', { groupId: group.groupId, generationId });
    for (const m of group.members.values()) {
      m.assignment = assignments.get(m.memberId) ?? empty;
      const parked = m.awaitingSync;
      m.awaitingSync = null;
      parked?.(stableResult(group, m.assignment));
    }
  });
}

function stableResult(group: ClassicGroup, assignment: Buffer): SyncGroupResult {
  return { errorCode: ErrorCode.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment };
}
