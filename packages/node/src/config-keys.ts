/**
 * Every configuration key Tributary reads, declared once with its Kafka name, type, default and bounds.
 * Validation, `--help` style docs and env-var names all derive from this table.
 */

export type ConfigType = 'int' | 'long' | 'boolean' | 'string' | 'list';

export interface ConfigKeyDefinition {
  key: string;
  type: ConfigType;
  /** Raw default in the file's own syntax; undefined = no default (absent unless given). */
  defaultValue?: string;
  min?: number;
  max?: number;
  /** For strings and list items: the only values allowed. */
  allowed?: readonly string[];
  doc: string;
}

const INT32_MAX = 2_147_483_647;
/** Kafka's Long.MAX_VALUE; longs above Number.MAX_SAFE_INTEGER are clamped there (effectively "unbounded"). */
export const LONG_MAX_TEXT = '9223372036854775807';

export const CONFIG_KEYS: readonly ConfigKeyDefinition[] = [
  { key: 'node.id', type: 'int', min: 0, max: INT32_MAX, doc: 'this node’s id; required' },
  {
    key: 'process.roles',
    type: 'list',
    defaultValue: 'broker,controller',
    allowed: ['broker', 'controller'],
    doc: 'roles this process runs',
  },
  { key: 'listeners', type: 'string', defaultValue: 'PLAINTEXT://:9092', doc: 'NAME://host:port,...' },
  { key: 'advertised.listeners', type: 'string', doc: 'what clients are told; defaults to listeners' },
  {
    key: 'controller.listener.names',
    type: 'list',
    defaultValue: 'CONTROLLER',
    doc: 'listener names of the controller',
  },
  {
    key: 'controller.quorum.voters',
    type: 'string',
    defaultValue: '',
    doc: 'id@host:port of every controller; required',
  },
  { key: 'cluster.id', type: 'string', doc: 'generated on first start and kept in meta.properties when absent' },
  { key: 'log.dirs', type: 'list', doc: 'data directories; overrides log.dir' },
  {
    key: 'metadata.log.dir',
    type: 'string',
    doc: 'directory of the Raft metadata log; defaults to the first log dir',
  },
  { key: 'log.dir', type: 'string', defaultValue: '/tmp/tributary-logs', doc: 'data directory when log.dirs is unset' },
  { key: 'num.partitions', type: 'int', defaultValue: '1', min: 1, max: 1_000_000, doc: 'default partitions' },
  { key: 'default.replication.factor', type: 'int', defaultValue: '1', min: 1, max: 32767, doc: 'default RF' },
  { key: 'min.insync.replicas', type: 'int', defaultValue: '1', min: 1, max: 32767, doc: 'acks=all ISR minimum' },
  { key: 'auto.create.topics.enable', type: 'boolean', defaultValue: 'true', doc: 'create topics on metadata request' },
  { key: 'log.segment.bytes', type: 'int', defaultValue: '1073741824', min: 14, max: INT32_MAX, doc: 'segment size' },
  { key: 'log.roll.ms', type: 'long', min: 1, doc: 'segment age before roll; overrides log.roll.hours' },
  { key: 'log.roll.hours', type: 'int', defaultValue: '168', min: 1, max: INT32_MAX, doc: 'segment age before roll' },
  { key: 'log.retention.ms', type: 'long', min: -1, doc: 'retention time; -1 = unlimited; overrides minutes/hours' },
  { key: 'log.retention.minutes', type: 'int', min: -1, max: INT32_MAX, doc: 'retention; overrides hours' },
  { key: 'log.retention.hours', type: 'int', defaultValue: '168', min: -1, max: INT32_MAX, doc: 'retention time' },
  { key: 'log.retention.bytes', type: 'long', defaultValue: '-1', min: -1, doc: 'retention size per partition' },
  {
    key: 'log.retention.check.interval.ms',
    type: 'long',
    defaultValue: '300000',
    min: 1,
    doc: 'how often retention runs',
  },
  {
    key: 'log.cleanup.policy',
    type: 'string',
    defaultValue: 'delete',
    allowed: ['delete', 'compact', 'compact,delete', 'delete,compact'],
    doc: 'default cleanup.policy of topics',
  },
  { key: 'log.cleaner.enable', type: 'boolean', defaultValue: 'true', doc: 'run the log cleaner (compaction)' },
  { key: 'log.cleaner.backoff.ms', type: 'long', defaultValue: '15000', min: 1, doc: 'pause between cleaner passes' },
  {
    key: 'log.cleaner.min.cleanable.ratio',
    type: 'string',
    defaultValue: '0.5',
    doc: 'default min.cleanable.dirty.ratio (0..1)',
  },
  {
    key: 'log.cleaner.delete.retention.ms',
    type: 'long',
    defaultValue: '86400000',
    min: 0,
    doc: 'default delete.retention.ms (tombstone lifetime)',
  },
  {
    key: 'log.cleaner.min.compaction.lag.ms',
    type: 'long',
    defaultValue: '0',
    min: 0,
    doc: 'default min.compaction.lag.ms',
  },
  {
    key: 'log.cleaner.dedupe.buffer.size',
    type: 'long',
    defaultValue: '134217728',
    min: 1024,
    doc: 'bound on the cleaner offset map',
  },
  { key: 'log.flush.interval.messages', type: 'long', defaultValue: LONG_MAX_TEXT, min: 1, doc: 'fsync every N' },
  { key: 'log.flush.interval.ms', type: 'long', min: 0, doc: 'fsync after this age; unset = only on roll/close' },
  { key: 'log.index.interval.bytes', type: 'int', defaultValue: '4096', min: 0, max: INT32_MAX, doc: 'index density' },
  { key: 'log.index.size.max.bytes', type: 'int', defaultValue: '10485760', min: 4, max: INT32_MAX, doc: 'index size' },
  { key: 'message.max.bytes', type: 'int', defaultValue: '1048588', min: 0, max: INT32_MAX, doc: 'largest batch' },
  {
    key: 'socket.request.max.bytes',
    type: 'int',
    defaultValue: '104857600',
    min: 1,
    max: INT32_MAX,
    doc: 'largest request frame',
  },
  { key: 'max.connections', type: 'int', defaultValue: '1000', min: 0, max: INT32_MAX, doc: 'open connections cap' },
  { key: 'queued.max.requests', type: 'int', defaultValue: '500', min: 1, max: INT32_MAX, doc: 'in-flight per conn' },
  { key: 'connections.max.idle.ms', type: 'long', defaultValue: '600000', min: -1, doc: 'idle close; -1 = never' },
  { key: 'request.timeout.ms', type: 'int', defaultValue: '30000', min: 0, max: INT32_MAX, doc: 'acks=all wait' },
  {
    key: 'fetch.max.bytes',
    type: 'int',
    defaultValue: '57671680',
    min: 1024,
    max: INT32_MAX,
    doc: 'fetch response cap',
  },
  {
    key: 'producer.id.expiration.ms',
    type: 'int',
    defaultValue: '86400000',
    min: 1,
    max: INT32_MAX,
    doc: 'idle producer state expiry',
  },
  {
    key: 'offsets.topic.num.partitions',
    type: 'int',
    defaultValue: '50',
    min: 1,
    max: 10_000,
    doc: 'partitions of __consumer_offsets (fixed once the topic exists)',
  },
  {
    key: 'offsets.topic.replication.factor',
    type: 'int',
    defaultValue: '3',
    min: 1,
    max: 32767,
    doc: 'replication factor of __consumer_offsets; FindCoordinator fails until this many brokers are live',
  },
  {
    key: 'offsets.topic.segment.bytes',
    type: 'int',
    defaultValue: '104857600',
    min: 1,
    max: INT32_MAX,
    doc: 'segment size of __consumer_offsets',
  },
  {
    key: 'offsets.commit.timeout.ms',
    type: 'int',
    defaultValue: '5000',
    min: 1,
    max: INT32_MAX,
    doc: 'how long an offset commit waits for all in-sync replicas',
  },
  {
    key: 'offsets.retention.ms',
    type: 'long',
    defaultValue: '604800000',
    min: 1,
    doc: 'committed offsets of an empty group are kept this long',
  },
  {
    key: 'offsets.retention.check.interval.ms',
    type: 'long',
    defaultValue: '600000',
    min: 1,
    doc: 'how often expired offsets are removed',
  },
  {
    key: 'offset.metadata.max.bytes',
    type: 'int',
    defaultValue: '4096',
    min: 0,
    max: INT32_MAX,
    doc: 'largest metadata string of a committed offset',
  },
  {
    key: 'group.initial.rebalance.delay.ms',
    type: 'int',
    defaultValue: '3000',
    min: 0,
    max: INT32_MAX,
    doc: 'how long a new group waits for more members before its first rebalance',
  },
  {
    key: 'group.min.session.timeout.ms',
    type: 'int',
    defaultValue: '6000',
    min: 0,
    max: INT32_MAX,
    doc: 'smallest session timeout a group member may ask for',
  },
  {
    key: 'group.max.session.timeout.ms',
    type: 'int',
    defaultValue: '1800000',
    min: 0,
    max: INT32_MAX,
    doc: 'largest session timeout a group member may ask for',
  },
  {
    key: 'group.max.size',
    type: 'int',
    defaultValue: '2147483647',
    min: 1,
    max: INT32_MAX,
    doc: 'most members of one consumer group',
  },
  { key: 'broker.rack', type: 'string', doc: 'rack of this broker' },
  {
    key: 'replica.lag.time.max.ms',
    type: 'long',
    defaultValue: '30000',
    min: 1,
    doc: 'a follower not caught up for this long leaves the ISR',
  },
  {
    key: 'replica.fetch.wait.max.ms',
    type: 'int',
    defaultValue: '500',
    min: 0,
    max: INT32_MAX,
    doc: 'longest wait of a follower Fetch; below replica.lag.time.max.ms',
  },
  {
    key: 'replica.fetch.max.bytes',
    type: 'int',
    defaultValue: '1048576',
    min: 1,
    max: INT32_MAX,
    doc: 'bytes per partition per follower Fetch',
  },
  {
    key: 'replica.fetch.min.bytes',
    type: 'int',
    defaultValue: '1',
    min: 1,
    max: INT32_MAX,
    doc: 'bytes a follower Fetch waits for',
  },
  {
    key: 'replica.fetch.response.max.bytes',
    type: 'int',
    defaultValue: '10485760',
    min: 1,
    max: INT32_MAX,
    doc: 'bytes per follower Fetch response',
  },
  {
    key: 'replica.fetch.backoff.ms',
    type: 'int',
    defaultValue: '1000',
    min: 0,
    max: INT32_MAX,
    doc: 'pause after a failed follower fetch',
  },
  {
    key: 'auto.leader.rebalance.enable',
    type: 'boolean',
    defaultValue: 'true',
    doc: 'move leadership back to preferred replicas',
  },
  {
    key: 'leader.imbalance.check.interval.seconds',
    type: 'long',
    defaultValue: '300',
    min: 1,
    max: 2_147_483,
    doc: 'how often the controller checks leader balance',
  },
  {
    key: 'leader.imbalance.per.broker.percentage',
    type: 'int',
    defaultValue: '10',
    min: 0,
    max: 100,
    doc: 'imbalance that triggers a rebalance',
  },
  {
    key: 'broker.session.timeout.ms',
    type: 'int',
    defaultValue: '9000',
    min: 1,
    max: INT32_MAX,
    doc: 'a broker without heartbeats this long is fenced',
  },
  {
    key: 'broker.heartbeat.interval.ms',
    type: 'int',
    defaultValue: '2000',
    min: 1,
    max: INT32_MAX,
    doc: 'broker heartbeat period; below broker.session.timeout.ms',
  },
  {
    key: 'broker.session.disconnect.grace.ms',
    type: 'int',
    defaultValue: '500',
    min: 0,
    max: INT32_MAX,
    doc: "fence a broker this long after its BrokerSession stream to the active controller broke (Tributary's)",
  },
  {
    key: 'broker.session.takeover.window.ms',
    type: 'int',
    defaultValue: '1000',
    min: 0,
    max: INT32_MAX,
    doc: "after a controller failover, time each broker has to reopen its session (Tributary's)",
  },
  {
    key: 'controlled.shutdown.enable',
    type: 'boolean',
    defaultValue: 'true',
    doc: 'move leaderships away before a graceful stop',
  },
  {
    key: 'log.level',
    type: 'string',
    defaultValue: 'info',
    allowed: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    doc: 'pino level of the root logger',
  },
];

export const CONFIG_KEYS_BY_NAME: ReadonlyMap<string, ConfigKeyDefinition> = new Map(
  CONFIG_KEYS.map((d) => [d.key, d]),
);

/** `node.id` <-> `TRIBUTARY_NODE_ID`. Kafka keys never contain `_`, so the mapping is reversible. */
export const ENV_PREFIX = 'TRIBUTARY_';
export function envNameOf(key: string): string {
  return ENV_PREFIX + key.toUpperCase().replace(/[.-]/g, '_');
}
