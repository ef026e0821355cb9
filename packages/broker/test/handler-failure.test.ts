// Intent: when a handler fails unexpectedly (here: the controller has been closed underneath the broker), the client
// gets the request's error response with an error code in every slot, the connection stays usable, and the broker
// does not crash.
import { ApiKey, ErrorCode } from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, type SingleNode, startSingleNode } from './single-node.js';

let node: SingleNode;

beforeAll(async () => {
  node = await startSingleNode();
});

afterAll(async () => {
  await node?.stop();
});

describe('handler failure', () => {
  it('answers with error codes instead of dropping the connection', async () => {
    const client = await RawClient.connect(node.port);
    await node.controller.close();
    const created = await client.request(ApiKey.CreateTopics, 7, {
      topics: [
        { name: 'a', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] },
        { name: 'b', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] },
      ],
      timeoutMs: 1000,
      validateOnly: false,
    });
    expect(created.topics.map((t: { name: string; errorCode: number }) => [t.name, t.errorCode])).toEqual([
      ['a', ErrorCode.UNKNOWN_SERVER_ERROR],
      ['b', ErrorCode.UNKNOWN_SERVER_ERROR],
    ]);
    const versions = await client.request(ApiKey.ApiVersions, 3, {
      clientSoftwareName: 'a',
      clientSoftwareVersion: '1',
    });
    expect(versions.errorCode).toBe(0);
    client.close();
  });
});
