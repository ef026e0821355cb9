/**
 * startNode: one Tributary process in the roles of `process.roles`. A controller opens the Raft quorum (its gRPC
 * server on the controller listener); a broker opens the logs and serves Kafka clients, with a QuorumController of
 * the same process (combined node) or a RemoteControllerClient (broker-only node, an observer of the quorum) as its
 * ControllerClient. Everything stops in reverse order; anything opened before a failure is closed.
 */
import { Broker, type BrokerConfig } from '@tributary/broker';
import {
  type BrokerLifecycle,
  type ControllerClient,
  QuorumController,
  RemoteControllerClient,
} from '@tributary/controller';
import { LogManager } from '@tributary/log';
import { reserveFreePort } from './free-port.js';
import { createRootLogger, type Logger } from './logger.js';
import { ensureMetaProperties } from './meta-properties.js';
import type { NodeConfig } from './node-config.js';
import { toLogConfig } from './node-log-config.js';

export interface RunningNode {
  /** The port the broker listens on (the configured one, or the one picked for port 0); null without the broker role. */
  brokerPort: number | null;
  /** The port of the controller quorum's gRPC server; null without the controller role. */
  controllerPort: number | null;
  clusterId: string;
  logger: Logger;
  /**
   * Graceful: controlled shutdown (the controller moves this broker's partition leaderships away, bounded by
   * CONTROLLED_SHUTDOWN_WAIT_MS), then the broker (drain connections, flush), then the controller (hands over Raft
   * leadership), then logs. Each step is logged; a failing step is logged and the stop goes on. Idempotent.
   */
  stop(): Promise<void>;
}

export interface StartNodeOptions {
  logger?: Logger;
  clock?: () => number;
  /**
   * How long start waits for this broker to be registered and unfenced before it reports "node started" anyway
   * (the heartbeat loop keeps trying; a quorum without a majority yet is the usual reason). Default 60000.
   */
  unfenceWaitMs?: number;
  /** Ends the unfence wait early (a stop requested while starting must not wait for a quorum that may never form). */
  signal?: AbortSignal;
}

const DEFAULT_UNFENCE_WAIT_MS = 60_000;
/**
 * Bound on a controlled shutdown before the broker stops anyway. Moving leaderships is one metadata commit plus the
 * broker seeing it (well under a second on a healthy quorum); 10 s leaves room for a controller election meanwhile
 * and stays far inside the CLI's 60 s graceful-stop limit.
 */
export const CONTROLLED_SHUTDOWN_WAIT_MS = 10_000;
/** Slack for the last heartbeat in flight when the controlled-shutdown wait ends. */
const CONTROLLED_SHUTDOWN_GRACE_MS = 1000;

export async function startNode(config: NodeConfig, options: StartNodeOptions = {}): Promise<RunningNode> {
  const logger = options.logger ?? createRootLogger({ level: config.logLevel, nodeId: config.nodeId });
  const metadataDir = config.metadataLogDir ?? config.logDirs[0];
  const metaDirs = config.processRoles.includes('broker') ? [...config.logDirs] : [];
  if (!metaDirs.includes(metadataDir)) metaDirs.push(metadataDir);
  const clusterId = ensureMetaProperties(metaDirs, { clusterId: config.clusterId, nodeId: config.nodeId });
  const voters = config.controllerQuorumVoters.map((v) => `${v.nodeId}@${v.host}:${v.port}`).join(',');

  const closers: { name: string; close: () => Promise<void> }[] = [];
  const closeAll = async () => {
    for (const { name, close } of closers.reverse()) {
      try {
        logger.info({ step: name }, 'stopping');
        await close();
      } catch (error) {
        logger.error({ err: error, component: name }, 'error while stopping');
      }
    }
    closers.length = 0;
  };
  try {
    let quorum: QuorumController | null = null;
    if (config.controllerListener !== null) {
      quorum = await QuorumController.open({
        dataDir: metadataDir,
        clusterId,
        nodeId: config.nodeId,
        voters,
        listenHost: bindHost(config.controllerListener.host),
        listenPort: config.controllerListener.port,
        defaults: { numPartitions: config.numPartitions, defaultReplicationFactor: config.defaultReplicationFactor },
        ...config.controller,
        // The controller and the broker name their own component in a child logger; passing a child here too
        // would write "component" twice on every line.
        logger,
      });
      const opened = quorum;
      closers.push({ name: 'controller', close: () => opened.close() });
    }
    let brokerPort: number | null = null;
    if (config.brokerListener !== null && config.advertisedBrokerListener !== null) {
      brokerPort = await startBrokerRole(config, { clusterId, voters, quorum, logger, closers, options });
    }
    logger.info(
      {
        clusterId,
        roles: config.processRoles,
        brokerPort,
        controllerPort: quorum?.port ?? null,
        voters,
        logDirs: config.logDirs,
      },
      'node started',
    );
    let stopping: Promise<void> | null = null;
    return {
      brokerPort,
      controllerPort: quorum?.port ?? null,
      clusterId,
      logger,
      stop: () => {
        stopping ??= closeAll().then(() => logger.info('node stopped'));
        return stopping;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * Logs, the broker, and its place in the cluster: registered through the local quorum controller (combined node) or
 * through a RemoteControllerClient (broker-only). Returns the port the broker listens on once it is unfenced.
 */
async function startBrokerRole(
  config: NodeConfig,
  context: {
    clusterId: string;
    voters: string;
    quorum: QuorumController | null;
    logger: Logger;
    closers: { name: string; close: () => Promise<void> }[];
    options: StartNodeOptions;
  },
): Promise<number> {
  const { clusterId, quorum, logger, closers, options } = context;
  const listener = config.brokerListener!;
  const advertised = config.advertisedBrokerListener!;
  const listenerHost = bindHost(listener.host);
  // The controller learns the broker's advertised endpoint at registration, so port 0 is resolved here.
  const listenerPort = listener.port || (await reserveFreePort(listenerHost));
  const advertisedPort = advertised.port || listenerPort;
  const advertisedHost = advertised.host || '127.0.0.1';
  const endpoint = { host: advertisedHost, port: advertisedPort, rack: config.rack };

  const logManager = await LogManager.open({
    logDirs: [...config.logDirs],
    defaultConfig: toLogConfig(config),
    logger: logger.child({ component: 'log' }),
    cleanerOffsetMapBytes: config.log.cleanerDedupeBufferBytes,
  });
  // Logs close last: pushed before the controller client so that the reverse order stops the broker first.
  closers.unshift({ name: 'log', close: () => logManager.close() });
  let controller: ControllerClient;
  let remote: RemoteControllerClient | null = null;
  if (quorum !== null) {
    controller = quorum;
  } else {
    remote = new RemoteControllerClient({
      clusterId,
      nodeId: config.nodeId,
      controllers: context.voters,
      brokerEndpoint: endpoint,
      heartbeatIntervalMs: config.controller.brokerHeartbeatIntervalMs,
      logger,
    });
    const client = remote;
    closers.push({ name: 'controller-client', close: () => client.close() });
    controller = remote;
  }
  const broker = new Broker({
    config: toBrokerConfig(config, { clusterId, listenerHost, listenerPort, advertisedHost, advertisedPort }),
    logManager,
    controller,
    logger,
    clock: options.clock,
  });
  const { port } = await broker.start();
  closers.push({ name: 'broker', close: () => broker.stop() });
  const stopTimers = startLogTimers(config, logManager, logger);
  closers.push({ name: 'timers', close: async () => stopTimers() });
  // Registration waits until the broker listens: clients told about this broker can connect at once.
  let lifecycle: BrokerLifecycle;
  if (remote !== null) {
    remote.start();
    lifecycle = remote.lifecycle;
  } else {
    lifecycle = quorum!.startLocalBroker(endpoint, {
      heartbeatIntervalMs: config.controller.brokerHeartbeatIntervalMs,
    });
  }
  if (config.controlledShutdownEnable) {
    // Pushed after the broker: the reverse order runs it before the broker stops, while it can still serve.
    const shutdownLifecycle = lifecycle;
    closers.push({
      name: 'controlled-shutdown',
      close: () => runControlledShutdown(shutdownLifecycle, controller, logger),
    });
  }
  await waitUnfenced(lifecycle, controller, config.nodeId, {
    waitMs: options.unfenceWaitMs ?? DEFAULT_UNFENCE_WAIT_MS,
    signal: options.signal,
    logger,
  });
  return port;
}

/**
 * Asks the active controller to move this broker's leaderships and ISR memberships away and waits (bounded) until
 * this node's image shows none led here. A timeout or an unreachable controller is logged and the stop goes on: the
 * controller fences the broker after its session instead, as after a crash.
 */
async function runControlledShutdown(
  lifecycle: BrokerLifecycle,
  controller: ControllerClient,
  logger: Logger,
): Promise<void> {
  // controlledShutdown checks its deadline between heartbeats, and one heartbeat RPC to a missing controller can
  // block for its own timeout; this race keeps the whole step within the documented bound (plus a little).
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    lifecycle.controlledShutdown({ image: () => controller.image(), timeoutMs: CONTROLLED_SHUTDOWN_WAIT_MS }),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), CONTROLLED_SHUTDOWN_WAIT_MS + CONTROLLED_SHUTDOWN_GRACE_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  if (outcome === null) {
    logger.warn({ timeoutMs: CONTROLLED_SHUTDOWN_WAIT_MS }, 'controlled shutdown timed out; stopping anyway');
  } else if (outcome.completed) {
    logger.info(outcome, 'controlled shutdown complete: no partition led here');
  } else {
    logger.warn(
      { ...outcome, timeoutMs: CONTROLLED_SHUTDOWN_WAIT_MS },
      'controlled shutdown incomplete (timeout or no active controller); stopping anyway',
    );
  }
}

const UNFENCE_POLL_MS = 50;

/**
 * Resolves once the controller has unfenced this broker's current registration AND this node's own image shows it
 * (a broker-only node's image trails the quorum), so a client's first Metadata lists this broker; or after waitMs
 * (logged; the heartbeats go on).
 */
async function waitUnfenced(
  lifecycle: BrokerLifecycle,
  controller: ControllerClient,
  nodeId: number,
  { waitMs, signal, logger }: { waitMs: number; signal?: AbortSignal; logger: Logger },
): Promise<void> {
  const deadline = Date.now() + waitMs;
  const unfenced = () => !lifecycle.isFenced() && controller.image().brokers.get(nodeId)?.fenced === false;
  while (!unfenced() && !signal?.aborted) {
    if (Date.now() >= deadline) {
      logger.warn({ waitMs }, 'broker still fenced (no active controller yet?); starting anyway, heartbeats continue');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, UNFENCE_POLL_MS));
  }
}

/** Retention and time-based flush run on the node's timers; the log package itself owns no timers. */
function startLogTimers(config: NodeConfig, logManager: LogManager, logger: Logger): () => void {
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, name: string, task: () => Promise<unknown>) => {
    let running = false;
    const timer = setInterval(() => {
      if (running) return; // a slow run is never overlapped by the next tick
      running = true;
      task()
        .catch((error) => logger.error({ err: error, task: name }, 'log task failed'))
        .finally(() => {
          running = false;
        });
    }, ms);
    timer.unref();
    timers.push(timer);
  };
  every(config.log.retentionCheckIntervalMs, 'retention', () => Promise.resolve(logManager.runRetention()));
  if (config.log.cleanerEnable) every(config.log.cleanerBackoffMs, 'cleaner', () => logManager.runCleaner());
  if (config.log.flushIntervalMs !== null && config.log.flushIntervalMs > 0) {
    every(config.log.flushIntervalMs, 'flush', () => Promise.resolve(logManager.flushAll()));
  }
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}

function bindHost(host: string): string {
  return host === '' ? '0.0.0.0' : host;
}

function toBrokerConfig(
  config: NodeConfig,
  endpoints: {
    clusterId: string;
    listenerHost: string;
    listenerPort: number;
    advertisedHost: string;
    advertisedPort: number;
  },
): BrokerConfig {
  return {
    nodeId: config.nodeId,
    ...endpoints,
    rack: config.rack,
    autoCreateTopicsEnable: config.autoCreateTopicsEnable,
    numPartitions: config.numPartitions,
    defaultReplicationFactor: config.defaultReplicationFactor,
    minInsyncReplicas: config.minInsyncReplicas,
    messageMaxBytes: config.messageMaxBytes,
    socketRequestMaxBytes: config.socketRequestMaxBytes,
    maxConnections: config.maxConnections,
    queuedMaxRequests: config.queuedMaxRequests,
    connectionsMaxIdleMs: config.connectionsMaxIdleMs,
    requestTimeoutMs: config.requestTimeoutMs,
    fetchMaxBytes: config.fetchMaxBytes,
    producerIdExpirationMs: config.producerIdExpirationMs,
    ...config.replication,
    ...config.groups,
  };
}
