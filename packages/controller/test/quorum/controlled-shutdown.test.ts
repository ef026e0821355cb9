// Intent: a broker's controlled shutdown through the quorum moves every leadership it holds to other ISR members
// before it stops (so a rolling restart leaves no partition leaderless), its next incarnation registers at once, and
// automatic preferred-leader rebalancing hands its preferred partitions back once it has rejoined their ISRs.
import type { MetadataImage } from '@tributary/metadata';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerLifecycle, QuorumController } from '../../src/index.js';
import { startBrokerLifecycle, TestCluster, waitFor } from './cluster-fixture.js';

let cluster: TestCluster | null = null;
const lifecycles: BrokerLifecycle[] = [];
afterEach(async () => {
  await Promise.all(lifecycles.splice(0).map((l) => l.close()));
  await cluster?.close();
  cluster = null;
});

function startBroker(controller: QuorumController, brokerId: number): BrokerLifecycle {
  const lifecycle = startBrokerLifecycle(controller, brokerId);
  lifecycles.push(lifecycle);
  return lifecycle;
}

const partitions = (image: MetadataImage) => [...(image.topicsByName.get('t')?.partitions.values() ?? [])];
const ledBy = (image: MetadataImage, brokerId: number) => partitions(image).filter((p) => p.leader === brokerId);

/** Six partitions on brokers 1..3; the preferred replica of partition p is broker 1 + p % 3. */
const assignments = Array.from({ length: 6 }, (_, p) => ({
  partitionIndex: p,
  brokerIds: [1 + (p % 3), 1 + ((p + 1) % 3), 1 + ((p + 2) % 3)],
}));

/** What a partition leader does once a follower caught up: AlterPartition adding it back to the ISR. */
async function rejoinIsr(controller: QuorumController, brokerId: number): Promise<void> {
  const image = controller.image();
  const topicId = image.topicsByName.get('t')!.topicId;
  for (const state of partitions(image)) {
    if (state.isr.includes(brokerId)) continue;
    const response = await controller.alterPartition({
      brokerId: state.leader,
      brokerEpoch: image.brokers.get(state.leader)!.epoch,
      topicId,
      partitionIndex: state.partition,
      leaderEpoch: state.leaderEpoch,
      partitionEpoch: state.partitionEpoch,
      newIsr: [...state.isr, brokerId],
      leaderRecoveryState: 0,
    });
    expect(response.errorCode).toBe(0);
  }
}

describe('controlled shutdown and preferred-leader rebalancing (3 voters, in process)', () => {
  it('moves leaderships away before stopping, re-registers at once, and gets them back by rebalancing', async () => {
    cluster = await TestCluster.create([1, 2, 3], { leaderImbalanceCheckIntervalMs: 200 });
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    const active = await cluster.waitForActive();
    // Broker 2 talks to a follower controller when there is one, so its shutdown goes through forwarding.
    const viaFollower = cluster.followers()[0] ?? active;
    for (const id of [1, 3]) startBroker(active, id);
    const broker2 = startBroker(viaFollower, 2);
    await waitFor('three unfenced brokers', () =>
      [1, 2, 3].every((id) => active.image().brokers.get(id)?.fenced === false),
    );
    const [created] = await active.createTopics(
      [{ name: 't', numPartitions: -1, replicationFactor: -1, assignments, configs: {} }],
      { validateOnly: false },
    );
    expect(created.errorCode).toBe(0);
    await waitFor('topic on the follower', () => partitions(viaFollower.image()).length === 6);
    const before = new Map(partitions(active.image()).map((p) => [p.partition, p.leaderEpoch]));
    expect(ledBy(active.image(), 2).map((p) => p.partition)).toEqual([1, 4]);

    const outcome = await broker2.controlledShutdown({ image: () => viaFollower.image(), timeoutMs: 5000 });
    expect(outcome).toMatchObject({ completed: true, leadershipsLeft: 0 });
    expect(outcome.elapsedMs).toBeLessThan(5000);
    const after = active.image();
    expect(after.brokers.get(2)?.fenced).toBe(true);
    for (const state of partitions(after)) {
      expect(state.leader).not.toBe(2);
      expect(state.leader).toBeGreaterThan(0);
      expect(state.isr).not.toContain(2);
      if (state.partition % 3 === 1) expect(state.leaderEpoch).toBeGreaterThan(before.get(state.partition)!);
    }

    // The next incarnation (a restart) registers immediately: no DUPLICATE_BROKER_REGISTRATION for a session.
    const restarted = startBroker(viaFollower, 2);
    await waitFor('restarted broker 2 unfenced', () => !restarted.isFenced(), 3000);
    expect(ledBy(active.image(), 2)).toEqual([]);
    await rejoinIsr(active, 2);
    const balanced = await waitFor(
      'leadership back on the preferred replicas',
      () => {
        const image = active.image();
        return partitions(image).every((p) => p.leader === p.replicas[0]) && image;
      },
      5000,
    );
    expect(ledBy(balanced, 2).map((p) => p.partition)).toEqual([1, 4]);
  });

  it('a controller with auto.leader.rebalance.enable=false leaves leadership where it is', async () => {
    cluster = await TestCluster.create([1], { leaderImbalanceCheckIntervalMs: 50, autoLeaderRebalanceEnable: false });
    const controller = await cluster.start(1);
    await cluster.waitForActive();
    for (const id of [1, 2, 3]) startBroker(controller, id);
    await waitFor('three unfenced brokers', () =>
      [1, 2, 3].every((id) => controller.image().brokers.get(id)?.fenced === false),
    );
    await controller.createTopics([{ name: 't', numPartitions: -1, replicationFactor: -1, assignments, configs: {} }], {
      validateOnly: false,
    });
    const shutdown = await lifecycles[1].controlledShutdown({ image: () => controller.image() });
    expect(shutdown.completed).toBe(true);
    startBroker(controller, 2);
    await waitFor('broker 2 back', () => controller.image().brokers.get(2)?.fenced === false);
    await rejoinIsr(controller, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ledBy(controller.image(), 2)).toEqual([]);
    // The same check run by hand does move them: the switch is what kept them away.
    expect(await controller.rebalanceLeaders()).toHaveLength(2);
  });
});
