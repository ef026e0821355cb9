// Intent: on three real nodes, offsets a kafkajs consumer group committed (stored in the RF 3 __consumer_offsets)
// are fetched intact from the new coordinator after a kill -9 of the group's coordinator, and again after every
// node has been killed and restarted on its own data.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, HEAVY_TEST_TIMEOUT_MS } from './support/node-process.js';
import { pollUntil, runCli } from './support/quorum.js';
import { NODES, ReplicatedCluster } from './support/replicated-cluster.js';

const TOPIC = 'durable-orders';
const GROUP = 'durable-group';
const PARTITIONS = 3;
const PER_PARTITION = 7;

let c: ReplicatedCluster;

beforeAll(async () => {
  ensureBuilt();
  c = await ReplicatedCluster.start('offsets-durability');
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(async () => {
  await c?.stop();
});

const client = (brokers: string[]) =>
  new Kafka({
    clientId: 'offsets-durability',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 500 },
  });

/** The group's committed offsets by partition, read with a fresh kafkajs admin (no cached coordinator). */
async function committedOffsets(brokers: string[]): Promise<Map<number, string>> {
  const admin = client(brokers).admin();
  await admin.connect();
  try {
    const [topic] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    return new Map(topic.partitions.map((p) => [p.partition, p.offset]));
  } finally {
    await admin.disconnect();
  }
}

const expected = new Map(Array.from({ length: PARTITIONS }, (_, p) => [p, String(PER_PARTITION)]));
const sameOffsets = (offsets: Map<number, string>) =>
  offsets.size === expected.size && [...expected].every(([p, o]) => offsets.get(p) === o);

describe('committed offsets survive broker failures (3 real nodes)', () => {
  it(
    'fetches every committed offset from the new coordinator after kill -9, and after restarting every node',
    async () => {
      await c.createTopic(TOPIC, PARTITIONS);
      await c.waitForFullIsr(TOPIC, PARTITIONS, 30_000);
      const all = NODES.map((id) => c.brokerOf(id));
      const kafka = client(all);
      const producer = kafka.producer();
      await producer.connect();
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const messages = Array.from({ length: PER_PARTITION }, (_, i) => ({ value: `p${partition}-${i}`, partition }));
        await producer.send({ topic: TOPIC, messages, acks: -1 });
      }
      await producer.disconnect();

      const consumer = kafka.consumer({ groupId: GROUP, heartbeatInterval: 500 });
      await consumer.connect();
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      let consumed = 0;
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          consumed++;
          const next = (BigInt(message.offset) + 1n).toString();
          await consumer.commitOffsets([{ topic: TOPIC, partition, offset: next }]);
        },
      });
      await pollUntil(
        'all records consumed',
        async () => (consumed >= PARTITIONS * PER_PARTITION ? true : undefined),
        60_000,
      );
      await consumer.disconnect();
      expect(sameOffsets(await committedOffsets(all))).toBe(true);

      // The coordinator, as an operator finds it: `tributary consumer-groups --describe --state`.
      const state = await runCli([
        'consumer-groups',
        '--bootstrap-server',
        all[0],
        '--describe',
        '--group',
        GROUP,
        '--state',
      ]);
      const coordinator = Number(/ {2}\((\d+)\)/.exec(state.stdout)?.[1]);
      expect(NODES).toContain(coordinator);

      c.kill9(coordinator);
      const survivors = NODES.filter((id) => id !== coordinator).map((id) => c.brokerOf(id));
      const afterFailover = await pollUntil(
        'offsets from the new coordinator',
        async () => {
          const offsets = await committedOffsets(survivors);
          return sameOffsets(offsets) ? offsets : undefined;
        },
        90_000,
        500,
      );
      expect([...afterFailover]).toEqual([...expected]);
      const newState = await runCli([
        'consumer-groups',
        '--bootstrap-server',
        survivors[0],
        '--describe',
        '--group',
        GROUP,
        '--state',
      ]);
      expect(Number(/ {2}\((\d+)\)/.exec(newState.stdout)?.[1])).not.toBe(coordinator);

      // Every node down hard, then all three back on their own data.
      for (const id of NODES) if (id !== coordinator) c.kill9(id);
      await Promise.all(NODES.map((id) => c.restart(id)));
      const afterRestart = await pollUntil(
        'offsets after restarting every node',
        async () => {
          const offsets = await committedOffsets(all);
          return sameOffsets(offsets) ? offsets : undefined;
        },
        90_000,
        500,
      );
      expect([...afterRestart]).toEqual([...expected]);
      const described = await runCli(['consumer-groups', '--bootstrap-server', all[0], '--describe', '--group', GROUP]);
      const rows = described.stdout.split('\n').filter((line) => line.startsWith(`${GROUP} `));
      expect(rows.map((line) => line.trim().split(/\s+/).slice(1, 6))).toEqual(
        Array.from({ length: PARTITIONS }, (_, p) => [TOPIC, String(p), '7', '7', '0']),
      );
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
