/**
 * The Kafka listener of one node: accepts connections (at most max.connections), runs each through the request
 * dispatcher, keeps local partition logs in step with the metadata image, runs the group coordinator over its
 * `__consumer_offsets` partitions, and owns the periodic producer-state housekeeping (expiry, snapshots).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { ControllerClient } from '@tributary/controller';
import type { LogManager } from '@tributary/log';
import type { Logger } from 'pino';
import { type BrokerConfig, resolveGroupConfig, resolveReplicationConfig } from './broker-config.js';
import type { BrokerContext } from './broker-context.js';
import { Connection } from './connection.js';
import { GroupCoordinator } from './group/group-coordinator.js';
import { ReplicatedGroupLog } from './group/storage/replicated-group-log.js';
import { ProducerIdManager } from './producer-id-manager.js';
import { ReplicaManager } from './replica-manager.js';
import { dispatchRequest } from './request-dispatcher.js';

export interface BrokerOptions {
  config: BrokerConfig;
  logManager: LogManager;
  controller: ControllerClient;
  logger: Logger;
  clock?: () => number;
  /** Where broker-owned state (the producer id counter) lives; defaults to the first log directory. */
  stateDir?: string;
}

/** How often idle producers are expired and producer-state snapshots written. */
export const PRODUCER_STATE_MAINTENANCE_INTERVAL_MS = 60_000;

export class Broker {
  private readonly config: BrokerConfig;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly replicaManager: ReplicaManager;
  private readonly groupLog: ReplicatedGroupLog;
  private readonly groupCoordinator: GroupCoordinator;
  private readonly connections = new Set<Connection>();
  private server: Server | null = null;
  private context: BrokerContext | null = null;
  private unsubscribe: (() => void) | null = null;
  private maintenanceTimer: NodeJS.Timeout | null = null;
  private isrTimer: NodeJS.Timeout | null = null;
  private nextConnectionId = 1;

  constructor(private readonly options: BrokerOptions) {
    const replication = resolveReplicationConfig(options.config);
    const groups = resolveGroupConfig(options.config);
    this.config = Object.freeze({ ...options.config, ...replication, ...groups });
    this.logger = options.logger.child({ component: 'broker', nodeId: this.config.nodeId });
    this.clock = options.clock ?? Date.now;
    this.replicaManager = new ReplicaManager(
      this.config.nodeId,
      options.logManager,
      this.logger,
      this.clock,
      replication,
    );
    this.replicaManager.setController(options.controller);
    this.groupLog = new ReplicatedGroupLog({
      nodeId: this.config.nodeId,
      replicaManager: this.replicaManager,
      controller: options.controller,
      config: this.config,
      logger: this.logger,
      clock: this.clock,
    });
    this.groupCoordinator = new GroupCoordinator({
      nodeId: this.config.nodeId,
      groupLog: this.groupLog,
      controller: options.controller,
      config: groups,
      logger: this.logger,
      clock: this.clock,
    });
  }

  async start(): Promise<{ port: number }> {
    if (this.server !== null) throw new Error('broker already started');
    const stateDir = this.options.stateDir ?? this.options.logManager.logDirs[0];
    const producerIds = await ProducerIdManager.open(join(stateDir, 'broker-state', 'producer-id'), this.config.nodeId);
    const controller = this.options.controller;
    this.context = {
      config: this.config,
      controller,
      replicaManager: this.replicaManager,
      producerIds,
      groupCoordinator: this.groupCoordinator,
      logger: this.logger,
      clock: this.clock,
    };
    this.unsubscribe = controller.onImage((image) => {
      this.replicaManager.applyImage(image).catch(() => undefined);
    });
    await this.replicaManager.applyImage(controller.image());
    // The coordinator subscribes first so it sees the offsets partitions the log reports as led from the start.
    this.groupCoordinator.start();
    this.groupLog.start();
    this.maintenanceTimer = setInterval(() => this.maintainProducerState(), PRODUCER_STATE_MAINTENANCE_INTERVAL_MS);
    this.maintenanceTimer.unref();
    // Kafka's isr-expiration task runs every replica.lag.time.max.ms / 2.
    const isrCheckMs = Math.max(10, Math.floor(this.replicaManager.replicationConfig.replicaLagTimeMaxMs / 2));
    this.isrTimer = setInterval(() => this.replicaManager.checkIsr(), isrCheckMs);
    this.isrTimer.unref();

    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.listenerPort, this.config.listenerHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.logger.error({ err }, 'listener error'));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : this.config.listenerPort;
    this.logger.info({ host: this.config.listenerHost, port }, 'broker listening');
    return { port };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    this.unsubscribe?.();
    if (this.maintenanceTimer !== null) clearInterval(this.maintenanceTimer);
    if (this.isrTimer !== null) clearInterval(this.isrTimer);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Parked JoinGroup/SyncGroup requests answer NOT_COORDINATOR now; their clients move to the next coordinator.
    this.groupCoordinator.stop();
    this.groupLog.close();
    // Parked fetches answer now rather than hold shutdown for their maxWaitMs.
    this.replicaManager.purgatory.close();
    for (const connection of [...this.connections]) connection.close('broker shutting down', 'debug');
    await this.replicaManager.stopFetchers();
    await closed;
    await this.replicaManager.checkpointProducerState().catch((err: unknown) => {
      this.logger.warn({ err }, 'failed to write producer state snapshots');
    });
    await this.options.logManager.flushAll();
    this.logger.info('broker stopped');
  }

  private accept(socket: Socket): void {
    if (this.connections.size >= this.config.maxConnections) {
      this.logger.warn(
        { remote: `${socket.remoteAddress}:${socket.remotePort}`, maxConnections: this.config.maxConnections },
        'refusing connection: max.connections reached',
      );
      socket.destroy();
      return;
    }
    const context = this.context!;
    const connection = new Connection(
      this.nextConnectionId++,
      socket,
      {
        maxFrameBytes: this.config.socketRequestMaxBytes,
        maxInFlight: this.config.queuedMaxRequests,
        idleMs: this.config.connectionsMaxIdleMs,
      },
      (frame, info) => dispatchRequest(context, frame, info),
      this.logger,
      (c) => this.connections.delete(c),
    );
    this.connections.add(connection);
  }

  private maintainProducerState(): void {
    this.replicaManager.removeExpiredProducers(this.config.producerIdExpirationMs);
    this.replicaManager.checkpointProducerState().catch((err: unknown) => {
      this.logger.warn({ err }, 'failed to write producer state snapshots');
    });
  }
}
