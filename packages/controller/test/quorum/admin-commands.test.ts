// Intent: the AlterConfigs and ElectLeaders RPCs work through gRPC from a broker-only RemoteControllerClient bootstrapped
// on a follower (forwarded to the active controller): incremental and legacy config changes with per-resource errors,
// UNCLEAN and PREFERRED elections with per-partition results, and DescribeQuorum as the broker's client sees it.
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteControllerClient } from '../../src/index.js';
import { CLUSTER_ID, logger, TestCluster, waitFor } from './cluster-fixture.js';

let cluster: TestCluster | null = null;
const clients: RemoteControllerClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await cluster?.close();
  cluster = null;
});

function observer(controllers: string, nodeId: number): RemoteControllerClient {
  const client = new RemoteControllerClient({
    clusterId: CLUSTER_ID,
    nodeId,
    controllers,
    brokerEndpoint: { host: 'localhost', port: 19092, rack: null },
    logger,
    heartbeatIntervalMs: 200,
    fetchMaxWaitMs: 200,
  });
  clients.push(client);
  client.start();
  return client;
}

describe('admin commands over the controller RPCs', () => {
  it('alters configs, elects leaders and describes the quorum through a follower', async () => {
    cluster = await TestCluster.create([1, 2, 3]);
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    const leader = await cluster.waitForActive();
    const follower = cluster.followers()[0];
    const client = observer(`127.0.0.1:${cluster.ports.get(follower.nodeId)}`, 201);
    await waitFor('observer unfenced', () => !client.lifecycle.isFenced());
    const [created] = await client.createTopics(
      [{ name: 't', numPartitions: 1, replicationFactor: 1, assignments: [], configs: { 'segment.ms': '100000' } }],
      { validateOnly: false },
    );
    expect(created.errorCode).toBe(0);

    const altered = await client.incrementalAlterConfigs(
      [
        { resourceType: 2, resourceName: 't', configs: [{ name: 'retention.ms', configOperation: 0, value: '5000' }] },
        {
          resourceType: 2,
          resourceName: 'missing',
          configs: [{ name: 'retention.ms', configOperation: 0, value: '1' }],
        },
      ],
      { validateOnly: false },
    );
    expect(altered.map((r) => r.errorCode)).toEqual([0, 3]);
    expect(altered[1].errorMessage).not.toBeNull();
    expect(leader.image().topicsByName.get('t')!.configs.get('retention.ms')).toBe('5000');

    const replaced = await client.alterConfigs(
      [{ resourceType: 2, resourceName: 't', configs: [{ name: 'max.message.bytes', value: '2000' }] }],
      { validateOnly: false },
    );
    expect(replaced).toEqual([{ resourceType: 2, resourceName: 't', errorCode: 0, errorMessage: null }]);
    expect([...leader.image().topicsByName.get('t')!.configs]).toEqual([['max.message.bytes', '2000']]);

    const preferred = await client.electLeaders(0, [{ topic: 't', partition: 0 }]);
    expect(preferred).toEqual({
      errorCode: 0,
      results: [{ topic: 't', partition: 0, errorCode: 84, errorMessage: expect.any(String) }],
    });
    expect(await client.electLeaders(1, null)).toEqual({ errorCode: 0, results: [] });

    const quorum = await client.describeQuorum();
    expect(quorum.leaderId).toBe(leader.nodeId);
    expect(quorum.currentVoters.map((v) => v.replicaId).sort()).toEqual([1, 2, 3]);
  });
});
