// Intent: max.connections is enforced at accept — the connection beyond the limit is closed at once while the
// existing ones keep working, and a slot frees up when a client leaves.
import { ApiKey } from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, type SingleNode, startSingleNode } from './single-node.js';

let node: SingleNode;

beforeAll(async () => {
  node = await startSingleNode({ maxConnections: 2 });
});

afterAll(async () => {
  await node?.stop();
});

const apiVersions = (client: RawClient) =>
  client.request(ApiKey.ApiVersions, 3, { clientSoftwareName: 'a', clientSoftwareVersion: '1' });

describe('max.connections', () => {
  it('closes connections beyond the limit and admits new ones after a client leaves', async () => {
    const a = await RawClient.connect(node.port);
    const b = await RawClient.connect(node.port);
    expect((await apiVersions(a)).errorCode).toBe(0);
    expect((await apiVersions(b)).errorCode).toBe(0);
    const c = await RawClient.connect(node.port);
    await c.closed;
    a.close();
    await new Promise((r) => setTimeout(r, 50));
    const d = await RawClient.connect(node.port);
    expect((await apiVersions(d)).errorCode).toBe(0);
    expect((await apiVersions(b)).errorCode).toBe(0);
    b.close();
    d.close();
  });
});
