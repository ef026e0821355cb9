// Intent: across a clean restart the broker keeps the data, hands out producer ids it never handed out before, and
// still recognises a retried idempotent batch (producer state restored from its snapshot); after an unclean stop
// (no snapshot) the state is rebuilt by scanning the log tail.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiKey, encodeRecordBatchSync } from '@tributary/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { PRODUCER_STATE_SNAPSHOT_FILE } from '../src/producer-state-snapshot.js';
import { createTopicRequest, fetchRequest, RawClient, type SingleNode, startSingleNode } from './single-node.js';

let node: SingleNode | null = null;

afterEach(async () => {
  await node?.stop();
  node = null;
});

async function initProducer(client: RawClient): Promise<bigint> {
  const init = await client.request(ApiKey.InitProducerId, 4, {
    transactionalId: null,
    transactionTimeoutMs: 60000,
    producerId: -1n,
    producerEpoch: -1,
  });
  return init.producerId;
}

async function produce(client: RawClient, producerId: bigint, baseSequence: number) {
  const records = encodeRecordBatchSync({
    records: [{ value: `s${baseSequence}` }],
    timestamp: 1,
    producerId,
    producerEpoch: 0,
    baseSequence,
  });
  const response = await client.request(ApiKey.Produce, 9, {
    transactionalId: null,
    acks: -1,
    timeoutMs: 5000,
    topicData: [{ name: 'durable', partitionData: [{ index: 0, records }] }],
  });
  return response.responses[0].partitionResponses[0];
}

async function phaseOne(): Promise<{ dir: string; producerId: bigint }> {
  node = await startSingleNode();
  const client = await RawClient.connect(node.port);
  await client.request(ApiKey.CreateTopics, 7, createTopicRequest('durable'));
  const producerId = await initProducer(client);
  for (let seq = 0; seq < 3; seq++) expect((await produce(client, producerId, seq)).errorCode).toBe(0);
  client.close();
  const dir = node.dataDir;
  await node.stop({ keepData: true });
  node = null;
  return { dir, producerId };
}

async function expectStateSurvived(dir: string, producerId: bigint): Promise<void> {
  node = await startSingleNode({}, dir);
  const client = await RawClient.connect(node.port);
  expect(await initProducer(client)).not.toBe(producerId);
  expect(await produce(client, producerId, 2)).toMatchObject({ errorCode: 0, baseOffset: 2n });
  expect(await produce(client, producerId, 3)).toMatchObject({ errorCode: 0, baseOffset: 3n });
  client.close();
}

describe('broker restart', () => {
  it('restores producer state from the snapshot written on clean shutdown', async () => {
    const { dir, producerId } = await phaseOne();
    await expectStateSurvived(dir, producerId);
  });

  it('rebuilds producer state from the log when no snapshot exists', async () => {
    const { dir, producerId } = await phaseOne();
    const partitionDir = join(dir, 'durable-0');
    await rm(join(partitionDir, PRODUCER_STATE_SNAPSHOT_FILE), { force: false });
    await expectStateSurvived(dir, producerId);
  });

  it('stops promptly while a long-poll fetch is parked', async () => {
    node = await startSingleNode();
    const client = await RawClient.connect(node.port);
    await client.request(ApiKey.CreateTopics, 7, createTopicRequest('idle'));
    client.sendOnly(ApiKey.Fetch, 12, fetchRequest({ topic: 'idle' }, { maxWaitMs: 60_000, minBytes: 1 }));
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await node.stop();
    node = null;
    expect(Date.now() - started).toBeLessThan(2000);
    await client.closed;
  });
});
