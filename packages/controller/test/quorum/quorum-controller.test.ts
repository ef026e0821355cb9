// Intent: three in-process QuorumControllers over real gRPC elect one active controller, forward commands from
// followers, keep every committed topic across a hard leader stop and restart, and catch up late/restarted nodes.
import { afterEach, describe, expect, it } from 'vitest';
import { type BrokerLifecycle, NOT_CONTROLLER, type QuorumController } from '../../src/index.js';
import { startBrokerLifecycle, TestCluster, waitFor } from './cluster-fixture.js';

let cluster: TestCluster | null = null;
const lifecycles: BrokerLifecycle[] = [];
afterEach(async () => {
  await Promise.all(lifecycles.splice(0).map((l) => l.close()));
  await cluster?.close();
  cluster = null;
});

/** Registers broker `brokerId` through `controller` (forwarded when it is a follower) and waits until unfenced. */
async function registerBroker(controller: QuorumController, brokerId: number): Promise<BrokerLifecycle> {
  const lifecycle = startBrokerLifecycle(controller, brokerId);
  lifecycles.push(lifecycle);
  await waitFor(`broker ${brokerId} unfenced`, () => !lifecycle.isFenced());
  return lifecycle;
}

const topic = (name: string, numPartitions = 1) => ({
  name,
  numPartitions,
  replicationFactor: -1,
  assignments: [],
  configs: {},
});

describe('QuorumController (3 voters, in process)', () => {
  it('elects a leader, forwards createTopics from a follower and replicates the topic to every image', async () => {
    cluster = await TestCluster.create([1, 2, 3]);
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    const leader = await cluster.waitForActive();
    const follower = cluster.followers()[0];
    await registerBroker(follower, 101);
    const [result] = await follower.createTopics([topic('orders', 3)], { validateOnly: false });
    expect(result.errorCode).toBe(0);
    for (const controller of cluster.controllers.values()) {
      await waitFor(`orders on node ${controller.nodeId}`, () => controller.image().topicsByName.get('orders'));
      expect(controller.image().topicsByName.get('orders')?.topicId).toBe(result.topicId);
      expect(controller.activeControllerId()).toBe(leader.nodeId);
    }
  });
});

describe('QuorumController failover and catch-up', () => {
  it('elects a new leader with a higher term within 3 s of a hard leader stop, keeps topics, and the old leader rejoins', async () => {
    // Production Raft timing (100 ms ticks, 10-tick election timeout) so the failover time is representative.
    cluster = await TestCluster.create([1, 2, 3], { tickMs: 100 });
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    const leader = await cluster.waitForActive();
    await registerBroker(leader, 101);
    const [created] = await leader.createTopics([topic('payments', 2)], { validateOnly: false });
    expect(created.errorCode).toBe(0);
    const oldTerm = leader.log.node.status().term;
    const oldId = leader.nodeId;

    await lifecycles.splice(0)[0].close();
    const stoppedAt = Date.now();
    await cluster.stop(oldId, false);
    const next = await cluster.waitForActive(3000);
    const failoverMs = Date.now() - stoppedAt;
    expect(next.nodeId).not.toBe(oldId);
    expect(next.log.node.status().term).toBeGreaterThan(oldTerm);
    expect(failoverMs).toBeLessThan(3000);
    expect(next.image().topicsByName.get('payments')?.topicId).toBe(created.topicId);

    // A write while the old leader is down, so it has something to catch up on.
    await registerBroker(next, 102);
    const [later] = await next.createTopics([topic('refunds')], { validateOnly: false });
    expect(later.errorCode).toBe(0);

    const rejoined = await cluster.start(oldId);
    await waitFor('old leader caught up', () => rejoined.image().topicsByName.has('refunds'));
    expect(rejoined.isActive()).toBe(false);
    expect(rejoined.image().topicsByName.get('payments')?.topicId).toBe(created.topicId);
    expect(rejoined.image().offset).toBe(next.image().offset);
  });

  it('a voter started after compaction learns every topic through InstallSnapshot', async () => {
    cluster = await TestCluster.create([1, 2, 3], { snapshotEveryEntries: 5 });
    await Promise.all([1, 2].map((id) => cluster!.start(id)));
    const leader = await cluster.waitForActive();
    await registerBroker(leader, 101);
    for (let i = 0; i < 12; i++) {
      const [result] = await leader.createTopics([topic(`t${i}`)], { validateOnly: false });
      expect(result.errorCode).toBe(0);
    }
    await waitFor('leader compacted', () => leader.log.node.status().snapshotIndex > 0);
    const late = await cluster.start(3);
    await waitFor('late voter has all topics', () => late.image().topicsByName.size === 12);
    expect(late.log.node.status().snapshotIndex).toBeGreaterThan(0);
    expect([...late.image().topicsByName.keys()].sort()).toEqual([...leader.image().topicsByName.keys()].sort());
    expect(late.image().offset).toBe(leader.image().offset);
  });
});

describe('QuorumController graceful shutdown', () => {
  it('hands leadership to a caught-up voter before closing, faster than an election timeout', async () => {
    cluster = await TestCluster.create([1, 2, 3], { tickMs: 100 });
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    const leader = await cluster.waitForActive();
    await registerBroker(leader, 101);
    const term = leader.log.node.status().term;
    const startedAt = Date.now();
    await cluster.stop(leader.nodeId, true);
    const next = await cluster.waitForActive(3000);
    // A transfer (MsgTimeoutNow) skips the 1000-2000 ms election timeout a crash would cost.
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(next.log.node.status().term).toBe(term + 1);
    expect(next.image().brokers.has(101)).toBe(true);
  });
});

describe('combined broker,controller nodes', () => {
  it('each local broker registers through its own controller and is unfenced, so RF 3 topics can be placed', async () => {
    cluster = await TestCluster.create([1, 2, 3]);
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    const leader = await cluster.waitForActive();
    const brokers = [...cluster.controllers.values()].map((c) =>
      c.startLocalBroker({ host: 'localhost', port: 9092 + c.nodeId, rack: null }, { heartbeatIntervalMs: 200 }),
    );
    await waitFor('all local brokers unfenced', () => brokers.every((b) => !b.isFenced()));
    const [result] = await leader.createTopics([{ ...topic('replicated', 2), replicationFactor: 3 }], {
      validateOnly: false,
    });
    expect(result.errorCode).toBe(0);
    const partitions = [...leader.image().topicsByName.get('replicated')!.partitions.values()];
    expect(partitions.every((p) => [...p.isr].sort().join() === '1,2,3')).toBe(true);
  });
});

describe('QuorumController without a quorum', () => {
  it('answers NOT_CONTROLLER once no active controller appears within forwardTimeoutMs, and a single voter leads at once', async () => {
    cluster = await TestCluster.create([1, 2, 3], { forwardTimeoutMs: 500 });
    const lonely = await cluster.start(1);
    const startedAt = Date.now();
    const [result] = await lonely.createTopics([topic('nowhere')], { validateOnly: false });
    expect(result.errorCode).toBe(NOT_CONTROLLER);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(500);
    expect(lonely.activeControllerId()).toBe(-1);
    await cluster.close();

    cluster = await TestCluster.create([1], { tickMs: 100 });
    const single = await cluster.start(1);
    const openedAt = Date.now();
    await cluster.waitForActive(1000);
    // Well inside the 1000-2000 ms election timeout a multi-voter quorum would wait.
    expect(Date.now() - openedAt).toBeLessThan(500);
    expect(single.activeControllerId()).toBe(1);
  });
});
