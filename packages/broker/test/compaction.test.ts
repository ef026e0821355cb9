// Intent: on one in-process node, __consumer_offsets shrinks under the log cleaner and a restarted coordinator still serves the last commit; and a compacted topic with small segments that received many updates of a few keys reads back from offset 0 with only each key's latest value below the active segment (at its original offset), everything in the active segment, and unchanged earliest/latest offsets, once the log cleaner has run.
import {
  ApiKey,
  decodeRecords,
  ErrorCode,
  encodeRecordBatchSync,
  type Record,
  splitBatches,
} from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopicRequest, fetchRequest, RawClient, type SingleNode, startSingleNode } from './single-node.js';

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

const KEYS = 5;
const UPDATES = 300;

async function fetchFromStart(topic: string, end: bigint): Promise<Record[]> {
  const request = fetchRequest({ topic }, { maxBytes: 64 * 1024, partitionMaxBytes: 64 * 1024 });
  const records: Record[] = [];
  let offset = 0n;
  while (offset < end) {
    request.topics[0].partitions[0].fetchOffset = offset;
    const response = await client.request(ApiKey.Fetch, 12, request);
    const partition = response.responses[0].partitions[0];
    expect(partition.errorCode).toBe(ErrorCode.NONE);
    const batches = splitBatches(partition.records ?? Buffer.alloc(0)).batches;
    expect(batches.length).toBeGreaterThan(0);
    for (const batch of batches) {
      records.push(...(await decodeRecords(batch)));
      offset = batch.readBigInt64BE(0) + BigInt(batch.readInt32BE(23)) + 1n;
    }
  }
  return records;
}

async function listOffset(topic: string, timestamp: bigint): Promise<bigint> {
  const response = await client.request(ApiKey.ListOffsets, 7, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp }] }],
  });
  return response.topics[0].partitions[0].offset;
}

describe('compacted topic', () => {
  it('serves only the latest value per key from the cleaned segments after the log cleaner runs', async () => {
    const created = await client.request(
      ApiKey.CreateTopics,
      7,
      createTopicRequest('compacted', 1, [
        { name: 'cleanup.policy', value: 'compact' },
        { name: 'segment.bytes', value: '2048' },
      ]),
    );
    expect(created.topics[0].errorCode).toBe(ErrorCode.NONE);
    for (let index = 0; index < UPDATES; index++) {
      const records = encodeRecordBatchSync({
        records: [{ key: `k${index % KEYS}`, value: `v${index}` }],
        timestamp: Date.now(),
      });
      const response = await client.request(ApiKey.Produce, 9, {
        transactionalId: null,
        acks: -1,
        timeoutMs: 5000,
        topicData: [{ name: 'compacted', partitionData: [{ index: 0, records }] }],
      });
      expect(response.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);
    }
    const log = node.logManager.get('compacted', 0)!;
    expect(log.logConfig.cleanupPolicy).toBe('compact');
    const end = log.logEndOffset;
    expect(end).toBe(BigInt(UPDATES));
    expect(log.segmentCount()).toBeGreaterThan(5);
    const earliest = await listOffset('compacted', -2n);
    const latest = await listOffset('compacted', -1n);
    const sizeBefore = log.sizeInBytes();

    expect(await node.logManager.runCleaner()).toBeGreaterThan(0);

    expect(log.sizeInBytes()).toBeLessThan(sizeBefore / 3);
    expect(await listOffset('compacted', -2n)).toBe(earliest);
    expect(await listOffset('compacted', -1n)).toBe(latest);
    const activeBase = log.segmentBaseOffsets().at(-1)!;
    const records = await fetchFromStart('compacted', end);
    const offsets = records.map((record) => record.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
    // Every record is the one produced at its offset.
    for (const record of records) {
      expect([String(record.key), String(record.value)]).toEqual([
        `k${Number(record.offset) % KEYS}`,
        `v${record.offset}`,
      ]);
    }
    const cleaned = records.filter((record) => record.offset < activeBase);
    const expectedCleaned = [...Array(KEYS).keys()]
      .map((key) => {
        let offset = Number(activeBase) - 1;
        while ((offset - key) % KEYS !== 0) offset -= 1;
        return BigInt(offset);
      })
      .filter((offset) => offset >= 0n)
      .sort((a, b) => (a < b ? -1 : 1));
    expect(cleaned.map((record) => record.offset)).toEqual(expectedCleaned);
    expect(records.filter((record) => record.offset >= activeBase).map((record) => record.offset)).toEqual(
      [...Array(Number(end - activeBase)).keys()].map((index) => activeBase + BigInt(index)),
    );
  });

  it('compacts __consumer_offsets: many commits of one partition shrink to the last, which a restarted node still serves', async () => {
    const overrides = {
      offsetsTopicNumPartitions: 1,
      offsetsTopicReplicationFactor: 1,
      offsetsTopicSegmentBytes: 2048,
    };
    let offsetsNode = await startSingleNode(overrides);
    let offsetsClient = await RawClient.connect(offsetsNode.port);
    const dataDir = offsetsNode.dataDir;
    try {
      await offsetsClient.request(ApiKey.CreateTopics, 7, createTopicRequest('source'));
      // FindCoordinator creates __consumer_offsets; commits succeed once this broker leads and loaded it.
      const COMMITS = 150;
      const coordinatorNotReady = [
        ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
        ErrorCode.COORDINATOR_NOT_AVAILABLE,
        ErrorCode.NOT_COORDINATOR,
      ];
      for (let committed = 1; committed <= COMMITS; committed++) {
        let errorCode: number = ErrorCode.COORDINATOR_NOT_AVAILABLE;
        for (let attempt = 0; attempt < 100 && coordinatorNotReady.includes(errorCode); attempt++) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
          await offsetsClient.request(ApiKey.FindCoordinator, 3, { key: 'g', keyType: 0 });
          const response = await offsetsClient.request(ApiKey.OffsetCommit, 2, {
            groupId: 'g',
            generationIdOrMemberEpoch: -1,
            memberId: '',
            retentionTimeMs: -1n,
            topics: [
              {
                name: 'source',
                partitions: [{ partitionIndex: 0, committedOffset: BigInt(committed), committedMetadata: null }],
              },
            ],
          });
          errorCode = response.topics[0].partitions[0].errorCode;
        }
        expect(errorCode).toBe(ErrorCode.NONE);
      }
      const offsetsLog = offsetsNode.logManager.get('__consumer_offsets', 0)!;
      expect(offsetsLog.logConfig.cleanupPolicy).toBe('compact');
      const sizeBefore = offsetsLog.sizeInBytes();
      expect(await offsetsNode.logManager.runCleaner()).toBeGreaterThan(0);
      expect(offsetsLog.sizeInBytes()).toBeLessThan(sizeBefore / 3);
      offsetsClient.close();
      await offsetsNode.stop({ keepData: true });
      offsetsNode = await startSingleNode(overrides, dataDir);
      offsetsClient = await RawClient.connect(offsetsNode.port);
      let committed: bigint | null = null;
      for (let attempt = 0; attempt < 100 && committed === null; attempt++) {
        const fetched = await offsetsClient.request(ApiKey.OffsetFetch, 1, {
          groupId: 'g',
          topics: [{ name: 'source', partitionIndexes: [0] }],
        });
        const partition = fetched.topics[0].partitions[0];
        if (partition.errorCode === ErrorCode.NONE) committed = partition.committedOffset;
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(committed).toBe(BigInt(COMMITS));
    } finally {
      offsetsClient.close();
      await offsetsNode.stop();
    }
  });
});
