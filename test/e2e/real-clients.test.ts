// Intent: a real node serves kafkajs and kcat end to end: create, 100k keyed records with headers at acks=all,
// byte-identical in-order read-back per partition, offsets by timestamp, and topic deletion.
import { javaPartition } from '@tributary/protocol';
import { type Kafka, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, kafkaClient } from './support/kafka-admin.js';
import { consumePartition, kcatOk } from './support/kcat.js';
import { ensureBuilt, freePort, HEAVY_TEST_TIMEOUT_MS, NodeProcess, tempDir } from './support/node-process.js';

const RECORDS = 100_000;
const BATCH = 1000;
const PARTITIONS = 3;
const KCAT_RECORDS = 10_000;

let node: NodeProcess;
let kafka: Kafka;

beforeAll(async () => {
  ensureBuilt();
  node = await NodeProcess.start({ dataDir: tempDir('clients'), port: await freePort() });
  kafka = kafkaClient(node.bootstrap);
});

afterAll(async () => {
  await node?.stop();
  node?.cleanup();
});

function diagnostics(): string {
  return `\n--- node output ---\n${node.tail()}`;
}

describe('kafkajs and kcat against a real node', () => {
  const topic = 'e2e-kafkajs';
  const baseTimestampMs = Date.now() - 1_000_000;
  const expected: string[][] = Array.from({ length: PARTITIONS }, () => []);
  const timestamps: number[][] = Array.from({ length: PARTITIONS }, () => []);

  it(
    'creates a 3-partition topic and produces 100k keyed records with headers at acks=all (kafkajs)',
    async () => {
      expect(await createTopic(node.bootstrap, topic, PARTITIONS)).toBe(true);

      const producer = kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      try {
        for (let start = 0; start < RECORDS; start += BATCH) {
          const messages = [];
          for (let i = start; i < start + BATCH; i++) {
            const key = `key-${i}`;
            const value = `value-${i}-${'x'.repeat(i % 50)}`;
            const timestamp = baseTimestampMs + i;
            messages.push({ key, value, headers: { h: `hv-${i}` }, timestamp: String(timestamp) });
            const partition = javaPartition(Buffer.from(key), PARTITIONS);
            expected[partition].push(`${expected[partition].length}\t${key}\th=hv-${i}\t${value}`);
            timestamps[partition].push(timestamp);
          }
          const acks = await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
          for (const ack of acks) expect(ack.errorCode, diagnostics()).toBe(0);
        }
      } finally {
        await producer.disconnect();
      }
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it('reads every partition back with kcat byte-identical and in order', async () => {
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const lines = await consumePartition(node.bootstrap, topic, partition);
      expect(lines.length, diagnostics()).toBe(expected[partition].length);
      expect(lines).toEqual(expected[partition]);
    }
  });

  it('lists offsets by timestamp with kafkajs and kcat -Q', async () => {
    const probe = baseTimestampMs + RECORDS / 2;
    const firstAtOrAfter = (partition: number) => timestamps[partition].findIndex((ts) => ts >= probe);
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, probe);
    await admin.disconnect();
    for (const { partition, offset } of offsets) expect(Number(offset)).toBe(firstAtOrAfter(partition));

    for (let partition = 0; partition < PARTITIONS; partition++) {
      const out = await kcatOk(['-Q', '-b', node.bootstrap, '-t', `${topic}:${partition}:${probe}`]);
      expect(out).toMatch(new RegExp(`\\[${partition}\\]\\s+offset\\s+${firstAtOrAfter(partition)}\\b`));
    }
  });

  it(
    'produces keyed records with a header through kcat -P at acks=all and reads them back',
    async () => {
      const kcatTopic = 'e2e-kcat';
      await createTopic(node.bootstrap, kcatTopic, PARTITIONS);

      const lines: string[] = [];
      const perPartition: string[][] = Array.from({ length: PARTITIONS }, () => []);
      for (let i = 0; i < KCAT_RECORDS; i++) {
        const key = `k${i}`;
        const value = `kcat-value-${i}`;
        lines.push(`${key}:${value}`);
        const partition = javaPartition(Buffer.from(key), PARTITIONS);
        perPartition[partition].push(`${perPartition[partition].length}\t${key}\tsrc=kcat\t${value}`);
      }
      await kcatOk(
        [
          '-P',
          '-b',
          node.bootstrap,
          '-t',
          kcatTopic,
          '-K',
          ':',
          '-H',
          'src=kcat',
          '-X',
          'acks=all',
          '-X',
          'topic.partitioner=murmur2_random',
        ],
        `${lines.join('\n')}\n`,
      );
      for (let partition = 0; partition < PARTITIONS; partition++) {
        expect(await consumePartition(node.bootstrap, kcatTopic, partition), diagnostics()).toEqual(
          perPartition[partition],
        );
      }
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it('deletes the topic and Metadata no longer lists it', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [topic] });
      let topics = await admin.listTopics();
      for (let attempt = 0; attempt < 20 && topics.includes(topic); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        topics = await admin.listTopics();
      }
      expect(topics).not.toContain(topic);
      expect(topics).toContain('e2e-kcat');
    } finally {
      await admin.disconnect();
    }
    const listing = await kcatOk(['-L', '-b', node.bootstrap, '-J']);
    const names = (JSON.parse(listing).topics as { topic: string }[]).map((t) => t.topic);
    expect(names).not.toContain(topic);
    expect(node.alive).toBe(true);
  });
});
