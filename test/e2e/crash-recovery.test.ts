// Intent: across repeated kill -9 mid-produce, every record acknowledged with acks=all stays at its acknowledged
// offset, offsets stay dense, and producing after each restart continues right after the recovered log end.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, kafkaClient } from './support/kafka-admin.js';
import { consumePartition } from './support/kcat.js';
import {
  ensureBuilt,
  freePort,
  HEAVY_TEST_TIMEOUT_MS,
  NodeProcess,
  REPO_ROOT,
  tempDir,
} from './support/node-process.js';

const TOPIC = 'e2e-crash';
const CYCLES = 3;
/** Acknowledged batches per cycle before the kill; varied so the kill lands at different points of the stream. */
const ACKED_BATCHES_BEFORE_KILL = [150, 230, 90];

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

/** Runs the producer child until `batches` acks arrived, then SIGKILLs the node (requests still in flight). */
async function produceUntilKill(startSequence: number, batches: number): Promise<Ack[]> {
  const script = join(REPO_ROOT, 'test/e2e/support/acked-producer.mjs');
  const producer = spawn(process.execPath, [script, node.bootstrap, TOPIC, String(startSequence)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acks: Ack[] = [];
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: producer.stdout! }).on('line', (line) => {
      const [kind, a, b, c] = line.split(' ');
      if (kind !== 'ACK') return;
      acks.push({ baseOffset: Number(a), firstSequence: Number(b), count: Number(c) });
      if (acks.length === batches) node.kill9().then(resolve, reject);
    });
    producer.once('exit', () => {
      if (acks.length < batches) reject(new Error(`producer exited after ${acks.length} acks\n${node.tail()}`));
    });
  });
  expect(node.exitSignal).toBe('SIGKILL');
  // Acks that raced the kill were printed before the node died; collect them before stopping the producer.
  await new Promise((resolve) => setTimeout(resolve, 100));
  producer.kill('SIGKILL');
  if (producer.exitCode === null && producer.signalCode === null) await once(producer, 'exit');
  return acks;
}

describe('kill -9 mid-produce', () => {
  it(
    `keeps every acknowledged record at its offset over ${CYCLES} crash/restart cycles`,
    async () => {
      const kafka = () => kafkaClient(node.bootstrap);
      await createTopic(node.bootstrap, TOPIC, 1);

      const allAcks: Ack[] = [];
      let nextSequence = 0;
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const acks = await produceUntilKill(nextSequence, ACKED_BATCHES_BEFORE_KILL[cycle]);
        allAcks.push(...acks);
        nextSequence += 1_000_000;

        await node.start();
        const lines = await consumePartition(node.bootstrap, TOPIC, 0);
        const valueAt = new Map(
          lines.map((line) => {
            const [offset, , , value] = line.split('\t');
            return [Number(offset), value] as const;
          }),
        );
        let lastAcked = -1;
        for (const ack of allAcks) {
          for (let i = 0; i < ack.count; i++) {
            const offset = ack.baseOffset + i;
            expect(valueAt.get(offset), `cycle ${cycle}, offset ${offset}\n${node.tail()}`).toBe(
              `crash-value-${ack.firstSequence + i}`,
            );
          }
          lastAcked = Math.max(lastAcked, ack.baseOffset + ack.count - 1);
        }
        // Offsets stay dense across the crash.
        expect(lines.map((line) => Number(line.split('\t')[0]))).toEqual(lines.map((_, i) => i));

        const after = kafka().producer({ allowAutoTopicCreation: false });
        await after.connect();
        const marker = `after-restart-${cycle}`;
        const [ack] = await after.send({ topic: TOPIC, messages: [{ partition: 0, value: marker }], acks: -1 });
        await after.disconnect();
        expect(Number(ack.baseOffset)).toBe(lines.length);
        expect(Number(ack.baseOffset)).toBeGreaterThan(lastAcked);
        const reread = await consumePartition(node.bootstrap, TOPIC, 0);
        expect(reread.at(-1)).toBe(`${lines.length}\t\t\t${marker}`);
      }
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
