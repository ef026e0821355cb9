// Intent: the broker follows Kafka's framing rules at the edges — KIP-511 ApiVersions fallback, closing on unknown
// APIs and garbage, no response for acks=0, Produce v0-2 refused, Metadata auto-creation rules, ListOffsets,
// DescribeConfigs and idempotent duplicate detection — and survives all of it.
import { ApiKey, decodeResponse, ErrorCode, encodeRecordBatchSync } from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopicRequest, fetchRequest, RawClient, type SingleNode, startSingleNode } from './single-node.js';

let node: SingleNode;

beforeAll(async () => {
  node = await startSingleNode();
});

afterAll(async () => {
  await node?.stop();
});

const createTopic = async (
  client: RawClient,
  name: string,
  numPartitions = 1,
  configs: { name: string; value: string }[] = [],
) => {
  const response = await client.request(ApiKey.CreateTopics, 7, createTopicRequest(name, numPartitions, configs));
  return response.topics[0];
};

const produce = (client: RawClient, topic: string, records: Buffer, acks = -1, version = 9) =>
  client.request(ApiKey.Produce, version, {
    transactionalId: null,
    acks,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
  });

describe('protocol edges', () => {
  it('answers an unknown ApiVersions version with a v0 body, UNSUPPORTED_VERSION and its own range', async () => {
    const client = await RawClient.connect(node.port);
    const header = Buffer.alloc(4 + 10);
    header.writeInt32BE(10, 0);
    header.writeInt16BE(ApiKey.ApiVersions, 4);
    header.writeInt16BE(99, 6);
    header.writeInt32BE(42, 8);
    header.writeInt16BE(-1, 12);
    client.writeRaw(header);
    const { correlationId, body } = decodeResponse(ApiKey.ApiVersions, 0, await client.nextFrame());
    expect(correlationId).toBe(42);
    expect(body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(body.apiKeys).toEqual([{ apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: 4 }]);
    client.close();
  });

  it('advertises exactly the implemented APIs at v3 (flexible) and v0', async () => {
    const client = await RawClient.connect(node.port);
    for (const version of [0, 3, 4]) {
      const body = await client.request(ApiKey.ApiVersions, version, {
        clientSoftwareName: 't',
        clientSoftwareVersion: '1',
      });
      expect(body.errorCode).toBe(0);
      const keys = body.apiKeys.map((k: { apiKey: number }) => k.apiKey).sort((a: number, b: number) => a - b);
      expect(keys).toEqual([
        0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 23, 32, 33, 35, 37, 42, 43, 44, 47, 55, 60,
      ]);
    }
    client.close();
  });

  it('closes the connection on an unadvertised API and on garbage, and keeps serving others', async () => {
    const a = await RawClient.connect(node.port);
    a.sendOnly(ApiKey.ConsumerGroupHeartbeat, 0, {});
    await a.closed;
    const b = await RawClient.connect(node.port);
    b.writeRaw(Buffer.from([0, 0, 0, 6, 0, 3, 0, 1, 0, 0]));
    await b.closed;
    const c = await RawClient.connect(node.port);
    const huge = Buffer.alloc(4);
    huge.writeInt32BE(0x7fffffff);
    c.writeRaw(huge);
    await c.closed;
    const d = await RawClient.connect(node.port);
    const metadata = await d.request(ApiKey.Metadata, 12, { topics: [], allowAutoTopicCreation: false });
    expect(metadata.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: node.port, rack: null }]);
    expect(metadata.controllerId).toBe(1);
    expect(metadata.clusterId).toBe('broker-test-cluster');
    expect(metadata.topics).toEqual([]);
    d.close();
  });

  it('auto-creates on Metadata only when allowed, answering LEADER_NOT_AVAILABLE first', async () => {
    const client = await RawClient.connect(node.port);
    const refused = await client.request(ApiKey.Metadata, 12, {
      topics: [{ name: 'auto-no' }],
      allowAutoTopicCreation: false,
    });
    expect(refused.topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const created = await client.request(ApiKey.Metadata, 12, {
      topics: [{ name: 'auto-yes' }],
      allowAutoTopicCreation: true,
    });
    expect(created.topics[0].errorCode).toBe(ErrorCode.LEADER_NOT_AVAILABLE);
    const again = await client.request(ApiKey.Metadata, 12, {
      topics: [{ name: 'auto-yes' }],
      allowAutoTopicCreation: true,
    });
    expect(again.topics[0]).toMatchObject({ errorCode: 0, name: 'auto-yes' });
    expect(again.topics[0].partitions[0]).toMatchObject({ leaderId: 1, replicaNodes: [1], isrNodes: [1] });
    const invalid = await client.request(ApiKey.Metadata, 12, {
      topics: [{ name: 'bad name!' }],
      allowAutoTopicCreation: true,
    });
    expect(invalid.topics[0].errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    const produced = await produce(
      client,
      'never-created',
      encodeRecordBatchSync({ records: [{ value: 'x' }], timestamp: 1 }),
    );
    expect(produced.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    client.close();
  });

  it('sends nothing for acks=0, refuses Produce v0-2, and lists offsets', async () => {
    const client = await RawClient.connect(node.port);
    expect((await createTopic(client, 'acks0')).errorCode).toBe(0);
    client.sendOnly(ApiKey.Produce, 9, {
      transactionalId: null,
      acks: 0,
      timeoutMs: 1000,
      topicData: [
        {
          name: 'acks0',
          partitionData: [{ index: 0, records: encodeRecordBatchSync({ records: [{ value: 'a' }], timestamp: 5 }) }],
        },
      ],
    });
    const old = await produce(
      client,
      'acks0',
      encodeRecordBatchSync({ records: [{ value: 'b' }], timestamp: 6 }),
      1,
      2,
    );
    expect(old.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const ok = await produce(
      client,
      'acks0',
      encodeRecordBatchSync({ records: [{ value: 'c' }, { value: 'd' }], timestamp: 7 }),
      1,
    );
    // The acks=0 batch came first and got offset 0; this one starts at 1.
    expect(ok.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 1n, logAppendTimeMs: -1n });
    const offsets = await client.request(ApiKey.ListOffsets, 7, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [
        {
          name: 'acks0',
          partitions: [-2n, -1n, -3n, 6n, 100n].map((timestamp) => ({
            partitionIndex: 0,
            currentLeaderEpoch: -1,
            timestamp,
          })),
        },
      ],
    });
    const found = offsets.topics[0].partitions.map((p: { offset: bigint }) => p.offset);
    expect(found).toEqual([0n, 3n, 1n, 1n, -1n]);
    client.close();
  });

  it('rewrites timestamps for LogAppendTime topics and describes effective topic configs', async () => {
    const client = await RawClient.connect(node.port);
    const created = await createTopic(client, 'lat', 1, [{ name: 'message.timestamp.type', value: 'LogAppendTime' }]);
    expect(created.errorCode).toBe(0);
    const before = Date.now();
    const response = await produce(client, 'lat', encodeRecordBatchSync({ records: [{ value: 'x' }], timestamp: 1 }));
    const p = response.responses[0].partitionResponses[0];
    expect(p.errorCode).toBe(0);
    expect(Number(p.logAppendTimeMs)).toBeGreaterThanOrEqual(before);
    const described = await client.request(ApiKey.DescribeConfigs, 4, {
      resources: [
        { resourceType: 2, resourceName: 'lat', configurationKeys: null },
        { resourceType: 4, resourceName: '1', configurationKeys: ['message.max.bytes'] },
        { resourceType: 2, resourceName: 'missing', configurationKeys: null },
      ],
      includeSynonyms: true,
      includeDocumentation: false,
    });
    const [topic, broker, missing] = described.results;
    const byName = new Map(topic.configs.map((c: { name: string }) => [c.name, c]));
    expect(byName.get('message.timestamp.type')).toMatchObject({ value: 'LogAppendTime', configSource: 1 });
    expect(byName.get('retention.ms')).toMatchObject({ value: '604800000', configSource: 5 });
    expect((byName.get('message.timestamp.type') as { synonyms: unknown[] }).synonyms.length).toBe(2);
    expect(broker.configs).toEqual([
      expect.objectContaining({ name: 'message.max.bytes', value: '1048588', configSource: 4 }),
    ]);
    expect(missing.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    client.close();
  });

  it('answers a retried idempotent batch with its original offset and rejects a sequence gap', async () => {
    const client = await RawClient.connect(node.port);
    await createTopic(client, 'idem');
    const init = await client.request(ApiKey.InitProducerId, 4, {
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: -1n,
      producerEpoch: -1,
    });
    expect(init.errorCode).toBe(0);
    const batch = (baseSequence: number) =>
      encodeRecordBatchSync({
        records: [{ value: 'x' }, { value: 'y' }],
        timestamp: 1,
        producerId: init.producerId,
        producerEpoch: 0,
        baseSequence,
      });
    const first = await produce(client, 'idem', batch(0));
    const second = await produce(client, 'idem', batch(2));
    const retry = await produce(client, 'idem', batch(0));
    const gap = await produce(client, 'idem', batch(9));
    const at = (r: any) => r.responses[0].partitionResponses[0];
    expect(at(first)).toMatchObject({ errorCode: 0, baseOffset: 0n });
    expect(at(second)).toMatchObject({ errorCode: 0, baseOffset: 2n });
    expect(at(retry)).toMatchObject({ errorCode: 0, baseOffset: 0n });
    expect(at(gap).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    const transactional = await client.request(ApiKey.InitProducerId, 4, {
      transactionalId: 'tx',
      transactionTimeoutMs: 60000,
      producerId: -1n,
      producerEpoch: -1,
    });
    expect(transactional.errorCode).toBe(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    client.close();
  });

  it('wakes a long-poll fetch when data arrives and times out an empty one', async () => {
    const client = await RawClient.connect(node.port);
    const producer = await RawClient.connect(node.port);
    await createTopic(client, 'poll');
    const fetch = (maxWaitMs: number) =>
      client.request(ApiKey.Fetch, 12, fetchRequest({ topic: 'poll' }, { maxWaitMs, minBytes: 1 }));
    let started = Date.now();
    const empty = await fetch(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(empty.responses[0].partitions[0].records.length).toBe(0);
    started = Date.now();
    const waiting = fetch(10_000);
    setTimeout(() => produce(producer, 'poll', encodeRecordBatchSync({ records: [{ value: 'z' }], timestamp: 1 })), 50);
    const woken = await waiting;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(woken.responses[0].partitions[0].highWatermark).toBe(1n);
    expect(woken.responses[0].partitions[0].records.length).toBeGreaterThan(0);
    client.close();
    producer.close();
  });

  it('serves Fetch v17 by topic id and flags an unknown topic id', async () => {
    const client = await RawClient.connect(node.port);
    const created = await createTopic(client, 'by-id');
    await produce(client, 'by-id', encodeRecordBatchSync({ records: [{ value: 'q' }], timestamp: 1 }));
    const fetch = (topicId: string) => client.request(ApiKey.Fetch, 17, fetchRequest({ topicId }));
    const found = await fetch(created.topicId);
    expect(found.responses[0].topicId).toBe(created.topicId);
    expect(found.responses[0].partitions[0]).toMatchObject({ errorCode: 0, highWatermark: 1n });
    const unknown = await fetch('AAAAAAAAAAAAAAAAAAAAAQ');
    expect(unknown.responses[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
    client.close();
  });

  it('returns the first batch whole above maxBytes (KIP-74) but nothing oversized after it', async () => {
    const client = await RawClient.connect(node.port);
    await createTopic(client, 'kip74', 2);
    const big = encodeRecordBatchSync({ records: [{ value: Buffer.alloc(2000, 1) }], timestamp: 1 });
    for (const index of [0, 1]) {
      await client.request(ApiKey.Produce, 9, {
        transactionalId: null,
        acks: 1,
        timeoutMs: 5000,
        topicData: [{ name: 'kip74', partitionData: [{ index, records: Buffer.from(big) }] }],
      });
    }
    const response = await client.request(
      ApiKey.Fetch,
      12,
      fetchRequest({ topic: 'kip74' }, { partitions: [0, 1], maxBytes: 100, partitionMaxBytes: 100 }),
    );
    const [first, second] = response.responses[0].partitions;
    expect(first.records.length).toBe(big.length);
    expect(second.records.length).toBe(0);
    expect(second.highWatermark).toBe(1n);
    client.close();
  });

  it('Fetch v12+ checks lastFetchedEpoch: a fetcher ahead of where its epoch ends here gets divergingEpoch, no records', async () => {
    const client = await RawClient.connect(node.port);
    await createTopic(client, 'diverge');
    const records = encodeRecordBatchSync({
      timestamp: Date.now(),
      records: [0, 1, 2].map((i) => ({ key: null, value: `v${i}` })),
    });
    expect((await produce(client, 'diverge', records, 1)).responses[0].partitionResponses[0].errorCode).toBe(0);
    const fetchAt = async (fetchOffset: bigint, lastFetchedEpoch: number) => {
      const request = fetchRequest({ topic: 'diverge' });
      Object.assign(request.topics[0].partitions[0], { fetchOffset, lastFetchedEpoch });
      const response = await client.request(ApiKey.Fetch, 12, request);
      return response.responses[0].partitions[0];
    };
    // Epoch 0 ends at the log end (3): a fetcher at 3 that last saw epoch 0 is in line and reads normally.
    const inLine = await fetchAt(0n, 0);
    expect(inLine.errorCode).toBe(ErrorCode.NONE);
    expect(inLine.divergingEpoch).toEqual({ epoch: -1, endOffset: -1n });
    expect(inLine.records.length).toBeGreaterThan(0);
    // A fetcher claiming offsets up to 10 in epoch 0 has records this log never had: truncate to 3.
    const diverged = await fetchAt(10n, 0);
    expect(diverged.errorCode).toBe(ErrorCode.NONE);
    expect(diverged.divergingEpoch).toEqual({ epoch: 0, endOffset: 3n });
    expect(diverged.records.length).toBe(0);
    // An epoch this log knows nothing of cannot be placed: OFFSET_OUT_OF_RANGE, as Kafka.
    expect((await fetchAt(1n, 7)).errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    client.close();
  });

  it("answers kafka-python's pipelined ApiVersions v0 + Metadata v0 probe in order (v0: empty list = all topics)", async () => {
    const client = await RawClient.connect(node.port);
    await createTopic(client, 'probe');
    const [versions, metadata] = await Promise.all([
      client.request(ApiKey.ApiVersions, 0, {}),
      client.request(ApiKey.Metadata, 0, { topics: [] }),
    ]);
    expect(versions.errorCode).toBe(0);
    expect(metadata.topics.map((t: { name: string }) => t.name)).toContain('probe');
    const none = await client.request(ApiKey.Metadata, 1, { topics: [] });
    expect(none.topics).toEqual([]);
    const all = await client.request(ApiKey.Metadata, 1, { topics: null });
    expect(all.topics.map((t: { name: string }) => t.name)).toContain('probe');
    client.close();
  });
});
