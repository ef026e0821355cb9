// Intent: measure produce throughput of 100-byte records through the real listener, handlers and log (acks=1,
// pipelined ~16 KiB batches from one connection) and guard against gross regressions. The default run is a quick
// slice; TRIBUTARY_BROKER_PERF_RECORDS=5000000 runs the full measurement.
import { createConnection } from 'node:net';
import { ApiKey, encodeRecordBatchSync, encodeRequest } from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopicRequest, fetchRequest, RawClient, type SingleNode, startSingleNode } from './single-node.js';

const RECORDS = Number(process.env.TRIBUTARY_BROKER_PERF_RECORDS ?? 300_000);
const RECORD_BYTES = 100;
const RECORDS_PER_BATCH = 150;
const IN_FLIGHT = 16;
let node: SingleNode;

beforeAll(async () => {
  node = await startSingleNode();
  const admin = await RawClient.connect(node.port);
  await admin.request(ApiKey.CreateTopics, 7, createTopicRequest('perf'));
  admin.close();
});

afterAll(async () => {
  await node?.stop();
});

describe('produce throughput', () => {
  it(`sustains a high record rate for ${RECORDS} records of ${RECORD_BYTES} bytes`, async () => {
    const value = Buffer.alloc(RECORD_BYTES, 0x61);
    const batch = encodeRecordBatchSync({
      records: Array.from({ length: RECORDS_PER_BATCH }, () => ({ value })),
      timestamp: Date.now(),
    });
    // One pre-encoded request frame, sent repeatedly: the client side costs almost nothing.
    const frame = encodeRequest(ApiKey.Produce, 9, 1, 'perf', {
      transactionalId: null,
      acks: 1,
      timeoutMs: 30_000,
      topicData: [{ name: 'perf', partitionData: [{ index: 0, records: batch }] }],
    });
    const requests = Math.ceil(RECORDS / RECORDS_PER_BATCH);
    const socket = createConnection(node.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let sent = 0;
    let answered = 0;
    let pending = Buffer.alloc(0);
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      const pump = () => {
        while (sent < requests && sent - answered < IN_FLIGHT) {
          socket.write(frame);
          sent++;
        }
      };
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
          pending = pending.subarray(4 + pending.readInt32BE(0));
          answered++;
        }
        if (answered === requests) resolve();
        else pump();
      });
      pump();
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    socket.destroy();
    const recordsPerSecond = Math.round((requests * RECORDS_PER_BATCH) / seconds);
    console.log(
      `produce throughput: ${recordsPerSecond} records/s (${((requests * frame.length) / seconds / 1e6).toFixed(1)} MB/s)`,
    );
    expect(node.logManager.get('perf', 0)!.logEndOffset).toBe(BigInt(requests * RECORDS_PER_BATCH));
    // Loose floor: the machine is shared; the full target (250k records/s) is checked with the full run.
    expect(recordsPerSecond).toBeGreaterThan(50_000);
  });

  it('reads the produced records back quickly with Fetch', async () => {
    const end = node.logManager.get('perf', 0)!.logEndOffset;
    const client = await RawClient.connect(node.port);
    const request = fetchRequest({ topic: 'perf' }, { maxBytes: 8 << 20, partitionMaxBytes: 8 << 20 });
    let offset = 0n;
    let bytes = 0;
    const started = process.hrtime.bigint();
    while (offset < end) {
      request.topics[0].partitions[0].fetchOffset = offset;
      const response = await client.request(ApiKey.Fetch, 12, request);
      const records: Buffer = response.responses[0].partitions[0].records;
      expect(records.length).toBeGreaterThan(0);
      bytes += records.length;
      // Every batch here holds RECORDS_PER_BATCH records; the last whole batch read sets the next offset.
      let position = 0;
      while (position + 61 <= records.length) {
        const size = 12 + records.readInt32BE(position + 8);
        if (position + size > records.length) break;
        offset = records.readBigInt64BE(position) + BigInt(records.readInt32BE(position + 23)) + 1n;
        position += size;
      }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    client.close();
    console.log(
      `fetch throughput: ${Math.round(Number(end) / seconds)} records/s (${(bytes / seconds / 1e6).toFixed(1)} MB/s)`,
    );
    expect(offset).toBe(end);
  });
});
