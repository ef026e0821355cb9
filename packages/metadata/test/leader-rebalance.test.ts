// Intent: automatic preferred-leader rebalancing gives a returning broker back the partitions it prefers once it is
// an eligible ISR member and its imbalance exceeds leader.imbalance.per.broker.percentage, and never otherwise.
import { describe, expect, it } from 'vitest';
import {
  alterPartition,
  fenceBroker,
  leaderImbalance,
  type MetadataImage,
  rebalancePreferredLeaders,
  unfenceBroker,
} from '../src/index.js';
import { apply, clusterOf, create, spec } from './fixtures.js';

/** Six partitions; the preferred (first) replica of partition p is broker p % 3. */
function sixPartitions(): MetadataImage {
  const assignments = Array.from({ length: 6 }, (_, p) => ({
    partitionIndex: p,
    brokerIds: [p % 3, (p + 1) % 3, (p + 2) % 3],
  }));
  return create(clusterOf(3), [spec('t', { assignments })]).image;
}
const partitions = (image: MetadataImage) => [...image.topicsByName.get('t')!.partitions.values()];

/** Every leader adds `brokerId` back to its ISR, as a leader does once the follower caught up. */
function rejoinIsr(image: MetadataImage, brokerId: number): MetadataImage {
  let next = image;
  for (const state of partitions(image)) {
    if (state.isr.includes(brokerId)) continue;
    const leader = next.brokers.get(state.leader)!;
    const result = alterPartition(next, {
      brokerId: state.leader,
      brokerEpoch: leader.epoch,
      topicId: next.topicsByName.get('t')!.topicId,
      partitionIndex: state.partition,
      leaderEpoch: state.leaderEpoch,
      partitionEpoch: state.partitionEpoch,
      newIsr: [...state.isr, brokerId],
      leaderRecoveryState: 0,
    });
    expect(result.response.errorCode).toBe(0);
    next = apply(next, result);
  }
  return next;
}

describe('leader imbalance and preferred-leader rebalancing', () => {
  it('reports nothing to do on a balanced cluster', () => {
    const image = sixPartitions();
    expect(leaderImbalance(image).map((b) => b.percentage)).toEqual([0, 0, 0]);
    expect(rebalancePreferredLeaders(image, 10)).toEqual({ records: [], response: [] });
  });

  it('moves leadership back to a broker that returned and rejoined the ISR, with bumped leader epochs', () => {
    const start = sixPartitions();
    const fenced = apply(start, fenceBroker(start, 0));
    expect(partitions(fenced).filter((p) => p.leader === 0)).toEqual([]);
    expect(leaderImbalance(fenced)[0]).toMatchObject({ brokerId: 0, preferred: 2, notLed: 2, percentage: 100 });

    // Unfenced but not yet in any ISR: it cannot lead yet.
    const back = apply(fenced, unfenceBroker(fenced, 0));
    expect(rebalancePreferredLeaders(back, 10).records).toEqual([]);

    const caughtUp = rejoinIsr(back, 0);
    const result = rebalancePreferredLeaders(caughtUp, 10);
    expect(result.response.map((r) => r.partition).sort()).toEqual([0, 3]);
    const after = apply(caughtUp, result);
    for (const state of partitions(after)) expect(state.leader).toBe(state.replicas[0]);
    for (const p of [0, 3]) {
      const before = caughtUp.topicsByName.get('t')!.partitions.get(p)!;
      expect(after.topicsByName.get('t')!.partitions.get(p)!.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
    }
    expect(rebalancePreferredLeaders(after, 10).records).toEqual([]);
  });

  it('leaves a broker alone while its imbalance is within the allowed percentage', () => {
    const start = sixPartitions();
    const fenced = apply(start, fenceBroker(start, 0));
    const caughtUp = rejoinIsr(apply(fenced, unfenceBroker(fenced, 0)), 0);
    // Broker 0 leads none of its 2 preferred partitions: 100 % imbalance, above 99 but not above 100.
    expect(rebalancePreferredLeaders(caughtUp, 100).records).toEqual([]);
    expect(rebalancePreferredLeaders(caughtUp, 99).response).toHaveLength(2);
  });

  it('does not elect a preferred replica that is fenced', () => {
    const start = sixPartitions();
    const fenced = apply(start, fenceBroker(start, 0));
    expect(rebalancePreferredLeaders(fenced, 0).records).toEqual([]);
  });
});
