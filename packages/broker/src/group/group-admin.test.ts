// Intent: DescribeGroups, ListGroups (state filter), DeleteGroups and replay after failover report and change
// groups as Kafka does.
import { ErrorCode } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { CoreHarness, offsetOf } from './testing/core-harness.js';

describe('DescribeGroups / ListGroups', () => {
  it('describes a Stable group with members, metadata and assignments; an unknown group is Dead', () => {
    const h = new CoreHarness();
    const { memberIds } = h.stableGroup('g', 2);
    const described = h.core.describeGroup('g');
    expect(described).toMatchObject({ state: 'Stable', protocolType: 'consumer', protocolName: 'range' });
    expect(described.members.map((m) => m.memberId).sort()).toEqual([...memberIds].sort());
    expect(described.members[0].assignment.toString()).toMatch(/^assignment-/);
    expect(h.core.describeGroup('other')).toMatchObject({ errorCode: ErrorCode.NONE, state: 'Dead', members: [] });
    expect(h.core.describeGroup('').errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });

  it('lists groups, filtered by state case-insensitively', () => {
    const h = new CoreHarness();
    h.stableGroup('stable', 1);
    h.commitOffsets('simple', '', -1, [offsetOf('t', 0, 1n)]);
    h.commitAppends();
    expect(
      h.core
        .listGroups([], 0)
        .groups.map((g) => g.groupId)
        .sort(),
    ).toEqual(['simple', 'stable']);
    expect(h.core.listGroups(['empty'], 0).groups.map((g) => g.groupId)).toEqual(['simple']);
    expect(h.core.listGroups([], 1).errorCode).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
  });
});

describe('DeleteGroups', () => {
  it('NON_EMPTY_GROUP for a group with members, GROUP_ID_NOT_FOUND for none, and deletes an Empty group', () => {
    const h = new CoreHarness();
    h.stableGroup('busy', 1);
    h.commitOffsets('idle', '', -1, [offsetOf('t', 0, 1n)]);
    h.commitAppends();
    const answers: { groupId: string; errorCode: number }[] = [];
    for (const g of ['busy', 'missing', 'idle']) h.core.deleteGroup(g, (r) => answers.push(r));
    h.commitAppends();
    expect(answers).toEqual([
      { groupId: 'busy', errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: 'missing', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
      { groupId: 'idle', errorCode: ErrorCode.NONE },
    ]);
    h.failover();
    expect(h.core.group('idle')).toBeUndefined();
    expect(h.core.fetchOffsets('idle', null, false).offsets).toEqual([]);
  });
});

describe('replay after failover', () => {
  it('a Stable group comes back Stable with its generation, leader and assignments; silent members then expire', () => {
    const h = new CoreHarness();
    const { memberIds, leader } = h.stableGroup('g', 2);
    h.failover();
    const group = h.core.group('g')!;
    expect(group).toMatchObject({ state: 'Stable', generationId: 1, leaderId: leader, protocolName: 'range' });
    expect(h.core.heartbeat({ groupId: 'g', memberId: memberIds[0], generationId: 1, groupInstanceId: null })).toBe(
      ErrorCode.NONE,
    );
    const sync = h.sync('g', memberIds[1], 1);
    expect(sync.value?.assignment.toString()).toBe(`assignment-${memberIds[1]}`);
    h.advance(10_001);
    expect(h.core.group('g')!.state).toBe('Empty');
  });

  it('parked JoinGroup requests are answered NOT_COORDINATOR when the partition moves away', () => {
    const h = new CoreHarness();
    const { memberIds } = h.stableGroup('g', 2);
    const rejoin = h.join({ groupId: 'g', memberId: memberIds[0] });
    h.core.unload(0);
    expect(rejoin.value?.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  });
});
