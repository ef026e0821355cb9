// Intent: while the leader is repeatedly stopped hard and restarted under a steady stream of createTopics from a
// broker-only client, every acknowledged topic survives with its id, and all controllers converge on one image.
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteControllerClient } from '../../src/index.js';
import { CLUSTER_ID, logger, TestCluster, waitFor } from './cluster-fixture.js';

const ROUNDS = Number(process.env.QUORUM_CHURN_ROUNDS ?? 3);

let cluster: TestCluster | null = null;
let client: RemoteControllerClient | null = null;
afterEach(async () => {
  await client?.close();
  await cluster?.close();
  client = null;
  cluster = null;
});

describe('leader churn', () => {
  it(`keeps every acknowledged topic through ${ROUNDS} hard leader stops`, async () => {
    cluster = await TestCluster.create([1, 2, 3], { forwardTimeoutMs: 3000 });
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    await cluster.waitForActive();
    client = new RemoteControllerClient({
      clusterId: CLUSTER_ID,
      nodeId: 100,
      controllers: cluster.voters,
      brokerEndpoint: { host: 'localhost', port: 9092, rack: null },
      logger,
      heartbeatIntervalMs: 200,
      requestTimeoutMs: 4000,
    });
    client.start();
    await waitFor('broker unfenced', () => !client!.lifecycle.isFenced());

    const acked = new Map<string, string>();
    let writing = true;
    let sequence = 0;
    const writer = (async () => {
      while (writing) {
        const name = `churn-${sequence++}`;
        const [result] = await client!
          .createTopics([{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} }], {
            validateOnly: false,
          })
          .catch(() => [{ errorCode: -1, topicId: '' }]);
        if (result.errorCode === 0) acked.set(name, result.topicId);
      }
    })();

    for (let round = 0; round < ROUNDS; round++) {
      const leader = await cluster.waitForActive(5000);
      const before = acked.size;
      await waitFor('writes flowing', () => acked.size >= before + 3, 5000);
      await cluster.stop(leader.nodeId, false);
      await cluster.waitForActive(5000);
      await cluster.start(leader.nodeId);
    }
    writing = false;
    await writer;

    const controllers = [...cluster.controllers.values()];
    const leader = await cluster.waitForActive();
    await waitFor('all controllers converge', () =>
      controllers.every((c) => c.image().offset === leader.image().offset),
    );
    expect(acked.size).toBeGreaterThanOrEqual(ROUNDS * 3);
    for (const controller of controllers) {
      const topics = controller.image().topicsByName;
      for (const [name, topicId] of acked) expect(topics.get(name)?.topicId).toBe(topicId);
    }
  });
});
