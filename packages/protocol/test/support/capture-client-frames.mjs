#!/usr/bin/env node
// One-off capture of the first request frames real clients send, for the golden-bytes tests.
// Run from the repo root after `pnpm exec tsc -b packages/protocol`:
//   node packages/protocol/test/support/capture-client-frames.mjs
// It starts a minimal fake broker (answers ApiVersions, Metadata and Produce with this package's own encoder),
// drives kcat (librdkafka) and kafkajs against it, and writes each client's frames as hex under test/fixtures/.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiKey, apiSchemas, decodeRequest, decodeRequestHeader, encodeResponse } from '../../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures');
const TOPIC = 'golden';

function answer(header, body, port) {
  const { apiKey, apiVersion, correlationId } = header;
  if (apiKey === ApiKey.ApiVersions) {
    const apiKeys = [...apiSchemas].map(([key, { request }]) => ({
      apiKey: key,
      minVersion: request.validVersions[0],
      maxVersion: request.validVersions[1],
    }));
    return encodeResponse(apiKey, apiVersion, correlationId, { errorCode: 0, apiKeys });
  }
  if (apiKey === ApiKey.Metadata) {
    return encodeResponse(apiKey, apiVersion, correlationId, {
      brokers: [{ nodeId: 1, host: '127.0.0.1', port, rack: null }],
      clusterId: 'golden-cluster',
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: TOPIC,
          partitions: [
            { errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 0, replicaNodes: [1], isrNodes: [1] },
          ],
        },
      ],
    });
  }
  if (apiKey === ApiKey.Produce) {
    return encodeResponse(apiKey, apiVersion, correlationId, {
      responses: body.topicData.map((t) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode: 0, baseOffset: 0n })),
      })),
    });
  }
  return null;
}

async function capture(label, drive) {
  const frames = [];
  const server = createServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0);
        const whole = pending.subarray(0, 4 + size);
        pending = pending.subarray(4 + size);
        const frame = whole.subarray(4);
        const header = decodeRequestHeader(frame);
        const body = decodeRequest(header.apiKey, header.apiVersion, frame, header.headerBytes);
        frames.push({ header, hex: whole.toString('hex') });
        const response = answer(header, body, server.address().port);
        if (response) socket.write(response);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await drive(server.address().port);
  } finally {
    server.close();
  }
  const seen = new Set();
  for (const { header, hex } of frames) {
    const name = `${label}-${Object.keys(ApiKey).find((k) => ApiKey[k] === header.apiKey)}-v${header.apiVersion}`;
    if (seen.has(name)) continue;
    seen.add(name);
    writeFileSync(join(fixtures, `${name.toLowerCase()}.hex`), `${hex}\n`);
    console.log(`wrote ${name} (${hex.length / 2} bytes, clientId ${header.clientId})`);
  }
}

const run = (cmd, args, input) =>
  new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: 15_000 }, (err, stdout, stderr) => resolve({ err, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
  });

await capture('kcat', async (port) => {
  await run('kcat', ['-b', `127.0.0.1:${port}`, '-L']);
  await run('kcat', ['-b', `127.0.0.1:${port}`, '-t', TOPIC, '-P', '-k', 'key-1', '-p', '0'], 'hello from kcat\n');
});

await capture('kafkajs', async (port) => {
  const require = createRequire(import.meta.url);
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({ clientId: 'golden-kafkajs', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.fetchTopicMetadata({ topics: [TOPIC] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: [{ key: 'key-1', value: 'hello from kafkajs', headers: { h: 'v' }, timestamp: '1700000000000' }],
  });
  await producer.disconnect();
});
