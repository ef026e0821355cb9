// Intent: on three real `tributary node` processes, a topic with 6 partitions, RF 3 and min.insync.replicas=2 keeps
// every value an idempotent acks=all producer had acknowledged - exactly once, in acknowledged order - through a
// kill -9 of a partition leader, its restart and a kill -9 of another broker, and the three replicas' segment files
// end byte-identical once the ISR is full again.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterProcess, startClusterProcess, stopClusterProcess } from './support/cluster-process.js';
import { consumePartition } from './support/kcat.js';
import {
  ensureBuilt,
  freeClusterBasePort,
  HEAVY_TEST_TIMEOUT_MS,
  NodeProcess,
  tempDir,
} from './support/node-process.js';
import { MAIN, pollUntil, runCli } from './support/quorum.js';

const NODES = [1, 2, 3];
const TOPIC = 'replicated';
const PARTITIONS = 6;
const VALUES_PER_SEND = 5;

let dataDir: string;
let basePort: number;
let cluster: ClusterProcess | undefined;
const restarted = new Map<number, NodeProcess>();
const down = new Set<number>();

const brokerOf = (id: number) => `127.0.0.1:${basePort + 100 * (id - 1)}`;
const liveBootstrap = () => brokerOf(NODES.find((id) => !down.has(id))!);

beforeAll(async () => {
  ensureBuilt();
  dataDir = tempDir('replication');
  basePort = await freeClusterBasePort(NODES.length);
  cluster = await startClusterProcess(dataDir, basePort);
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(async () => {
  for (const node of restarted.values()) await node.stop();
  await stopClusterProcess(cluster);
  for (const node of restarted.values()) node.cleanup();
});

interface PartitionLine {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** `tributary topics --describe`, parsed from Kafka's text format. */
async function describeTopic(): Promise<PartitionLine[]> {
  const run = await runCli(['topics', '--bootstrap-server', liveBootstrap(), '--describe', '--topic', TOPIC]);
  if (run.code !== 0) throw new Error(`topics --describe exited ${run.code}: ${run.stdout}${run.stderr}`);
  const ids = (text: string) => (text === '' ? [] : text.split(',').map(Number));
  return [
    ...run.stdout.matchAll(/^\tTopic: \S+\tPartition: (\d+)\tLeader: (\S+)\tReplicas: ([\d,]*)\tIsr: ([\d,]*)$/gm),
  ].map((m) => ({
    partition: Number(m[1]),
    leader: m[2] === 'none' ? -1 : Number(m[2]),
    replicas: ids(m[3]),
    isr: ids(m[4]),
  }));
}

async function waitForFullIsr(timeoutMs: number): Promise<PartitionLine[]> {
  return pollUntil(
    'every partition with a leader and all three replicas in the ISR',
    async () => {
      const lines = await describeTopic();
      return lines.length === PARTITIONS && lines.every((p) => p.leader > 0 && p.isr.length === 3) ? lines : undefined;
    },
    timeoutMs,
    250,
  );
}

function kill9(id: number): void {
  const pid = restarted.get(id)?.pid ?? cluster!.pids.get(id)!;
  process.kill(pid, 'SIGKILL');
  down.add(id);
}

async function restart(id: number): Promise<void> {
  const node = await NodeProcess.start({
    dataDir: join(dataDir, `node-${id}`),
    port: basePort + 100 * (id - 1),
    args: [MAIN, 'node', '--config', join(dataDir, `node-${id}`, 'server.properties')],
  });
  restarted.set(id, node);
  down.delete(id);
}

/** Concatenated bytes of a partition's segment files on one node. */
function segmentBytes(id: number, partition: number): Buffer {
  const dir = join(dataDir, `node-${id}`, 'data', `${TOPIC}-${partition}`);
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
      expect([...cluster!.pids.keys()]).toEqual(NODES);
      const created = await runCli([
        'topics',
        '--bootstrap-server',
        brokerOf(1),
        '--create',
        '--topic',
        TOPIC,
        '--partitions',
        String(PARTITIONS),
        '--replication-factor',
        '3',
        '--config',
        'min.insync.replicas=2',
      ]);
      expect(created.stdout).toBe(`Created topic ${TOPIC}.\n`);
      const initial = await waitForFullIsr(30_000);

      const kafka = new Kafka({
        clientId: 'replication-e2e',
        brokers: NODES.map(brokerOf),
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
      kill9(firstVictim);
      await sleep(3000);
      await restart(firstVictim);
      await waitForFullIsr(60_000);
      const beforeSecond = ackedCount();
      const secondVictim = NODES.find((id) => id !== firstVictim)!;
      kill9(secondVictim);
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
      await restart(secondVictim);
      await waitForFullIsr(60_000);

      expect(failed).toEqual([]);
      let total = 0;
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const lines = await consumePartition(liveBootstrap(), TOPIC, partition);
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
