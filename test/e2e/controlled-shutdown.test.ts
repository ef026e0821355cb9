// Intent: a SIGTERM to one of three real `tributary node` processes runs a controlled shutdown first - by the time
// the process has exited, a survivor's Metadata names no partition led by it and the survivors lead every partition -
// and acks=all produces (RF 3, min.insync.replicas=2) to every partition succeed while it stops and after.
import { join } from 'node:path';
import { generateClusterId } from '@tributary/node';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  freeClusterBasePort,
  HEAVY_TEST_TIMEOUT_MS,
  NodeProcess,
  rawNodeCommandArgs,
  tempDir,
} from './support/node-process.js';
import { pollUntil } from './support/quorum.js';

const NODES = [1, 2, 3];
const TOPIC = 'controlled-shutdown';
const PARTITIONS = 3;

let dataDir: string;
let basePort: number;
const nodes = new Map<number, NodeProcess>();

const brokerPort = (id: number) => basePort + 100 * (id - 1);
const brokerOf = (id: number) => `127.0.0.1:${brokerPort(id)}`;
const controllerOf = (id: number) => `127.0.0.1:${brokerPort(id) + 1}`;

beforeAll(async () => {
  ensureBuilt();
  dataDir = tempDir('controlled-shutdown');
  basePort = await freeClusterBasePort(NODES.length);
  const clusterId = generateClusterId();
  const voters = NODES.map((id) => `${id}@${controllerOf(id)}`).join(',');
  // Started together: each waits for a quorum majority before it reports "node started".
  const started = NODES.map(async (id) => {
    const node = new NodeProcess({
      dataDir: join(dataDir, `node-${id}`),
      port: brokerPort(id),
      args: rawNodeCommandArgs([
        `node.id=${id}`,
        `listeners=PLAINTEXT://127.0.0.1:${brokerPort(id)},CONTROLLER://${controllerOf(id)}`,
        `controller.quorum.voters=${voters}`,
        `cluster.id=${clusterId}`,
        `log.dirs=${join(dataDir, `node-${id}`)}`,
      ]),
    });
    nodes.set(id, node);
    await node.start();
  });
  await Promise.all(started);
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(async () => {
  for (const node of nodes.values()) await node.stop();
  for (const node of nodes.values()) node.cleanup();
});

function client(brokers: string[]): Kafka {
  return new Kafka({
    clientId: 'controlled-shutdown-e2e',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 500 },
  });
}

/** partition -> leader, as a fresh Metadata request to `bootstrap` answers it. */
async function leadersAt(bootstrap: string): Promise<Map<number, number>> {
  const admin = client([bootstrap]).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [TOPIC] });
    return new Map(topics[0].partitions.map((p) => [p.partitionId, p.leader]));
  } finally {
    await admin.disconnect();
  }
}

describe('controlled shutdown (3 real nodes)', () => {
  it(
    'moves every leadership off a node stopped with SIGTERM before it exits, and acks=all keeps working',
    async () => {
      const admin = client([brokerOf(1)]).admin();
      await admin.connect();
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: TOPIC,
            numPartitions: PARTITIONS,
            replicationFactor: 3,
            configEntries: [{ name: 'min.insync.replicas', value: '2' }],
          },
        ],
      });
      await admin.disconnect();
      const before = await pollUntil(
        'a leader for every partition',
        async () => {
          const leaders = await leadersAt(brokerOf(1));
          return leaders.size === PARTITIONS && [...leaders.values()].every((l) => l > 0) ? leaders : undefined;
        },
        30_000,
        250,
      );
      const victim = before.get(0)!;
      const survivors = NODES.filter((id) => id !== victim);

      const producer = client(survivors.map(brokerOf)).producer({ allowAutoTopicCreation: false });
      await producer.connect();
      const sendAll = (round: number) =>
        Promise.all(
          Array.from({ length: PARTITIONS }, (_, partition) =>
            producer.send({ topic: TOPIC, acks: -1, messages: [{ partition, value: `round ${round}` }] }),
          ),
        );
      await sendAll(0);

      // Produce continuously while the victim stops; every send must end acknowledged by the ISR.
      let producing = true;
      let rounds = 0;
      const during = (async () => {
        while (producing) await sendAll(++rounds);
      })();
      const stopStarted = Date.now();
      await nodes.get(victim)!.stop();
      const stopMs = Date.now() - stopStarted;

      const after = await leadersAt(brokerOf(survivors[0]));
      expect([...after.keys()].sort()).toEqual([0, 1, 2]);
      for (const leader of after.values()) expect(survivors).toContain(leader);

      producing = false;
      await during;
      await sendAll(rounds + 1);
      await producer.disconnect();

      // The victim's own log: controlled shutdown completed, and before the broker stopped.
      const log = nodes.get(victim)!.tail(200);
      const completedAt = log.indexOf('controlled shutdown complete');
      const brokerStopAt = log.indexOf('"step":"broker"');
      expect(completedAt, log).toBeGreaterThan(-1);
      expect(brokerStopAt).toBeGreaterThan(completedAt);
      expect(rounds).toBeGreaterThan(0);
      // Bounded by the 10 s controlled-shutdown wait plus the broker and controller closes.
      expect(stopMs).toBeLessThan(20_000);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
