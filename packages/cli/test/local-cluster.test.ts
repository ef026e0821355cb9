// Intent: the local cluster layout gives each node its ports and data dir, and every generated config validates.
import { loadConfig } from '@tributary/node';
import { describe, expect, it } from 'vitest';
import { localClusterLayout, toPropertiesText } from '../src/commands/local-cluster.js';

describe('localClusterLayout', () => {
  it('puts node 1 on 9092 with its controller port 9093 reserved and data under DIR/node-1', () => {
    const [node] = localClusterLayout({ nodes: 1, dataDir: '/data' });
    expect(node).toMatchObject({ nodeId: 1, brokerPort: 9092, controllerPort: 9093, dataDir: '/data/node-1' });
    const { config } = loadConfig({ overrides: toPropertiesText(node.properties).trim().split('\n') });
    expect(config.brokerListener).toEqual({ name: 'PLAINTEXT', host: '127.0.0.1', port: 9092 });
    expect(config.controllerListener).toEqual({ name: 'CONTROLLER', host: '127.0.0.1', port: 9093 });
    expect(config.controllerQuorumVoters).toEqual([{ nodeId: 1, host: '127.0.0.1', port: 9093 }]);
    expect(config.logDirs).toEqual(['/data/node-1/data']);
  });

  it('refuses node counts it cannot run yet', () => {
    expect(() => localClusterLayout({ nodes: 0, dataDir: '/d' })).toThrow(RangeError);
    expect(() => localClusterLayout({ nodes: 3, dataDir: '/d' })).toThrow(/Raft/);
  });
});
