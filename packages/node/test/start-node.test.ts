// Intent: startNode wires real logs, controller and broker: it serves a Kafka client, restarts on the same data with
// the same cluster id, refuses a foreign cluster id, cleans up after a failed start, and stops in the order
// controlled shutdown -> broker -> controller -> logs.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig, MetaPropertiesMismatchError, startNode } from '../src/index.js';

const silent = pino({ level: 'silent' });

/** A combined broker,controller node: a one-voter quorum on a free controller port. */
async function configFor(dataDir: string, extra: string[] = [], port = 0) {
  const controllerPort = await freePort();
  return loadConfig({
    overrides: [
      'node.id=1',
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `log.dirs=${dataDir}`,
      ...extra,
    ],
  }).config;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('startNode', () => {
  it('serves kafkajs, stops gracefully and comes back with its data and cluster id', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tributary-node-'));
    const first = await startNode(await configFor(dataDir), { logger: silent });
    expect(first.brokerPort).toBeGreaterThan(0);
    const kafka = (port: number) =>
      new Kafka({ clientId: 't', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
    const admin = kafka(first.brokerPort!).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'kept', numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka(first.brokerPort!).producer();
    await producer.connect();
    await producer.send({
      topic: 'kept',
      acks: -1,
      messages: [
        { partition: 1, value: 'a' },
        { partition: 1, value: 'b' },
      ],
    });
    await producer.disconnect();
    await first.stop();
    await first.stop(); // idempotent

    const second = await startNode(await configFor(dataDir), { logger: silent });
    expect(second.clusterId).toBe(first.clusterId);
    const admin2 = kafka(second.brokerPort!).admin();
    await admin2.connect();
    const offsets = await admin2.fetchTopicOffsets('kept');
    await admin2.disconnect();
    expect(offsets.find((o) => o.partition === 1)?.high).toBe('2');
    await second.stop();
  });

  it('refuses a data dir that belongs to another cluster', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tributary-node-'));
    const node = await startNode(await configFor(dataDir, ['cluster.id=first-cluster']), { logger: silent });
    await node.stop();
    await expect(startNode(await configFor(dataDir, ['cluster.id=other-cluster']), { logger: silent })).rejects.toThrow(
      MetaPropertiesMismatchError,
    );
  });

  it('closes what it opened when the broker cannot listen, so a retry on the same dir works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tributary-node-'));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const busyPort = typeof address === 'object' && address ? address.port : 0;
    await expect(startNode(await configFor(dataDir, [], busyPort), { logger: silent })).rejects.toThrow();
    blocker.close();
    const node = await startNode(await configFor(dataDir), { logger: silent });
    expect(node.brokerPort).toBeGreaterThan(0);
    await node.stop();
  });

  it('stops with a controlled shutdown first, then the broker, then the controller (unless disabled)', async () => {
    const stepsOf = async (extra: string[]) => {
      const lines: { step?: string; msg: string }[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
      const dataDir = mkdtempSync(join(tmpdir(), 'tributary-node-'));
      const node = await startNode(await configFor(dataDir, extra), { logger });
      await node.stop();
      return lines
        .filter((l) => l.step !== undefined || l.msg.startsWith('controlled shutdown complete'))
        .map((l) => l.step ?? l.msg.split(':')[0]);
    };
    expect(await stepsOf([])).toEqual([
      'controlled-shutdown',
      'controlled shutdown complete',
      'timers',
      'broker',
      'controller',
      'log',
    ]);
    expect(await stepsOf(['controlled.shutdown.enable=false'])).toEqual(['timers', 'broker', 'controller', 'log']);
  });
});
