// Intent: SyncGroup, Heartbeat, LeaveGroup and session expiry behave as Kafka's classic coordinator: the leader's
// assignment reaches every member only after it is persisted, stale or unknown members get the matching error
// code, and leaving or expiring members trigger a rebalance of the rest.
import { ErrorCode } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { CoreHarness } from './testing/core-harness.js';

const G = 'group-b';

function completedJoin(h: CoreHarness, count: number) {
  const joins = Array.from({ length: count }, () => h.join({ groupId: G }));
  h.advance(1);
  h.advance(1);
  const results = joins.map((j) => j.value!);
  return { results, leader: results[0].leader, ids: results.map((r) => r.memberId) };
}

describe('SyncGroup', () => {
  it('parks followers until the leader syncs, persists the group, then gives each member its assignment', () => {
    const h = new CoreHarness();
    const { leader, ids } = completedJoin(h, 3);
    const followers = ids.filter((id) => id !== leader);
    const parked = followers.map((id) => h.sync(G, id, 1));
    expect(parked.every((p) => p.value === undefined)).toBe(true);
    const assignments = new Map(ids.map((id) => [id, Buffer.from(`for-${id}`)]));
    const leaderReply = h.sync(G, leader, 1, assignments);
    // Nothing is answered before the group record is committed.
    expect(leaderReply.value).toBeUndefined();
    expect(h.pending).toHaveLength(1);
    h.commitAppends();
    expect(leaderReply.value?.assignment.toString()).toBe(`for-${leader}`);
    for (const [i, id] of followers.entries()) expect(parked[i].value?.assignment.toString()).toBe(`for-${id}`);
    expect(h.core.group(G)!.state).toBe('Stable');
    const record = h.log.get(0)!.at(-1)!;
    expect(record).toMatchObject({ kind: 'group', generationId: 1, leaderId: leader });
  });

  it('a member missing from the leader assignment gets an empty one', () => {
    const h = new CoreHarness();
    const { leader, ids } = completedJoin(h, 2);
    const other = ids.find((id) => id !== leader)!;
    const parked = h.sync(G, other, 1);
    h.sync(G, leader, 1, new Map([[leader, Buffer.from('x')]]));
    h.commitAppends();
    expect(parked.value).toMatchObject({ errorCode: ErrorCode.NONE });
    expect(parked.value!.assignment.length).toBe(0);
  });

  it('answers UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, INCONSISTENT_GROUP_PROTOCOL and REBALANCE_IN_PROGRESS', () => {
    const h = new CoreHarness();
    expect(h.sync(G, 'nobody', 1).value?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const { leader, ids } = completedJoin(h, 2);
    expect(h.sync(G, 'nobody', 1).value?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(h.sync(G, leader, 0).value?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(h.sync(G, leader, 1, new Map(), { protocolType: 'connect' }).value?.errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    expect(h.sync(G, leader, 1, new Map(), { protocolName: 'roundrobin' }).value?.errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    // A new member's join moves the group to PreparingRebalance: parked syncs are released with the error.
    const parked = h.sync(G, ids[1] === leader ? ids[0] : ids[1], 1);
    h.join({ groupId: G });
    expect(parked.value?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(h.sync(G, leader, 1).value?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('a failed group append releases every parked member with the mapped error and rebalances', () => {
    const h = new CoreHarness();
    const { leader, ids } = completedJoin(h, 2);
    const other = ids.find((id) => id !== leader)!;
    const parked = h.sync(G, other, 1);
    const leaderReply = h.sync(G, leader, 1, new Map());
    h.failAppends(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(parked.value?.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(leaderReply.value?.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(h.core.group(G)!.state).toBe('PreparingRebalance');
  });

  it('members that never send SyncGroup are removed after the rebalance timeout', () => {
    const h = new CoreHarness();
    const { leader, ids } = completedJoin(h, 2);
    h.sync(G, leader, 1, new Map());
    h.commitAppends();
    const follower = ids.find((id) => id !== leader)!;
    // Both heartbeat (so no session expires); the follower just never asks for its assignment.
    for (let i = 0; i < 5; i++) {
      h.advance(5000);
      for (const id of ids) h.core.heartbeat({ groupId: G, memberId: id, generationId: 1, groupInstanceId: null });
    }
    expect(h.core.group(G)!.members.has(follower)).toBe(true);
    h.advance(5001);
    const group = h.core.group(G)!;
    expect(group.members.has(follower)).toBe(false);
    expect(group.state).toBe('PreparingRebalance');
  });
});

describe('Heartbeat and session expiry', () => {
  it('answers NONE when stable, REBALANCE_IN_PROGRESS while preparing, and the member/generation errors', () => {
    const h = new CoreHarness();
    const beat = (memberId: string, generationId: number, groupId = G) =>
      h.core.heartbeat({ groupId, memberId, generationId, groupInstanceId: null });
    expect(beat('x', 1, 'unknown-group')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const { memberIds } = h.stableGroup(G, 2);
    expect(beat(memberIds[0], 1)).toBe(ErrorCode.NONE);
    expect(beat(memberIds[0], 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(beat('stranger', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    h.join({ groupId: G });
    expect(beat(memberIds[0], 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('a member silent for its session timeout is removed and the group rebalances without it', () => {
    const h = new CoreHarness();
    const { memberIds } = h.stableGroup(G, 2);
    for (let i = 0; i < 4; i++) {
      h.advance(3000);
      h.core.heartbeat({ groupId: G, memberId: memberIds[0], generationId: 1, groupInstanceId: null });
    }
    const group = h.core.group(G)!;
    expect(group.members.has(memberIds[1])).toBe(false);
    expect(group.state).toBe('PreparingRebalance');
  });

  it('when the last member expires the group becomes Empty with a new generation, persisted', () => {
    const h = new CoreHarness();
    h.stableGroup(G, 1);
    h.advance(10_001);
    h.advance(1);
    const group = h.core.group(G)!;
    expect(group.state).toBe('Empty');
    expect(group.generationId).toBe(2);
    h.commitAppends();
    expect(h.log.get(0)!.at(-1)).toMatchObject({ kind: 'group', generationId: 2, members: [] });
  });
});

describe('LeaveGroup', () => {
  it('removes a batch of members by id and by instance id, reporting each, and rebalances', () => {
    const h = new CoreHarness();
    const s = h.join({ groupId: G, groupInstanceId: 'static-1' });
    const d = h.join({ groupId: G });
    const e = h.join({ groupId: G });
    h.advance(1);
    h.advance(1);
    const result = h.core.leaveGroup(G, [
      { memberId: '', groupInstanceId: 'static-1' },
      { memberId: d.value!.memberId, groupInstanceId: null },
      { memberId: 'ghost', groupInstanceId: null },
      { memberId: 'wrong-id', groupInstanceId: 'unknown-instance' },
    ]);
    expect(result.members.map((m) => m.errorCode)).toEqual([
      ErrorCode.NONE,
      ErrorCode.NONE,
      ErrorCode.UNKNOWN_MEMBER_ID,
      ErrorCode.UNKNOWN_MEMBER_ID,
    ]);
    const group = h.core.group(G)!;
    expect([...group.members.keys()]).toEqual([e.value!.memberId]);
    expect(group.staticMembers.size).toBe(0);
    expect(s.value?.errorCode).toBe(ErrorCode.NONE);
  });

  it('FENCED_INSTANCE_ID for a static leave naming another member id; unknown group answers every member unknown', () => {
    const h = new CoreHarness();
    h.join({ groupId: G, groupInstanceId: 'static-1' });
    h.advance(1);
    const fenced = h.core.leaveGroup(G, [{ memberId: 'old-id', groupInstanceId: 'static-1' }]);
    expect(fenced.members[0].errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    const unknown = h.core.leaveGroup('no-such-group', [{ memberId: 'm', groupInstanceId: null }]);
    expect(unknown).toEqual({
      errorCode: ErrorCode.NONE,
      members: [{ memberId: 'm', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }],
    });
  });

  it('the last member leaving empties the group', () => {
    const h = new CoreHarness();
    const { memberIds } = h.stableGroup(G, 1);
    h.core.leaveGroup(G, [{ memberId: memberIds[0], groupInstanceId: null }]);
    h.advance(1);
    expect(h.core.group(G)!.state).toBe('Empty');
  });
});
