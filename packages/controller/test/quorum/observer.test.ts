// Intent: a broker-only RemoteControllerClient follows the quorum as an observer (learns topics, registers through
// a follower), is fenced by the active controller after its heartbeats stop for a session, and is unfenced again
// when a new incarnation resumes; RPCs with a foreign cluster id are refused.
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteControllerClient } from '../../src/index.js';
import { ControllerRpcClient } from '../../src/quorum/controller-rpc-client.js';
import { loadProtos } from '../../src/quorum/proto-loader.js';
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
    brokerEndpoint: { host: 'localhost', port: 19092, rack: 'r1' },
    logger,
    heartbeatIntervalMs: 200,
    fetchMaxWaitMs: 200,
  });
  clients.push(client);
  client.start();
  return client;
}

describe('RemoteControllerClient', () => {
  it('learns topics, registers, is fenced after missed heartbeats and unfenced after resuming', async () => {
    cluster = await TestCluster.create([1, 2, 3], { brokerSessionTimeoutMs: 1000 });
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    const leader = await cluster.waitForActive();
    const follower = cluster.followers()[0];
    // Bootstrap through one follower only: registration and admin commands are forwarded by it.
    const first = observer(`127.0.0.1:${cluster.ports.get(follower.nodeId)}`, 201);
    await waitFor('observer unfenced', () => !first.lifecycle.isFenced());
    const [created] = await first.createTopics(
      [{ name: 'events', numPartitions: 2, replicationFactor: 1, assignments: [], configs: {} }],
      { validateOnly: false },
    );
    expect(created.errorCode).toBe(0);
    await waitFor('observer sees its topic', () => first.image().topicsByName.get('events'));
    expect(first.image().brokers.get(201)?.rack).toBe('r1');
    expect(first.activeControllerId()).toBe(leader.nodeId);

    await first.close();
    await waitFor('broker fenced by session expiry', () => leader.image().brokers.get(201)?.fenced, 4000);
    // The fence moved leadership away from the dead broker: its partitions are leaderless now.
    expect([...leader.image().topicsByName.get('events')!.partitions.values()].every((p) => p.leader === -1)).toBe(
      true,
    );

    const second = observer(cluster.voters, 201);
    await waitFor('new incarnation unfenced', () => !second.lifecycle.isFenced(), 4000);
    await waitFor('controller sees broker unfenced', () => leader.image().brokers.get(201)?.fenced === false);
    await waitFor('leaders re-elected on unfence', () =>
      [...second.image().topicsByName.get('events')!.partitions.values()].every((p) => p.leader === 201),
    );
    const description = await leader.describeQuorum();
    expect(description.observers.map((o) => o.replicaId)).toContain(201);
  });

  it('an observer that starts after compaction is sent the snapshot, then the entries after it', async () => {
    cluster = await TestCluster.create([1, 2, 3], { snapshotEveryEntries: 5 });
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    const leader = await cluster.waitForActive();
    const local = leader.startLocalBroker({ host: 'localhost', port: 9092, rack: null }, { heartbeatIntervalMs: 200 });
    await waitFor('local broker unfenced', () => !local.isFenced());
    const spec = (name: string) => ({ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} });
    for (let i = 0; i < 12; i++) await leader.createTopics([spec(`early-${i}`)], { validateOnly: false });
    await waitFor('every voter compacted', () =>
      [...cluster!.controllers.values()].every((c) => c.log.node.status().snapshotIndex > 0),
    );
    const late = observer(cluster.voters, 202);
    await waitFor('observer holds the snapshot', () => late.image().topicsByName.size === 12);
    await leader.createTopics([spec('after-snapshot')], { validateOnly: false });
    await waitFor('observer follows on from the snapshot', () => late.image().topicsByName.has('after-snapshot'));
    expect(late.image().topicsByName.get('early-0')?.topicId).toBe(leader.image().topicsByName.get('early-0')?.topicId);
  });

  it('refuses controller and raft RPCs that carry another cluster id, a wrong address or malformed fields', async () => {
    cluster = await TestCluster.create([1]);
    const controller = await cluster.start(1);
    await cluster.waitForActive();
    const client = new ControllerRpcClient(`127.0.0.1:${controller.port}`);
    try {
      const refused = await client
        .call('CreateTopics', { clusterId: 'someone-else', topics: [], validateOnly: true }, { timeoutMs: 2000 })
        .then(
          () => null,
          (error: grpc.ServiceError) => error,
        );
      expect(refused?.code).toBe(grpc.status.FAILED_PRECONDITION);
      expect(refused?.details).toContain('does not match');
      // Bad input gets a status, not a crash.
      const malformed = await client
        .call('AlterPartition', { clusterId: CLUSTER_ID, leaderRecoveryState: 5 }, { timeoutMs: 2000 })
        .then(
          () => null,
          (error: grpc.ServiceError) => error,
        );
      expect(malformed?.code).toBe(grpc.status.INVALID_ARGUMENT);
    } finally {
      client.close();
    }
    const raft = new (loadProtos().raft.tributary.raft.Raft)(
      `127.0.0.1:${controller.port}`,
      grpc.credentials.createInsecure(),
    );
    const heartbeat = (clusterId: string, toNodeId: number) =>
      new Promise<grpc.ServiceError | null>((resolve) =>
        raft.Append(
          {
            clusterId,
            fromNodeId: 1,
            toNodeId,
            message: { type: 'MsgHeartbeat', from: 1, to: toNodeId, term: 99 },
          },
          { deadline: Date.now() + 2000 },
          (error) => resolve(error),
        ),
      );
    try {
      expect((await heartbeat('someone-else', 1))?.code).toBe(grpc.status.FAILED_PRECONDITION);
      expect((await heartbeat(CLUSTER_ID, 7))?.code).toBe(grpc.status.INVALID_ARGUMENT);
      // Nothing refused reached the core: the single voter still leads its original term.
      expect(controller.isActive()).toBe(true);
      expect(controller.log.node.status().term).toBeLessThan(99);
    } finally {
      raft.close();
    }
  });
});
