// Helpers for in-process quorum tests: free ports, temp data dirs, a cluster of QuorumControllers, polling.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { BrokerLifecycle, QuorumController, type QuorumControllerOptions } from '../../src/index.js';

export const CLUSTER_ID = 'quorum-test-cluster-0001';
export const logger = pino({ level: process.env.QUORUM_TEST_LOG ?? 'silent' });

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<import('node:net').Server>((resolve) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export class TestCluster {
  readonly controllers = new Map<number, QuorumController>();
  private constructor(
    readonly root: string,
    readonly voters: string,
    readonly ports: Map<number, number>,
    private readonly overrides: Partial<QuorumControllerOptions>,
  ) {}

  static async create(ids: number[], overrides: Partial<QuorumControllerOptions> = {}): Promise<TestCluster> {
    const root = await mkdtemp(join(tmpdir(), 'quorum-'));
    const ports = await freePorts(ids.length);
    const portById = new Map(ids.map((id, i) => [id, ports[i]]));
    const voters = ids.map((id) => `${id}@127.0.0.1:${portById.get(id)}`).join(',');
    return new TestCluster(root, voters, portById, overrides);
  }

  options(nodeId: number): QuorumControllerOptions {
    return {
      dataDir: join(this.root, `node-${nodeId}`),
      clusterId: CLUSTER_ID,
      nodeId,
      voters: this.voters,
      listenHost: '127.0.0.1',
      defaults: { numPartitions: 1, defaultReplicationFactor: 1 },
      logger,
      tickMs: 50,
      ...this.overrides,
    };
  }

  async start(nodeId: number): Promise<QuorumController> {
    const controller = await QuorumController.open(this.options(nodeId));
    this.controllers.set(nodeId, controller);
    return controller;
  }

  async stop(nodeId: number, transferLeadership = false): Promise<void> {
    const controller = this.controllers.get(nodeId);
    this.controllers.delete(nodeId);
    await controller?.close({ transferLeadership });
  }

  /** The active controller, once exactly one running controller is active. */
  active(): QuorumController | undefined {
    const active = [...this.controllers.values()].filter((c) => c.isActive());
    return active.length === 1 ? active[0] : undefined;
  }

  async waitForActive(timeoutMs = 5000): Promise<QuorumController> {
    return waitFor('an active controller', () => this.active(), timeoutMs);
  }

  followers(): QuorumController[] {
    return [...this.controllers.values()].filter((c) => !c.isActive());
  }

  async close(): Promise<void> {
    await Promise.all([...this.controllers.keys()].map((id) => this.stop(id)));
    await rm(this.root, { recursive: true, force: true });
  }
}

/** A broker's register/heartbeat loop through `controller` (forwarded when it is a follower), 200 ms heartbeats. */
export function startBrokerLifecycle(controller: QuorumController, brokerId: number): BrokerLifecycle {
  const lifecycle = new BrokerLifecycle({
    channel: controller,
    clusterId: CLUSTER_ID,
    brokerId,
    endpoint: { host: 'localhost', port: 9092 + brokerId, rack: null },
    metadataOffset: () => controller.image().offset,
    logger,
    heartbeatIntervalMs: 200,
  });
  lifecycle.start();
  return lifecycle;
}
