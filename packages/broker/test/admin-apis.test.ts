// Intent: the admin APIs go through the controller and the broker's local logs follow the image: CreateTopics
// (validateOnly creates nothing, errors per topic, configs echoed), CreatePartitions adds logs, DeleteTopics removes
// them, and DescribeCluster reports this broker and the controller.
import { ApiKey, ErrorCode } from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopicRequest, RawClient, type SingleNode, startSingleNode } from './single-node.js';

let node: SingleNode;
let client: RawClient;

beforeAll(async () => {
  node = await startSingleNode();
  client = await RawClient.connect(node.port);
});

afterAll(async () => {
  client?.close();
  await node?.stop();
});

describe('admin APIs', () => {
  it('validates without creating, reports per-topic errors and echoes configs', async () => {
    const dryRun = await client.request(ApiKey.CreateTopics, 7, {
      ...createTopicRequest('dry', 2),
      validateOnly: true,
    });
    expect(dryRun.topics[0]).toMatchObject({ name: 'dry', errorCode: 0, numPartitions: 2 });
    expect(node.controller.image().topicsByName.has('dry')).toBe(false);

    const created = await client.request(
      ApiKey.CreateTopics,
      7,
      createTopicRequest('real', 2, [{ name: 'retention.ms', value: '1000' }]),
    );
    expect(created.topics[0]).toMatchObject({ name: 'real', errorCode: 0, numPartitions: 2, replicationFactor: 1 });
    expect(created.topics[0].topicId).not.toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(created.topics[0].configs).toContainEqual(expect.objectContaining({ name: 'retention.ms', value: '1000' }));
    expect(node.logManager.get('real', 1)).toBeDefined();

    const again = await client.request(ApiKey.CreateTopics, 7, createTopicRequest('real'));
    expect(again.topics[0].errorCode).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    const badConfig = await client.request(
      ApiKey.CreateTopics,
      7,
      createTopicRequest('bad-config', 1, [{ name: 'nope', value: '1' }]),
    );
    expect(badConfig.topics[0].errorCode).toBe(ErrorCode.INVALID_CONFIG);
  });

  it('adds partitions with local logs and deletes topics with their logs', async () => {
    await client.request(ApiKey.CreateTopics, 7, createTopicRequest('grow'));
    const grown = await client.request(ApiKey.CreatePartitions, 3, {
      topics: [{ name: 'grow', count: 3, assignments: null }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    expect(grown.results[0]).toMatchObject({ name: 'grow', errorCode: 0 });
    expect(node.logManager.get('grow', 2)).toBeDefined();

    const deleted = await client.request(ApiKey.DeleteTopics, 6, {
      topics: [{ name: 'grow', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
      timeoutMs: 5000,
    });
    expect(deleted.responses[0]).toMatchObject({ name: 'grow', errorCode: 0 });
    expect(node.logManager.get('grow', 0)).toBeUndefined();
    const missing = await client.request(ApiKey.DeleteTopics, 4, { topicNames: ['never'], timeoutMs: 5000 });
    expect(missing.responses[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('describes the cluster', async () => {
    const cluster = await client.request(ApiKey.DescribeCluster, 1, {
      includeClusterAuthorizedOperations: false,
      endpointType: 1,
    });
    expect(cluster).toMatchObject({ errorCode: 0, clusterId: 'broker-test-cluster', controllerId: 1 });
    expect(cluster.brokers).toEqual([{ brokerId: 1, host: '127.0.0.1', port: node.port, rack: null }]);
  });
});
