// Intent: a real kafkajs client can create a topic, produce keyed records with headers (idempotently) to an
// in-process broker backed by a real LogManager and LocalController, and the records read back unchanged via Fetch.
import { ApiKey, decodeRecords, splitBatches } from '@tributary/protocol';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRequest, RawClient, type SingleNode, startSingleNode } from './single-node.js';

let node: SingleNode;

beforeAll(async () => {
  node = await startSingleNode();
});

afterAll(async () => {
  await node?.stop();
});

async function fetchAll(client: RawClient, topic: string, partition: number) {
  const response = await client.request(
    ApiKey.Fetch,
    12,
    fetchRequest({ topic }, { partitions: [partition], maxWaitMs: 100, minBytes: 1 }),
  );
  const data = response.responses[0].partitions[0];
  const records = [];
  for (const batch of splitBatches(data.records ?? Buffer.alloc(0)).batches)
    records.push(...(await decodeRecords(batch)));
  return { data, records, sessionId: response.sessionId };
}

describe('kafkajs against the broker', () => {
  it('creates a topic, produces keyed records with headers, and reads them back', async () => {
    const kafka = new Kafka({ clientId: 'test', brokers: [`127.0.0.1:${node.port}`], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] })).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: ['orders'] });
    expect(metadata.topics[0].partitions.length).toBe(3);
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = Array.from({ length: 20 }, (_, i) => ({
      key: `key-${i % 4}`,
      value: `value-${i}`,
      headers: { source: 'test', index: String(i) },
    }));
    const sent = await producer.send({ topic: 'orders', messages, acks: -1 });
    expect(sent.every((r) => r.errorCode === 0)).toBe(true);
    await producer.disconnect();

    const client = await RawClient.connect(node.port);
    const all = [];
    for (let p = 0; p < 3; p++) {
      const { data, records, sessionId } = await fetchAll(client, 'orders', p);
      expect(data.errorCode).toBe(0);
      expect(sessionId).toBe(0);
      expect(data.highWatermark).toBe(BigInt(records.length));
      for (const [i, r] of records.entries()) expect(r.offset).toBe(BigInt(i));
      all.push(...records);
    }
    client.close();
    expect(all.length).toBe(20);
    const byValue = new Map(all.map((r) => [r.value!.toString(), r]));
    for (const m of messages) {
      const r = byValue.get(m.value)!;
      expect(r.key!.toString()).toBe(m.key);
      const headers = Object.fromEntries(r.headers.map((h) => [h.key, h.value!.toString()]));
      expect(headers).toEqual(m.headers);
    }
    // Same key, same partition (kafkajs uses the Java-compatible murmur2 partitioner).
    const partitionsByKey = new Map<string, Set<number>>();
    for (const p of [0, 1, 2]) {
      const { records } = await (async () => {
        const c = await RawClient.connect(node.port);
        try {
          return await fetchAll(c, 'orders', p);
        } finally {
          c.close();
        }
      })();
      for (const r of records) {
        const key = r.key!.toString();
        if (!partitionsByKey.has(key)) partitionsByKey.set(key, new Set());
        partitionsByKey.get(key)!.add(p);
      }
    }
    for (const set of partitionsByKey.values()) expect(set.size).toBe(1);
  });
});
