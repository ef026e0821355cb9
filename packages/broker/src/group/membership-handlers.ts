/**
 * JoinGroup (v0-9), SyncGroup (v0-5), Heartbeat (v0-4) and LeaveGroup (v0-5): wire requests onto the coordinator
 * core and its results back onto each version's response body.
 */
import {
  ErrorCode,
  type HeartbeatRequest,
  type HeartbeatResponse,
  type JoinGroupRequest,
  type JoinGroupResponse,
  type LeaveGroupRequest,
  type LeaveGroupResponse,
  type SyncGroupRequest,
  type SyncGroupResponse,
} from '@tributary/protocol';
import type { BrokerContext } from '../broker-context.js';
import type { RequestInfo } from './request-info.js';

export async function handleJoinGroup(
  ctx: BrokerContext,
  request: JoinGroupRequest,
  apiVersion: number,
  info: RequestInfo,
): Promise<JoinGroupResponse> {
  const groupInstanceId = apiVersion >= 5 ? request.groupInstanceId : null;
  const result = await ctx.groupCoordinator.joinGroup({
    groupId: request.groupId,
    memberId: request.memberId,
    groupInstanceId,
    clientId: info.clientId,
    clientHost: info.clientHost,
    sessionTimeoutMs: request.sessionTimeoutMs,
    // v0 has no rebalance timeout: Kafka uses the session timeout.
    rebalanceTimeoutMs: apiVersion === 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
    protocolType: request.protocolType,
    protocols: request.protocols,
    requireKnownMemberId: apiVersion >= 4 && groupInstanceId === null,
  });
  return {
    throttleTimeMs: 0,
    errorCode: result.errorCode,
    generationId: result.generationId,
    protocolType: result.protocolType,
    // Non-nullable before v7.
    protocolName: apiVersion >= 7 ? result.protocolName : (result.protocolName ?? ''),
    leader: result.leader,
    skipAssignment: apiVersion >= 9 && result.skipAssignment,
    memberId: result.memberId,
    members: result.members.map((m) => ({ ...m })),
  };
}

export async function handleSyncGroup(
  ctx: BrokerContext,
  request: SyncGroupRequest,
  apiVersion: number,
): Promise<SyncGroupResponse> {
  const result = await ctx.groupCoordinator.syncGroup({
    groupId: request.groupId,
    generationId: request.generationId,
    memberId: request.memberId,
    groupInstanceId: apiVersion >= 3 ? request.groupInstanceId : null,
    protocolType: apiVersion >= 5 ? request.protocolType : null,
    protocolName: apiVersion >= 5 ? request.protocolName : null,
    assignments: new Map(request.assignments.map((a) => [a.memberId, a.assignment])),
  });
  return {
    throttleTimeMs: 0,
    errorCode: result.errorCode,
    protocolType: result.protocolType,
    protocolName: result.protocolName,
    assignment: result.assignment,
  };
}

export async function handleHeartbeat(
  ctx: BrokerContext,
  request: HeartbeatRequest,
  apiVersion: number,
): Promise<HeartbeatResponse> {
  const errorCode = ctx.groupCoordinator.core.heartbeat({
    groupId: request.groupId,
    generationId: request.generationId,
    memberId: request.memberId,
    groupInstanceId: apiVersion >= 3 ? request.groupInstanceId : null,
  });
  return { throttleTimeMs: 0, errorCode };
}

export async function handleLeaveGroup(
  ctx: BrokerContext,
  request: LeaveGroupRequest,
  apiVersion: number,
): Promise<LeaveGroupResponse> {
  const batched = apiVersion >= 3;
  const leaving = batched
    ? request.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }))
    : [{ memberId: request.memberId, groupInstanceId: null }];
  const result = ctx.groupCoordinator.core.leaveGroup(request.groupId, leaving);
  // v0-2 name one member: its error is the response's error.
  const single = result.members[0]?.errorCode ?? ErrorCode.NONE;
  return {
    throttleTimeMs: 0,
    errorCode: result.errorCode !== ErrorCode.NONE || batched ? result.errorCode : single,
    members: result.members.map((m) => ({ ...m })),
  };
}
