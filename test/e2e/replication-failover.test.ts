// Intent: on three real `tributary node` processes, a topic with 6 partitions, RF 3 and min.insync.replicas=2 keeps
// every value an idempotent acks=all producer had acknowledged - exactly once, in acknowledged order - through a
// kill -9 of a partition leader, its restart and a kill -9 of another broker, and the three replicas' segment files
// end byte-identical once the ISR is full again.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumePartition } from './support/kcat.js';
import { ensureBuilt, HEAVY_TEST_TIMEOUT_MS } from './support/node-process.js';
import { pollUntil } from './support/quorum.js';
import { NODES, ReplicatedCluster } from './support/replicated-cluster.js';

const TOPIC = 'replicated';
const PARTITIONS = 6;
const VALUES_PER_SEND = 5;

let c: ReplicatedCluster;

beforeAll(async () => {
  ensureBuilt();
  c = await ReplicatedCluster.start('replication');
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(async () => {
  await c?.stop();
});

/** Concatenated bytes of a partition's segment files on one node. */
function segmentBytes(id: number, partition: number): Buffer {
  const dir = join(c.dataDir, `node-${id}`, 'data', `${TOPIC}-${partition}`);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .sort();
  return Buffer.concat(files.map((name) => readFileSync(join(dir, name))));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('replication through broker failures (3 real nodes)', () => {
  it(
    'keeps every acknowledged value exactly once and in order, and ends with identical replicas',
    async () => {
      expect([...c.process.pids.keys()]).toEqual(NODES);
      const created = await c.createTopic(TOPIC, PARTITIONS);
      expect(created).toBe(`Created topic ${TOPIC}.\n`);
      const initial = await c.waitForFullIsr(TOPIC, PARTITIONS, 30_000);

      const kafka = new Kafka({
        clientId: 'replication-e2e',
        brokers: NODES.map((id) => c.brokerOf(id)),
        logLevel: logLevel.NOTHING,
        // Enough retries to ride out fencing by session timeout (broker.session.timeout.ms 9 s) after a kill -9.
        retry: { retries: 60, initialRetryTime: 100, maxRetryTime: 500 },
      });
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      const acked = Array.from({ length: PARTITIONS }, () => [] as string[]);
      const failed: string[] = [];
      let stopping = false;
      const loops = Array.from({ length: PARTITIONS }, async (_, partition) => {
        for (let n = 0; !stopping; n += VALUES_PER_SEND) {
          const values = Array.from({ length: VALUES_PER_SEND }, (_, i) => `p${partition}-v${n + i}`);
          try {
            await producer.send({
              topic: TOPIC,
              acks: -1,
              messages: values.map((value) => ({ partition, value })),
            });
            acked[partition].push(...values);
          } catch (error) {
            failed.push(`${values[0]}: ${(error as Error).message}`);
          }
        }
      });
      const ackedCount = () => acked.reduce((sum, values) => sum + values.length, 0);

      await sleep(1500);
      const firstVictim = initial.find((p) => p.partition === 0)!.leader;
      c.kill9(firstVictim);
      await sleep(3000);
      await c.restart(firstVictim);
      await c.waitForFullIsr(TOPIC, PARTITIONS, 60_000);
      const beforeSecond = ackedCount();
      const secondVictim = NODES.find((id) => id !== firstVictim)!;
      c.kill9(secondVictim);
      // Produce through the second failure: fencing after the session timeout, leaders move, min ISR 2 still met.
      await pollUntil(
        'acknowledgements after the second kill',
        async () => (ackedCount() > beforeSecond + 200 ? true : undefined),
        60_000,
        200,
      );
      await sleep(1000);
      stopping = true;
      await Promise.all(loops);
      await producer.disconnect();
      await c.restart(secondVictim);
      await c.waitForFullIsr(TOPIC, PARTITIONS, 60_000);

      expect(failed).toEqual([]);
      let total = 0;
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const lines = await consumePartition(c.liveBootstrap(), TOPIC, partition);
        const values = lines.map((line) => line.split('\t')[3]);
        expect(new Set(values).size, `duplicates in partition ${partition}`).toBe(values.length);
        const ackedHere = new Set(acked[partition]);
        // Every acknowledged value, exactly once, in the order acknowledged.
        expect(values.filter((v) => ackedHere.has(v))).toEqual(acked[partition]);
        total += acked[partition].length;
      }
      expect(total).toBeGreaterThan(500);

      // All three replicas hold the same bytes (polled: the last fetch may still be on its way).
      for (let partition = 0; partition < PARTITIONS; partition++) {
        await pollUntil(
          `identical segments of partition ${partition}`,
          async () => {
            const [a, b, c] = NODES.map((id) => segmentBytes(id, partition));
            return a.length > 0 && a.equals(b) && a.equals(c) ? true : undefined;
          },
          30_000,
          200,
        );
      }
      process.stderr.write(
        `replication e2e: ${total} values acknowledged across ${PARTITIONS} partitions; killed ${firstVictim} then ${secondVictim}\n`,
      );
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
