// Intent: every group API answers on the wire at the versions we advertise, as Kafka does - FindCoordinator v0-6
// (batched keys, transaction keys refused), JoinGroup v0/v4/v9, SyncGroup v5 checks, Heartbeat, LeaveGroup v0 and
// v3 batches, OffsetCommit/OffsetFetch old and new versions (v8 multi-group, topics=null, unknown topics),
// OffsetDelete, DescribeGroups, ListGroups filters and DeleteGroups - against one real in-process broker.
import { ApiKey, ConsumerProtocolSubscriptionSchema, ErrorCode, encodeMessage } from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopicRequest, RawClient, type SingleNode, startSingleNode } from '../../test/single-node.js';
import { SUPPORTED_APIS } from '../supported-apis.js';

let node: SingleNode;
let client: RawClient;
const TOPIC = 'group-apis';

const subscription = Buffer.concat([
  Buffer.alloc(2),
  encodeMessage(ConsumerProtocolSubscriptionSchema, 0, { topics: [TOPIC], userData: null }),
]);

beforeAll(async () => {
  node = await startSingleNode({
    offsetsTopicReplicationFactor: 1,
    offsetsTopicNumPartitions: 4,
    groupInitialRebalanceDelayMs: 0,
  });
  client = await RawClient.connect(node.port);
  await client.request(ApiKey.CreateTopics, 7, createTopicRequest(TOPIC, 2));
});

afterAll(async () => {
  client?.close();
  await node?.stop();
});

/** As a client does: find the coordinator (the first lookup creates __consumer_offsets), then wait out loading. */
async function findCoordinator(groupId: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const r = await client.request(ApiKey.FindCoordinator, 3, { key: groupId, keyType: 0 });
    const described = await client.request(ApiKey.DescribeGroups, 5, { groups: [groupId] });
    if (r.errorCode === ErrorCode.NONE && described.groups[0].errorCode === ErrorCode.NONE) return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no coordinator');
}

const join = (version: number, groupId: string, memberId = '', extra: object = {}) =>
  client.request(ApiKey.JoinGroup, version, {
    groupId,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription }],
    reason: null,
    ...extra,
  });

/** One member joined and synced at v5 (after MEMBER_ID_REQUIRED), the group Stable. */
async function stableMember(groupId: string): Promise<{ memberId: string; generationId: number }> {
  const first = await join(5, groupId);
  expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  const joined = await join(5, groupId, first.memberId);
  expect(joined).toMatchObject({ errorCode: ErrorCode.NONE, leader: first.memberId, protocolName: 'range' });
  const synced = await client.request(ApiKey.SyncGroup, 5, {
    groupId,
    generationId: joined.generationId,
    memberId: joined.memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: [{ memberId: joined.memberId, assignment: Buffer.from('assigned') }],
  });
  expect(synced).toMatchObject({ errorCode: ErrorCode.NONE, protocolType: 'consumer', protocolName: 'range' });
  expect(synced.assignment.toString()).toBe('assigned');
  return { memberId: joined.memberId, generationId: joined.generationId };
}

describe('group APIs on the wire', () => {
  it('advertises the classic group APIs', () => {
    const advertised = new Map(SUPPORTED_APIS.map((r) => [r.apiKey, [r.minVersion, r.maxVersion]]));
    expect(advertised.get(ApiKey.FindCoordinator)).toEqual([0, 6]);
    expect(advertised.get(ApiKey.JoinGroup)).toEqual([0, 9]);
    expect(advertised.get(ApiKey.OffsetCommit)).toEqual([0, 9]);
    expect(advertised.get(ApiKey.OffsetFetch)).toEqual([0, 9]);
  });

  it('FindCoordinator: v0 and v4+ batched keys name this broker; a transaction key is COORDINATOR_NOT_AVAILABLE', async () => {
    await findCoordinator('g-find');
    const v0 = await client.request(ApiKey.FindCoordinator, 0, { key: 'g-find' });
    expect(v0).toMatchObject({ errorCode: ErrorCode.NONE, nodeId: 1, port: node.port });
    const v6 = await client.request(ApiKey.FindCoordinator, 6, { keyType: 0, coordinatorKeys: ['a', 'b'] });
    expect(v6.coordinators.map((x: { key: string; errorCode: number }) => [x.key, x.errorCode])).toEqual([
      ['a', ErrorCode.NONE],
      ['b', ErrorCode.NONE],
    ]);
    const txn = await client.request(ApiKey.FindCoordinator, 4, { keyType: 1, coordinatorKeys: ['txn'] });
    expect(txn.coordinators[0].errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(txn.coordinators[0].errorMessage).toMatch(/transactions/);
    const empty = await client.request(ApiKey.FindCoordinator, 1, { key: '', keyType: 0 });
    expect(empty.errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('JoinGroup v0 joins without MEMBER_ID_REQUIRED; v9 with a bad session timeout is refused', async () => {
    await findCoordinator('g-v0');
    const v0 = await join(0, 'g-v0');
    expect(v0).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, protocolName: 'range' });
    expect(v0.members).toHaveLength(1);
    const bad = await join(9, 'g-v0', '', { sessionTimeoutMs: 10 });
    expect(bad).toMatchObject({ errorCode: ErrorCode.INVALID_SESSION_TIMEOUT, protocolName: null });
  });

  it('SyncGroup v5 checks the protocol; Heartbeat; LeaveGroup v0 and a v3 batch', async () => {
    await findCoordinator('g-sync');
    const { memberId, generationId } = await stableMember('g-sync');
    const wrong = await client.request(ApiKey.SyncGroup, 5, {
      groupId: 'g-sync',
      generationId,
      memberId,
      groupInstanceId: null,
      protocolType: 'connect',
      protocolName: 'range',
      assignments: [],
    });
    expect(wrong.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const beat = (gen: number) =>
      client.request(ApiKey.Heartbeat, 4, { groupId: 'g-sync', generationId: gen, memberId, groupInstanceId: null });
    expect((await beat(generationId)).errorCode).toBe(ErrorCode.NONE);
    expect((await beat(generationId + 5)).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    const v0 = await client.request(ApiKey.LeaveGroup, 0, { groupId: 'g-sync', memberId: 'nobody' });
    expect(v0.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const v3 = await client.request(ApiKey.LeaveGroup, 3, {
      groupId: 'g-sync',
      members: [
        { memberId, groupInstanceId: null },
        { memberId: 'nobody', groupInstanceId: null },
      ],
    });
    expect(v3.errorCode).toBe(ErrorCode.NONE);
    expect(v3.members.map((m: { errorCode: number }) => m.errorCode)).toEqual([
      ErrorCode.NONE,
      ErrorCode.UNKNOWN_MEMBER_ID,
    ]);
  });

  it('OffsetCommit v2/v8 and OffsetFetch v1/v7/v8: per-partition errors, topics=null, several groups', async () => {
    await findCoordinator('g-offsets');
    await findCoordinator('g-other');
    const commit = (version: number, groupId: string, partitions: [string, number, bigint][]) =>
      client.request(ApiKey.OffsetCommit, version, {
        groupId,
        generationIdOrMemberEpoch: -1,
        memberId: '',
        groupInstanceId: null,
        retentionTimeMs: -1n,
        topics: [...new Set(partitions.map((p) => p[0]))].map((name) => ({
          name,
          partitions: partitions
            .filter((p) => p[0] === name)
            .map(([, partitionIndex, committedOffset]) => ({
              partitionIndex,
              committedOffset,
              committedLeaderEpoch: 3,
              commitTimestamp: -1n,
              committedMetadata: 'm',
            })),
        })),
      });
    const v2 = await commit(2, 'g-offsets', [
      [TOPIC, 0, 10n],
      ['no-such-topic', 0, 1n],
    ]);
    expect(v2.topics.map((t: { partitions: { errorCode: number }[] }) => t.partitions[0].errorCode)).toEqual([
      ErrorCode.NONE,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    ]);
    const v8 = await commit(8, 'g-other', [[TOPIC, 1, 20n]]);
    expect(v8.topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);

    const v1 = await client.request(ApiKey.OffsetFetch, 1, {
      groupId: 'g-offsets',
      topics: [{ name: TOPIC, partitionIndexes: [0, 1] }],
    });
    expect(v1.topics[0].partitions.map((p: { committedOffset: bigint }) => p.committedOffset)).toEqual([10n, -1n]);
    const v7 = await client.request(ApiKey.OffsetFetch, 7, { groupId: 'g-offsets', topics: null, requireStable: true });
    expect(v7.errorCode).toBe(ErrorCode.NONE);
    expect(v7.topics[0].partitions[0]).toMatchObject({
      partitionIndex: 0,
      committedOffset: 10n,
      committedLeaderEpoch: -1,
    });
    const v8Fetch = await client.request(ApiKey.OffsetFetch, 8, {
      groups: [
        { groupId: 'g-offsets', topics: null },
        { groupId: 'g-other', topics: [{ name: TOPIC, partitionIndexes: [1] }] },
      ],
      requireStable: false,
    });
    expect(
      v8Fetch.groups.map((g: { groupId: string; topics: { partitions: { committedOffset: bigint }[] }[] }) => [
        g.groupId,
        g.topics[0].partitions[0].committedOffset,
      ]),
    ).toEqual([
      ['g-offsets', 10n],
      ['g-other', 20n],
    ]);
    // OffsetCommit v6+ carries the leader epoch; v2 does not.
    expect(v8Fetch.groups[1].topics[0].partitions[0].committedLeaderEpoch).toBe(3);

    const deleted = await client.request(ApiKey.OffsetDelete, 0, {
      groupId: 'g-offsets',
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0 }] }],
    });
    expect(deleted).toMatchObject({ errorCode: ErrorCode.NONE });
    expect(deleted.topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    const missing = await client.request(ApiKey.OffsetDelete, 0, { groupId: 'never', topics: [] });
    expect(missing.errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });

  it('DescribeGroups, ListGroups with state and type filters, DeleteGroups', async () => {
    await findCoordinator('g-admin');
    await findCoordinator('g-admin-empty');
    const { memberId } = await stableMember('g-admin');
    await client.request(ApiKey.OffsetCommit, 2, {
      groupId: 'g-admin-empty',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      retentionTimeMs: -1n,
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1n, committedMetadata: null }] }],
    });
    const described = await client.request(ApiKey.DescribeGroups, 5, {
      groups: ['g-admin', 'unknown-group'],
      includeAuthorizedOperations: false,
    });
    expect(described.groups[0]).toMatchObject({
      groupState: 'Stable',
      protocolType: 'consumer',
      protocolData: 'range',
    });
    expect(described.groups[0].members[0]).toMatchObject({
      memberId,
      clientId: 'broker-test',
      clientHost: '/127.0.0.1',
    });
    expect(described.groups[0].members[0].memberAssignment.toString()).toBe('assigned');
    expect(described.groups[1]).toMatchObject({ errorCode: ErrorCode.NONE, groupState: 'Dead' });

    const stable = await client.request(ApiKey.ListGroups, 4, { statesFilter: ['Stable'] });
    expect(stable.groups.map((g: { groupId: string }) => g.groupId)).toContain('g-admin');
    expect(stable.groups.map((g: { groupId: string }) => g.groupId)).not.toContain('g-admin-empty');
    const consumerType = await client.request(ApiKey.ListGroups, 5, { statesFilter: [], typesFilter: ['consumer'] });
    expect(consumerType.groups).toEqual([]);
    const classic = await client.request(ApiKey.ListGroups, 5, { statesFilter: [], typesFilter: ['classic'] });
    expect(classic.groups.find((g: { groupId: string }) => g.groupId === 'g-admin')).toMatchObject({
      groupState: 'Stable',
      groupType: 'classic',
    });

    const deleted = await client.request(ApiKey.DeleteGroups, 2, {
      groupsNames: ['g-admin', 'g-admin-empty', 'unknown-group'],
    });
    expect(deleted.results.map((r: { errorCode: number }) => r.errorCode)).toEqual([
      ErrorCode.NON_EMPTY_GROUP,
      ErrorCode.NONE,
      ErrorCode.GROUP_ID_NOT_FOUND,
    ]);
  });

  it('FindCoordinator is COORDINATOR_NOT_AVAILABLE while __consumer_offsets cannot be created (RF above live brokers)', async () => {
    const lonely = await startSingleNode({ offsetsTopicReplicationFactor: 3 });
    const other = await RawClient.connect(lonely.port);
    try {
      const v3 = await other.request(ApiKey.FindCoordinator, 3, { key: 'g', keyType: 0 });
      expect(v3).toMatchObject({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, nodeId: -1 });
      const join = await other.request(ApiKey.JoinGroup, 5, {
        groupId: 'g',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 10_000,
        memberId: '',
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: subscription }],
      });
      // No partition of a topic that does not exist is led here.
      expect(join.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    } finally {
      other.close();
      await lonely.stop();
    }
  });
});
