/**
 * LeaveGroup (Kafka's GroupCoordinator.handleLeaveGroup): v0-2 name one member by id, v3+ a batch of members by id
 * and/or group.instance.id (KIP-345). Each leaver is answered on its own; the group rebalances without them.
 */
import { ErrorCode } from '@tributary/protocol';
import type { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './group-context.js';
import type { LeaveGroupResult, LeaveMemberResult } from './group-results.js';
import { removeMemberAndUpdateGroup, tryCompleteJoin } from './rebalance.js';

export interface LeavingMember {
  /** Empty when a static member leaves by instance id only. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

export function leaveGroup(
  ctx: GroupContext,
  group: ClassicGroup,
  leaving: readonly LeavingMember[],
): LeaveGroupResult {
  if (group.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
  const members = leaving.map((m) => leaveOne(ctx, group, m));
  return { errorCode: ErrorCode.NONE, members };
}

function leaveOne(ctx: GroupContext, group: ClassicGroup, leaving: LeavingMember): LeaveMemberResult {
  const answer = (errorCode: number): LeaveMemberResult => ({ ...leaving, errorCode });
  if (leaving.groupInstanceId !== null) {
    const current = group.staticMembers.get(leaving.groupInstanceId);
    if (current === undefined) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
    if (leaving.memberId !== '' && leaving.memberId !== current) return answer(ErrorCode.FENCED_INSTANCE_ID);
    removeMemberAndUpdateGroup(ctx, group, group.members.get(current)!, 'LeaveGroup');
    return answer(ErrorCode.NONE);
  }
  if (group.pendingMembers.delete(leaving.memberId)) {
    tryCompleteJoin(ctx, group);
    return answer(ErrorCode.NONE);
  }
  const member = group.members.get(leaving.memberId);
  if (member === undefined) return answer(ErrorCode.UNKNOWN_MEMBER_ID);
  removeMemberAndUpdateGroup(ctx, group, member, 'LeaveGroup');
  return answer(ErrorCode.NONE);
}

/** The answer for a group this coordinator does not know: every leaver is unknown. */
export function leaveUnknownGroup(leaving: readonly LeavingMember[]): LeaveGroupResult {
  return { errorCode: ErrorCode.NONE, members: leaving.map((m) => ({ ...m, errorCode: ErrorCode.UNKNOWN_MEMBER_ID })) };
}
