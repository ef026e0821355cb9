// Intent: createTopics validates exactly as Kafka does (names, collisions, counts, assignments, configs) and, when
// valid, produces Topic/Config/Partition records whose replay yields the requested topic.
import { describe, expect, it } from 'vitest';
import { createTopics, MetadataErrorCode as E, seededRandom, TOPIC_NAME_LENGTH_MAX, ZERO_UUID } from '../src/index.js';
import { apply, CLUSTER_ID, clusterOf, create, DEFAULTS, spec } from './fixtures.js';

describe('createTopics', () => {
  it('creates a topic with default partitions and replication, led by its first ISR member', () => {
    const { result, image } = create(clusterOf(3), [spec('orders')]);
    const [response] = result.response;
    expect(response).toMatchObject({
      name: 'orders',
      errorCode: 0,
      errorMessage: null,
      numPartitions: 1,
      replicationFactor: 1,
    });
    expect(response.topicId).not.toBe(ZERO_UUID);
    expect(result.records.map((r) => r.type)).toEqual(['Topic', 'Partition']);
    const topic = image.topicsByName.get('orders')!;
    expect(image.topicsById.get(response.topicId)).toBe(topic);
    const partition = topic.partitions.get(0)!;
    expect(partition).toMatchObject({ leaderEpoch: 0, partitionEpoch: 0, leaderRecoveryState: 0 });
    expect(partition.isr).toEqual(partition.replicas);
    expect(partition.leader).toBe(partition.replicas[0]);
  });

  it('honours explicit partition counts, replication factors and configs, and reports the configs', () => {
    const { result, image } = create(clusterOf(3), [
      spec('events', {
        numPartitions: 6,
        replicationFactor: 3,
        configs: { 'retention.ms': '1000', 'cleanup.policy': 'compact' },
      }),
    ]);
    const [response] = result.response;
    expect(response).toMatchObject({ errorCode: 0, numPartitions: 6, replicationFactor: 3 });
    const retention = response.configs.find((c) => c.name === 'retention.ms')!;
    expect(retention).toMatchObject({ value: '1000', configSource: 1, readOnly: false, isSensitive: false });
    expect(response.configs.find((c) => c.name === 'segment.bytes')).toMatchObject({
      value: '1073741824',
      configSource: 5,
    });
    const topic = image.topicsByName.get('events')!;
    expect(topic.partitions.size).toBe(6);
    expect(topic.configs.get('cleanup.policy')).toBe('compact');
    for (const state of topic.partitions.values()) expect(new Set(state.replicas).size).toBe(3);
  });

  it.each([
    ['', "Topic name is illegal, it can't be empty"],
    ['.', 'Topic name cannot be "." or ".."'],
    ['..', 'Topic name cannot be "." or ".."'],
    ['a'.repeat(TOPIC_NAME_LENGTH_MAX + 1), "can't be longer than 249 characters"],
    ['bad name', "contains a character other than ASCII alphanumerics, '.', '_' and '-'"],
    ['ümlaut', 'contains a character other than ASCII alphanumerics'],
  ])('rejects the illegal name %j with INVALID_TOPIC_EXCEPTION', (name, message) => {
    const { result } = create(clusterOf(1), [spec(name)]);
    expect(result.response[0]).toMatchObject({
      errorCode: E.INVALID_TOPIC_EXCEPTION,
      topicId: ZERO_UUID,
      numPartitions: -1,
    });
    expect(result.response[0].errorMessage).toContain(message);
    expect(result.records).toEqual([]);
  });

  it('accepts a name of exactly 249 legal characters', () => {
    const { result } = create(clusterOf(1), [spec(`a.b_c-D9${'x'.repeat(TOPIC_NAME_LENGTH_MAX - 8)}`)]);
    expect(result.response[0].errorCode).toBe(0);
  });

  it("reports '.' vs '_' collisions with existing topics and within one request", () => {
    const { image } = create(clusterOf(1), [spec('a.b')]);
    const { result } = create(image, [spec('a_b'), spec('x_y'), spec('x.y')]);
    expect(result.response.map((r) => r.errorCode)).toEqual([E.INVALID_TOPIC_EXCEPTION, 0, E.INVALID_TOPIC_EXCEPTION]);
    expect(result.response[0].errorMessage).toBe("Topic 'a_b' collides with existing topic: a.b");
  });

  it('rejects an existing topic with TOPIC_ALREADY_EXISTS and duplicates in one request with INVALID_REQUEST', () => {
    const { image } = create(clusterOf(1), [spec('t')]);
    const { result } = create(image, [spec('t'), spec('dup'), spec('dup')]);
    expect(result.response.map((r) => r.errorCode)).toEqual([
      E.TOPIC_ALREADY_EXISTS,
      E.INVALID_REQUEST,
      E.INVALID_REQUEST,
    ]);
    expect(result.response[0].errorMessage).toBe("Topic 't' already exists.");
  });

  it('rejects bad partition counts and replication factors', () => {
    const { result } = create(clusterOf(2), [
      spec('zero', { numPartitions: 0 }),
      spec('negative-rf', { replicationFactor: -2 }),
      spec('too-many', { replicationFactor: 3 }),
    ]);
    expect(result.response.map((r) => r.errorCode)).toEqual([
      E.INVALID_PARTITIONS,
      E.INVALID_REPLICATION_FACTOR,
      E.INVALID_REPLICATION_FACTOR,
    ]);
    expect(result.response[2].errorMessage).toContain('only 2 broker(s) are registered');
  });

  it('counts only unfenced brokers towards the replication factor', () => {
    let image = clusterOf(3);
    image = apply(image, {
      records: [{ type: 'FenceBroker', id: 2, epoch: image.brokers.get(2)!.epoch }],
      response: undefined,
    });
    const { result } = create(image, [spec('rf3', { replicationFactor: 3 }), spec('rf2', { replicationFactor: 2 })]);
    expect(result.response.map((r) => r.errorCode)).toEqual([E.INVALID_REPLICATION_FACTOR, 0]);
  });

  it('honours valid manual assignments and rejects invalid ones', () => {
    const image = clusterOf(3);
    const manual = (assignments: { partitionIndex: number; brokerIds: number[] }[], extra = {}) =>
      spec(`m${Math.random().toString(36).slice(2, 8)}`, { assignments, ...extra });
    const { result, image: after } = create(image, [
      manual([
        { partitionIndex: 1, brokerIds: [2, 0] },
        { partitionIndex: 0, brokerIds: [1, 2] },
      ]),
      manual([{ partitionIndex: 0, brokerIds: [0] }], { numPartitions: 1 }),
      manual([{ partitionIndex: 1, brokerIds: [0] }]),
      manual([{ partitionIndex: 0, brokerIds: [0, 0] }]),
      manual([{ partitionIndex: 0, brokerIds: [7] }]),
      manual([
        { partitionIndex: 0, brokerIds: [0] },
        { partitionIndex: 1, brokerIds: [0, 1] },
      ]),
    ]);
    expect(result.response.map((r) => r.errorCode)).toEqual([
      0,
      E.INVALID_REQUEST,
      E.INVALID_REPLICA_ASSIGNMENT,
      E.INVALID_REPLICA_ASSIGNMENT,
      E.INVALID_REPLICA_ASSIGNMENT,
      E.INVALID_REPLICA_ASSIGNMENT,
    ]);
    const topic = after.topicsByName.get(result.response[0].name)!;
    expect(topic.partitions.get(0)!.replicas).toEqual([1, 2]);
    expect(topic.partitions.get(1)!).toMatchObject({ replicas: [2, 0], leader: 2 });
  });

  it('puts only unfenced replicas of a manual assignment in the ISR, and refuses an all-fenced one', () => {
    let image = clusterOf(2);
    image = apply(image, {
      records: [{ type: 'FenceBroker', id: 1, epoch: image.brokers.get(1)!.epoch }],
      response: undefined,
    });
    const { result, image: after } = create(image, [
      spec('half', { assignments: [{ partitionIndex: 0, brokerIds: [1, 0] }] }),
      spec('none', { assignments: [{ partitionIndex: 0, brokerIds: [1] }] }),
    ]);
    expect(result.response.map((r) => r.errorCode)).toEqual([0, E.INVALID_REPLICA_ASSIGNMENT]);
    expect(after.topicsByName.get('half')!.partitions.get(0)).toMatchObject({ replicas: [1, 0], isr: [0], leader: 0 });
  });

  it('rejects unknown configs and bad values with INVALID_CONFIG', () => {
    const { result } = create(clusterOf(1), [
      spec('c1', { configs: { 'no.such.config': '1' } }),
      spec('c2', { configs: { 'retention.ms': 'soon' } }),
      spec('c3', { configs: { 'cleanup.policy': 'delete,compact' } }),
    ]);
    expect(result.response.map((r) => r.errorCode)).toEqual([E.INVALID_CONFIG, E.INVALID_CONFIG, 0]);
    expect(result.response[0].errorMessage).toBe('Unknown topic config name: no.such.config');
  });

  it('validateOnly answers as a real create would but returns no records', () => {
    const image = clusterOf(2);
    const result = createTopics(image, [spec('v', { numPartitions: 4 }), spec('v.')], {
      validateOnly: true,
      defaults: DEFAULTS,
      random: seededRandom(3),
    });
    expect(result.records).toEqual([]);
    expect(result.response.map((r) => [r.errorCode, r.numPartitions])).toEqual([
      [0, 4],
      [0, 1],
    ]);
  });

  it('refuses a batch larger than the per-command record limit with POLICY_VIOLATION', () => {
    const { result } = create(clusterOf(1), [spec('huge', { numPartitions: 10_001 })]);
    expect(result.response[0].errorCode).toBe(E.POLICY_VIOLATION);
  });

  it('derives topic ids from the injected random source: same seed, same ids', () => {
    const image = clusterOf(3);
    const a = create(image, [spec('x'), spec('y')], 42).result.response.map((r) => r.topicId);
    const b = create(image, [spec('x'), spec('y')], 42).result.response.map((r) => r.topicId);
    const c = create(image, [spec('x'), spec('y')], 43).result.response.map((r) => r.topicId);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a).size).toBe(2);
    expect(image.clusterId).toBe(CLUSTER_ID);
  });
});
