// Intent: loadConfig applies defaults < file < env < overrides with Kafka's key names and rejects bad values clearly.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultReplicationConfig } from '@tributary/broker';
import { describe, expect, it } from 'vitest';
import { ConfigValidationError, keyOfEnvName, loadConfig } from '../src/index.js';

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-config-'));
  const path = join(dir, 'server.properties');
  writeFileSync(path, text);
  return path;
}

const base = [
  'node.id=1',
  'log.dirs=/tmp/x',
  'listeners=PLAINTEXT://:9092,CONTROLLER://:9093',
  'controller.quorum.voters=1@localhost:9093',
];
const load = (overrides: string[], env: Record<string, string> = {}) =>
  loadConfig({ overrides: [...base, ...overrides], env, advertisedHostDefault: 'myhost' });

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('loadConfig', () => {
  it('fills Kafka defaults and freezes the result', () => {
    const { config, warnings } = load([]);
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      nodeId: 1,
      processRoles: ['broker', 'controller'],
      brokerListener: { name: 'PLAINTEXT', host: '', port: 9092 },
      advertisedBrokerListener: { name: 'PLAINTEXT', host: 'myhost', port: 9092 },
      clusterId: null,
      logDirs: ['/tmp/x'],
      numPartitions: 1,
      autoCreateTopicsEnable: true,
      messageMaxBytes: 1048588,
      maxConnections: 1000,
      queuedMaxRequests: 500,
      rack: null,
      logLevel: 'info',
      log: { segmentBytes: 1073741824, rollMs: 168 * 3600000, retentionMs: 168 * 3600000, retentionBytes: -1 },
    });
    expect(config.log.flushIntervalMessages).toBe(Number.MAX_SAFE_INTEGER);
    expect(config.log.flushIntervalMs).toBeNull();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.log)).toBe(true);
    expect(Object.isFrozen(config.listeners[0])).toBe(true);
  });

  it('takes file < env < override precedence', () => {
    const path = configFile(
      'node.id=1\nnum.partitions=2\nmin.insync.replicas=2\nlog.dir=/from/file\nbroker.rack=r1\n' +
        'process.roles=broker\ncontroller.quorum.voters=2@h:9093\n',
    );
    const env = { TRIBUTARY_NUM_PARTITIONS: '3', TRIBUTARY_MIN_INSYNC_REPLICAS: '3', PATH: '/bin' };
    const { config } = loadConfig({ configFile: path, env, overrides: ['min.insync.replicas=4'] });
    expect(config.numPartitions).toBe(3);
    expect(config.minInsyncReplicas).toBe(4);
    expect(config.logDirs).toEqual(['/from/file']);
    expect(config.rack).toBe('r1');
  });

  it('applies retention precedence ms > minutes > hours and roll ms > hours', () => {
    expect(load(['log.retention.hours=1']).config.log.retentionMs).toBe(3600000);
    expect(load(['log.retention.hours=1', 'log.retention.minutes=2']).config.log.retentionMs).toBe(120000);
    const all = load(['log.retention.hours=1', 'log.retention.minutes=2', 'log.retention.ms=5']).config.log;
    expect(all.retentionMs).toBe(5);
    expect(load(['log.retention.minutes=-1']).config.log.retentionMs).toBe(-1);
    expect(load(['log.roll.hours=2']).config.log.rollMs).toBe(7200000);
    expect(load(['log.roll.hours=2', 'log.roll.ms=10']).config.log.rollMs).toBe(10);
  });

  it('reads the log cleaner keys into the log defaults and rejects a dirty ratio outside [0, 1]', () => {
    const log = load([
      'log.cleanup.policy=delete,compact',
      'log.cleaner.min.cleanable.ratio=0.25',
      'log.cleaner.backoff.ms=100',
    ]).config.log;
    expect(log).toMatchObject({
      cleanupPolicy: 'compact,delete',
      cleanerMinCleanableRatio: 0.25,
      cleanerBackoffMs: 100,
      cleanerEnable: true,
      cleanerDeleteRetentionMs: 86400000,
      cleanerMinCompactionLagMs: 0,
    });
    expect(problemsOf(() => load(['log.cleaner.min.cleanable.ratio=1.5'])).join('\n')).toMatch(
      /log\.cleaner\.min\.cleanable\.ratio="1\.5".*between 0 and 1/,
    );
  });

  it('uses log.dirs over log.dir and splits comma lists', () => {
    expect(load(['log.dirs=/a, /b', 'log.dir=/c']).config.logDirs).toEqual(['/a', '/b']);
  });

  it('warns about unknown keys instead of failing', () => {
    const { warnings } = load(['socket.send.buffer.bytes=1'], { TRIBUTARY_SOME_THING: 'x' });
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/socket\.send\.buffer\.bytes/);
    expect(warnings.join('\n')).toMatch(/some\.thing.*TRIBUTARY_SOME_THING/);
  });

  it('maps environment names to keys', () => {
    expect(keyOfEnvName('TRIBUTARY_NODE_ID')).toBe('node.id');
    expect(keyOfEnvName('TRIBUTARY_LOG_RETENTION_CHECK_INTERVAL_MS')).toBe('log.retention.check.interval.ms');
    expect(keyOfEnvName('HOME')).toBeNull();
  });

  it('lists every bad value with key, value, source and what is allowed', () => {
    const problems = problemsOf(() =>
      load(['num.partitions=0', 'auto.create.topics.enable=yes', 'log.level=loud', 'message.max.bytes=abc']),
    );
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/^auto\.create\.topics\.enable="yes" \(--override\): must be true or false$/m);
    expect(problems.join('\n')).toMatch(/num\.partitions="0" \(--override\): must be an integer in \[1, 1000000\]/);
    expect(problems.join('\n')).toMatch(/log\.level="loud".*one of fatal, error/);
    expect(problems.join('\n')).toMatch(/message\.max\.bytes="abc".*integer/);
  });

  it('requires node.id and names the env source of a bad value', () => {
    expect(problemsOf(() => loadConfig({ overrides: ['log.dir=/x', ...base.slice(2)] }))).toEqual([
      'node.id=<unset> (default): is required (this node’s id; required)',
    ]);
    const problems = problemsOf(() => loadConfig({ env: { TRIBUTARY_NODE_ID: '-4', TRIBUTARY_LOG_DIR: '/x' } }));
    expect(problems[0]).toMatch(/node\.id="-4" \(env TRIBUTARY_NODE_ID\)/);
  });

  it.each([
    [['process.roles=controller'], /controller-only node serves no clients/],
    [['process.roles='], /process\.roles.*needs "broker", "controller" or both/],
    [['controller.quorum.voters='], /controller\.quorum\.voters.*is required/],
    [['listeners=PLAINTEXT://:9092'], /controller role needs a CONTROLLER:\/\/host:port listener/],
    [['listeners=PLAINTEXT://:9092,CONTROLLER://:0'], /fixed port/],
    [
      ['listeners=PLAINTEXT://:9092,CONTROLLER://:9094'],
      /port 9094 differs from this node's voter entry 1@localhost:9093/,
    ],
    [['process.roles=broker'], /broker-only node must not declare the controller listener/],
    [['process.roles=broker', 'listeners=PLAINTEXT://:9092'], /node\.id 1 is a voter/],
    [['node.id=0', 'controller.quorum.voters=0@h:9093'], /node\.id >= 1/],
    [['process.roles=broker,zookeeper'], /process\.roles.*zookeeper not allowed/],
    [['listeners=CONTROLLER://:9093'], /PLAINTEXT/],
    [['listeners=PLAINTEXT://:9092,CONTROLLER://:9092'], /different ports/],
    [['advertised.listeners=PLAINTEXT://0.0.0.0:9092'], /wildcard/],
    [['controller.quorum.voters=2@h:9093'], /node\.id 1 is not listed/],
    [['controller.quorum.voters=1@h'], /nodeId@host:port/],
    [['message.max.bytes=200', 'socket.request.max.bytes=100'], /smaller than socket\.request\.max\.bytes/],
    [['cluster.id=has spaces'], /base64url/],
    [['log.dirs=/a,/a'], /twice/],
    [['log.segment.bytes=13'], /log\.segment\.bytes.*\[14,/],
    [['log.retention.ms=-2'], /log\.retention\.ms/],
  ])('refuses %j', (overrides, message) => {
    expect(problemsOf(() => load(overrides)).join('\n')).toMatch(message);
  });

  it('accepts a broker-only node with a controller quorum elsewhere', () => {
    const { config } = load([
      'process.roles=broker',
      'listeners=PLAINTEXT://:9092',
      'controller.quorum.voters=2@h:9093,3@i:9093',
    ]);
    expect(config.processRoles).toEqual(['broker']);
    expect(config.controllerQuorumVoters).toHaveLength(2);
    expect(config.controllerListener).toBeNull();
  });

  it('accepts a controller-only node: no Kafka listener, its metadata log where metadata.log.dir says', () => {
    const { config } = load(['process.roles=controller', 'listeners=CONTROLLER://:9093', 'metadata.log.dir=/meta']);
    expect(config.brokerListener).toBeNull();
    expect(config.controllerListener).toEqual({ name: 'CONTROLLER', host: '', port: 9093 });
    expect(config.metadataLogDir).toBe('/meta');
  });

  it('refuses malformed overrides and unreadable files', () => {
    expect(problemsOf(() => loadConfig({ overrides: ['novalue'] }))[0]).toMatch(/expected key=value/);
    expect(problemsOf(() => loadConfig({ configFile: '/nonexistent/server.properties' }))[0]).toMatch(
      /cannot read config file/,
    );
  });
});

describe('replication, controller and controlled-shutdown keys', () => {
  it('fills Kafka defaults and hands them on in the BrokerConfig / QuorumController shapes', () => {
    const { config } = load([]);
    // The broker's own table of Kafka's replica.* defaults: the node's key defaults must agree with it.
    expect(config.replication).toEqual(defaultReplicationConfig);
    expect(config.controller).toEqual({
      brokerSessionTimeoutMs: 9000,
      brokerHeartbeatIntervalMs: 2000,
      brokerSessionDisconnectGraceMs: 500,
      brokerSessionTakeoverWindowMs: 1000,
      autoLeaderRebalanceEnable: true,
      leaderImbalanceCheckIntervalMs: 300_000,
      leaderImbalancePerBrokerPercentage: 10,
    });
    expect(config.controlledShutdownEnable).toBe(true);
    expect(Object.isFrozen(config.replication)).toBe(true);
  });

  it('takes values from env and overrides, override winning', () => {
    const { config } = load(['replica.fetch.max.bytes=2048', 'leader.imbalance.check.interval.seconds=5'], {
      TRIBUTARY_REPLICA_FETCH_MAX_BYTES: '4096',
      TRIBUTARY_REPLICA_LAG_TIME_MAX_MS: '10000',
      TRIBUTARY_CONTROLLED_SHUTDOWN_ENABLE: 'false',
      TRIBUTARY_AUTO_LEADER_REBALANCE_ENABLE: 'false',
      TRIBUTARY_BROKER_SESSION_TIMEOUT_MS: '4000',
    });
    expect(config.replication.replicaFetchMaxBytes).toBe(2048);
    expect(config.replication.replicaLagTimeMaxMs).toBe(10000);
    expect(config.controlledShutdownEnable).toBe(false);
    expect(config.controller).toMatchObject({
      autoLeaderRebalanceEnable: false,
      leaderImbalanceCheckIntervalMs: 5000,
      brokerSessionTimeoutMs: 4000,
    });
  });

  it('rejects values out of bounds with the allowed range', () => {
    const problems = problemsOf(() =>
      load([
        'replica.fetch.min.bytes=0',
        'replica.fetch.backoff.ms=-1',
        'leader.imbalance.per.broker.percentage=101',
        'replica.lag.time.max.ms=0',
      ]),
    ).join('\n');
    expect(problems).toMatch(/replica\.fetch\.min\.bytes="0" \(--override\): must be an integer in \[1, 2147483647\]/);
    expect(problems).toMatch(/replica\.fetch\.backoff\.ms="-1".*\[0, 2147483647\]/);
    expect(problems).toMatch(/leader\.imbalance\.per\.broker\.percentage="101".*\[0, 100\]/);
    expect(problems).toMatch(/replica\.lag\.time\.max\.ms="0"/);
  });

  it('requires replica.fetch.wait.max.ms below replica.lag.time.max.ms (Kafka’s rule)', () => {
    expect(problemsOf(() => load(['replica.lag.time.max.ms=500']))).toEqual([
      'replica.fetch.wait.max.ms="500" (default): must be smaller than replica.lag.time.max.ms (500)',
    ]);
    expect(problemsOf(() => load([], { TRIBUTARY_REPLICA_FETCH_WAIT_MAX_MS: '30000' })).join('\n')).toMatch(
      /replica\.fetch\.wait\.max\.ms="30000" \(env TRIBUTARY_REPLICA_FETCH_WAIT_MAX_MS\): must be smaller/,
    );
    expect(load(['replica.lag.time.max.ms=501']).config.replication.replicaFetchWaitMaxMs).toBe(500);
  });

  it('maps the group.* and offsets.* keys with Kafka defaults and refuses a min session timeout above the max', () => {
    const { config } = load(['offsets.topic.replication.factor=1', 'group.initial.rebalance.delay.ms=0']);
    expect(config.groups).toMatchObject({
      offsetsTopicNumPartitions: 50,
      offsetsTopicReplicationFactor: 1,
      groupInitialRebalanceDelayMs: 0,
      groupMinSessionTimeoutMs: 6000,
      groupMaxSessionTimeoutMs: 1800000,
      offsetsRetentionMs: 604800000,
    });
    expect(problemsOf(() => load(['group.min.session.timeout.ms=7000', 'group.max.session.timeout.ms=6000']))).toEqual([
      'group.min.session.timeout.ms="7000" (--override): must not exceed group.max.session.timeout.ms (6000)',
    ]);
    expect(problemsOf(() => load(['offsets.topic.num.partitions=0'])).join('\n')).toMatch(
      /offsets\.topic\.num\.partitions/,
    );
  });

  it('maps the broker-session stream keys into the controller and keeps the grace below the session timeout', () => {
    expect(load([]).config.controller).toMatchObject({
      brokerSessionDisconnectGraceMs: 500,
      brokerSessionTakeoverWindowMs: 1000,
    });
    const { config } = load(['broker.session.disconnect.grace.ms=250', 'broker.session.takeover.window.ms=3000']);
    expect(config.controller).toMatchObject({
      brokerSessionDisconnectGraceMs: 250,
      brokerSessionTakeoverWindowMs: 3000,
    });
    expect(problemsOf(() => load(['broker.session.disconnect.grace.ms=9000']))).toEqual([
      'broker.session.disconnect.grace.ms="9000" (--override): must be smaller than broker.session.timeout.ms (9000)',
    ]);
  });

  it('requires broker.heartbeat.interval.ms below broker.session.timeout.ms', () => {
    expect(problemsOf(() => load(['broker.session.timeout.ms=2000']))).toEqual([
      'broker.heartbeat.interval.ms="2000" (default): must be smaller than broker.session.timeout.ms (2000)',
    ]);
  });
});
