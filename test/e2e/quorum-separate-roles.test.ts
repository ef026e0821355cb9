// Intent: three controller-only processes and one broker-only process form one cluster: the broker registers with
// the quorum, serves kcat produce/consume, and metadata-quorum lists it as an Observer beside three voters.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic } from './support/kafka-admin.js';
import { consumePartition, kcatOk } from './support/kcat.js';
import { ensureBuilt, freePort, HEAVY_TEST_TIMEOUT_MS, NodeProcess, tempDir } from './support/node-process.js';
import { describeText, MAIN, parseReplication, parseStatus, pollUntil, runCli } from './support/quorum.js';

const CLUSTER_ID = 'SeparateRolesClusterA1';
const BROKER_ID = 4;
const nodes: NodeProcess[] = [];
let broker: NodeProcess;
let controllers: string;

beforeAll(async () => {
  ensureBuilt();
  const root = tempDir('roles');
  const controllerPorts = [await freePort(), await freePort(), await freePort()];
  const voters = controllerPorts.map((port, i) => `${i + 1}@127.0.0.1:${port}`).join(',');
  controllers = controllerPorts.map((port) => `127.0.0.1:${port}`).join(',');
  const common = [`cluster.id=${CLUSTER_ID}`, `controller.quorum.voters=${voters}`];
  const started = controllerPorts.map((port, i) => {
    const overrides = [
      `node.id=${i + 1}`,
      'process.roles=controller',
      `listeners=CONTROLLER://127.0.0.1:${port}`,
      `log.dirs=${join(root, `controller-${i + 1}`)}`,
      ...common,
    ];
    return NodeProcess.start({
      dataDir: join(root, `controller-${i + 1}`),
      port,
      args: [MAIN, 'node', ...overrides.flatMap((o) => ['--override', o])],
    });
  });
  nodes.push(...(await Promise.all(started)));
  const brokerPort = await freePort();
  const brokerOverrides = [
    `node.id=${BROKER_ID}`,
    'process.roles=broker',
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort}`,
    `log.dirs=${join(root, 'broker')}`,
    ...common,
  ];
  broker = await NodeProcess.start({
    dataDir: join(root, 'broker'),
    port: brokerPort,
    args: [MAIN, 'node', ...brokerOverrides.flatMap((o) => ['--override', o])],
  });
  nodes.push(broker);
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(async () => {
  // The broker first, as an operator would: the controllers then see it leave before they go.
  for (const node of [...nodes].reverse()) await node.stop();
  for (const node of nodes) node.cleanup();
});

describe('separate roles: 3 dedicated controllers + 1 dedicated broker', () => {
  it('the broker registers: Metadata lists it alone and names it as the controller clients should ask', async () => {
    const listing = JSON.parse(await kcatOk(['-L', '-b', broker.bootstrap, '-J']));
    expect(listing.brokers).toEqual([expect.objectContaining({ id: BROKER_ID, name: broker.bootstrap })]);
    // As in Kafka's KRaft mode, clients are given a broker as "controller": it forwards admin requests to the quorum.
    expect(listing.controllerid).toBe(BROKER_ID);
  });

  it(
    'kcat produces to and consumes from a topic created through the broker',
    async () => {
      expect(await createTopic(broker.bootstrap, 'roles', 2)).toBe(true);
      for (const partition of [0, 1]) {
        const values = Array.from({ length: 5 }, (_, i) => `p${partition}-v${i}`);
        await kcatOk(['-P', '-b', broker.bootstrap, '-t', 'roles', '-p', String(partition)], `${values.join('\n')}\n`);
        const records = await consumePartition(broker.bootstrap, 'roles', partition);
        expect(records.map((line) => line.split('\t')[3])).toEqual(values);
      }
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it('metadata-quorum shows three voters and the broker as an Observer', async () => {
    const status = await pollUntil(
      'observer listed',
      async () => {
        const parsed = parseStatus(await describeText(controllers, '--status'));
        return parsed.currentObservers.includes(BROKER_ID) ? parsed : undefined;
      },
      15_000,
      200,
    );
    expect(status.clusterId).toBe(CLUSTER_ID);
    expect(status.currentVoters.sort()).toEqual([1, 2, 3]);
    expect([1, 2, 3]).toContain(status.leaderId);
    const rows = parseReplication(await describeText(controllers, '--replication'));
    expect(rows.map((r) => r.status)).toEqual(['Leader', 'Follower', 'Follower', 'Observer']);
    expect(rows[3].nodeId).toBe(BROKER_ID);
  });

  it('metadata-quorum exits 1 naming the addresses when no controller answers', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const run = await runCli(['metadata-quorum', '--bootstrap-controller', dead, 'describe', '--status']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no controller answered DescribeQuorum; tried ${dead}`);
  });
});
