// Intent: random bytes after a valid header of every advertised API/version, and random whole frames, never crash
// the broker: each such connection gets an answer or is closed, and the broker keeps serving (property test).
import { ApiKey } from '@tributary/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORTED_APIS } from '../src/index.js';
import { RawClient, type SingleNode, startSingleNode } from './single-node.js';

let node: SingleNode;

beforeAll(async () => {
  node = await startSingleNode();
});

afterAll(async () => {
  await node?.stop();
});

const apiAndVersion = fc.constantFrom(...SUPPORTED_APIS).chain((range) =>
  fc.record({
    apiKey: fc.constant(range.apiKey),
    apiVersion: fc.integer({ min: range.minVersion, max: range.maxVersion }),
  }),
);

function frameOf(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

/** Sends the bytes, then waits until the broker answers something or closes the connection. */
async function settle(bytes: Buffer): Promise<void> {
  const client = await RawClient.connect(node.port);
  client.writeRaw(bytes);
  await Promise.race([client.nextFrame(), client.closed, new Promise((r) => setTimeout(r, 50))]);
  client.close();
}

describe('garbage input', () => {
  it('survives random request bodies for every advertised API version', async () => {
    await fc.assert(
      fc.asyncProperty(apiAndVersion, fc.uint8Array({ maxLength: 64 }), async ({ apiKey, apiVersion }, tail) => {
        const header = Buffer.alloc(10);
        header.writeInt16BE(apiKey, 0);
        header.writeInt16BE(apiVersion, 2);
        header.writeInt32BE(7, 4);
        header.writeInt16BE(-1, 8);
        await settle(frameOf(Buffer.concat([header, Buffer.from(tail)])));
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 80 }), async (bytes) => settle(Buffer.from(bytes))),
      { numRuns: 30 },
    );
    const client = await RawClient.connect(node.port);
    const versions = await client.request(ApiKey.ApiVersions, 3, {
      clientSoftwareName: 'a',
      clientSoftwareVersion: '1',
    });
    expect(versions.errorCode).toBe(0);
    client.close();
  });
});
