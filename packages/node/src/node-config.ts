/**
 * NodeConfig: the validated, frozen configuration of one Tributary process, built from raw Kafka-named keys.
 * All cross-field rules live here so a bad config fails at start with every problem listed.
 */
import type { GroupConfig, ReplicationConfig } from '@tributary/broker';
import { CONFIG_KEYS_BY_NAME } from './config-keys.js';
import { ConfigReader, type RawConfig } from './config-values.js';
import { type Listener, parseListeners, parseQuorumVoters, type QuorumVoter } from './listeners.js';

export type ProcessRole = 'broker' | 'controller';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Per-partition log settings, Kafka's `log.*` broker defaults. Times in ms, sizes in bytes. */
export interface NodeLogConfig {
  segmentBytes: number;
  /** log.roll.ms, else log.roll.hours. */
  rollMs: number;
  /** log.retention.ms, else .minutes, else .hours (Kafka's precedence); -1 = unlimited. */
  retentionMs: number;
  retentionBytes: number;
  retentionCheckIntervalMs: number;
  flushIntervalMessages: number;
  /** null = no time-based flush (Kafka falls back to the scheduler; here: flush on roll and close). */
  flushIntervalMs: number | null;
  indexIntervalBytes: number;
  indexSizeMaxBytes: number;
  /** log.cleanup.policy: the default cleanup.policy of topics. */
  cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  /** log.cleaner.enable */
  cleanerEnable: boolean;
  /** log.cleaner.backoff.ms: pause between log cleaner passes. */
  cleanerBackoffMs: number;
  /** log.cleaner.min.cleanable.ratio: the default min.cleanable.dirty.ratio. */
  cleanerMinCleanableRatio: number;
  /** log.cleaner.delete.retention.ms: the default delete.retention.ms. */
  cleanerDeleteRetentionMs: number;
  /** log.cleaner.min.compaction.lag.ms: the default min.compaction.lag.ms. */
  cleanerMinCompactionLagMs: number;
  /** log.cleaner.dedupe.buffer.size: bound on the cleaner's key -> offset map. */
  cleanerDedupeBufferBytes: number;
}

/** The controller's broker-liveness and leader-balance settings (Kafka's names in the comments). */
export interface NodeControllerConfig {
  /** broker.session.timeout.ms */
  brokerSessionTimeoutMs: number;
  /** broker.heartbeat.interval.ms */
  brokerHeartbeatIntervalMs: number;
  /** broker.session.disconnect.grace.ms (Tributary's: no Kafka equivalent) */
  brokerSessionDisconnectGraceMs: number;
  /** broker.session.takeover.window.ms (Tributary's: no Kafka equivalent) */
  brokerSessionTakeoverWindowMs: number;
  /** auto.leader.rebalance.enable */
  autoLeaderRebalanceEnable: boolean;
  /** leader.imbalance.check.interval.seconds, in ms */
  leaderImbalanceCheckIntervalMs: number;
  /** leader.imbalance.per.broker.percentage */
  leaderImbalancePerBrokerPercentage: number;
}

export interface NodeConfig {
  nodeId: number;
  processRoles: readonly ProcessRole[];
  listeners: readonly Listener[];
  advertisedListeners: readonly Listener[];
  /** The PLAINTEXT listener clients connect to; null on a controller-only node (no Kafka listener). */
  brokerListener: Listener | null;
  advertisedBrokerListener: Listener | null;
  /** The listener named in controller.listener.names, where the Raft quorum's gRPC server binds; null unless the
   * controller role runs here. */
  controllerListener: Listener | null;
  /** Never empty: every role needs the quorum (controllers vote in it, brokers pull metadata from it). */
  controllerQuorumVoters: readonly QuorumVoter[];
  /** null: take it from meta.properties, or generate one on first start. */
  clusterId: string | null;
  logDirs: readonly string[];
  /** metadata.log.dir: where the Raft metadata log lives; null = the first of logDirs (Kafka's default). */
  metadataLogDir: string | null;
  numPartitions: number;
  defaultReplicationFactor: number;
  minInsyncReplicas: number;
  autoCreateTopicsEnable: boolean;
  log: NodeLogConfig;
  messageMaxBytes: number;
  socketRequestMaxBytes: number;
  maxConnections: number;
  queuedMaxRequests: number;
  connectionsMaxIdleMs: number;
  requestTimeoutMs: number;
  fetchMaxBytes: number;
  producerIdExpirationMs: number;
  rack: string | null;
  logLevel: LogLevel;
  /** replica.* settings of the broker's follower fetchers and ISR. */
  replication: ReplicationConfig;
  /** group.* and offsets.* settings of the group coordinator and __consumer_offsets. */
  groups: GroupConfig;
  controller: NodeControllerConfig;
  /** controlled.shutdown.enable: a broker moves its leaderships away before a graceful stop. */
  controlledShutdownEnable: boolean;
}

export class ConfigValidationError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

export interface BuiltConfig {
  config: NodeConfig;
  /** Non-fatal findings (unknown keys), for the caller to log once a logger exists. */
  warnings: string[];
}

/** Kafka's cluster id is a base64url UUID (22 chars); we accept any base64url token of sane length. */
const CLUSTER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function buildNodeConfig(raw: RawConfig, options: { advertisedHostDefault: string }): BuiltConfig {
  const read = new ConfigReader(raw);
  const warnings = [...raw.entries()]
    .filter(([key]) => !CONFIG_KEYS_BY_NAME.has(key))
    .map(([key, { source }]) => `unknown configuration key "${key}" (${source}) ignored`);

  const problemsBefore = read.problems.length;
  const nodeId = read.int('node.id');
  // A missing or bad node.id is reported once, not again by every rule that compares ids.
  const nodeIdValid = read.problems.length === problemsBefore;
  const processRoles = readRoles(read);
  const { listeners, advertisedListeners } = readListeners(read, options.advertisedHostDefault);
  const { brokerListener, advertisedBrokerListener, controllerListener } = readRoleListeners(
    read,
    processRoles,
    listeners,
    advertisedListeners,
  );
  const controllerQuorumVoters = readVoters(read);
  if (nodeIdValid) checkVoterIdentity(read, nodeId, processRoles, controllerQuorumVoters, controllerListener);
  const metadataLogDir = read.string('metadata.log.dir');

  const clusterId = read.string('cluster.id');
  if (clusterId !== null && !CLUSTER_ID_PATTERN.test(clusterId)) {
    read.problem('cluster.id', 'must be 1-64 characters of A-Z a-z 0-9 _ - (a base64url UUID, like Kafka’s)');
  }
  const logDirs = read.has('log.dirs') ? (read.list('log.dirs') ?? []) : [read.string('log.dir') ?? ''];
  if (logDirs.length === 0 || logDirs.some((d) => d === '')) read.problem('log.dirs', 'needs at least one directory');
  if (new Set(logDirs).size !== logDirs.length) read.problem('log.dirs', 'lists a directory twice');

  const messageMaxBytes = read.int('message.max.bytes');
  const socketRequestMaxBytes = read.int('socket.request.max.bytes');
  if (messageMaxBytes >= socketRequestMaxBytes) {
    read.problem('message.max.bytes', `must be smaller than socket.request.max.bytes (${socketRequestMaxBytes})`);
  }
  const rack = read.string('broker.rack');
  const config: NodeConfig = {
    nodeId,
    processRoles,
    listeners,
    advertisedListeners,
    brokerListener,
    advertisedBrokerListener,
    controllerListener,
    controllerQuorumVoters,
    clusterId,
    logDirs,
    metadataLogDir: metadataLogDir === '' ? null : metadataLogDir,
    numPartitions: read.int('num.partitions'),
    defaultReplicationFactor: read.int('default.replication.factor'),
    minInsyncReplicas: read.int('min.insync.replicas'),
    autoCreateTopicsEnable: read.boolean('auto.create.topics.enable'),
    log: readLogConfig(read),
    messageMaxBytes,
    socketRequestMaxBytes,
    maxConnections: read.int('max.connections'),
    queuedMaxRequests: read.int('queued.max.requests'),
    connectionsMaxIdleMs: read.int('connections.max.idle.ms'),
    requestTimeoutMs: read.int('request.timeout.ms'),
    fetchMaxBytes: read.int('fetch.max.bytes'),
    producerIdExpirationMs: read.int('producer.id.expiration.ms'),
    rack: rack === '' ? null : rack,
    logLevel: (read.string('log.level') ?? 'info') as LogLevel,
    replication: readReplicationConfig(read),
    groups: readGroupConfig(read),
    controller: readControllerConfig(read),
    controlledShutdownEnable: read.boolean('controlled.shutdown.enable'),
  };
  if (read.problems.length > 0) throw new ConfigValidationError(read.problems);
  return { config: deepFreeze(config), warnings };
}

function readRoles(read: ConfigReader): ProcessRole[] {
  const roles = (read.list('process.roles') ?? []) as ProcessRole[];
  if (new Set(roles).size !== roles.length) read.problem('process.roles', 'lists a role twice');
  if (roles.length === 0) read.problem('process.roles', 'needs "broker", "controller" or both');
  return roles;
}

/**
 * Kafka's KRaft listener rules: the broker serves clients on PLAINTEXT; a controller binds the listener named in
 * controller.listener.names; a broker-only node must not declare a controller listener (it talks to the quorum at
 * controller.quorum.voters instead).
 */
function readRoleListeners(
  read: ConfigReader,
  roles: readonly ProcessRole[],
  listeners: readonly Listener[],
  advertisedListeners: readonly Listener[],
) {
  const controllerNames = (read.list('controller.listener.names') ?? []).map((n) => n.toUpperCase());
  if (controllerNames.length === 0) read.problem('controller.listener.names', 'needs at least one listener name');
  if (controllerNames.includes('PLAINTEXT')) {
    read.problem(
      'controller.listener.names',
      'PLAINTEXT is the broker listener; name the controller listener CONTROLLER',
    );
  }
  const isBroker = roles.includes('broker');
  const isController = roles.includes('controller');
  const brokerListener = listeners.find((l) => l.name === 'PLAINTEXT') ?? null;
  const controllerListener = listeners.find((l) => controllerNames.includes(l.name)) ?? null;
  // When `listeners` did not even parse, that problem is already reported; don't add confusing follow-ups.
  if (listeners.length > 0) {
    if (isBroker && !brokerListener) {
      read.problem('listeners', 'the broker role needs a PLAINTEXT://host:port listener');
    }
    if (!isBroker && brokerListener) {
      read.problem('listeners', 'a controller-only node serves no clients; remove the PLAINTEXT listener');
    }
    if (isController && !controllerListener) {
      read.problem(
        'listeners',
        `the controller role needs a ${controllerNames[0] ?? 'CONTROLLER'}://host:port listener (controller.listener.names)`,
      );
    }
    if (!isController && controllerListener) {
      read.problem(
        'listeners',
        'a broker-only node must not declare the controller listener; it reaches the controllers through controller.quorum.voters',
      );
    }
  }
  if (isController && controllerListener?.port === 0) {
    read.problem('listeners', 'the controller listener needs a fixed port (the voters name it), not 0');
  }
  if (controllerListener && brokerListener && controllerListener.port !== 0) {
    if (controllerListener.port === brokerListener.port) {
      read.problem('listeners', 'PLAINTEXT and CONTROLLER listeners must use different ports');
    }
  }
  const advertisedBrokerListener = advertisedListeners.find((l) => l.name === 'PLAINTEXT') ?? brokerListener;
  return {
    brokerListener: isBroker ? brokerListener : null,
    advertisedBrokerListener: isBroker ? advertisedBrokerListener : null,
    controllerListener: isController ? controllerListener : null,
  };
}

function readListeners(read: ConfigReader, advertisedHostDefault: string) {
  const parsed = parseListeners(read.text('listeners') ?? '', { allowPortZero: true });
  if (!parsed.ok) read.problem('listeners', parsed.message);
  const listeners = parsed.ok ? parsed.value : [];
  let advertisedListeners: Listener[];
  if (read.has('advertised.listeners')) {
    const advertised = parseListeners(read.text('advertised.listeners') ?? '', { allowPortZero: true });
    if (!advertised.ok) read.problem('advertised.listeners', advertised.message);
    advertisedListeners = advertised.ok ? advertised.value : [];
    if (advertisedListeners.some((l) => l.host === '0.0.0.0' || l.host === '::')) {
      read.problem('advertised.listeners', 'cannot advertise a wildcard address (0.0.0.0 or ::)');
    }
  } else {
    // Kafka advertises the listener itself, with the machine's host name when it binds all interfaces.
    advertisedListeners = listeners.map((l) => ({
      ...l,
      host: l.host === '' || l.host === '0.0.0.0' || l.host === '::' ? advertisedHostDefault : l.host,
    }));
  }
  return { listeners, advertisedListeners };
}

function readVoters(read: ConfigReader): QuorumVoter[] {
  const parsed = parseQuorumVoters(read.text('controller.quorum.voters') ?? '');
  if (!parsed.ok) {
    read.problem('controller.quorum.voters', parsed.message);
    return [];
  }
  const voters = parsed.value;
  if (voters.length === 0) {
    read.problem(
      'controller.quorum.voters',
      'is required: id@host:port of every controller (e.g. 1@127.0.0.1:9093; a single node lists itself)',
    );
  }
  if (voters.some((v) => v.nodeId === 0)) read.problem('controller.quorum.voters', 'voter ids must be >= 1');
  return voters;
}

/** A controller is one of the voters, reachable where the voters say; a broker-only node is none of them. */
function checkVoterIdentity(
  read: ConfigReader,
  nodeId: number,
  roles: readonly ProcessRole[],
  voters: readonly QuorumVoter[],
  controllerListener: Listener | null,
): void {
  if (voters.length === 0) return;
  const self = voters.find((v) => v.nodeId === nodeId);
  if (!roles.includes('controller')) {
    if (self)
      read.problem(
        'controller.quorum.voters',
        `node.id ${nodeId} is a voter, so process.roles must include controller`,
      );
    return;
  }
  if (nodeId === 0) read.problem('node.id', 'a controller needs node.id >= 1 (Raft reserves 0 for "no node")');
  if (!self) {
    read.problem('controller.quorum.voters', `a controller must be a voter, but node.id ${nodeId} is not listed`);
  } else if (controllerListener && controllerListener.port !== 0 && controllerListener.port !== self.port) {
    // The other voters connect to the port the voters name; a listener elsewhere would never hear from them.
    read.problem(
      'listeners',
      `the controller listener port ${controllerListener.port} differs from this node's voter entry ${nodeId}@${self.host}:${self.port}`,
    );
  }
}

function readReplicationConfig(read: ConfigReader): ReplicationConfig {
  const replicaLagTimeMaxMs = read.int('replica.lag.time.max.ms');
  const replicaFetchWaitMaxMs = read.int('replica.fetch.wait.max.ms');
  // Kafka's rule: a follower parked at the leader longer than the lag limit would drop out of the ISR while waiting.
  if (replicaFetchWaitMaxMs >= replicaLagTimeMaxMs) {
    read.problem('replica.fetch.wait.max.ms', `must be smaller than replica.lag.time.max.ms (${replicaLagTimeMaxMs})`);
  }
  return {
    replicaLagTimeMaxMs,
    replicaFetchWaitMaxMs,
    replicaFetchMaxBytes: read.int('replica.fetch.max.bytes'),
    replicaFetchMinBytes: read.int('replica.fetch.min.bytes'),
    replicaFetchResponseMaxBytes: read.int('replica.fetch.response.max.bytes'),
    replicaFetchBackoffMs: read.int('replica.fetch.backoff.ms'),
  };
}

function readGroupConfig(read: ConfigReader): GroupConfig {
  const groupMinSessionTimeoutMs = read.int('group.min.session.timeout.ms');
  const groupMaxSessionTimeoutMs = read.int('group.max.session.timeout.ms');
  if (groupMinSessionTimeoutMs > groupMaxSessionTimeoutMs) {
    read.problem(
      'group.min.session.timeout.ms',
      `must not exceed group.max.session.timeout.ms (${groupMaxSessionTimeoutMs})`,
    );
  }
  return {
    offsetsTopicNumPartitions: read.int('offsets.topic.num.partitions'),
    offsetsTopicReplicationFactor: read.int('offsets.topic.replication.factor'),
    offsetsTopicSegmentBytes: read.int('offsets.topic.segment.bytes'),
    offsetCommitTimeoutMs: read.int('offsets.commit.timeout.ms'),
    offsetsRetentionMs: read.int('offsets.retention.ms'),
    offsetsRetentionCheckIntervalMs: read.int('offsets.retention.check.interval.ms'),
    offsetMetadataMaxBytes: read.int('offset.metadata.max.bytes'),
    groupInitialRebalanceDelayMs: read.int('group.initial.rebalance.delay.ms'),
    groupMinSessionTimeoutMs,
    groupMaxSessionTimeoutMs,
    groupMaxSize: read.int('group.max.size'),
  };
}

function readControllerConfig(read: ConfigReader): NodeControllerConfig {
  const brokerSessionTimeoutMs = read.int('broker.session.timeout.ms');
  const brokerHeartbeatIntervalMs = read.int('broker.heartbeat.interval.ms');
  // A heartbeat period at or above the session would fence every healthy broker between two heartbeats.
  if (brokerHeartbeatIntervalMs >= brokerSessionTimeoutMs) {
    read.problem(
      'broker.heartbeat.interval.ms',
      `must be smaller than broker.session.timeout.ms (${brokerSessionTimeoutMs})`,
    );
  }
  const brokerSessionDisconnectGraceMs = read.int('broker.session.disconnect.grace.ms');
  // The stream check is a shortcut to fencing; it must never be slower than the session timeout it shortcuts.
  if (brokerSessionDisconnectGraceMs >= brokerSessionTimeoutMs) {
    read.problem(
      'broker.session.disconnect.grace.ms',
      `must be smaller than broker.session.timeout.ms (${brokerSessionTimeoutMs})`,
    );
  }
  return {
    brokerSessionTimeoutMs,
    brokerHeartbeatIntervalMs,
    brokerSessionDisconnectGraceMs,
    brokerSessionTakeoverWindowMs: read.int('broker.session.takeover.window.ms'),
    autoLeaderRebalanceEnable: read.boolean('auto.leader.rebalance.enable'),
    leaderImbalanceCheckIntervalMs: read.int('leader.imbalance.check.interval.seconds') * 1000,
    leaderImbalancePerBrokerPercentage: read.int('leader.imbalance.per.broker.percentage'),
  };
}

function readLogConfig(read: ConfigReader): NodeLogConfig {
  const HOUR_MS = 3_600_000;
  const rollMs = read.optionalInt('log.roll.ms') ?? read.int('log.roll.hours') * HOUR_MS;
  const retentionMinutes = read.optionalInt('log.retention.minutes');
  let retentionMs = read.optionalInt('log.retention.ms');
  if (retentionMs === null) {
    retentionMs = retentionMinutes !== null ? retentionMinutes * 60_000 : read.int('log.retention.hours') * HOUR_MS;
  }
  // Kafka treats any negative retention (e.g. minutes=-1 -> -60000 ms) as unlimited.
  if (retentionMs < 0) retentionMs = -1;
  const ratioText = read.string('log.cleaner.min.cleanable.ratio') ?? '0.5';
  const cleanerMinCleanableRatio = Number(ratioText);
  if (ratioText === '' || !(cleanerMinCleanableRatio >= 0 && cleanerMinCleanableRatio <= 1)) {
    read.problem('log.cleaner.min.cleanable.ratio', 'must be a number between 0 and 1');
  }
  const policy = read.string('log.cleanup.policy') ?? 'delete';
  return {
    segmentBytes: read.int('log.segment.bytes'),
    rollMs,
    retentionMs,
    retentionBytes: read.int('log.retention.bytes'),
    retentionCheckIntervalMs: read.int('log.retention.check.interval.ms'),
    flushIntervalMessages: read.int('log.flush.interval.messages'),
    flushIntervalMs: read.optionalInt('log.flush.interval.ms'),
    indexIntervalBytes: read.int('log.index.interval.bytes'),
    indexSizeMaxBytes: read.int('log.index.size.max.bytes'),
    cleanupPolicy: policy === 'delete,compact' ? 'compact,delete' : (policy as NodeLogConfig['cleanupPolicy']),
    cleanerEnable: read.boolean('log.cleaner.enable'),
    cleanerBackoffMs: read.int('log.cleaner.backoff.ms'),
    cleanerMinCleanableRatio,
    cleanerDeleteRetentionMs: read.int('log.cleaner.delete.retention.ms'),
    cleanerMinCompactionLagMs: read.int('log.cleaner.min.compaction.lag.ms'),
    cleanerDedupeBufferBytes: read.int('log.cleaner.dedupe.buffer.size'),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
