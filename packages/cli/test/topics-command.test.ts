// Intent: `tributary topics` prints kafka-topics.sh's exact text (golden lines) and creates, describes, lists, alters
// and deletes topics on real in-process brokers, including --under-replicated-partitions after a broker is fenced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster, waitFor } from '../../broker/test/cluster.js';
import {
  formatTopicDescriptions,
  parseReplicaAssignment,
  runTopicsCommand,
  type TopicDescription,
  type TopicsOptions,
  topicMatcher,
} from '../src/commands/topics-command.js';

const orders: TopicDescription = {
  name: 'orders',
  topicId: 'NPmZHyhbR9y00wMglMH2sg',
  partitions: [
    { partition: 1, leader: 2, replicas: [2, 3, 1], isr: [2, 3] },
    { partition: 0, leader: -1, replicas: [1, 2, 3], isr: [] },
  ],
  configs: [
    { name: 'min.insync.replicas', value: '2' },
    { name: 'retention.ms', value: '1000' },
  ],
};

describe('kafka-topics output format', () => {
  it('prints the topic line and tab-led partition lines sorted by partition, "none" for no leader', () => {
    expect(formatTopicDescriptions([orders], { underReplicatedPartitions: false })).toBe(
      'Topic: orders\tTopicId: NPmZHyhbR9y00wMglMH2sg\tPartitionCount: 2\tReplicationFactor: 3\tConfigs: min.insync.replicas=2,retention.ms=1000\n' +
        '\tTopic: orders\tPartition: 0\tLeader: none\tReplicas: 1,2,3\tIsr: \n' +
        '\tTopic: orders\tPartition: 1\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3\n',
    );
  });

  it('leaves out a zero topic id and prints an empty Configs:', () => {
    const plain = { name: 'q', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [orders.partitions[1]], configs: [] };
    expect(formatTopicDescriptions([plain], { underReplicatedPartitions: false })).toBe(
      'Topic: q\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: \n\tTopic: q\tPartition: 0\tLeader: none\tReplicas: 1,2,3\tIsr: \n',
    );
  });

  it('with --under-replicated-partitions prints only the partitions missing ISR members, no topic line', () => {
    const healthy = { ...orders, name: 'ok', partitions: [{ partition: 0, leader: 1, replicas: [1, 2], isr: [2, 1] }] };
    expect(formatTopicDescriptions([orders, healthy], { underReplicatedPartitions: true })).toBe(
      '\tTopic: orders\tPartition: 0\tLeader: none\tReplicas: 1,2,3\tIsr: \n' +
        '\tTopic: orders\tPartition: 1\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3\n',
    );
  });

  it('parses --replica-assignment and refuses duplicates or uneven replication factors', () => {
    expect(parseReplicaAssignment('1:2:3,2:3:1')).toEqual([
      [1, 2, 3],
      [2, 3, 1],
    ]);
    expect(() => parseReplicaAssignment('1:1')).toThrow(/duplicate/);
    expect(() => parseReplicaAssignment('1:2,3')).toThrow(/replication factor/);
    expect(() => parseReplicaAssignment('1:x')).toThrow(/Invalid broker id/);
  });

  it('matches --topic as a literal name or a whole-name regex', () => {
    expect(topicMatcher('orders')('orders')).toBe(true);
    expect(topicMatcher('orders')('orders-2')).toBe(false);
    expect(topicMatcher('ord.*')('orders-2')).toBe(true);
    expect(topicMatcher('a[')('a[')).toBe(true);
  });
});

describe('tributary topics against three in-process brokers', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await TestCluster.start([1, 2, 3]);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  async function topics(options: Partial<TopicsOptions> & Pick<TopicsOptions, 'action'>) {
    let out = '';
    const code = await runTopicsCommand({
      bootstrapServer: `127.0.0.1:${cluster.port(1)}`,
      topic: null,
      partitions: null,
      replicationFactor: null,
      configs: [],
      replicaAssignment: null,
      underReplicatedPartitions: false,
      ifExists: false,
      ifNotExists: false,
      write: (text) => {
        out += text;
      },
      ...options,
    });
    return { code, out };
  }

  it('creates, describes, lists, alters and deletes', async () => {
    expect(
      await topics({
        action: 'create',
        topic: 'events',
        partitions: 3,
        replicationFactor: 3,
        configs: ['min.insync.replicas=2'],
      }),
    ).toEqual({
      code: 0,
      out: 'Created topic events.\n',
    });
    expect(await topics({ action: 'create', topic: 'events', partitions: 1 })).toEqual({
      code: 1,
      out: "Error while executing topic command : Topic 'events' already exists.\n",
    });
    expect(await topics({ action: 'create', topic: 'events', partitions: 1, ifNotExists: true })).toEqual({
      code: 0,
      out: '',
    });
    expect((await topics({ action: 'create', topic: 'pinned', replicaAssignment: '3:1,1:2' })).code).toBe(0);

    const topicId = cluster.controller.image().topicsByName.get('events')!.topicId;
    const described = await topics({ action: 'describe', topic: 'events' });
    expect(described.code).toBe(0);
    const lines = described.out.split('\n');
    expect(lines[0]).toBe(
      `Topic: events\tTopicId: ${topicId}\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: min.insync.replicas=2`,
    );
    for (let p = 0; p < 3; p++) {
      const state = cluster.partitionState('events', p);
      expect(lines[p + 1]).toBe(
        `\tTopic: events\tPartition: ${p}\tLeader: ${state.leader}\tReplicas: ${state.replicas.join(',')}\tIsr: ${state.isr.join(',')}`,
      );
    }
    expect((await topics({ action: 'describe', topic: 'pinned' })).out).toContain(
      '\tTopic: pinned\tPartition: 0\tLeader: 3\tReplicas: 3,1\tIsr: 3,1\n\tTopic: pinned\tPartition: 1\tLeader: 1\tReplicas: 1,2\tIsr: 1,2\n',
    );
    expect(await topics({ action: 'list' })).toEqual({ code: 0, out: 'events\npinned\n' });

    expect((await topics({ action: 'alter', topic: 'events', partitions: 5 })).code).toBe(0);
    await waitFor('5 partitions', () => cluster.controller.image().topicsByName.get('events')!.partitions.size === 5);

    expect(await topics({ action: 'delete', topic: 'pinned' })).toEqual({ code: 0, out: '' });
    expect(await topics({ action: 'list' })).toEqual({ code: 0, out: 'events\n' });
    expect(await topics({ action: 'delete', topic: 'pinned' })).toEqual({
      code: 1,
      out: "Error while executing topic command : Topic 'pinned' does not exist as expected\n",
    });
    expect(await topics({ action: 'delete', topic: 'pinned', ifExists: true })).toEqual({ code: 0, out: '' });
  });

  it('lists under-replicated partitions once a broker is fenced out of the ISR', async () => {
    expect(await topics({ action: 'create', topic: 'urp', partitions: 2, replicationFactor: 3 })).toMatchObject({
      code: 0,
    });
    expect((await topics({ action: 'describe', topic: 'urp', underReplicatedPartitions: true })).out).toBe('');
    await cluster.fence(3);
    const { out } = await topics({ action: 'describe', topic: 'urp', underReplicatedPartitions: true });
    const lines = out.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(/^\tTopic: urp\tPartition: \d\tLeader: [12]\tReplicas: [123],[123],[123]\tIsr: [12],[12]$/);
    }
  });
});
