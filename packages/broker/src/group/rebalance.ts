/**
 * The rebalance protocol's phases (Kafka's GroupCoordinator prepareRebalance / onCompleteJoin / heartbeat expiry):
 * a rebalance waits for every member to rejoin (or the longest rebalance timeout), starts the next generation with
 * the members that did, answers their parked JoinGroup requests, then waits for the leader's SyncGroup.
 */
import { ErrorCode } from '@tributary/protocol';
import type { ClassicGroup } from './classic-group.js';
import type { GroupContext } from './group-context.js';
import type { GroupMember } from './group-member.js';

const NO_ASSIGNMENT = Buffer.alloc(0);

export function joinError(memberId: string, errorCode: number) {
  return {
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: '',
    skipAssignment: false,
    memberId,
    members: [],
  };
}

export function syncError(errorCode: number) {
  return { errorCode, protocolType: null, protocolName: null, assignment: NO_ASSIGNMENT };
}

/** Every member parked in SyncGroup gets `errorCode` and every assignment is cleared (resetAndPropagateAssignmentError). */
export function propagateAssignmentError(group: ClassicGroup, errorCode: number) {
  for (const member of group.members.values()) {
    member.assignment = NO_ASSIGNMENT;
    const respond = member.awaitingSync;
    member.awaitingSync = null;
    respond?.(syncError(errorCode));
  }
}

export function prepareRebalance(ctx: GroupContext, group: ClassicGroup, reason: string) {
  if (group.is('CompletingRebalance')) propagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
  group.pendingSync.clear();
  group.syncDeadlineMs = null;
  const now = ctx.now();
  const rebalanceTimeoutMs = group.rebalanceTimeoutMs();
  if (group.is('Empty')) {
    // KIP-134: a new group waits group.initial.rebalance.delay.ms for more members, extended by one delay per
    // newly arrived member up to the rebalance timeout, so a fleet starting together rebalances once.
    const delayMs = ctx.config.groupInitialRebalanceDelayMs;
    group.pendingJoin = {
      deadlineMs: now + delayMs,
      initialDelayMs: delayMs,
      remainingMs: Math.max(rebalanceTimeoutMs - delayMs, 0),
      isInitialDelay: true,
    };
  } else {
    group.pendingJoin = {
      deadlineMs: now + rebalanceTimeoutMs,
      initialDelayMs: 0,
      remainingMs: 0,
      isInitialDelay: false,
    };
  }
  ctx.log('preparing to rebalance group', {
    groupId: group.groupId,
    from: group.state,
    generationId: group.generationId,
    reason,
  });
  group.transitionTo('PreparingRebalance', now);
  // Kafka's tryCompleteElseWatch: everyone may already be waiting (or nobody is left).
  tryCompleteJoin(ctx, group);
}

export function maybePrepareRebalance(ctx: GroupContext, group: ClassicGroup, reason: string) {
  if (group.is('Stable') || group.is('CompletingRebalance') || group.is('Empty')) prepareRebalance(ctx, group, reason);
}

/** Completes the join phase early once everyone has rejoined (never during an initial delay). */
export function tryCompleteJoin(ctx: GroupContext, group: ClassicGroup) {
  const pending = group.pendingJoin;
  if (!group.is('PreparingRebalance') || pending === null || pending.isInitialDelay) return;
  if (group.allMembersJoined()) completeJoin(ctx, group);
}

export function completeJoin(ctx: GroupContext, group: ClassicGroup) {
  const now = ctx.now();
  // Dynamic members that did not rejoin in time leave the group; static ones keep their place (KIP-345).
  for (const member of [...group.members.values()]) {
    if (member.awaitingJoin === null && member.groupInstanceId === null) group.remove(member.memberId);
  }
  // Member ids handed out with MEMBER_ID_REQUIRED stay valid until their own session timeout (as in Kafka): a
  // client that comes back late joins the next rebalance instead of starting over.
  const leader = group.leaderId === null ? undefined : group.members.get(group.leaderId);
  if (leader !== undefined && leader.awaitingJoin === null) {
    const joined = [...group.members.values()].find((m) => m.awaitingJoin !== null);
    if (joined === undefined) {
      // Only absent static members remain: wait another rebalance timeout for them (or their session expiry).
      group.pendingJoin = {
        deadlineMs: now + group.rebalanceTimeoutMs(),
        initialDelayMs: 0,
        remainingMs: 0,
        isInitialDelay: false,
      };
      return;
    }
    group.leaderId = joined.memberId;
  }
  group.pendingJoin = null;
  group.generationId += 1;
  if (group.members.size === 0) {
    group.protocolName = null;
    group.transitionTo('Empty', now);
    // Kafka persists the emptied group so a new coordinator starts from the same generation.
    ctx.persist(group, [group.toRecord(now)], () => undefined);
    ctx.log('group is empty', { groupId: group.groupId, generationId: group.generationId });
    return;
  }
  group.protocolName = group.selectProtocol();
  group.transitionTo('CompletingRebalance', now);
  ctx.log('group completed its join phase', {
    groupId: group.groupId,
    generationId: group.generationId,
    protocolName: group.protocolName,
    leaderId: group.leaderId,
    members: group.members.size,
  });
  const protocolName = group.protocolName;
  const leaderMembers = [...group.members.values()].map((m) => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    metadata: m.metadataFor(protocolName),
  }));
  let longestRebalanceTimeoutMs = 0;
  for (const member of group.members.values()) {
    const respond = member.awaitingJoin;
    if (respond === null) continue;
    member.awaitingJoin = null;
    member.isNew = false;
    member.lastHeartbeatMs = now;
    group.pendingSync.add(member.memberId);
    longestRebalanceTimeoutMs = Math.max(longestRebalanceTimeoutMs, member.rebalanceTimeoutMs);
    respond({
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName,
      leader: group.leaderId!,
      skipAssignment: false,
      memberId: member.memberId,
      members: group.isLeader(member.memberId) ? leaderMembers : [],
    });
  }
  // KAFKA-13425: members that never send SyncGroup are removed after the rebalance timeout.
  group.syncDeadlineMs = now + group.rebalanceTimeoutMs();
  group.assertInvariants();
}

/** Removes a member that left, expired or was fenced, answering its parked requests, and rebalances the rest. */
export function removeMemberAndUpdateGroup(
  ctx: GroupContext,
  group: ClassicGroup,
  member: GroupMember,
  reason: string,
) {
  ctx.log('removing member from group', { groupId: group.groupId, memberId: member.memberId, reason });
  const join = member.awaitingJoin;
  member.awaitingJoin = null;
  join?.(joinError(member.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
  const sync = member.awaitingSync;
  member.awaitingSync = null;
  sync?.(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
  group.remove(member.memberId);
  if (group.is('Stable') || group.is('CompletingRebalance')) {
    prepareRebalance(ctx, group, `removing member ${member.memberId}: ${reason}`);
  } else if (group.is('PreparingRebalance')) tryCompleteJoin(ctx, group);
}

/** Fires every deadline of `group` that has passed: join completion, member sessions, pending ids, SyncGroup. */
export function checkDeadlines(ctx: GroupContext, group: ClassicGroup) {
  const now = ctx.now();
  for (const [memberId, deadlineMs] of group.pendingMembers) {
    if (now >= deadlineMs) {
      group.pendingMembers.delete(memberId);
      tryCompleteJoin(ctx, group);
    }
  }
  for (const member of [...group.members.values()]) {
    if (group.members.get(member.memberId) === member && !member.isAlive(now)) {
      removeMemberAndUpdateGroup(ctx, group, member, `session timeout ${member.sessionTimeoutMs} ms expired`);
    }
  }
  const pending = group.pendingJoin;
  if (group.is('PreparingRebalance') && pending !== null && now >= pending.deadlineMs) {
    if (pending.isInitialDelay && group.newMemberAdded && pending.remainingMs > 0) {
      group.newMemberAdded = false;
      const delayMs = Math.min(pending.initialDelayMs, pending.remainingMs);
      group.pendingJoin = {
        deadlineMs: now + delayMs,
        initialDelayMs: pending.initialDelayMs,
        remainingMs: Math.max(pending.remainingMs - delayMs, 0),
        isInitialDelay: true,
      };
    } else {
      completeJoin(ctx, group);
    }
  }
  if (
    (group.is('CompletingRebalance') || group.is('Stable')) &&
    group.syncDeadlineMs !== null &&
    now >= group.syncDeadlineMs
  ) {
    group.syncDeadlineMs = null;
    const laggards = [...group.pendingSync].map((id) => group.members.get(id)).filter((m) => m !== undefined);
    group.pendingSync.clear();
    for (const member of laggards)
      removeMemberAndUpdateGroup(ctx, group, member, 'no SyncGroup within the rebalance timeout');
  }
}
