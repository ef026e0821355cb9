// Intent: a broker stopped after a controlled shutdown through the controller quorum costs the partitions it led no
// unavailability: an idempotent acks=all producer sees no failed send and no gap anywhere near a session timeout.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerLifecycle, QuorumController } from '@tributary/controller';
import { defaultLogConfig, LogManager } from '@tributary/log';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { Broker, defaultBrokerConfig } from '../src/index.js';
import { waitFor } from './cluster.js';
import { freePort } from './single-node.js';

const CLUSTER_ID = 'controlled-shutdown-test';
const logger = pino({ level: process.env.TRIBUTARY_TEST_LOG ?? 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Node {
  id: number;
  port: number;
  broker: Broker;
  lifecycle: BrokerLifecycle;
}

async function startBroker(controller: QuorumController, id: number): Promise<Node> {
  const dir = await mkdtemp(join(tmpdir(), `tributary-cs-${id}-`));
  const logManager = await LogManager.open({ logDirs: [dir], defaultConfig: defaultLogConfig });
  const port = await freePort();
  const broker = new Broker({
    config: {
      ...defaultBrokerConfig,
      nodeId: id,
      clusterId: CLUSTER_ID,
      listenerHost: '127.0.0.1',
      listenerPort: port,
      advertisedHost: '127.0.0.1',
      advertisedPort: port,
      replicaFetchWaitMaxMs: 50,
    },
    logManager,
    controller,
    logger,
  });
  await broker.start();
  // The same register/heartbeat path a combined node's broker uses (QuorumController as the channel).
  const lifecycle = new BrokerLifecycle({
    channel: controller,
    clusterId: CLUSTER_ID,
    brokerId: id,
    endpoint: { host: '127.0.0.1', port, rack: null },
    metadataOffset: () => controller.image().offset,
    logger,
    heartbeatIntervalMs: 200,
  });
  lifecycle.start();
  cleanups.push(async () => {
    await lifecycle.close();
    await broker.stop();
    await logManager.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { id, port, broker, lifecycle };
}

describe('controlled shutdown with real brokers', () => {
  it('moves leadership before the broker stops: no failed acks=all send, no gap near a session timeout', async () => {
    const controllerPort = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'tributary-cs-controller-'));
    const controller = await QuorumController.open({
      dataDir,
      clusterId: CLUSTER_ID,
      nodeId: 1,
      voters: `1@127.0.0.1:${controllerPort}`,
      listenHost: '127.0.0.1',
      defaults: { numPartitions: 1, defaultReplicationFactor: 3 },
      logger,
      tickMs: 50,
    });
    cleanups.push(async () => {
      await controller.close({ transferLeadership: false });
      await rm(dataDir, { recursive: true, force: true });
    });
    const nodes = [];
    for (const id of [1, 2, 3]) nodes.push(await startBroker(controller, id));
    await waitFor('brokers unfenced', () => nodes.every((n) => controller.image().brokers.get(n.id)?.fenced === false));
    const [created] = await controller.createTopics(
      [
        {
          name: 'rolling',
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [{ partitionIndex: 0, brokerIds: [2, 1, 3] }],
          configs: { 'min.insync.replicas': '2' },
        },
      ],
      { validateOnly: false },
    );
    expect(created.errorCode).toBe(0);
    const state = () => controller.image().topicsByName.get('rolling')!.partitions.get(0)!;
    expect(state().leader).toBe(2);

    const kafka = new Kafka({
      clientId: 'rolling',
      brokers: nodes.map((n) => `127.0.0.1:${n.port}`),
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 50, retries: 20, maxRetryTime: 200 },
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const acked: number[] = [];
    const failures: string[] = [];
    let maxGapMs = 0;
    let last = Date.now();
    let stopping = false;
    const loop = (async () => {
      for (let n = 0; !stopping; n++) {
        try {
          await producer.send({ topic: 'rolling', acks: -1, messages: [{ partition: 0, value: `v${n}` }] });
          acked.push(n);
          const now = Date.now();
          maxGapMs = Math.max(maxGapMs, now - last);
          last = now;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    })();
    await waitFor('some acks', () => acked.length > 50);
    maxGapMs = 0;

    const outcome = await nodes[1].lifecycle.controlledShutdown({ image: () => controller.image(), timeoutMs: 5000 });
    expect(outcome).toMatchObject({ completed: true, leadershipsLeft: 0 });
    await nodes[1].broker.stop();
    const ackedAtStop = acked.length;
    await waitFor('acks after the stop', () => acked.length > ackedAtStop + 50);
    stopping = true;
    await loop;
    await producer.disconnect();

    expect(failures).toEqual([]);
    expect(state().leader).not.toBe(2);
    expect(state().isr).not.toContain(2);
    // A kill -9 would cost a session timeout (9 s); a controlled shutdown costs about a metadata round trip.
    expect(maxGapMs).toBeLessThan(1500);
    process.stderr.write(`controlled shutdown: ${outcome.elapsedMs} ms, longest gap between acks ${maxGapMs} ms\n`);
  });
});
