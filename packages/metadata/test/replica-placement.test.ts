// Intent: placement spreads leaders and replicas evenly, uses every rack before reusing one, and is a pure
// function of the brokers and the random seed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PlacementBroker, placeReplicas, seededRandom } from '../src/index.js';

const brokers = (count: number, racks: string[] = []): PlacementBroker[] =>
  Array.from({ length: count }, (_, id) => ({ brokerId: id, rack: racks.length ? racks[id % racks.length] : null }));

function counts(values: number[]): number[] {
  const map = new Map<number, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return [...map.values()];
}

describe('placeReplicas', () => {
  it('gives every broker the same number of leaderships and replicas when the numbers divide', () => {
    const placed = placeReplicas(
      brokers(4),
      { partitionCount: 12, replicationFactor: 3, startPartitionId: 0 },
      seededRandom(9),
    );
    expect(counts(placed.map((replicas) => replicas[0]))).toEqual([3, 3, 3, 3]);
    expect(counts(placed.flat())).toEqual([9, 9, 9, 9]);
  });

  it('puts the replicas of a partition on distinct racks when there are enough racks', () => {
    const placed = placeReplicas(
      brokers(6, ['a', 'b', 'c']),
      { partitionCount: 30, replicationFactor: 3, startPartitionId: 0 },
      seededRandom(4),
    );
    const rackOf = (id: number) => ['a', 'b', 'c'][id % 3];
    for (const replicas of placed) expect(new Set(replicas.map(rackOf)).size).toBe(3);
    expect(counts(placed.map((replicas) => replicas[0]))).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('is deterministic for a seed and varies with it', () => {
    const request = { partitionCount: 8, replicationFactor: 2, startPartitionId: 0 };
    const a = placeReplicas(brokers(5), request, seededRandom(1));
    expect(placeReplicas(brokers(5), request, seededRandom(1))).toEqual(a);
    const others = [2, 3, 4, 5, 6].map((seed) =>
      JSON.stringify(placeReplicas(brokers(5), request, seededRandom(seed))),
    );
    expect(others.some((other) => other !== JSON.stringify(a))).toBe(true);
  });

  it('always returns distinct, known brokers with the requested factor (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer(),
        fc.integer({ min: 0, max: 20 }),
        (brokerCount, partitionCount, rackCount, seed, startPartitionId) => {
          const racks = ['r1', 'r2', 'r3'].slice(0, rackCount);
          const factor = 1 + (Math.abs(seed) % brokerCount);
          const placed = placeReplicas(
            brokers(brokerCount, racks),
            { partitionCount, replicationFactor: factor, startPartitionId },
            seededRandom(seed),
          );
          expect(placed).toHaveLength(partitionCount);
          for (const replicas of placed) {
            expect(replicas).toHaveLength(factor);
            expect(new Set(replicas).size).toBe(factor);
            for (const id of replicas) expect(id >= 0 && id < brokerCount).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a replication factor the brokers cannot hold', () => {
    expect(() =>
      placeReplicas(brokers(2), { partitionCount: 1, replicationFactor: 3, startPartitionId: 0 }, seededRandom(1)),
    ).toThrow();
  });
});
