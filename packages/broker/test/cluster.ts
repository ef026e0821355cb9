/**
 * Test fixture: several real Brokers in one process sharing one control plane — the REAL MetadataController (the
 * same decision code LocalController runs) over an in-memory MetadataLog, with every broker registered and
 * unfenced. Each broker has its own log dir and LogManager, so a broker can be stopped and started again on its data.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadedBatch, type LoadedSnapshot, MetadataController, type MetadataLog } from '@tributary/controller';
import { defaultLogConfig, LogManager } from '@tributary/log';
import { type MetadataRecord, seededRandom } from '@tributary/metadata';
import pino from 'pino';
import { afterEach } from 'vitest';
import { Broker, type BrokerConfig, defaultBrokerConfig } from '../src/index.js';
import { freePort, RawClient } from './single-node.js';

/** Replication timings small enough for ISR changes within a test, large enough not to shrink by accident on a loaded machine. */
export const FAST_REPLICATION = {
  replicaLagTimeMaxMs: 1500,
  replicaFetchWaitMaxMs: 50,
  replicaFetchBackoffMs: 50,
  requestTimeoutMs: 5000,
};

/**
 * One three-broker TestCluster and its clients per test: `start` opens the cluster (FAST_REPLICATION timings unless
 * overridden), `connect` a client to a broker; both are closed after each test of the calling file.
 */
export function clusterPerTest(): {
  start: (overrides?: Partial<BrokerConfig>, racks?: Record<number, string>) => Promise<TestCluster>;
  connect: (port: number) => Promise<RawClient>;
} {
  let cluster: TestCluster | null = null;
  const clients: RawClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await cluster?.stop();
    cluster = null;
  });
  return {
    start: async (overrides = {}, racks = {}) => {
      cluster = await TestCluster.start([1, 2, 3], { ...FAST_REPLICATION, ...overrides }, racks);
      return cluster;
    },
    connect: async (port) => {
      const client = await RawClient.connect(port);
      clients.push(client);
      return client;
    },
  };
}

/** Durable enough for a test: records live as long as the process. */
class InMemoryMetadataLog implements MetadataLog {
  private readonly batches: LoadedBatch[] = [];
  private nextOffset = 0n;

  async load(): Promise<{ snapshot: LoadedSnapshot | null; batches: LoadedBatch[] }> {
    return { snapshot: null, batches: [...this.batches] };
  }

  async append(records: readonly MetadataRecord[]): Promise<bigint> {
    const baseOffset = this.nextOffset;
    this.batches.push({ baseOffset, records: [...records] });
    this.nextOffset += BigInt(records.length);
    return baseOffset;
  }

  async writeSnapshot(): Promise<void> {}

  async close(): Promise<void> {}
}

export interface ClusterBroker {
  readonly nodeId: number;
  readonly port: number;
  readonly dataDir: string;
  readonly logManager: LogManager;
  broker: Broker | null;
}

const CLUSTER_ID = 'replication-test-cluster';

export class TestCluster {
  readonly logger = pino({ level: process.env.TRIBUTARY_TEST_LOG ?? 'silent' });

  private constructor(
    readonly controller: MetadataController,
    readonly brokers: Map<number, ClusterBroker>,
    private readonly overrides: Partial<BrokerConfig>,
    private readonly racks: Record<number, string>,
  ) {}

  /** `racks` sets broker.rack per node (registered with the controller and in the broker's config). */
  static async start(
    nodeIds: number[],
    overrides: Partial<BrokerConfig> = {},
    racks: Record<number, string> = {},
  ): Promise<TestCluster> {
    const logger = pino({ level: process.env.TRIBUTARY_TEST_LOG ?? 'silent' });
    const controller = await MetadataController.load({
      log: new InMemoryMetadataLog(),
      clusterId: CLUSTER_ID,
      nodeId: 0,
      defaults: { numPartitions: 1, defaultReplicationFactor: nodeIds.length },
      logger,
      random: seededRandom(7),
    });
    const brokers = new Map<number, ClusterBroker>();
    for (const nodeId of nodeIds) {
      const dataDir = await mkdtemp(join(tmpdir(), `tributary-cluster-${nodeId}-`));
      const logManager = await LogManager.open({ logDirs: [dataDir], defaultConfig: defaultLogConfig });
      brokers.set(nodeId, { nodeId, port: await freePort(), dataDir, logManager, broker: null });
    }
    const cluster = new TestCluster(controller, brokers, overrides, racks);
    for (const nodeId of nodeIds) {
      await cluster.register(nodeId);
      await cluster.startBroker(nodeId);
    }
    return cluster;
  }

  /** Registers (or re-registers, same incarnation) and unfences a broker in the shared controller. */
  async register(nodeId: number): Promise<void> {
    const { port } = this.brokers.get(nodeId)!;
    const registration = await this.controller.registerBroker({
      brokerId: nodeId,
      clusterId: CLUSTER_ID,
      incarnationId: `incarnation-${nodeId}`,
      endpoints: [{ name: 'PLAINTEXT', host: '127.0.0.1', port, securityProtocol: 0 }],
      rack: this.racks[nodeId] ?? null,
    });
    if (registration.errorCode !== 0) throw new Error(`register ${nodeId}: ${registration.errorMessage}`);
    const heartbeat = await this.controller.brokerHeartbeat({
      brokerId: nodeId,
      brokerEpoch: registration.brokerEpoch,
      currentMetadataOffset: this.controller.image().offset,
      wantFence: false,
      wantShutDown: false,
    });
    if (heartbeat.isFenced) throw new Error(`broker ${nodeId} stayed fenced`);
  }

  /** Fences a broker the way an expired session would: its leaderships move to other ISR members. */
  async fence(nodeId: number): Promise<void> {
    const registration = this.controller.image().brokers.get(nodeId)!;
    await this.controller.brokerHeartbeat({
      brokerId: nodeId,
      brokerEpoch: registration.epoch,
      currentMetadataOffset: this.controller.image().offset,
      wantFence: true,
      wantShutDown: false,
    });
  }

  /** Creates a one-partition topic on replicas [1, 2, 3] with min.insync.replicas=2; throws on any error. */
  async createReplicatedTopic(name: string): Promise<void> {
    const [result] = await this.controller.createTopics(
      [
        {
          name,
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [{ partitionIndex: 0, brokerIds: [1, 2, 3] }],
          configs: { 'min.insync.replicas': '2' },
        },
      ],
      { validateOnly: false },
    );
    if (result.errorCode !== 0) throw new Error(`create ${name}: ${result.errorMessage}`);
  }

  async startBroker(nodeId: number): Promise<Broker> {
    const node = this.brokers.get(nodeId)!;
    if (node.broker !== null) throw new Error(`broker ${nodeId} is running`);
    const config: BrokerConfig = {
      ...defaultBrokerConfig,
      nodeId,
      clusterId: CLUSTER_ID,
      listenerHost: '127.0.0.1',
      listenerPort: node.port,
      advertisedHost: '127.0.0.1',
      advertisedPort: node.port,
      rack: this.racks[nodeId] ?? null,
      ...this.overrides,
    };
    const broker = new Broker({
      config,
      logManager: node.logManager,
      controller: this.controller,
      logger: this.logger,
    });
    await broker.start();
    node.broker = broker;
    return broker;
  }

  async stopBroker(nodeId: number): Promise<void> {
    const node = this.brokers.get(nodeId)!;
    await node.broker?.stop();
    node.broker = null;
  }

  port(nodeId: number): number {
    return this.brokers.get(nodeId)!.port;
  }

  partitionState(topic: string, partition = 0) {
    return this.controller.image().topicsByName.get(topic)!.partitions.get(partition)!;
  }

  /** The log of `topic`-`partition` on a broker, read through its LogManager. */
  log(nodeId: number, topic: string, partition = 0) {
    return this.brokers.get(nodeId)!.logManager.get(topic, partition);
  }

  /** Concatenated bytes of the partition's segment files on one broker, for byte-for-byte replica comparison. */
  async segmentBytes(nodeId: number, topic: string, partition = 0): Promise<Buffer> {
    const log = this.log(nodeId, topic, partition)!;
    await log.flush();
    const files = (await readdir(log.dir)).filter((name) => name.endsWith('.log')).sort();
    return Buffer.concat(await Promise.all(files.map((name) => readFile(join(log.dir, name)))));
  }

  async stop(): Promise<void> {
    for (const nodeId of this.brokers.keys()) await this.stopBroker(nodeId);
    await this.controller.close();
    for (const node of this.brokers.values()) {
      await node.logManager.close();
      await rm(node.dataDir, { recursive: true, force: true });
    }
  }
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
