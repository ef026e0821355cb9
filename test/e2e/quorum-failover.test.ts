// Intent: `tributary cluster start` runs a real three-process controller quorum that metadata-quorum describes in
// Kafka's format, elects a new leader with a higher epoch within 3 s of a kill -9 of the leader without losing a
// committed topic, takes the old leader back as a caught-up follower, and lets a node that was down learn the topics
// created meanwhile.
import { once } from 'node:events';
import { join } from 'node:path';
import { describeQuorum } from '@tributary/controller';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterProcess, startClusterProcess, stopClusterProcess } from './support/cluster-process.js';
import { createTopic, kafkaClient } from './support/kafka-admin.js';
import { kcatOk } from './support/kcat.js';
import {
  ensureBuilt,
  freeClusterBasePort,
  HEAVY_TEST_TIMEOUT_MS,
  NodeProcess,
  tempDir,
} from './support/node-process.js';
import { describeText, MAIN, parseReplication, parseStatus, pollUntil, replication, runCli } from './support/quorum.js';

const NODES = [1, 2, 3];
const FAILOVER_BOUND_MS = 3000;

let dataDir: string;
let basePort: number;
let cluster: ClusterProcess | undefined;
/** Nodes restarted by the test itself (outside `cluster start`). */
const restarted = new Map<number, NodeProcess>();

const brokerOf = (id: number) => `127.0.0.1:${basePort + 100 * (id - 1)}`;
const controllerOf = (id: number) => `127.0.0.1:${basePort + 100 * (id - 1) + 1}`;
const controllersExcept = (id: number) =>
  NODES.filter((n) => n !== id)
    .map(controllerOf)
    .join(',');
const allControllers = () => NODES.map(controllerOf).join(',');

beforeAll(async () => {
  ensureBuilt();
  dataDir = tempDir('quorum');
  basePort = await freeClusterBasePort(NODES.length);
  cluster = await startClusterProcess(dataDir, basePort);
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(async () => {
  for (const node of restarted.values()) await node.stop();
  await stopClusterProcess(cluster);
  for (const node of restarted.values()) node.cleanup();
});

/** Restarts node `id` on its data dir with the config `cluster start` wrote for it. */
async function restart(id: number): Promise<NodeProcess> {
  const config = join(dataDir, `node-${id}`, 'server.properties');
  const node = await NodeProcess.start({
    dataDir: join(dataDir, `node-${id}`),
    port: basePort + 100 * (id - 1),
    args: [MAIN, 'node', '--config', config],
  });
  restarted.set(id, node);
  return node;
}

async function listTopics(bootstrap: string): Promise<string[]> {
  const admin = kafkaClient(bootstrap).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).sort();
  } finally {
    await admin.disconnect();
  }
}

describe('controller quorum of three real processes', () => {
  it('cluster start: one leader, three voters; --replication lists the leader first, then two followers', async () => {
    expect(cluster!.stderr()).toContain(`bootstrap servers: ${NODES.map(brokerOf).join(',')}`);
    expect([...cluster!.pids.keys()]).toEqual(NODES);
    const status = parseStatus(await describeText(controllerOf(2), '--status'));
    expect(NODES).toContain(status.leaderId);
    expect(status.leaderEpoch).toBeGreaterThan(0);
    expect(status.currentVoters.sort()).toEqual(NODES);
    const rows = parseReplication(await describeText(controllerOf(3), '--replication'));
    expect(rows.map((r) => r.status)).toEqual(['Leader', 'Follower', 'Follower']);
    expect(rows[0].nodeId).toBe(status.leaderId);
    const listing = JSON.parse(await kcatOk(['-L', '-b', brokerOf(1), '-J']));
    expect(listing.brokers.map((b: { id: number }) => b.id).sort()).toEqual(NODES);
  });

  it(
    'kill -9 of the leader: a new leader with a higher epoch in < 3 s, no topic lost, the old leader rejoins with lag 0',
    async () => {
      const topics = Array.from({ length: 8 }, (_, i) => `before-kill-${i}`);
      for (const topic of topics) expect(await createTopic(brokerOf(1), topic, 2)).toBe(true);
      const before = await describeQuorum(allControllers());
      const leader = before.leaderId;
      const survivors = controllersExcept(leader);

      const killedAt = Date.now();
      process.kill(cluster!.pids.get(leader)!, 'SIGKILL');
      const after = await pollUntil(
        'new leader',
        async () => {
          const quorum = await describeQuorum(survivors, { timeoutMs: 500 });
          return quorum.leaderId >= 0 && quorum.leaderId !== leader && quorum.leaderEpoch > before.leaderEpoch
            ? quorum
            : undefined;
        },
        10_000,
        20,
      );
      const failoverMs = Date.now() - killedAt;
      console.log(
        `failover: node ${leader} killed, node ${after.leaderId} leads epoch ${after.leaderEpoch} after ${failoverMs} ms`,
      );
      expect(failoverMs).toBeLessThan(FAILOVER_BOUND_MS);

      const survivorBroker = brokerOf(NODES.find((n) => n !== leader)!);
      const listed = await listTopics(survivorBroker);
      for (const topic of topics) expect(listed).toContain(topic);

      await restart(leader);
      const rows = await pollUntil(
        `node ${leader} caught up`,
        async () => {
          const table = await replication(allControllers());
          const row = table.find((r) => r.nodeId === leader);
          return row?.status === 'Follower' && row.lag === 0 ? table : undefined;
        },
        30_000,
        200,
      );
      expect(rows[0].status).toBe('Leader');
      expect(rows[0].nodeId).not.toBe(leader);
      expect(await listTopics(brokerOf(leader))).toEqual(expect.arrayContaining(topics));
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it(
    'a node that was down while topics were created lists them in Metadata once it is back',
    async () => {
      const leader = (await describeQuorum(allControllers())).leaderId;
      // A follower that `cluster start` still runs (the previous test restarted the old leader itself).
      const down = NODES.find((n) => n !== leader && !restarted.has(n))!;
      process.kill(cluster!.pids.get(down)!, 'SIGTERM');
      await pollUntil(
        `node ${down} stopped`,
        async () => {
          try {
            process.kill(cluster!.pids.get(down)!, 0);
            return undefined;
          } catch {
            return true;
          }
        },
        30_000,
      );
      const live = NODES.find((n) => n !== down)!;
      const topics = ['while-down-a', 'while-down-b', 'while-down-c'];
      // With `down` gone, partitions of earlier RF 1 topics that lived on it are offline (LEADER_NOT_AVAILABLE, as
      // in Kafka), which makes kafkajs's admin refuse to work (it refreshes metadata for every topic first); an
      // operator's tool creates the topics instead.
      for (const topic of topics) {
        const run = await runCli(['topics', '--bootstrap-server', brokerOf(live), '--create', '--topic', topic]);
        expect(run.stdout, run.stderr).toContain(`Created topic ${topic}.`);
      }
      await restart(down);
      const listing = JSON.parse(await kcatOk(['-L', '-b', brokerOf(down), '-J']));
      const names = listing.topics.map((t: { topic: string }) => t.topic);
      expect(names).toEqual(expect.arrayContaining(topics));
      expect(listing.brokers.map((b: { id: number }) => b.id).sort()).toEqual(NODES);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it('Ctrl-C stops every node `cluster start` still runs, gracefully, and then cluster start exits', async () => {
    const running = [...cluster!.pids.entries()].filter(([id]) => !restarted.has(id)).map(([, pid]) => pid);
    expect(running.length).toBeGreaterThan(0);
    const exited = once(cluster!.child, 'exit');
    cluster!.child.kill('SIGINT');
    await exited;
    for (const pid of running) expect(() => process.kill(pid, 0)).toThrow();
    expect(cluster!.stderr()).not.toContain('stopping the cluster');
  });
});
