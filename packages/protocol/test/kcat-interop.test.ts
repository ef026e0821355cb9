// Intent: a real librdkafka consumer (kcat) accepts our ListOffsets and Fetch responses and decompresses batches
// we compressed with every codec, which proves the encoders and compressors interoperate, not just round-trip.
import { execFile } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  ApiKey,
  apiSchemas,
  decodeRequest,
  decodeRequestHeader,
  encodeRecordBatch,
  encodeResponse,
  type FetchRequest,
  setBaseOffset,
} from '../src/index.js';

const TOPIC = 'interop';
let server: Server;
let port = 0;
let log = Buffer.alloc(0);
let logEndOffset = 0n;

function answer(apiKey: number, apiVersion: number, correlationId: number, body: any): Buffer | null {
  switch (apiKey) {
    case ApiKey.ApiVersions:
      return encodeResponse(apiKey, apiVersion, correlationId, {
        apiKeys: [...apiSchemas].map(([key, { request }]) => ({
          apiKey: key,
          minVersion: request.validVersions![0],
          maxVersion: request.validVersions![1],
        })),
      });
    case ApiKey.Metadata:
      return encodeResponse(apiKey, apiVersion, correlationId, {
        brokers: [{ nodeId: 1, host: '127.0.0.1', port }],
        controllerId: 1,
        topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1] }] }],
      });
    case ApiKey.ListOffsets:
      return encodeResponse(apiKey, apiVersion, correlationId, {
        topics: body.topics.map((t: any) => ({
          name: t.name,
          partitions: t.partitions.map((p: any) => ({
            partitionIndex: p.partitionIndex,
            offset: p.timestamp === -2n ? 0n : logEndOffset,
            oldStyleOffsets: [p.timestamp === -2n ? 0n : logEndOffset],
          })),
        })),
      });
    case ApiKey.Fetch: {
      const request = body as FetchRequest;
      return encodeResponse(apiKey, apiVersion, correlationId, {
        responses: request.topics.map((t) => ({
          topic: t.topic,
          partitions: t.partitions.map((p) => ({
            partitionIndex: p.partition,
            highWatermark: logEndOffset,
            lastStableOffset: logEndOffset,
            logStartOffset: 0n,
            records: p.fetchOffset < logEndOffset ? log : Buffer.alloc(0),
          })),
        })),
      });
    }
    default:
      return null;
  }
}

function serve(socket: Socket): void {
  let pending = Buffer.alloc(0);
  socket.on('error', () => {});
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
      pending = pending.subarray(4 + frame.length);
      const h = decodeRequestHeader(frame);
      const response = answer(
        h.apiKey,
        h.apiVersion,
        h.correlationId,
        decodeRequest(h.apiKey, h.apiVersion, frame, h.headerBytes),
      );
      if (response) socket.write(response);
    }
  });
}

beforeAll(async () => {
  const batches: Buffer[] = [];
  for (const compression of [0, 1, 2, 3, 4]) {
    const batch = await encodeRecordBatch({
      compression,
      timestamp: 1_700_000_000_000n,
      records: [{ key: `k${compression}`, value: `codec-${compression}-${'x'.repeat(200)}` }],
    });
    setBaseOffset(batch, 0, BigInt(compression));
    batches.push(batch);
  }
  log = Buffer.concat(batches);
  logEndOffset = BigInt(batches.length);
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('kcat consumes batches of every compression codec from our Fetch responses', async () => {
  const args = ['-b', `127.0.0.1:${port}`, '-C', '-t', TOPIC, '-p', '0', '-o', 'beginning', '-c', '5', '-e'];
  const output = await new Promise<string>((resolve, reject) => {
    execFile('kcat', [...args, '-f', '%o %k %s\\n'], { timeout: 20_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
  const lines = output.trim().split('\n');
  expect(lines).toEqual([0, 1, 2, 3, 4].map((c) => `${c} k${c} codec-${c}-${'x'.repeat(200)}`));
});
