/**
 * JoinGroup (Kafka's GroupCoordinator.handleJoinGroup): new dynamic members get a member id first (KIP-394,
 * MEMBER_ID_REQUIRED), static members are matched by group.instance.id (KIP-345), and known members either rejoin
 * the running rebalance or get the current generation back when nothing changed.
 */
import { ErrorCode } from '@tributary/protocol';
import type { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './group-context.js';
import { GroupMember, type MemberProtocol } from './group-member.js';
import type { JoinGroupResult } from './group-results.js';
import { joinError, prepareRebalance, syncError, tryCompleteJoin } from './rebalance.js';

export interface JoinGroupRequestData {
  readonly groupId: string;
  /** Empty for a member joining for the first time. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly MemberProtocol[];
  /** JoinGroup v4+ from a dynamic member: an empty member id is answered MEMBER_ID_REQUIRED (KIP-394). */
  readonly requireKnownMemberId: boolean;
}

type Respond = (result: JoinGroupResult) => void;

/** Checks that precede any group lookup (Kafka answers them before touching the group). */
export function validateJoin(ctx: GroupContext, request: JoinGroupRequestData): number {
  const { groupMinSessionTimeoutMs: min, groupMaxSessionTimeoutMs: max } = ctx.config;
  if (request.sessionTimeoutMs < min || request.sessionTimeoutMs > max) return ErrorCode.INVALID_SESSION_TIMEOUT;
  return ErrorCode.NONE;
}

/** Kafka's acceptJoiningMember: group.max.size counts members (or those rejoining, during a rebalance). */
function acceptJoiningMember(ctx: GroupContext, group: ClassicGroup, memberId: string): boolean {
  const max = ctx.config.groupMaxSize;
  switch (group.state) {
    case 'Empty':
    case 'Dead':
      return true;
    case 'PreparingRebalance':
      return (group.members.get(memberId)?.awaitingJoin ?? null) !== null || group.numAwaitingJoin() < max;
    default:
      return group.has(memberId) || group.members.size < max;
  }
}

export function joinGroup(ctx: GroupContext, group: ClassicGroup, request: JoinGroupRequestData, respond: Respond) {
  if (group.is('Dead')) return respond(joinError(request.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
  if (!acceptJoiningMember(ctx, group, request.memberId)) {
    return respond(joinError(request.memberId, ErrorCode.GROUP_MAX_SIZE_REACHED));
  }
  if (!group.supportsProtocols(request.protocolType, request.protocols)) {
    return respond(joinError(request.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
  }
  if (request.memberId === '') return joinNewMember(ctx, group, request, respond);
  return joinCurrentMember(ctx, group, request, respond);
}

function joinNewMember(ctx: GroupContext, group: ClassicGroup, request: JoinGroupRequestData, respond: Respond) {
  const instanceId = request.groupInstanceId;
  if (instanceId !== null) {
    const newMemberId = `${instanceId}-${ctx.newUuid()}`;
    const oldMemberId = group.staticMembers.get(instanceId);
    if (oldMemberId !== undefined) return replaceStaticMember(ctx, group, request, oldMemberId, newMemberId, respond);
    return addMemberAndRebalance(ctx, group, request, newMemberId, respond);
  }
  const newMemberId = `${request.clientId}-${ctx.newUuid()}`;
  if (request.requireKnownMemberId) {
    // Ids handed out but not yet used count against group.max.size too: a client looping on JoinGroup with an empty
    // member id must not grow the pending set without bound.
    if (group.members.size + group.pendingMembers.size >= ctx.config.groupMaxSize) {
      return respond(joinError('', ErrorCode.GROUP_MAX_SIZE_REACHED));
    }
    // KIP-394: the id is only remembered until the member comes back with it (within its session timeout).
    group.pendingMembers.set(newMemberId, ctx.now() + request.sessionTimeoutMs);
    return respond(joinError(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
  }
  addMemberAndRebalance(ctx, group, request, newMemberId, respond);
}

function joinCurrentMember(ctx: GroupContext, group: ClassicGroup, request: JoinGroupRequestData, respond: Respond) {
  const memberId = request.memberId;
  if (group.pendingMembers.has(memberId)) {
    group.pendingMembers.delete(memberId);
    return addMemberAndRebalance(ctx, group, request, memberId, respond);
  }
  if (group.isStaticMemberFenced(request.groupInstanceId, memberId)) {
    return respond(joinError(memberId, ErrorCode.FENCED_INSTANCE_ID));
  }
  const member = group.members.get(memberId);
  if (member === undefined || member.groupInstanceId !== request.groupInstanceId) {
    return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
  }
  switch (group.state) {
    case 'PreparingRebalance':
      return updateMemberAndRebalance(ctx, group, member, request, respond);
    case 'CompletingRebalance':
      // A member that lost its JoinGroup response asks again: same answer, no new rebalance.
      if (member.matches(request.protocols)) return respond(currentGeneration(group, member.memberId, false));
      return updateMemberAndRebalance(ctx, group, member, request, respond);
    default:
      // Stable: the leader rejoining, or a member with new metadata, starts a rebalance; anyone else is answered.
      if (group.isLeader(memberId) || !member.matches(request.protocols)) {
        return updateMemberAndRebalance(ctx, group, member, request, respond);
      }
      member.lastHeartbeatMs = ctx.now();
      return respond(currentGeneration(group, member.memberId, false));
  }
}

function currentGeneration(group: ClassicGroup, memberId: string, asLeader: boolean): JoinGroupResult {
  const protocolName = group.protocolName;
  return {
    errorCode: ErrorCode.NONE,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName,
    leader: group.leaderId ?? '',
    skipAssignment: asLeader,
    memberId,
    members:
      (group.isLeader(memberId) || asLeader) && protocolName !== null
        ? [...group.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: m.metadataFor(protocolName),
          }))
        : [],
  };
}

function addMemberAndRebalance(
  ctx: GroupContext,
  group: ClassicGroup,
  request: JoinGroupRequestData,
  memberId: string,
  respond: Respond,
) {
  const member = new GroupMember(
    memberId,
    request.groupInstanceId,
    request.clientId,
    request.clientHost,
    request.rebalanceTimeoutMs,
    request.sessionTimeoutMs,
    request.protocols,
    ctx.now(),
  );
  member.awaitingJoin = respond;
  if (group.members.size === 0) group.protocolType = request.protocolType;
  group.add(member);
  // The initial delay of a new group is extended while members keep arriving (KIP-134).
  if (group.is('PreparingRebalance') && group.generationId === 0) group.newMemberAdded = true;
  if (group.is('PreparingRebalance')) tryCompleteJoin(ctx, group);
  else prepareRebalance(ctx, group, `adding new member ${memberId}`);
}

function updateMemberAndRebalance(
  ctx: GroupContext,
  group: ClassicGroup,
  member: GroupMember,
  request: JoinGroupRequestData,
  respond: Respond,
) {
  member.protocols = request.protocols;
  member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
  member.sessionTimeoutMs = request.sessionTimeoutMs;
  member.lastHeartbeatMs = ctx.now();
  // A duplicate JoinGroup replaces the older parked one, which would otherwise never be answered.
  member.awaitingJoin?.(joinError(member.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
  member.awaitingJoin = respond;
  if (group.is('PreparingRebalance')) tryCompleteJoin(ctx, group);
  else prepareRebalance(ctx, group, `updating metadata of member ${member.memberId}`);
}

/**
 * KIP-345: a static member restarting with an empty member id takes over its instance's slot under a new member id.
 * The old id is fenced from then on. In a Stable group with unchanged metadata this needs no rebalance: the
 * new mapping is persisted and the member gets the current generation (the leader with skipAssignment, KIP-814).
 */
function replaceStaticMember(
  ctx: GroupContext,
  group: ClassicGroup,
  request: JoinGroupRequestData,
  oldMemberId: string,
  newMemberId: string,
  respond: Respond,
) {
  const old = group.members.get(oldMemberId)!;
  const oldJoin = old.awaitingJoin;
  const oldSync = old.awaitingSync;
  old.awaitingJoin = null;
  old.awaitingSync = null;
  oldJoin?.(joinError(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
  oldSync?.(syncError(ErrorCode.FENCED_INSTANCE_ID));
  const wasLeader = group.isLeader(oldMemberId);
  renameMember(group, old, newMemberId);
  if (group.is('Stable') && old.matches(request.protocols)) {
    old.lastHeartbeatMs = ctx.now();
    const generationId = group.generationId;
    ctx.persist(group, [group.toRecord(ctx.now())], (errorCode) => {
      if (errorCode !== ErrorCode.NONE) {
        if (group.members.get(newMemberId) === old) renameMember(group, old, oldMemberId);
        return respond(joinError(newMemberId, errorCode));
      }
      // A rebalance started while the new id was being stored: the member must rejoin (with its new id) like
      // everyone else; answering the old generation would have it act on an assignment about to be replaced.
      if (!group.is('Stable') || group.generationId !== generationId || group.members.get(newMemberId) !== old) {
        return respond(joinError(newMemberId, ErrorCode.REBALANCE_IN_PROGRESS));
      }
      respond(currentGeneration(group, newMemberId, wasLeader));
    });
    return;
  }
  // prepareRebalance answers members parked in SyncGroup with REBALANCE_IN_PROGRESS.
  updateMemberAndRebalance(ctx, group, old, request, respond);
}

function renameMember(group: ClassicGroup, member: GroupMember, memberId: string) {
  const previousId = member.memberId;
  const wasLeader = group.isLeader(previousId);
  const wasPendingSync = group.pendingSync.delete(previousId);
  group.members.delete(previousId);
  member.memberId = memberId;
  group.members.set(memberId, member);
  if (member.groupInstanceId !== null) group.staticMembers.set(member.groupInstanceId, memberId);
  if (wasLeader) group.leaderId = memberId;
  if (wasPendingSync) group.pendingSync.add(memberId);
}
