// Intent: after kill -9 mid-produce, every record acknowledged with acks=all is present at its acknowledged offset,
// and producing after the restart continues right after the recovered log end.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumePartition } from './support/kcat.js';
import { ensureBuilt, freePort, NodeProcess, REPO_ROOT, tempDir } from './support/node-process.js';

const TOPIC = 'e2e-crash';
/** Acknowledged batches to wait for before the kill: enough that the kill lands mid-stream. */
const ACKED_BATCHES_BEFORE_KILL = 200;

let node: NodeProcess;

beforeAll(async () => {
  ensureBuilt();
  node = await NodeProcess.start({ dataDir: tempDir('crash'), port: await freePort() });
});

afterAll(async () => {
  await node?.stop();
  node?.cleanup();
});

interface Ack {
  baseOffset: number;
  firstSequence: number;
  count: number;
}

describe('kill -9 mid-produce', () => {
  it('keeps every acknowledged record at its offset and continues after restart', async () => {
    const kafka = new Kafka({ clientId: 'e2e', brokers: [node.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }] });
    await admin.disconnect();

    const producer = spawn(
      process.execPath,
      [join(REPO_ROOT, 'test/e2e/support/acked-producer.mjs'), node.bootstrap, TOPIC],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acks: Ack[] = [];
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: producer.stdout! }).on('line', (line) => {
        const [kind, a, b, c] = line.split(' ');
        if (kind === 'ACK') {
          acks.push({ baseOffset: Number(a), firstSequence: Number(b), count: Number(c) });
          if (acks.length === ACKED_BATCHES_BEFORE_KILL) {
            // SIGKILL while the producer still has requests in flight.
            node.kill9().then(resolve, reject);
          }
        }
      });
      producer.once('exit', () => {
        if (acks.length < ACKED_BATCHES_BEFORE_KILL) reject(new Error(`producer exited early\n${node.tail()}`));
      });
    });
    expect(node.exitSignal).toBe('SIGKILL');
    producer.kill('SIGKILL');
    if (producer.exitCode === null && producer.signalCode === null) await once(producer, 'exit');

    await node.start();
    const lines = await consumePartition(node.bootstrap, TOPIC, 0);
    const valueAt = new Map(
      lines.map((line) => {
        const [offset, , , value] = line.split('\t');
        return [Number(offset), value] as const;
      }),
    );
    let lastAcked = -1;
    for (const ack of acks) {
      for (let i = 0; i < ack.count; i++) {
        expect(valueAt.get(ack.baseOffset + i), `offset ${ack.baseOffset + i}\n${node.tail()}`).toBe(
          `crash-value-${ack.firstSequence + i}`,
        );
      }
      lastAcked = Math.max(lastAcked, ack.baseOffset + ack.count - 1);
    }
    // Offsets stay dense across the crash.
    expect(lines.map((line) => Number(line.split('\t')[0]))).toEqual(lines.map((_, i) => i));

    const after = kafka.producer({ allowAutoTopicCreation: false });
    await after.connect();
    const [ack] = await after.send({ topic: TOPIC, messages: [{ partition: 0, value: 'after-restart' }], acks: -1 });
    await after.disconnect();
    expect(Number(ack.baseOffset)).toBe(lines.length);
    expect(Number(ack.baseOffset)).toBeGreaterThan(lastAcked);
    const reread = await consumePartition(node.bootstrap, TOPIC, 0);
    expect(reread.at(-1)).toBe(`${lines.length}\t\t\tafter-restart`);
  });
});
