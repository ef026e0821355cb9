/**
 * The layout of a local development cluster: combined broker,controller nodes; node N listens for clients on
 * 9092 + 100*(N-1) and runs its controller on 9093 + 100*(N-1), with data under DIR/node-N; every node shares one
 * cluster id and one voters string. Pure, so the layout is testable.
 */
import { join } from 'node:path';

export interface LocalNodeSpec {
  nodeId: number;
  brokerPort: number;
  controllerPort: number;
  dataDir: string;
  /** Kafka-style properties for this node. */
  properties: Record<string, string>;
}

export const LOCAL_BROKER_BASE_PORT = 9092;
export const LOCAL_PORT_STRIDE = 100;
/** Every node is a voter; beyond 7 voters a Raft quorum gains no availability and only slows commits. */
export const LOCAL_CLUSTER_NODES_MAX = 7;
export const LOCAL_CLUSTER_NODES_DEFAULT = 3;

export function localClusterLayout(options: {
  nodes: number;
  dataDir: string;
  /** Shared by every node (a quorum refuses peers of another cluster). */
  clusterId: string;
  host?: string;
  /** Client port of node 1; 9092 unless a test or a second cluster needs another. */
  basePort?: number;
}): LocalNodeSpec[] {
  if (!Number.isInteger(options.nodes) || options.nodes < 1 || options.nodes > LOCAL_CLUSTER_NODES_MAX) {
    throw new RangeError(`--nodes must be 1..${LOCAL_CLUSTER_NODES_MAX} (every node is a controller quorum voter)`);
  }
  const host = options.host ?? '127.0.0.1';
  const specs: Omit<LocalNodeSpec, 'properties'>[] = [];
  for (let nodeId = 1; nodeId <= options.nodes; nodeId++) {
    const brokerPort = (options.basePort ?? LOCAL_BROKER_BASE_PORT) + LOCAL_PORT_STRIDE * (nodeId - 1);
    specs.push({
      nodeId,
      brokerPort,
      controllerPort: brokerPort + 1,
      dataDir: join(options.dataDir, `node-${nodeId}`),
    });
  }
  const lastPort = specs[specs.length - 1].controllerPort;
  if (lastPort > 65535)
    throw new RangeError(`--base-port leaves node ${specs.length} without a port (${lastPort} > 65535)`);
  const voters = specs.map((s) => `${s.nodeId}@${host}:${s.controllerPort}`).join(',');
  return specs.map((s) => ({
    ...s,
    properties: {
      'node.id': String(s.nodeId),
      'cluster.id': options.clusterId,
      'process.roles': 'broker,controller',
      listeners: `PLAINTEXT://${host}:${s.brokerPort},CONTROLLER://${host}:${s.controllerPort}`,
      'advertised.listeners': `PLAINTEXT://${host}:${s.brokerPort}`,
      'controller.quorum.voters': voters,
      'log.dirs': join(s.dataDir, 'data'),
    },
  }));
}

export function toPropertiesText(properties: Record<string, string>): string {
  return Object.entries(properties)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')
    .concat('\n');
}
