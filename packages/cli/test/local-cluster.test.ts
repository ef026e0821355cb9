// Intent: the local cluster layout gives each node its ports and data dir, and every generated config validates.
import { loadConfig } from '@tributary/node';
import { describe, expect, it } from 'vitest';
import { localClusterLayout, toPropertiesText } from '../src/commands/local-cluster.js';

describe('localClusterLayout', () => {
  it('puts node 1 on 9092 with its controller port 9093 reserved and data under DIR/node-1', () => {
    const [node] = localClusterLayout({ nodes: 1, dataDir: '/data', clusterId: 'c1' });
    expect(node).toMatchObject({ nodeId: 1, brokerPort: 9092, controllerPort: 9093, dataDir: '/data/node-1' });
    const { config } = loadConfig({ overrides: toPropertiesText(node.properties).trim().split('\n') });
    expect(config.brokerListener).toEqual({ name: 'PLAINTEXT', host: '127.0.0.1', port: 9092 });
    expect(config.controllerListener).toEqual({ name: 'CONTROLLER', host: '127.0.0.1', port: 9093 });
    expect(config.controllerQuorumVoters).toEqual([{ nodeId: 1, host: '127.0.0.1', port: 9093 }]);
    expect(config.logDirs).toEqual(['/data/node-1/data']);
    expect(config.clusterId).toBe('c1');
  });

  it('gives three nodes one cluster id and one voters string, ports 100 apart', () => {
    const nodes = localClusterLayout({ nodes: 3, dataDir: '/d', clusterId: 'shared', basePort: 19092 });
    expect(nodes.map((n) => [n.brokerPort, n.controllerPort])).toEqual([
      [19092, 19093],
      [19192, 19193],
      [19292, 19293],
    ]);
    for (const node of nodes) {
      const { config } = loadConfig({ overrides: toPropertiesText(node.properties).trim().split('\n') });
      expect(config.clusterId).toBe('shared');
      expect(config.controllerQuorumVoters.map((v) => `${v.nodeId}@${v.host}:${v.port}`).join(',')).toBe(
        '1@127.0.0.1:19093,2@127.0.0.1:19193,3@127.0.0.1:19293',
      );
      expect(config.processRoles).toEqual(['broker', 'controller']);
    }
  });

  it('refuses node counts outside 1..LOCAL_CLUSTER_NODES_MAX and ports past 65535', () => {
    expect(() => localClusterLayout({ nodes: 0, dataDir: '/d', clusterId: 'c' })).toThrow(RangeError);
    expect(() => localClusterLayout({ nodes: 8, dataDir: '/d', clusterId: 'c' })).toThrow(/1\.\.7/);
    expect(() => localClusterLayout({ nodes: 3, dataDir: '/d', clusterId: 'c', basePort: 65400 })).toThrow(/65535/);
  });
});
