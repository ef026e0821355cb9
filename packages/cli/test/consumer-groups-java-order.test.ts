// Intent: lines Kafka's tool prints out of a java.util.HashMap come out in the same order here (expected orders
// printed by Java 17 HashMaps of the same keys, inserted in the same order).
import { describe, expect, it } from 'vitest';
import { javaHashMapOrder, javaStringHash, topicPartitionHash } from '../src/commands/consumer-groups-java-order.js';

describe('javaHashMapOrder', () => {
  it('orders group ids as HashMap<String, _> does, including after resizes', () => {
    const listed = ['console-consumer-55603', 'cg-e2e', 'console-consumer-17982'];
    expect(javaHashMapOrder(listed, javaStringHash)).toEqual([
      'console-consumer-55603',
      'console-consumer-17982',
      'cg-e2e',
    ]);
    const many = Array.from({ length: 40 }, (_, i) => `group-${(i * 7919) % 1000}`);
    expect(javaHashMapOrder(many, javaStringHash).join(',')).toBe(
      'group-732,group-975,group-514,group-56,group-757,group-218,group-813,group-838,group-570,group-352,group-595,' +
        'group-299,group-651,group-894,group-433,group-676,group-137,group-380,group-3,group-919,group-0,group-623,' +
        'group-866,group-327,group-922,group-109,group-704,group-947,group-408,group-84,group-461,group-165,group-542,' +
        'group-785,group-246,group-489,group-841,group-190,group-271,group-28',
    );
  });

  it('orders topic partitions as HashMap<TopicPartition, _> does', () => {
    const partitions = ['orders', 'cg-orders', 'zeta', 'a'].flatMap((topic) =>
      Array.from({ length: 6 }, (_, partition) => ({ topic, partition })),
    );
    const ordered = javaHashMapOrder(partitions, (tp) => topicPartitionHash(tp.topic, tp.partition));
    expect(ordered.map((tp) => `${tp.topic}:${tp.partition}`).join(',')).toBe(
      'zeta:0,a:2,zeta:1,a:1,a:0,cg-orders:0,cg-orders:1,cg-orders:2,cg-orders:3,cg-orders:4,zeta:4,cg-orders:5,' +
        'zeta:5,zeta:2,zeta:3,orders:0,orders:1,orders:2,orders:3,orders:4,a:5,orders:5,a:4,a:3',
    );
  });
});
