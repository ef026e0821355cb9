// Intent: garbage, oversized frame lengths, unknown API keys/versions and truncated requests get an error or a
// closed connection, and the node keeps serving real clients afterwards; a seeded fuzz slice runs too.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ApiKey, encodeRequest } from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaClient } from './support/kafka-admin.js';
import { kcatOk } from './support/kcat.js';
import {
  ensureBuilt,
  freePort,
  HEAVY_TEST_TIMEOUT_MS,
  NodeProcess,
  REPO_ROOT,
  tempDir,
} from './support/node-process.js';
import { exchangeRaw, rawRequest } from './support/raw-socket.js';

const FUZZ_CASES = 2000;
let node: NodeProcess;

beforeAll(async () => {
  ensureBuilt();
  node = await NodeProcess.start({
    dataDir: tempDir('bad-input'),
    port: await freePort(),
    overrides: ['auto.create.topics.enable=false'],
  });
});

afterAll(async () => {
  await node?.stop();
  node?.cleanup();
});

async function expectStillServing(): Promise<void> {
  expect(node.alive, node.tail()).toBe(true);
  const kafka = kafkaClient(node.bootstrap);
  const admin = kafka.admin();
  await admin.connect();
  await admin.listTopics();
  await admin.disconnect();
  const listing = await kcatOk(['-L', '-b', node.bootstrap, '-J']);
  expect(JSON.parse(listing).brokers).toHaveLength(1);
}

describe('bad input on the Kafka port', () => {
  it('closes the connection on garbage bytes', async () => {
    const result = await exchangeRaw(node.options.port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(result.closedByServer).toBe(true);
    await expectStillServing();
  });

  it('closes the connection on a 2 GB and on a negative frame length', async () => {
    for (const size of [0x7fffffff, -1, 2_000_000_000]) {
      const frame = Buffer.alloc(64);
      frame.writeInt32BE(size, 0);
      const result = await exchangeRaw(node.options.port, frame);
      expect(result.closedByServer, `size ${size}`).toBe(true);
    }
    await expectStillServing();
  });

  it('answers or closes on an unknown API key', async () => {
    const result = await exchangeRaw(node.options.port, rawRequest(9999, 0, 7, Buffer.alloc(8)));
    expect(result.closedByServer || result.received.length > 0).toBe(true);
    await expectStillServing();
  });

  it('answers ApiVersions at an unknown version with UNSUPPORTED_VERSION (35) in a v0 body', async () => {
    const result = await exchangeRaw(node.options.port, rawRequest(ApiKey.ApiVersions, 99, 42, Buffer.alloc(0)), 1000);
    expect(result.received.length).toBeGreaterThanOrEqual(10);
    expect(result.received.readInt32BE(4)).toBe(42);
    expect(result.received.readInt16BE(8)).toBe(35);
    await expectStillServing();
  });

  it('survives truncated requests, with a correct and with a lying size field', async () => {
    const metadata = encodeRequest(ApiKey.Metadata, 9, 5, 'raw', { topics: [{ name: 'some-topic' }] });
    const truncatedBody = metadata.subarray(0, metadata.length - 6);
    const honest = Buffer.from(truncatedBody);
    honest.writeInt32BE(honest.length - 4, 0);
    const honestResult = await exchangeRaw(node.options.port, honest);
    expect(honestResult.closedByServer || honestResult.received.length > 0).toBe(true);
    // The size promises more than arrives: the node must simply wait (idle limits apply), not crash.
    await exchangeRaw(node.options.port, truncatedBody, 300);
    await expectStillServing();
  });

  it(
    `stays alive with bounded memory through ${FUZZ_CASES} fuzz cases (scripts/fuzz.mjs)`,
    () => {
      const run = spawnSync(
        process.execPath,
        [
          join(REPO_ROOT, 'scripts/fuzz.mjs'),
          '--cases',
          String(FUZZ_CASES),
          '--port',
          String(node.options.port),
          '--pid',
          String(node.pid),
          '--seed',
          '20261122',
        ],
        { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 },
      );
      expect(run.status, `${run.stdout}\n${run.stderr}\n--- node ---\n${node.tail()}`).toBe(0);
      expect(run.stdout).toMatch(/node alive: yes/);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it('still serves kafkajs and kcat after all of the above', async () => {
    await expectStillServing();
  });
});
