/**
 * startNode: one Tributary process. Opens the logs, the controller and the broker in dependency order, runs the
 * retention and flush timers, and stops everything in reverse order. Anything opened before a failure is closed.
 */
import { Broker, type BrokerConfig } from '@tributary/broker';
import { LocalController } from '@tributary/controller';
import { LogManager } from '@tributary/log';
import { reserveFreePort } from './free-port.js';
import { createRootLogger, type Logger } from './logger.js';
import { ensureMetaProperties } from './meta-properties.js';
import type { NodeConfig } from './node-config.js';
import { toLogConfig } from './node-log-config.js';

export interface RunningNode {
  /** The port the broker listens on (the configured one, or the one picked for port 0). */
  brokerPort: number;
  clusterId: string;
  logger: Logger;
  /** Graceful: broker (drain connections, flush), then controller, then logs. Idempotent. */
  stop(): Promise<void>;
}

export interface StartNodeOptions {
  logger?: Logger;
  clock?: () => number;
}

export async function startNode(config: NodeConfig, options: StartNodeOptions = {}): Promise<RunningNode> {
  const logger = options.logger ?? createRootLogger({ level: config.logLevel, nodeId: config.nodeId });
  const clusterId = ensureMetaProperties(config.logDirs, { clusterId: config.clusterId, nodeId: config.nodeId });
  const listenerHost = bindHost(config.brokerListener.host);
  // The controller registers the broker's advertised endpoint before the broker listens, so port 0 is resolved here.
  const listenerPort = config.brokerListener.port || (await reserveFreePort(listenerHost));
  const advertisedPort = config.advertisedBrokerListener.port || listenerPort;
  const advertisedHost = config.advertisedBrokerListener.host || '127.0.0.1';

  const closers: { name: string; close: () => Promise<void> }[] = [];
  const closeAll = async () => {
    for (const { name, close } of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        logger.error({ err: error, component: name }, 'error while stopping');
      }
    }
    closers.length = 0;
  };
  try {
    const logManager = await LogManager.open({
      logDirs: [...config.logDirs],
      defaultConfig: toLogConfig(config),
      logger: logger.child({ component: 'log' }),
    });
    closers.push({ name: 'log', close: () => logManager.close() });
    const controller = await LocalController.open({
      dataDir: config.logDirs[0],
      clusterId,
      nodeId: config.nodeId,
      brokerEndpoint: { host: advertisedHost, port: advertisedPort, rack: config.rack },
      defaults: { numPartitions: config.numPartitions, defaultReplicationFactor: config.defaultReplicationFactor },
      // The controller and the broker name their own component in a child logger; passing a child here too
      // would write "component" twice on every line.
      logger,
    });
    closers.push({ name: 'controller', close: () => controller.close() });
    const brokerConfig = toBrokerConfig(config, {
      clusterId,
      listenerHost,
      listenerPort,
      advertisedHost,
      advertisedPort,
    });
    const broker = new Broker({
      config: brokerConfig,
      logManager,
      controller,
      logger,
      clock: options.clock,
    });
    const { port } = await broker.start();
    closers.push({ name: 'broker', close: () => broker.stop() });
    const stopTimers = startLogTimers(config, logManager, logger);
    closers.push({ name: 'timers', close: async () => stopTimers() });
    logger.info(
      { clusterId, brokerPort: port, advertised: `${advertisedHost}:${advertisedPort}`, logDirs: config.logDirs },
      'node started',
    );
    let stopping: Promise<void> | null = null;
    return {
      brokerPort: port,
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
  };
}
