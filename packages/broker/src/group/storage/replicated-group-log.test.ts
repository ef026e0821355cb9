// Intent: ReplicatedGroupLog on a real ReplicaManager, LogManager and MetadataController creates __consumer_offsets,
// commits appends only once the high watermark passes them, reports leaderships with the folded records of the
// partition, and answers NOT_COORDINATOR / NOT_ENOUGH_REPLICAS / REQUEST_TIMED_OUT as the coordinator expects.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileMetadataLog, MetadataController } from '@tributary/controller';
import { defaultLogConfig, LogManager } from '@tributary/log';
import { seededRandom } from '@tributary/metadata';
import { ErrorCode, type KafkaError } from '@tributary/protocol';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BrokerConfig, defaultBrokerConfig } from '../../broker-config.js';
import { ReplicaManager } from '../../replica-manager.js';
import type { GroupLogLeadership } from '../group-log.js';
import type { GroupRecord } from '../group-records.js';
import { OFFSETS_TOPIC, offsetsPartitionFor } from './offsets-partition.js';
import { ReplicatedGroupLog } from './replicated-group-log.js';

const CLUSTER_ID = 'group-log-test';
const logger = pino({ level: process.env.TRIBUTARY_TEST_LOG ?? 'silent' });

interface Fixture {
  controller: MetadataController;
  replicaManager: ReplicaManager;
  groupLog: ReplicatedGroupLog;
  config: BrokerConfig;
  register(nodeId: number): Promise<void>;
  fence(nodeId: number): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Node 1 hosts its replicas; other registered brokers exist only in the metadata (they never fetch). */
async function setup(brokerIds: number[], offsets: Partial<BrokerConfig>): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-group-log-'));
  const metadataLog = await FileMetadataLog.open(join(dir, 'controller'), logger);
  const controller = await MetadataController.load({
    log: metadataLog,
    clusterId: CLUSTER_ID,
    nodeId: 0,
    defaults: { numPartitions: 1, defaultReplicationFactor: 1 },
    logger,
    random: seededRandom(3),
  });
  const epochs = new Map<number, bigint>();
  const register = async (nodeId: number) => {
    const registration = await controller.registerBroker({
      brokerId: nodeId,
      clusterId: CLUSTER_ID,
      incarnationId: Buffer.alloc(16, nodeId).toString('base64url'),
      endpoints: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 1, securityProtocol: 0 }],
      rack: null,
    });
    epochs.set(nodeId, registration.brokerEpoch);
    await heartbeat(nodeId, false);
  };
  const heartbeat = (nodeId: number, wantFence: boolean) =>
    controller.brokerHeartbeat({
      brokerId: nodeId,
      brokerEpoch: epochs.get(nodeId)!,
      currentMetadataOffset: controller.image().offset,
      wantFence,
      wantShutDown: false,
    });
  for (const id of brokerIds) await register(id);
  const logManager = await LogManager.open({ logDirs: [join(dir, 'logs')], defaultConfig: defaultLogConfig });
  const replicaManager = new ReplicaManager(1, logManager, logger, Date.now);
  const unsubscribe = controller.onImage((image) => void replicaManager.applyImage(image).catch(() => undefined));
  await replicaManager.applyImage(controller.image());
  const config: BrokerConfig = { ...defaultBrokerConfig, nodeId: 1, clusterId: CLUSTER_ID, ...offsets };
  const groupLog = new ReplicatedGroupLog({ nodeId: 1, replicaManager, controller, config, logger, clock: Date.now });
  groupLog.start();
  cleanups.push(async () => {
    groupLog.close();
    unsubscribe();
    replicaManager.purgatory.close();
    await replicaManager.stopFetchers();
    await logManager.close();
    await controller.close();
    await metadataLog.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    controller,
    replicaManager,
    groupLog,
    config,
    register,
    fence: async (nodeId) => {
      await heartbeat(nodeId, true);
    },
  };
}

class Recorder implements GroupLogLeadership {
  readonly elections: { partition: number; leaderEpoch: number; records: readonly GroupRecord[] }[] = [];
  readonly resignations: number[] = [];
  elected(partition: number, leaderEpoch: number, records: readonly GroupRecord[]): void {
    this.elections.push({ partition, leaderEpoch, records });
  }
  resigned(partition: number): void {
    this.resignations.push(partition);
  }
  latest(partition: number) {
    return this.elections.filter((e) => e.partition === partition).at(-1);
  }
}

const offset = (groupId: string, partition: number, value: bigint): GroupRecord => ({
  kind: 'offset',
  groupId,
  topic: 'orders',
  partition,
  offset: value,
  leaderEpoch: 0,
  metadata: '',
  commitTimestampMs: 1000,
  expireTimestampMs: -1,
});

const errorCodeOf = async (promise: Promise<unknown>): Promise<number> => {
  try {
    await promise;
    return ErrorCode.NONE;
  } catch (err) {
    return (err as KafkaError).code;
  }
};

const SINGLE = { offsetsTopicNumPartitions: 4, offsetsTopicReplicationFactor: 1 };

describe('ReplicatedGroupLog', () => {
  it('creates __consumer_offsets once, compacted, with the configured partitions and replication factor', async () => {
    const f = await setup([1], { ...SINGLE, offsetsTopicSegmentBytes: 1048576 });
    expect(await Promise.all([f.groupLog.ensureTopic(), f.groupLog.ensureTopic()])).toEqual([true, true]);
    const topic = f.controller.image().topicsByName.get(OFFSETS_TOPIC)!;
    expect(topic.partitions.size).toBe(4);
    expect([...topic.partitions.values()].every((p) => p.replicas.length === 1)).toBe(true);
    expect(Object.fromEntries(topic.configs)).toMatchObject({
      'cleanup.policy': 'compact',
      'compression.type': 'producer',
      'segment.bytes': '1048576',
    });
    expect(f.groupLog.partitionCount).toBe(4);
    expect(f.groupLog.partitionFor('my-group')).toBe(offsetsPartitionFor('my-group', 4));
  });

  it('answers false while the replication factor cannot be met', async () => {
    const f = await setup([1], { offsetsTopicNumPartitions: 4, offsetsTopicReplicationFactor: 3 });
    expect(await f.groupLog.ensureTopic()).toBe(false);
    expect(f.controller.image().topicsByName.has(OFFSETS_TOPIC)).toBe(false);
  });

  it('elects, appends committed batches and replays the last value per key to a new subscriber', async () => {
    const f = await setup([1], SINGLE);
    const recorder = new Recorder();
    f.groupLog.subscribe(recorder);
    await f.groupLog.ensureTopic();
    // The call that created the topic returns once this broker's own partitions are loaded.
    expect(new Set(recorder.elections.map((e) => e.partition)).size).toBe(4);
    expect(recorder.elections.every((e) => e.records.length === 0)).toBe(true);

    const p = f.groupLog.partitionFor('g1');
    await f.groupLog.append(p, [offset('g1', 0, 5n), offset('g1', 1, 7n)]);
    await f.groupLog.append(p, [
      offset('g1', 0, 9n),
      { kind: 'offset-tombstone', groupId: 'g1', topic: 'orders', partition: 1 },
    ]);
    const partition = f.replicaManager.partition(OFFSETS_TOPIC, p)!;
    expect(partition.highWatermark).toBe(4n);

    const late = new Recorder();
    f.groupLog.subscribe(late);
    await vi.waitFor(() => expect(late.latest(p)).toBeDefined());
    expect(late.latest(p)!.records).toEqual([offset('g1', 0, 9n)]);
  });

  it('resigns when the broker is fenced and reloads the records when it leads again', async () => {
    const f = await setup([1], SINGLE);
    const recorder = new Recorder();
    f.groupLog.subscribe(recorder);
    await f.groupLog.ensureTopic();
    const p = f.groupLog.partitionFor('g2');
    await vi.waitFor(() => expect(recorder.latest(p)).toBeDefined());
    const firstEpoch = recorder.latest(p)!.leaderEpoch;
    await f.groupLog.append(p, [offset('g2', 0, 11n)]);

    await f.fence(1);
    await vi.waitFor(() => expect(recorder.resignations).toContain(p));
    expect(await errorCodeOf(f.groupLog.append(p, [offset('g2', 0, 12n)]))).toBe(ErrorCode.NOT_COORDINATOR);

    await f.register(1);
    await vi.waitFor(() => expect(recorder.latest(p)!.leaderEpoch).toBeGreaterThan(firstEpoch));
    expect(recorder.latest(p)!.records).toEqual([offset('g2', 0, 11n)]);
  });

  it('refuses with NOT_ENOUGH_REPLICAS below min.insync.replicas', async () => {
    const f = await setup([1], { ...SINGLE, minInsyncReplicas: 2 });
    const recorder = new Recorder();
    f.groupLog.subscribe(recorder);
    await f.groupLog.ensureTopic();
    const p = f.groupLog.partitionFor('g3');
    await vi.waitFor(() => expect(recorder.latest(p)).toBeDefined());
    expect(await errorCodeOf(f.groupLog.append(p, [offset('g3', 0, 1n)]))).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
  });

  it('times out with REQUEST_TIMED_OUT when followers do not catch up, and close() fails pending appends', async () => {
    const f = await setup([1, 2], {
      offsetsTopicNumPartitions: 4,
      offsetsTopicReplicationFactor: 2,
      offsetCommitTimeoutMs: 150,
    });
    const recorder = new Recorder();
    f.groupLog.subscribe(recorder);
    await f.groupLog.ensureTopic();
    await vi.waitFor(() => expect(recorder.elections.length).toBeGreaterThan(0));
    const p = recorder.elections[0].partition;
    expect(await errorCodeOf(f.groupLog.append(p, [offset('g4', 0, 1n)]))).toBe(ErrorCode.REQUEST_TIMED_OUT);

    const pending = errorCodeOf(f.groupLog.append(p, [offset('g4', 0, 2n)]));
    f.groupLog.close();
    expect(await pending).toBe(ErrorCode.NOT_COORDINATOR);
  });
});
