/** FindCoordinator (v0-6), DescribeGroups (v0-5), ListGroups (v0-5) and DeleteGroups (v0-2). */
import {
  type DeleteGroupsRequest,
  type DeleteGroupsResponse,
  type DescribeGroupsRequest,
  type DescribeGroupsResponse,
  ErrorCode,
  type FindCoordinatorRequest,
  type FindCoordinatorResponse,
  type ListGroupsRequest,
  type ListGroupsResponse,
} from '@tributary/protocol';
import type { BrokerContext } from '../broker-context.js';
import type { CoordinatorLocation } from './group-coordinator.js';

const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;
/** FindCoordinator key types (Kafka's CoordinatorType). */
const KEY_TYPE_GROUP = 0;
const KEY_TYPE_TRANSACTION = 1;
/** Every classic group has this type in ListGroups v5 (KIP-848 names the protocol families). */
const CLASSIC_GROUP_TYPE = 'classic';
/** A batched FindCoordinator (v4+) may name this many keys; more is an invalid request, not unbounded work. */
export const FIND_COORDINATOR_KEYS_MAX = 10_000;

async function locate(ctx: BrokerContext, key: string, keyType: number): Promise<CoordinatorLocation> {
  const failed = (errorCode: number, errorMessage: string): CoordinatorLocation => ({
    errorCode,
    errorMessage,
    nodeId: -1,
    host: '',
    port: -1,
  });
  if (keyType === KEY_TYPE_TRANSACTION) {
    return failed(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'transactions are not supported by this cluster');
  }
  if (keyType !== KEY_TYPE_GROUP) return failed(ErrorCode.INVALID_REQUEST, `unknown coordinator key type ${keyType}`);
  if (key === '') return failed(ErrorCode.INVALID_REQUEST, 'the group id is empty');
  return ctx.groupCoordinator.findGroupCoordinator(key);
}

export async function handleFindCoordinator(
  ctx: BrokerContext,
  request: FindCoordinatorRequest,
  apiVersion: number,
): Promise<FindCoordinatorResponse> {
  const keyType = apiVersion >= 1 ? request.keyType : KEY_TYPE_GROUP;
  if (apiVersion < 4) {
    const found = await locate(ctx, request.key, keyType);
    return { throttleTimeMs: 0, ...found, coordinators: [] };
  }
  const keys = request.coordinatorKeys.slice(0, FIND_COORDINATOR_KEYS_MAX);
  const coordinators = await Promise.all(keys.map(async (key) => ({ key, ...(await locate(ctx, key, keyType)) })));
  for (const key of request.coordinatorKeys.slice(FIND_COORDINATOR_KEYS_MAX)) {
    coordinators.push({
      key,
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: 'too many keys',
      nodeId: -1,
      host: '',
      port: -1,
    });
  }
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    nodeId: -1,
    host: '',
    port: -1,
    coordinators,
  };
}

export async function handleDescribeGroups(
  ctx: BrokerContext,
  request: DescribeGroupsRequest,
): Promise<DescribeGroupsResponse> {
  return {
    throttleTimeMs: 0,
    groups: request.groups.map((groupId) => {
      const g = ctx.groupCoordinator.core.describeGroup(groupId);
      return {
        errorCode: g.errorCode,
        groupId: g.groupId,
        groupState: g.state,
        protocolType: g.protocolType,
        protocolData: g.protocolName,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          memberMetadata: m.metadata,
          memberAssignment: m.assignment,
        })),
        authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
      };
    }),
  };
}

export async function handleListGroups(
  ctx: BrokerContext,
  request: ListGroupsRequest,
  apiVersion: number,
): Promise<ListGroupsResponse> {
  const statesFilter = apiVersion >= 4 ? request.statesFilter : [];
  const typesFilter = apiVersion >= 5 ? request.typesFilter.map((t) => t.toLowerCase()) : [];
  const coordinator = ctx.groupCoordinator;
  const result = coordinator.core.listGroups(statesFilter, coordinator.loadingPartitionCount());
  const groups = typesFilter.length > 0 && !typesFilter.includes(CLASSIC_GROUP_TYPE) ? [] : result.groups;
  return {
    throttleTimeMs: 0,
    errorCode: result.errorCode,
    groups: groups.map((g) => ({
      groupId: g.groupId,
      protocolType: g.protocolType,
      groupState: g.state,
      groupType: CLASSIC_GROUP_TYPE,
    })),
  };
}

export async function handleDeleteGroups(
  ctx: BrokerContext,
  request: DeleteGroupsRequest,
): Promise<DeleteGroupsResponse> {
  const results = await Promise.all(request.groupsNames.map((groupId) => ctx.groupCoordinator.deleteGroup(groupId)));
  return { throttleTimeMs: 0, results: results.map((r) => ({ ...r })) };
}
