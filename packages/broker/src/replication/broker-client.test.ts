// Intent: the broker-to-broker client fails a request cleanly (typed, retriable error, connection closed) on an
// oversized frame, a timeout or a peer that hangs up, and decodes a well-formed response.
import { createServer, type Server, type Socket } from 'node:net';
import { ApiKey, encodeResponse } from '@tributary/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerClient, BrokerClientError } from './broker-client.js';

let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((resolve) => (server === null ? resolve() : server.close(() => resolve())));
  server = null;
});

/** A server that hands each request's raw frame to `onRequest`. */
async function serve(onRequest: (socket: Socket, frame: Buffer) => void): Promise<number> {
  server = createServer((socket) => {
    socket.on('data', (chunk) => onRequest(socket, chunk));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

const connect = (port: number) =>
  BrokerClient.connect({ host: '127.0.0.1', port, clientId: 't', maxResponseBytes: 1024, connectTimeoutMs: 2000 });

describe('BrokerClient', () => {
  it('decodes a response to its request', async () => {
    const port = await serve((socket, frame) => {
      const correlationId = frame.readInt32BE(8);
      socket.write(encodeResponse(ApiKey.OffsetForLeaderEpoch, 4, correlationId, { throttleTimeMs: 0, topics: [] }));
    });
    const client = await connect(port);
    const body = await client.request<{ topics: unknown[] }>(ApiKey.OffsetForLeaderEpoch, 4, { topics: [] }, 1000);
    expect(body.topics).toEqual([]);
    client.close();
  });

  it('closes on a frame above maxResponseBytes', async () => {
    const port = await serve((socket) => {
      const header = Buffer.alloc(4);
      header.writeInt32BE(1_000_000);
      socket.write(header);
    });
    const client = await connect(port);
    await expect(client.request(ApiKey.OffsetForLeaderEpoch, 4, { topics: [] }, 1000)).rejects.toThrow(/exceeds/);
    expect(client.isClosed).toBe(true);
  });

  it('times out a request that gets no answer, and refuses requests after', async () => {
    const port = await serve(() => undefined);
    const client = await connect(port);
    const failure = client.request(ApiKey.OffsetForLeaderEpoch, 4, { topics: [] }, 50);
    await expect(failure).rejects.toBeInstanceOf(BrokerClientError);
    await expect(client.request(ApiKey.OffsetForLeaderEpoch, 4, { topics: [] }, 50)).rejects.toThrow(/timed out/);
  });

  it('fails the pending request when the peer hangs up', async () => {
    const port = await serve((socket) => socket.destroy());
    const client = await connect(port);
    await expect(client.request(ApiKey.OffsetForLeaderEpoch, 4, { topics: [] }, 1000)).rejects.toThrow(/closed|error/);
  });

  it('rejects a connection that is refused', async () => {
    const port = await serve(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    await expect(connect(port)).rejects.toBeInstanceOf(BrokerClientError);
  });
});
