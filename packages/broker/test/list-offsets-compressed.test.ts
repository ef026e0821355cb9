// Intent: ListOffsets by timestamp and by max timestamp (-3) answers with the exact record inside a compressed batch
// of every codec, as Kafka does - not the batch's first offset with its max timestamp (which franz-go, producing
// snappy by default, got from ListOffsetsAfterMilli).
import { ApiKey, encodeRecordBatch } from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopicRequest, RawClient, type SingleNode, startSingleNode } from './single-node.js';

const CODECS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };
const BASE_TIMESTAMP_MS = 1_700_000_000_000;
// Two batches of 10 records, timestamps base+0..base+19 with record 13 out of order (the max: base+100).
const timestampOf = (i: number) => BASE_TIMESTAMP_MS + (i === 13 ? 100 : i);

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

async function listOffsets(topic: string, timestamps: bigint[]) {
  const response = await client.request(ApiKey.ListOffsets, 9, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [
      {
        name: topic,
        partitions: timestamps.map((timestamp) => ({ partitionIndex: 0, currentLeaderEpoch: -1, timestamp })),
      },
    ],
  });
  return response.topics[0].partitions.map((p: { offset: bigint; timestamp: bigint }) => [p.offset, p.timestamp]);
}

describe('ListOffsets by timestamp inside compressed batches', () => {
  for (const [name, compression] of Object.entries(CODECS)) {
    it(`finds the exact record in ${name} batches`, async () => {
      const topic = `timestamps-${name}`;
      const created = await client.request(ApiKey.CreateTopics, 7, createTopicRequest(topic));
      expect(created.topics[0].errorCode).toBe(0);
      for (const first of [0, 10]) {
        const records = Array.from({ length: 10 }, (_, j) => ({
          value: `r${first + j}`,
          timestamp: timestampOf(first + j),
        }));
        const batch = await encodeRecordBatch({ records, compression });
        const produced = await client.request(ApiKey.Produce, 9, {
          transactionalId: null,
          acks: -1,
          timeoutMs: 5000,
          topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
        });
        expect(produced.responses[0].partitionResponses[0].errorCode).toBe(0);
      }
      const at = (i: number) => BigInt(timestampOf(i));
      expect(await listOffsets(topic, [at(4), at(12), BigInt(BASE_TIMESTAMP_MS + 20), -3n])).toEqual([
        [4n, at(4)], // mid first batch
        [12n, at(12)], // mid second batch
        [13n, at(13)], // the first record at or after base+20 is the out-of-order max
        [13n, at(13)], // -3: the record carrying the max timestamp
      ]);
    });
  }
});
