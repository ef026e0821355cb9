/** Heartbeat (Kafka's GroupCoordinator.handleHeartbeat): keeps a member's session alive and tells it to rejoin. */
import { ErrorCode } from '@tributary/protocol';
import type { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './group-context.js';
import { validateMemberGeneration } from './sync-group.js';

export interface HeartbeatRequestData {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

export function heartbeat(ctx: GroupContext, group: ClassicGroup, request: HeartbeatRequestData): number {
  if (group.is('Empty')) return ErrorCode.UNKNOWN_MEMBER_ID;
  const error = validateMemberGeneration(group, request.memberId, request.groupInstanceId, request.generationId);
  if (error !== ErrorCode.NONE) return error;
  group.members.get(request.memberId)!.lastHeartbeatMs = ctx.now();
  // The member must rejoin: its JoinGroup (not its heartbeat) is what the rebalance waits for.
  return group.is('PreparingRebalance') ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
}
