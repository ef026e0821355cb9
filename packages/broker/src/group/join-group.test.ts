// Intent: JoinGroup follows Kafka's classic protocol: every error path, KIP-394 member ids, KIP-345 static members,
// protocol votes, the initial rebalance delay and the removal of members that do not rejoin in time.
import { ErrorCode } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { CoreHarness, subscription } from './testing/core-harness.js';

const G = 'group-a';

describe('JoinGroup validation', () => {
  it('refuses session timeouts outside group.min/max.session.timeout.ms', () => {
    const h = new CoreHarness();
    expect(h.join({ groupId: G, sessionTimeoutMs: 5999 }).value?.errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect(h.join({ groupId: G, sessionTimeoutMs: 1_800_001 }).value?.errorCode).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
  });

  it('refuses an empty group id, and answers NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS for unowned groups', () => {
    const h = new CoreHarness(undefined, 2);
    expect(h.join({ groupId: '' }).value?.errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    const partition = h.core.ownedPartitions().find(() => true)!;
    h.core.unload(partition);
    const groupOnIt = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'].find((g) => h.core.coordinatorError(g) !== ErrorCode.NONE)!;
    expect(h.join({ groupId: groupOnIt }).value?.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    h.loading.add(partition);
    expect(h.join({ groupId: groupOnIt }).value?.errorCode).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
  });

  it('answers UNKNOWN_MEMBER_ID for a member id the group does not know', () => {
    const h = new CoreHarness();
    expect(h.join({ groupId: G, memberId: 'ghost' }).value?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    h.stableGroup(G, 1);
    expect(h.join({ groupId: G, memberId: 'ghost' }).value?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('answers INCONSISTENT_GROUP_PROTOCOL for another protocol type or no common protocol', () => {
    const h = new CoreHarness();
    h.stableGroup(G, 1);
    expect(h.join({ groupId: G, protocolType: 'connect' }).value?.errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    const other = [{ name: 'roundrobin', metadata: subscription(['t']) }];
    expect(h.join({ groupId: G, protocols: other }).value?.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(h.join({ groupId: 'fresh', protocols: [] }).value?.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('answers GROUP_MAX_SIZE_REACHED beyond group.max.size, counting member ids handed out but not used yet', () => {
    const h = new CoreHarness({ ...new CoreHarness().config, groupMaxSize: 2 });
    h.stableGroup(G, 2);
    expect(h.join({ groupId: G }).value?.errorCode).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);
    const pending = (groupId: string) => h.join({ groupId, requireKnownMemberId: true }).value?.errorCode;
    expect([pending('other'), pending('other'), pending('other')]).toEqual([
      ErrorCode.MEMBER_ID_REQUIRED,
      ErrorCode.MEMBER_ID_REQUIRED,
      ErrorCode.GROUP_MAX_SIZE_REACHED,
    ]);
  });
});

describe('JoinGroup membership', () => {
  it('KIP-394: a v4+ dynamic member first gets MEMBER_ID_REQUIRED with its id, then joins with it', () => {
    const h = new CoreHarness();
    const first = h.join({ groupId: G, requireKnownMemberId: true, clientId: 'app' }).value!;
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^app-uuid-/);
    const second = h.join({ groupId: G, memberId: first.memberId, requireKnownMemberId: true });
    h.advance(1);
    expect(second.value).toMatchObject({ errorCode: ErrorCode.NONE, memberId: first.memberId, generationId: 1 });
    expect(second.value!.leader).toBe(first.memberId);
    expect(second.value!.members.map((m) => m.memberId)).toEqual([first.memberId]);
  });

  it('a pending member id that never comes back expires after its session timeout', () => {
    const h = new CoreHarness();
    const first = h.join({ groupId: G, requireKnownMemberId: true }).value!;
    h.advance(10_001);
    expect(h.join({ groupId: G, memberId: first.memberId }).value?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('selects the protocol with the most votes among those every member supports', () => {
    const h = new CoreHarness();
    const md = subscription(['t']);
    const a = h.join({
      groupId: G,
      protocols: [
        { name: 'range', metadata: md },
        { name: 'sticky', metadata: md },
      ],
    });
    const b = h.join({
      groupId: G,
      protocols: [
        { name: 'sticky', metadata: md },
        { name: 'range', metadata: md },
      ],
    });
    const c = h.join({
      groupId: G,
      protocols: [
        { name: 'sticky', metadata: md },
        { name: 'cooperative', metadata: md },
      ],
    });
    h.advance(1);
    h.advance(1);
    for (const r of [a, b, c]) expect(r.value?.protocolName).toBe('sticky');
  });

  it('the initial rebalance delay gathers members joining together into one generation', () => {
    const h = new CoreHarness({ ...new CoreHarness().config, groupInitialRebalanceDelayMs: 3000 });
    const a = h.join({ groupId: G });
    h.advance(2000);
    const b = h.join({ groupId: G });
    h.advance(1001);
    expect(a.value).toBeUndefined();
    h.advance(3000);
    expect(a.value?.generationId).toBe(1);
    expect(b.value?.generationId).toBe(1);
    expect(a.value!.members).toHaveLength(2);
  });

  it('members that do not rejoin within the rebalance timeout are removed; the rest form the next generation', () => {
    const h = new CoreHarness();
    const { memberIds } = h.stableGroup(G, 3);
    const rejoin0 = h.join({ groupId: G, memberId: memberIds[0], rebalanceTimeoutMs: 5000 });
    const rejoin1 = h.join({ groupId: G, memberId: memberIds[1], rebalanceTimeoutMs: 5000 });
    // Heartbeats keep the third alive, but it never rejoins.
    for (let i = 0; i < 5; i++) {
      h.advance(6000);
      h.core.heartbeat({ groupId: G, memberId: memberIds[2], generationId: 1, groupInstanceId: null });
    }
    expect(rejoin0.value?.generationId).toBe(2);
    expect(rejoin1.value?.generationId).toBe(2);
    expect([...h.core.group(G)!.members.keys()].sort()).toEqual([memberIds[0], memberIds[1]].sort());
  });

  it('a follower rejoining with unchanged metadata in a Stable group gets the current generation, no rebalance', () => {
    const h = new CoreHarness();
    const { memberIds, leader } = h.stableGroup(G, 2);
    const follower = memberIds.find((id) => id !== leader)!;
    const again = h.join({ groupId: G, memberId: follower }).value!;
    expect(again).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, members: [] });
    expect(h.core.group(G)!.state).toBe('Stable');
  });
});

describe('JoinGroup static membership (KIP-345)', () => {
  it('a restarted static member takes its slot without a rebalance and the old member id is fenced', () => {
    const h = new CoreHarness();
    const first = h.join({ groupId: G, groupInstanceId: 'instance-1' });
    h.advance(1);
    const oldId = first.value!.memberId;
    h.sync(G, oldId, 1, new Map([[oldId, Buffer.from('a')]]));
    h.commitAppends();
    expect(h.core.group(G)!.state).toBe('Stable');
    const restarted = h.join({ groupId: G, groupInstanceId: 'instance-1' });
    h.commitAppends();
    expect(restarted.value).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, skipAssignment: true });
    expect(restarted.value!.memberId).not.toBe(oldId);
    expect(h.join({ groupId: G, memberId: oldId, groupInstanceId: 'instance-1' }).value?.errorCode).toBe(
      ErrorCode.FENCED_INSTANCE_ID,
    );
    expect(h.core.heartbeat({ groupId: G, memberId: oldId, generationId: 1, groupInstanceId: 'instance-1' })).toBe(
      ErrorCode.FENCED_INSTANCE_ID,
    );
  });

  it('a static member that does not rejoin keeps its place in the next generation', () => {
    const h = new CoreHarness();
    const statics = { rebalanceTimeoutMs: 1000, sessionTimeoutMs: 60_000 };
    const a = h.join({ groupId: G, groupInstanceId: 'i-a', ...statics });
    const b = h.join({ groupId: G, groupInstanceId: 'i-b', ...statics });
    h.advance(1);
    h.advance(1);
    const [idA, idB] = [a.value!.memberId, b.value!.memberId];
    h.sync(
      G,
      idA,
      1,
      new Map([
        [idA, Buffer.from('a')],
        [idB, Buffer.from('b')],
      ]),
    );
    h.sync(G, idB, 1);
    h.commitAppends();
    // The leader rejoins (a rebalance); b stays silent past the rebalance timeout.
    const rejoin = h.join({ groupId: G, memberId: idA, groupInstanceId: 'i-a', ...statics });
    h.advance(1001);
    expect(rejoin.value).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2 });
    expect(rejoin.value!.members.map((m) => m.memberId).sort()).toEqual([idA, idB].sort());
    expect(h.core.group(G)!.members.has(idB)).toBe(true);
  });
});
