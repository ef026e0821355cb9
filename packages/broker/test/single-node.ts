/**
 * Test fixture: one real node in-process — a LogManager and a LocalController on a temp dir and a Broker in front
 * of them — plus a raw Kafka-protocol client built on @tributary/protocol's encoder and decoder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalController } from '@tributary/controller';
import { defaultLogConfig, LogManager } from '@tributary/log';
import { decodeResponse, encodeRequest } from '@tributary/protocol';
import pino from 'pino';
import { Broker, type BrokerConfig, defaultBrokerConfig } from '../src/index.js';

export interface SingleNode {
  port: number;
  dataDir: string;
  broker: Broker;
  controller: LocalController;
  logManager: LogManager;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startSingleNode(
  overrides: Partial<BrokerConfig> = {},
  existingDir?: string,
): Promise<SingleNode> {
  const dataDir = existingDir ?? (await mkdtemp(join(tmpdir(), 'tributary-broker-')));
  const logger = pino({ level: process.env.TRIBUTARY_TEST_LOG ?? 'silent' });
  const port = await freePort();
  const config: BrokerConfig = {
    ...defaultBrokerConfig,
    listenerHost: '127.0.0.1',
    listenerPort: port,
    advertisedHost: '127.0.0.1',
    advertisedPort: port,
    clusterId: 'broker-test-cluster',
    ...overrides,
  };
  const logManager = await LogManager.open({ logDirs: [dataDir], defaultConfig: defaultLogConfig });
  const controller = await LocalController.open({
    dataDir,
    clusterId: config.clusterId,
    nodeId: config.nodeId,
    brokerEndpoint: { host: config.advertisedHost, port: config.advertisedPort, rack: config.rack },
    defaults: { numPartitions: config.numPartitions, defaultReplicationFactor: config.defaultReplicationFactor },
    logger,
  });
  const broker = new Broker({ config, logManager, controller, logger });
  await broker.start();
  return {
    port,
    dataDir,
    broker,
    controller,
    logManager,
    async stop(options = {}) {
      await broker.stop();
      await controller.close();
      await logManager.close();
      if (!options.keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A raw protocol client: one socket, requests answered in order. */
export class RawClient {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private readonly waiting: ((frame: Buffer) => void)[] = [];
  private correlationId = 1;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      // Chunks are joined only once a whole frame is present, so large responses are not re-copied per chunk.
      this.chunks.push(chunk);
      this.bufferedBytes += chunk.length;
      while (this.bufferedBytes >= 4) {
        if (this.chunks[0].length < 4) this.chunks = [Buffer.concat(this.chunks)];
        const size = this.chunks[0].readInt32BE(0);
        if (this.bufferedBytes < 4 + size) break;
        const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
        const frame = all.subarray(4, 4 + size);
        const rest = all.subarray(4 + size);
        this.chunks = rest.length > 0 ? [rest] : [];
        this.bufferedBytes = rest.length;
        this.waiting.shift()?.(frame);
      }
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = createConnection(port, '127.0.0.1');
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  /** Sends bytes as they are (for malformed-input tests). */
  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends a request without waiting for a response (acks=0). */
  sendOnly(apiKey: number, apiVersion: number, body: object): void {
    this.socket.write(encodeRequest(apiKey, apiVersion, this.correlationId++, 'broker-test', body));
  }

  async request<T = any>(apiKey: number, apiVersion: number, body: object): Promise<T> {
    const correlationId = this.correlationId++;
    const frame = new Promise<Buffer>((resolve) => this.waiting.push(resolve));
    this.socket.write(encodeRequest(apiKey, apiVersion, correlationId, 'broker-test', body));
    const decoded = decodeResponse<T>(apiKey, apiVersion, await frame);
    if (decoded.correlationId !== correlationId) throw new Error('correlation id mismatch');
    return decoded.body;
  }

  /** The next raw response frame (after the size prefix). */
  nextFrame(): Promise<Buffer> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.socket.destroy();
  }
}

/** CreateTopics v7 body for one topic with replication factor 1. */
export function createTopicRequest(name: string, numPartitions = 1, configs: { name: string; value: string }[] = []) {
  return {
    topics: [{ name, numPartitions, replicationFactor: 1, assignments: [], configs }],
    timeoutMs: 5000,
    validateOnly: false,
  };
}

/** A Fetch body (v12, or v13+ when partitions are addressed by `topicId`) reading from `fetchOffset`. */
export function fetchRequest(
  topic: { topic?: string; topicId?: string },
  options: {
    partitions?: number[];
    maxWaitMs?: number;
    minBytes?: number;
    maxBytes?: number;
    partitionMaxBytes?: number;
  } = {},
) {
  const { partitions = [0], maxWaitMs = 0, minBytes = 0, maxBytes = 1 << 20, partitionMaxBytes = 1 << 20 } = options;
  return {
    replicaId: -1,
    maxWaitMs,
    minBytes,
    maxBytes,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        ...topic,
        partitions: partitions.map((partition) => ({
          partition,
          fetchOffset: 0n,
          partitionMaxBytes,
          currentLeaderEpoch: -1,
        })),
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}
