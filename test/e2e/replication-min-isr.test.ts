// Intent: with two of three brokers down (3 dedicated controllers keep the quorum), an acks=all produce to a topic
// with min.insync.replicas=2 fails with NOT_ENOUGH_REPLICAS and writes nothing; once one broker returns, the ISR
// expands and the same producer (no client restart) succeeds.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumePartition } from './support/kcat.js';
import {
  ensureBuilt,
  freeClusterBasePort,
  HEAVY_TEST_TIMEOUT_MS,
  NodeProcess,
  tempDir,
} from './support/node-process.js';
import { MAIN, pollUntil, runCli } from './support/quorum.js';

const CLUSTER_ID = 'ReplicationMinIsrClustr';
const BROKERS = [4, 5, 6];
const TOPIC = 'min-isr';
const controllersList: NodeProcess[] = [];
const brokers = new Map<number, NodeProcess>();
let root: string;

const args = (overrides: string[]) => [MAIN, 'node', ...overrides.flatMap((o) => ['--override', o])];

beforeAll(async () => {
  ensureBuilt();
  root = tempDir('min-isr');
  // Ports below the ephemeral range: brokers restart on the same port, which a client socket could take meanwhile.
  const base = await freeClusterBasePort(6);
  const controllerPorts = [0, 1, 2].map((i) => base + 100 * i + 1);
  let nextBrokerPort = base + 300;
  const voters = controllerPorts.map((port, i) => `${i + 1}@127.0.0.1:${port}`).join(',');
  const common = [`cluster.id=${CLUSTER_ID}`, `controller.quorum.voters=${voters}`];
  const started = controllerPorts.map((port, i) =>
    NodeProcess.start({
      dataDir: join(root, `controller-${i + 1}`),
      port,
      args: args([
        `node.id=${i + 1}`,
        'process.roles=controller',
        `listeners=CONTROLLER://127.0.0.1:${port}`,
        `log.dirs=${join(root, `controller-${i + 1}`)}`,
        ...common,
      ]),
    }),
  );
  controllersList.push(...(await Promise.all(started)));
  for (const id of BROKERS) {
    const port = nextBrokerPort;
    nextBrokerPort += 100;
    const node = new NodeProcess({
      dataDir: join(root, `broker-${id}`),
      port,
      args: args([
        `node.id=${id}`,
        'process.roles=broker',
        `listeners=PLAINTEXT://127.0.0.1:${port}`,
        `log.dirs=${join(root, `broker-${id}`)}`,
        ...common,
      ]),
    });
    brokers.set(id, node);
  }
  await Promise.all([...brokers.values()].map((node) => node.start()));
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(async () => {
  for (const node of [...brokers.values(), ...controllersList]) await node.stop();
  for (const node of [...brokers.values(), ...controllersList]) node.cleanup();
});

const bootstrap = () => brokers.get(4)!.bootstrap;

async function isr(): Promise<number[]> {
  const run = await runCli(['topics', '--bootstrap-server', bootstrap(), '--describe', '--topic', TOPIC]);
  const match = /\tPartition: 0\tLeader: \S+\tReplicas: [\d,]+\tIsr: ([\d,]*)$/m.exec(run.stdout);
  if (match === null) throw new Error(`no partition line in: ${run.stdout}${run.stderr}`);
  return match[1] === '' ? [] : match[1].split(',').map(Number);
}

/** kafkajs wraps the broker's error (retries exhausted); its protocol error type is on the innermost cause. */
interface KafkaErrorChain {
  type?: string;
  cause?: KafkaErrorChain;
  originalError?: KafkaErrorChain;
}
function protocolErrorType(error: KafkaErrorChain | null | undefined): string | undefined {
  for (let e = error; e; e = e.originalError ?? e.cause) if (e.type !== undefined) return e.type;
  return undefined;
}

function segmentBytes(id: number): Buffer {
  const dir = join(root, `broker-${id}`, `${TOPIC}-0`);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .sort();
  return Buffer.concat(files.map((name) => readFileSync(join(dir, name))));
}

describe('acks=all with min.insync.replicas=2 and two of three brokers down', () => {
  it(
    'refuses with NOT_ENOUGH_REPLICAS, writes nothing, and succeeds after one broker returns',
    async () => {
      const created = await runCli([
        'topics',
        '--bootstrap-server',
        bootstrap(),
        '--create',
        '--topic',
        TOPIC,
        '--replica-assignment',
        '4:5:6',
        '--config',
        'min.insync.replicas=2',
      ]);
      expect(created.stdout).toBe(`Created topic ${TOPIC}.\n`);
      await pollUntil('full ISR', async () => ((await isr()).length === 3 ? true : undefined), 30_000, 200);

      const kafka = new Kafka({
        clientId: 'min-isr-e2e',
        brokers: [bootstrap()],
        logLevel: logLevel.NOTHING,
        retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 300 },
      });
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      const send = (values: string[]) =>
        producer.send({ topic: TOPIC, acks: -1, messages: values.map((value) => ({ partition: 0, value })) });
      await send(['before-1', 'before-2']);

      for (const id of [5, 6]) await brokers.get(id)!.kill9();
      // The controllers fence both after broker.session.timeout.ms and shrink the ISR to the leader.
      await pollUntil(
        'ISR shrunk to the leader',
        async () => ((await isr()).join() === '4' ? true : undefined),
        40_000,
        250,
      );
      const bytesBefore = segmentBytes(4);

      const refused = await send(['refused']).then(
        () => null,
        (error: KafkaErrorChain) => error,
      );
      expect(protocolErrorType(refused)).toBe('NOT_ENOUGH_REPLICAS');
      expect(segmentBytes(4).equals(bytesBefore)).toBe(true);

      await brokers.get(5)!.start();
      await pollUntil(
        'ISR expanded with broker 5',
        async () => ((await isr()).includes(5) ? true : undefined),
        60_000,
        250,
      );
      await send(['after-1']);
      const values = (await consumePartition(bootstrap(), TOPIC, 0)).map((line) => line.split('\t')[3]);
      expect(values).toEqual(['before-1', 'before-2', 'after-1']);
      await producer.disconnect();
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
