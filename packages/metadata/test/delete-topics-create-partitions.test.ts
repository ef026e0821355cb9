// Intent: deleteTopics removes exactly the named topics (with Kafka's errors for the rest) and createPartitions only
// ever adds partitions, keeping the topic's replication factor and honouring valid manual assignments.
import { describe, expect, it } from 'vitest';
import { createPartitions, deleteTopics, MetadataErrorCode as E, seededRandom, ZERO_UUID } from '../src/index.js';
import { apply, clusterOf, create, spec } from './fixtures.js';

describe('deleteTopics', () => {
  it('removes a topic and its partitions and reports its id', () => {
    const { image, result: created } = create(clusterOf(1), [spec('a'), spec('b')]);
    const result = deleteTopics(image, ['a', 'missing']);
    expect(result.response).toEqual([
      { name: 'a', topicId: created.response[0].topicId, errorCode: 0, errorMessage: null },
      {
        name: 'missing',
        topicId: ZERO_UUID,
        errorCode: E.UNKNOWN_TOPIC_OR_PARTITION,
        errorMessage: 'This server does not host this topic-partition.',
      },
    ]);
    const after = apply(image, result);
    expect([...after.topicsByName.keys()]).toEqual(['b']);
    expect(after.topicsById.has(created.response[0].topicId)).toBe(false);
  });

  it('refuses a name listed twice with INVALID_REQUEST and deletes nothing for it', () => {
    const { image } = create(clusterOf(1), [spec('a')]);
    const result = deleteTopics(image, ['a', 'a']);
    expect(result.response.map((r) => r.errorCode)).toEqual([E.INVALID_REQUEST, E.INVALID_REQUEST]);
    expect(result.records).toEqual([]);
  });

  it('lets a deleted name be created again with a new id', () => {
    const { image, result: first } = create(clusterOf(1), [spec('again')], 1);
    const { result: second } = create(apply(image, deleteTopics(image, ['again'])), [spec('again')], 2);
    expect(second.response[0].errorCode).toBe(0);
    expect(second.response[0].topicId).not.toBe(first.response[0].topicId);
  });
});

describe('createPartitions', () => {
  const run = (image: Parameters<typeof createPartitions>[0], requests: Parameters<typeof createPartitions>[1]) =>
    createPartitions(image, requests, { validateOnly: false, random: seededRandom(5) });

  it('adds partitions with the same replication factor, continuing the ids', () => {
    const { image } = create(clusterOf(3), [spec('t', { numPartitions: 2, replicationFactor: 2 })]);
    const result = run(image, [{ name: 't', count: 5, assignments: null }]);
    expect(result.response).toEqual([{ name: 't', errorCode: 0, errorMessage: null }]);
    const topic = apply(image, result).topicsByName.get('t')!;
    expect([...topic.partitions.keys()]).toEqual([0, 1, 2, 3, 4]);
    for (const state of topic.partitions.values()) expect(state.replicas).toHaveLength(2);
  });

  it('only increases: equal or smaller counts are INVALID_PARTITIONS', () => {
    const { image } = create(clusterOf(1), [spec('t', { numPartitions: 3 })]);
    const result = run(image, [
      { name: 't', count: 3, assignments: null },
      { name: 'missing', count: 3, assignments: null },
    ]);
    expect(result.response.map((r) => r.errorCode)).toEqual([E.INVALID_PARTITIONS, E.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(result.response[0].errorMessage).toBe('Topic already has 3 partition(s).');
    const shrink = run(image, [{ name: 't', count: 2, assignments: null }]);
    expect(shrink.response[0]).toMatchObject({
      errorCode: E.INVALID_PARTITIONS,
      errorMessage: 'The topic t currently has 3 partition(s); 2 would not be an increase.',
    });
  });

  it('honours manual assignments for the new partitions and checks their shape', () => {
    const { image } = create(clusterOf(3), [spec('t', { numPartitions: 1, replicationFactor: 2 })]);
    const good = run(image, [
      {
        name: 't',
        count: 3,
        assignments: [
          [2, 1],
          [0, 2],
        ],
      },
    ]);
    expect(good.response[0].errorCode).toBe(0);
    const topic = apply(image, good).topicsByName.get('t')!;
    expect(topic.partitions.get(1)!.replicas).toEqual([2, 1]);
    expect(topic.partitions.get(2)!).toMatchObject({ replicas: [0, 2], leader: 0 });
    const bad = run(image, [{ name: 't', count: 3, assignments: [[2, 1]] }]);
    expect(bad.response[0].errorCode).toBe(E.INVALID_REPLICA_ASSIGNMENT);
    const wrongFactor = run(image, [{ name: 't', count: 2, assignments: [[2]] }]);
    expect(wrongFactor.response[0].errorMessage).toContain('not consistent with previous partitions');
  });

  it('validateOnly returns the answers but no records', () => {
    const { image } = create(clusterOf(1), [spec('t')]);
    const result = createPartitions(image, [{ name: 't', count: 4, assignments: null }], {
      validateOnly: true,
      random: seededRandom(1),
    });
    expect(result).toEqual({ records: [], response: [{ name: 't', errorCode: 0, errorMessage: null }] });
  });
});
