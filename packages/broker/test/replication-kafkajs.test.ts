// Intent: a real kafkajs idempotent producer (acks=all) keeps producing through a leader failover in a three-broker
// in-process cluster without a restart, and the new leader holds every acknowledged record exactly once, in order.
import { ApiKey, decodeRecords, splitBatches } from '@tributary/protocol';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { TestCluster, waitFor } from './cluster.js';
import { fetchRequest, RawClient } from './single-node.js';

let cluster: TestCluster | null = null;

afterAll(async () => {
  await cluster?.stop();
});

describe('kafkajs across a leader failover', () => {
  it('an idempotent acks=all producer rides through the loss of the leader', async () => {
    cluster = await TestCluster.start([1, 2, 3], { replicaLagTimeMaxMs: 2000, replicaFetchWaitMaxMs: 50 });
    const c = cluster;
    await c.createReplicatedTopic('failover-kafkajs');
    const kafka = new Kafka({
      clientId: 'failover',
      brokers: [1, 2, 3].map((id) => `127.0.0.1:${c.port(id)}`),
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 100, retries: 10 },
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const send = (from: number) =>
      producer.send({
        topic: 'failover-kafkajs',
        acks: -1,
        messages: Array.from({ length: 10 }, (_, i) => ({ value: `m-${from + i}` })),
      });
    await send(0);
    await waitFor('replicated', () => [2, 3].every((id) => c.log(id, 'failover-kafkajs')?.logEndOffset === 10n));

    await c.fence(1);
    await c.stopBroker(1);
    expect(c.partitionState('failover-kafkajs').leader).toBe(2);
    await send(10);
    await producer.disconnect();

    const client = await RawClient.connect(c.port(2));
    const response = await client.request(
      ApiKey.Fetch,
      12,
      fetchRequest({ topic: 'failover-kafkajs' }, { maxWaitMs: 0 }),
    );
    client.close();
    const values: string[] = [];
    for (const batch of splitBatches(response.responses[0].partitions[0].records ?? Buffer.alloc(0)).batches) {
      for (const record of await decodeRecords(batch)) values.push(record.value!.toString());
    }
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => `m-${i}`));
  }, 60_000);
});
