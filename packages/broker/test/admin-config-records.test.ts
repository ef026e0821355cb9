// Intent: on one in-process node, IncrementalAlterConfigs/AlterConfigs change topic configs with Kafka's error codes
// and the broker enforces them at once (max.message.bytes, min.insync.replicas), DeleteRecords moves the log start
// offset, DescribeLogDirs lists the log dir and its partitions, DescribeQuorum answers from the controller, and
// ElectLeaders answers ELECTION_NOT_NEEDED where the leader is already right.
import { ApiKey, ErrorCode, encodeRecordBatchSync } from '@tributary/protocol';
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

const SET = 0;
const DELETE = 1;
const APPEND = 2;
const TOPIC = 2;
const BROKER = 4;

async function produce(topic: string, values: string[], acks = -1) {
  const records = encodeRecordBatchSync({ records: values.map((value) => ({ value })), timestamp: 1 });
  const response = await client.request(ApiKey.Produce, 9, {
    transactionalId: null,
    acks,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
  });
  return response.responses[0].partitionResponses[0];
}

function incremental(resources: object[], validateOnly = false, version = 1) {
  return client.request(ApiKey.IncrementalAlterConfigs, version, { resources, validateOnly });
}

const topicOps = (name: string, configs: { name: string; configOperation: number; value: string | null }[]) => ({
  resourceType: TOPIC,
  resourceName: name,
  configs,
});

async function describeTopic(name: string): Promise<Map<string, string | null>> {
  const response = await client.request(ApiKey.DescribeConfigs, 4, {
    resources: [{ resourceType: TOPIC, resourceName: name, configurationKeys: null }],
    includeSynonyms: false,
    includeDocumentation: false,
  });
  return new Map(response.results[0].configs.map((c: { name: string; value: string | null }) => [c.name, c.value]));
}

describe('config changes', () => {
  it('IncrementalAlterConfigs changes take effect on produce without a restart, and DELETE restores the default', async () => {
    await client.request(ApiKey.CreateTopics, 7, createTopicRequest('cfg'));
    expect((await produce('cfg', ['x'.repeat(2000)])).errorCode).toBe(ErrorCode.NONE);

    const dry = await incremental(
      [topicOps('cfg', [{ name: 'max.message.bytes', configOperation: SET, value: '1000' }])],
      true,
    );
    expect(dry.responses[0]).toMatchObject({ errorCode: 0, resourceName: 'cfg' });
    expect((await describeTopic('cfg')).get('max.message.bytes')).toBe('1048588');

    const set = await incremental([
      topicOps('cfg', [
        { name: 'max.message.bytes', configOperation: SET, value: '1000' },
        { name: 'min.insync.replicas', configOperation: SET, value: '2' },
        { name: 'cleanup.policy', configOperation: APPEND, value: 'compact' },
        { name: 'retention.ms', configOperation: SET, value: '60000' },
        { name: 'segment.bytes', configOperation: SET, value: '65536' },
      ]),
    ]);
    expect(set.responses[0].errorCode).toBe(0);
    // The log's own limits (retention, segment rolling) were pushed into the open log.
    expect(node.logManager.get('cfg', 0)!.logConfig).toMatchObject({ retentionMs: 60000, segmentBytes: 65536 });
    const described = await describeTopic('cfg');
    expect(described.get('max.message.bytes')).toBe('1000');
    expect(described.get('cleanup.policy')).toBe('delete,compact');
    expect((await produce('cfg', ['x'.repeat(2000)], 1)).errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    // RF 1 cannot satisfy min.insync.replicas=2: acks=all is refused; a compacted topic refuses keyless records.
    expect((await produce('cfg', ['small'])).errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect((await produce('cfg', ['small'], 1)).errorCode).toBe(ErrorCode.INVALID_RECORD);

    const deleted = await incremental(
      [
        topicOps('cfg', [
          { name: 'max.message.bytes', configOperation: DELETE, value: null },
          { name: 'min.insync.replicas', configOperation: DELETE, value: null },
          { name: 'cleanup.policy', configOperation: DELETE, value: null },
          { name: 'retention.ms', configOperation: DELETE, value: null },
        ]),
      ],
      false,
      0,
    );
    expect(deleted.responses[0].errorCode).toBe(0);
    expect(node.logManager.get('cfg', 0)!.logConfig.retentionMs).toBe(7 * 24 * 3600 * 1000);
    expect((await produce('cfg', ['x'.repeat(2000)])).errorCode).toBe(ErrorCode.NONE);
  });

  it('answers unknown topics, bad names and values, read-only and unsupported broker keys as Kafka does', async () => {
    await client.request(ApiKey.CreateTopics, 7, createTopicRequest('cfg-errors'));
    const response = await incremental([
      topicOps('missing', [{ name: 'retention.ms', configOperation: SET, value: '1' }]),
      topicOps('cfg-errors', [{ name: 'no.such.config', configOperation: SET, value: '1' }]),
      topicOps('cfg-errors', [{ name: 'retention.ms', configOperation: SET, value: 'soon' }]),
      { resourceType: BROKER, resourceName: '1', configs: [{ name: 'log.dirs', configOperation: SET, value: '/x' }] },
      {
        resourceType: BROKER,
        resourceName: '',
        configs: [{ name: 'log.cleaner.threads', configOperation: SET, value: '2' }],
      },
      { resourceType: 8, resourceName: '1', configs: [] },
    ]);
    expect(
      response.responses.map((r: { errorCode: number; errorMessage: string }) => [r.errorCode, r.errorMessage]),
    ).toEqual([
      [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, expect.any(String)],
      [ErrorCode.INVALID_REQUEST, 'Duplicate resource cfg-errors in request'],
      [ErrorCode.INVALID_REQUEST, 'Duplicate resource cfg-errors in request'],
      [ErrorCode.INVALID_REQUEST, 'Cannot update these configs dynamically: Set(log.dirs)'],
      [ErrorCode.INVALID_CONFIG, expect.stringContaining('log.cleaner.threads is not supported')],
      [ErrorCode.INVALID_REQUEST, 'Unsupported resource type 8 for altering configs'],
    ]);
    const single = async (configs: object[]) =>
      (await incremental([topicOps('cfg-errors', configs as never)])).responses[0];
    expect(await single([{ name: 'no.such.config', configOperation: SET, value: '1' }])).toMatchObject({
      errorCode: ErrorCode.INVALID_CONFIG,
      errorMessage: 'Unknown topic config name: no.such.config',
    });
    expect(await single([{ name: 'retention.ms', configOperation: SET, value: 'soon' }])).toMatchObject({
      errorCode: ErrorCode.INVALID_CONFIG,
      errorMessage: 'Invalid value soon for configuration retention.ms',
    });
    const cluster = await incremental([
      {
        resourceType: BROKER,
        resourceName: '',
        configs: [{ name: 'unclean.leader.election.enable', configOperation: SET, value: 'true' }],
      },
    ]);
    expect(cluster.responses[0].errorCode).toBe(0);
    expect(node.controller.image().brokerConfigs.get('')?.get('unclean.leader.election.enable')).toBe('true');
  });

  it('legacy AlterConfigs replaces the whole set at v0 and v2', async () => {
    await client.request(
      ApiKey.CreateTopics,
      7,
      createTopicRequest('legacy', 1, [
        { name: 'retention.ms', value: '100000' },
        { name: 'segment.ms', value: '200000' },
      ]),
    );
    for (const version of [0, 2]) {
      const value = `${5000 + version}`;
      const response = await client.request(ApiKey.AlterConfigs, version, {
        resources: [{ resourceType: TOPIC, resourceName: 'legacy', configs: [{ name: 'retention.ms', value }] }],
        validateOnly: false,
      });
      expect(response.responses[0]).toMatchObject({ errorCode: 0, resourceName: 'legacy' });
      expect([...node.controller.image().topicsByName.get('legacy')!.configs]).toEqual([['retention.ms', value]]);
    }
    const bad = await client.request(ApiKey.AlterConfigs, 1, {
      resources: [{ resourceType: TOPIC, resourceName: 'legacy', configs: [{ name: 'retention.ms', value: '-7' }] }],
      validateOnly: false,
    });
    expect(bad.responses[0].errorCode).toBe(ErrorCode.INVALID_CONFIG);
  });
});

describe('DeleteRecords', () => {
  it('moves the log start offset up to the high watermark and refuses offsets past it', async () => {
    await client.request(ApiKey.CreateTopics, 7, createTopicRequest('trim'));
    await produce('trim', ['a', 'b', 'c', 'd', 'e']);
    const del = (offset: bigint, topic = 'trim', version = 2) =>
      client
        .request(ApiKey.DeleteRecords, version, {
          topics: [{ name: topic, partitions: [{ partitionIndex: 0, offset }] }],
          timeoutMs: 5000,
        })
        .then((r) => r.topics[0].partitions[0]);
    expect(await del(3n, 'trim', 0)).toMatchObject({ errorCode: 0, lowWatermark: 3n });
    expect(node.logManager.get('trim', 0)!.logStartOffset).toBe(3n);
    expect(await del(2n)).toMatchObject({ errorCode: 0, lowWatermark: 3n });
    expect(await del(6n)).toMatchObject({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, lowWatermark: -1n });
    expect(await del(-1n, 'trim', 1)).toMatchObject({ errorCode: 0, lowWatermark: 5n });
    expect((await del(0n, 'never')).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const earliest = await client.request(ApiKey.ListOffsets, 7, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: 'trim', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2n }] }],
    });
    expect(earliest.topics[0].partitions[0].offset).toBe(5n);
    // A compacted topic's records are not deleted by offset (Kafka's POLICY_VIOLATION).
    await client.request(
      ApiKey.CreateTopics,
      7,
      createTopicRequest('compacted', 1, [{ name: 'cleanup.policy', value: 'compact' }]),
    );
    expect((await del(0n, 'compacted')).errorCode).toBe(ErrorCode.POLICY_VIOLATION);
  });
});

describe('DescribeLogDirs, DescribeQuorum, ElectLeaders', () => {
  it('lists the log dir with partition sizes, and volume bytes at v4', async () => {
    await client.request(ApiKey.CreateTopics, 7, createTopicRequest('dirs', 2));
    await produce('dirs', ['one', 'two']);
    for (const version of [0, 4]) {
      const response = await client.request(ApiKey.DescribeLogDirs, version, {
        topics: [{ topic: 'dirs', partitions: [0, 1] }],
      });
      expect(response.results).toHaveLength(1);
      const [dir] = response.results;
      expect(dir.logDir).toBe(node.logManager.logDirs[0]);
      expect(dir.topics).toEqual([
        {
          name: 'dirs',
          partitions: [
            {
              partitionIndex: 0,
              partitionSize: BigInt(node.logManager.get('dirs', 0)!.sizeInBytes()),
              offsetLag: 0n,
              isFutureKey: false,
            },
            { partitionIndex: 1, partitionSize: 0n, offsetLag: 0n, isFutureKey: false },
          ],
        },
      ]);
      if (version === 4) {
        expect(dir.totalBytes).toBeGreaterThan(0n);
        expect(dir.usableBytes).toBeGreaterThan(0n);
        expect(dir.usableBytes).toBeLessThanOrEqual(dir.totalBytes);
      }
    }
    const all = await client.request(ApiKey.DescribeLogDirs, 2, { topics: null });
    expect(all.results[0].topics.map((t: { name: string }) => t.name)).toContain('trim');
  });

  it('DescribeQuorum reports the single-node quorum and refuses other partitions', async () => {
    for (const version of [0, 1, 2]) {
      const response = await client.request(ApiKey.DescribeQuorum, version, {
        topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }],
      });
      const partition = response.topics[0].partitions[0];
      expect(partition).toMatchObject({ errorCode: 0, leaderId: 1, leaderEpoch: 1 });
      expect(partition.highWatermark).toBe(node.controller.image().offset + 1n);
      expect(partition.currentVoters.map((v: { replicaId: number }) => v.replicaId)).toEqual([1]);
    }
    const wrong = await client.request(ApiKey.DescribeQuorum, 2, {
      topics: [{ topicName: 'other', partitions: [{ partitionIndex: 0 }] }],
    });
    expect(wrong.topics[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('ElectLeaders answers ELECTION_NOT_NEEDED for a partition already led by its preferred replica', async () => {
    await client.request(ApiKey.CreateTopics, 7, createTopicRequest('elect'));
    for (const [version, electionType] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ]) {
      const response = await client.request(ApiKey.ElectLeaders, version, {
        electionType,
        topicPartitions: [{ topic: 'elect', partitions: [0] }],
        timeoutMs: 5000,
      });
      expect(response.replicaElectionResults).toEqual([
        {
          topic: 'elect',
          partitionResult: [
            { partitionId: 0, errorCode: ErrorCode.ELECTION_NOT_NEEDED, errorMessage: expect.any(String) },
          ],
        },
      ]);
    }
    const all = await client.request(ApiKey.ElectLeaders, 2, {
      electionType: 0,
      topicPartitions: null,
      timeoutMs: 5000,
    });
    expect(all).toMatchObject({ errorCode: 0, replicaElectionResults: [] });
  });
});
