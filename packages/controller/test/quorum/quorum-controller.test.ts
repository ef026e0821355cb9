// Intent: three in-process QuorumControllers over real gRPC elect one active controller, forward commands from
// followers, keep every committed topic across a hard leader stop and restart, and catch up late/restarted nodes.
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerLifecycle, type QuorumController } from '../../src/index.js';
import { CLUSTER_ID, logger, TestCluster, waitFor } from './cluster-fixture.js';

let cluster: TestCluster | null = null;
const lifecycles: BrokerLifecycle[] = [];
afterEach(async () => {
  await Promise.all(lifecycles.splice(0).map((l) => l.close()));
  await cluster?.close();
  cluster = null;
});

/** Registers broker `brokerId` through `controller` (forwarded when it is a follower) and waits until unfenced. */
async function registerBroker(controller: QuorumController, brokerId: number): Promise<BrokerLifecycle> {
  const lifecycle = new BrokerLifecycle({
    channel: controller,
    clusterId: CLUSTER_ID,
    brokerId,
    endpoint: { host: 'localhost', port: 9092 + brokerId, rack: null },
    metadataOffset: () => controller.image().offset,
    logger,
    heartbeatIntervalMs: 200,
  });
  lifecycles.push(lifecycle);
  lifecycle.start();
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
