// Intent: the pipelined perf connection matches responses to requests in order even when frames arrive split
// across and merged within TCP chunks.
import { createServer, type Server } from 'node:net';
import { ApiKey, decodeRequestHeader, encodeResponse } from '@tributary/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../src/perf/kafka-connection.js';

let server: Server | null = null;
afterEach(() => server?.close());

/** Answers every ApiVersions request with errorCode = correlationId % 100, writing the bytes one at a time. */
function startByteByByteServer(): Promise<number> {
  return new Promise((resolve) => {
    server = createServer((socket) => {
      socket.on('error', () => {}); // the client may hang up mid-write; that is not this test's concern
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        const out: Buffer[] = [];
        while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
          const frame = buffered.subarray(4, 4 + buffered.readInt32BE(0));
          buffered = buffered.subarray(4 + frame.length);
          const header = decodeRequestHeader(frame);
          out.push(
            encodeResponse(ApiKey.ApiVersions, 0, header.correlationId, {
              errorCode: header.correlationId % 100,
              apiKeys: [],
            }),
          );
        }
        const bytes = Buffer.concat(out);
        for (let i = 0; i < bytes.length; i++) socket.write(bytes.subarray(i, i + 1));
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server!.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

describe('KafkaConnection', () => {
  it('delivers 50 pipelined responses to the right requests', async () => {
    const port = await startByteByByteServer();
    const connection = await KafkaConnection.open('127.0.0.1', port);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => connection.send<{ errorCode: number }>(ApiKey.ApiVersions, 0, {})),
    );
    expect(responses.map((r) => r.errorCode)).toEqual(Array.from({ length: 50 }, (_, i) => (i + 1) % 100));
    connection.close();
  });

  it('rejects pending requests when the server goes away', async () => {
    const port = await startByteByByteServer();
    const connection = await KafkaConnection.open('127.0.0.1', port);
    server!.close();
    const pending = connection.send(ApiKey.Metadata, 1, { topics: [] });
    // Closing our side ends the stream; the request waiting on it must fail, not hang.
    connection.close();
    await expect(pending).rejects.toThrow();
  });
});
