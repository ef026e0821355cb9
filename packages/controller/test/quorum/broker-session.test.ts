// Intent: connection-based broker liveness - a broker whose BrokerSession stream breaks and is not reopened is fenced
// (its leaderships move to other ISR members with a bumped leader epoch) within about a second instead of after the
// 9 s broker session timeout; one that reopens within the grace is not; a controlled shutdown is not fenced a second
// time when its stream closes; and after the active controller dies, the brokers that live on are not fenced while the
// one that died with it is, within the takeover window.
import type { MetadataImage } from '@tributary/metadata';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerLifecycle, type QuorumController } from '../../src/index.js';
import { ControllerRpcClient } from '../../src/quorum/controller-rpc-client.js';
import { CLUSTER_ID, logger, startBrokerLifecycle, TestCluster, waitFor } from './cluster-fixture.js';

let cluster: TestCluster | null = null;
const lifecycles: BrokerLifecycle[] = [];
const rpcClients: ControllerRpcClient[] = [];
afterEach(async () => {
  await Promise.all(lifecycles.splice(0).map((l) => l.close()));
  for (const client of rpcClients.splice(0)) client.close();
  await cluster?.close();
  cluster = null;
});

const SESSION_TIMEOUT_MS = 9000;
const partitions = (image: MetadataImage) => [...(image.topicsByName.get('t')?.partitions.values() ?? [])];

/**
 * Three voters; brokers 1..3 registered and unfenced, all through one follower controller ('follower': their
 * sessions are gRPC streams to the active one) or each as the local broker of its own controller ('combined', 2 s
 * heartbeats); topic t with 3 partitions on all three brokers.
 */
async function clusterWithBrokers(mode: 'follower' | 'combined') {
  cluster = await TestCluster.create([1, 2, 3], { brokerSessionTimeoutMs: SESSION_TIMEOUT_MS });
  await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
  const active = await cluster.waitForActive();
  const follower = cluster.followers()[0];
  const brokers = new Map<number, BrokerLifecycle>();
  for (const id of [1, 2, 3]) {
    const lifecycle =
      mode === 'follower'
        ? startBrokerLifecycle(follower, id)
        : cluster.controllers
            .get(id)!
            .startLocalBroker({ host: 'localhost', port: 9092 + id, rack: null }, { heartbeatIntervalMs: 2000 });
    lifecycles.push(lifecycle);
    brokers.set(id, lifecycle);
  }
  await waitFor('three unfenced brokers', () =>
    [1, 2, 3].every((id) => active.image().brokers.get(id)?.fenced === false),
  );
  const assignments = [0, 1, 2].map((p) => ({
    partitionIndex: p,
    brokerIds: [1 + p, 1 + ((p + 1) % 3), 1 + ((p + 2) % 3)],
  }));
  const [created] = await active.createTopics(
    [{ name: 't', numPartitions: -1, replicationFactor: -1, assignments, configs: {} }],
    { validateOnly: false },
  );
  expect(created.errorCode).toBe(0);
  return { active, follower, brokers };
}

/** Records every fenced/unfenced transition of `brokerId` seen by `controller`. */
function fenceTransitions(controller: QuorumController, brokerId: number): boolean[] {
  const seen: boolean[] = [];
  let last = controller.image().brokers.get(brokerId)?.fenced;
  controller.onImage((image) => {
    const fenced = image.brokers.get(brokerId)?.fenced;
    if (fenced !== undefined && fenced !== last) seen.push(fenced);
    last = fenced;
  });
  return seen;
}

describe('BrokerSession: connection-based liveness (3 voters, in process)', () => {
  it('fences a broker whose session stream breaks within ~1 s and moves its leadership with leaderEpoch + 1', async () => {
    const { active, brokers } = await clusterWithBrokers('follower');
    const before = partitions(active.image()).find((p) => p.leader === 1)!;
    expect(before).toBeDefined();
    const stoppedAt = Date.now();
    await brokers.get(1)!.close(); // heartbeats stop and the stream is cancelled, as a reset connection is seen
    await waitFor('broker 1 fenced', () => active.image().brokers.get(1)?.fenced === true, 3000);
    const elapsed = Date.now() - stoppedAt;
    expect(elapsed).toBeLessThan(1500);
    const after = partitions(active.image()).find((p) => p.partition === before.partition)!;
    expect(after.leader).not.toBe(1);
    expect(after.leader).toBeGreaterThan(0);
    expect(after.leaderEpoch).toBe(before.leaderEpoch + 1);
    expect(after.isr).not.toContain(1);
  });

  it('does not fence a broker that reopens its stream within the grace, and fences it once it does not', async () => {
    cluster = await TestCluster.create([1, 2, 3], { brokerSessionTimeoutMs: SESSION_TIMEOUT_MS });
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    const active = await cluster.waitForActive();
    // Register and heartbeat without a session keeper, then hold the session by hand.
    const lifecycle = new BrokerLifecycle({
      channel: {
        registerBroker: (request) => active.registerBroker(request),
        brokerHeartbeat: (request) => active.brokerHeartbeat(request),
      },
      clusterId: CLUSTER_ID,
      brokerId: 7,
      endpoint: { host: 'localhost', port: 9099, rack: null },
      metadataOffset: () => active.image().offset,
      logger,
      heartbeatIntervalMs: 200,
    });
    lifecycle.start();
    lifecycles.push(lifecycle);
    await waitFor('broker 7 unfenced', () => active.image().brokers.get(7)?.fenced === false);
    const transitions = fenceTransitions(active, 7);
    const client = new ControllerRpcClient(`127.0.0.1:${active.port}`);
    rpcClients.push(client);
    const request = { clusterId: CLUSTER_ID, brokerId: 7, brokerEpoch: lifecycle.brokerEpoch.toString() };
    const open = async () => {
      const abort = new AbortController();
      let opened = false;
      const held = client.holdBrokerSession(request, abort.signal, () => {
        opened = true;
      });
      await waitFor('session accepted', () => opened);
      return { abort, held };
    };
    const first = await open();
    first.abort.abort();
    await first.held;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await open(); // within the 500 ms grace
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(transitions).toEqual([]);
    expect(active.image().brokers.get(7)?.fenced).toBe(false);

    // A third stream replaces the second (one stream per broker id): the replaced one is ended by the controller.
    const secondEnd = second.held.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    const third = await open();
    expect(await secondEnd).toMatch(/replaced/);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(transitions).toEqual([]);

    // Now the stream breaks for good while heartbeats go on: fenced after the grace (then unfenced by a heartbeat).
    third.abort.abort();
    await third.held;
    await waitFor('broker 7 fenced after the grace', () => transitions[0] === true, 1500);
  });

  it('does not fence a broker a second time when its stream closes after a controlled shutdown', async () => {
    const { active, follower, brokers } = await clusterWithBrokers('follower');
    const transitions = fenceTransitions(active, 2);
    const before = active.image().brokers.get(2)!.epoch;
    const outcome = await brokers.get(2)!.controlledShutdown({ image: () => follower.image(), timeoutMs: 5000 });
    expect(outcome).toMatchObject({ completed: true, leadershipsLeft: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1200)); // past the disconnect grace
    expect(transitions).toEqual([true]);
    const broker = active.image().brokers.get(2)!;
    expect(broker).toMatchObject({ fenced: true, inControlledShutdown: true, epoch: before });
  });

  it('after the active controller dies, fences the broker that died with it within the takeover window only', async () => {
    // Combined nodes with 2 s heartbeats: within the 1 s takeover window only the reopened sessions keep them alive.
    const { active } = await clusterWithBrokers('combined');
    const dead = active.nodeId;
    const survivors = [1, 2, 3].filter((id) => id !== dead);
    const stoppedAt = Date.now();
    await cluster!.stop(dead); // no leadership transfer: like kill -9 of a combined node
    const next = await cluster!.waitForActive(5000);
    const transitions = survivors.map((id) => fenceTransitions(next, id));
    await waitFor(`broker ${dead} fenced`, () => next.image().brokers.get(dead)?.fenced === true, 5000);
    expect(Date.now() - stoppedAt).toBeLessThan(SESSION_TIMEOUT_MS / 2);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the takeover window is over
    expect(transitions).toEqual([[], []]);
    for (const id of survivors) expect(next.image().brokers.get(id)?.fenced).toBe(false);
  });
});
