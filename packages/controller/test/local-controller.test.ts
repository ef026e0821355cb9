// Intent: LocalController is durable and serial — acknowledged changes survive reopen (through snapshots too), the
// local broker is registered and unfenced, listeners see each change, and the pending-command bound is enforced.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetadataErrorCode, type MetadataImage, seededRandom } from '@tributary/metadata';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InconsistentClusterIdError, LocalController, type LocalControllerOptions } from '../src/index.js';

const logger = pino({ level: 'silent' });
let dataDir: string;
const opened: LocalController[] = [];

function options(overrides: Partial<LocalControllerOptions> = {}): LocalControllerOptions {
  return {
    dataDir,
    clusterId: 'local-cluster-000000000',
    nodeId: 1,
    brokerEndpoint: { host: 'localhost', port: 9092, rack: null },
    defaults: { numPartitions: 3, defaultReplicationFactor: 1 },
    logger,
    random: seededRandom(Math.floor(Math.random() * 1e9)),
    ...overrides,
  };
}

async function open(overrides: Partial<LocalControllerOptions> = {}): Promise<LocalController> {
  const controller = await LocalController.open(options(overrides));
  opened.push(controller);
  return controller;
}

const topic = (name: string, numPartitions = -1) => ({
  name,
  numPartitions,
  replicationFactor: -1,
  assignments: [],
  configs: {},
});

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'local-controller-'));
});
afterEach(async () => {
  for (const controller of opened.splice(0)) await controller.close();
  await rm(dataDir, { recursive: true, force: true });
});

function summary(image: MetadataImage) {
  return [...image.topicsByName.values()].map((t) => ({
    name: t.name,
    topicId: t.topicId,
    partitions: t.partitions.size,
  }));
}

describe('LocalController', () => {
  it('registers and unfences the local broker with its endpoint', async () => {
    const controller = await open({ brokerEndpoint: { host: 'node-1', port: 19092, rack: 'r1' } });
    const broker = controller.image().brokers.get(1)!;
    expect(broker).toMatchObject({ host: 'node-1', port: 19092, rack: 'r1', fenced: false });
    expect(controller.activeControllerId()).toBe(1);
  });

  it('creates topics with defaults and keeps them, ids included, across reopen', async () => {
    const first = await open();
    const [result] = await first.createTopics([topic('orders')], { validateOnly: false });
    expect(result).toMatchObject({ name: 'orders', errorCode: 0, numPartitions: 3, replicationFactor: 1 });
    const before = summary(first.image());
    const partitionBefore = first.image().topicsByName.get('orders')!.partitions.get(0)!;
    await first.close();
    opened.pop();
    const second = await open();
    expect(summary(second.image())).toEqual(before);
    const partitionAfter = second.image().topicsByName.get('orders')!.partitions.get(0)!;
    // The broker re-registered with a new epoch: leadership went away and came back, so the leader epoch moved on.
    expect(partitionAfter.leader).toBe(1);
    expect(partitionAfter.leaderEpoch).toBeGreaterThan(partitionBefore.leaderEpoch);
  });

  it('validateOnly answers like a real create but writes nothing', async () => {
    const controller = await open();
    const offset = controller.image().offset;
    const [result] = await controller.createTopics([topic('dry', 2)], { validateOnly: true });
    expect(result).toMatchObject({ errorCode: 0, numPartitions: 2 });
    expect(controller.image().offset).toBe(offset);
    expect(controller.image().topicsByName.has('dry')).toBe(false);
  });

  it('serializes concurrent commands: only one of two racing creates of a name wins', async () => {
    const controller = await open();
    const [a, b] = await Promise.all([
      controller.createTopics([topic('race')], { validateOnly: false }),
      controller.createTopics([topic('race')], { validateOnly: false }),
    ]);
    expect([a[0].errorCode, b[0].errorCode].sort()).toEqual([0, MetadataErrorCode.TOPIC_ALREADY_EXISTS]);
  });

  it('notifies listeners after each applied change, and not after a no-op', async () => {
    const controller = await open();
    const seen: bigint[] = [];
    const unsubscribe = controller.onImage((image) => seen.push(image.offset));
    await controller.createTopics([topic('t1')], { validateOnly: false });
    await controller.deleteTopics(['missing']);
    await controller.createPartitions([{ name: 't1', count: 5, assignments: null }], { validateOnly: false });
    unsubscribe();
    await controller.deleteTopics(['t1']);
    expect(seen).toHaveLength(2);
    expect(controller.image().topicsByName.size).toBe(0);
  });

  it('refuses commands past the pending bound with a retriable error code', async () => {
    const controller = await open({ maxPendingCommands: 1 });
    const results = await Promise.all([
      controller.createTopics([topic('first')], { validateOnly: false }),
      controller.createTopics([topic('second')], { validateOnly: false }),
    ]);
    expect(results[0][0].errorCode).toBe(0);
    expect(results[1][0].errorCode).toBe(MetadataErrorCode.REQUEST_TIMED_OUT);
    expect(controller.queuedCommands()).toBe(0);
  });

  it('refuses a data dir that belongs to another cluster', async () => {
    const controller = await open();
    await controller.close();
    opened.pop();
    await expect(LocalController.open(options({ clusterId: 'other-cluster-00000000' }))).rejects.toBeInstanceOf(
      InconsistentClusterIdError,
    );
  });

  it('rebuilds the same image from snapshot + tail after many changes', async () => {
    const first = await open({ snapshotIntervalRecords: 10 });
    for (let i = 0; i < 12; i++) await first.createTopics([topic(`snap-${i}`, 2)], { validateOnly: false });
    await first.deleteTopics(['snap-3']);
    await first.incrementalAlterConfigs(
      [
        {
          resourceType: 2,
          resourceName: 'snap-4',
          configs: [{ name: 'retention.ms', configOperation: 0, value: '1000' }],
        },
      ],
      { validateOnly: false },
    );
    const before = first.image();
    await first.close();
    opened.pop();
    const second = await open({ snapshotIntervalRecords: 10 });
    expect(summary(second.image())).toEqual(summary(before));
    expect(second.image().topicsByName.get('snap-4')!.configs.get('retention.ms')).toBe('1000');
  });

  it('hands out producer-id blocks that never repeat across restarts', async () => {
    const first = await open();
    const a = await first.allocateProducerIds();
    const b = await first.allocateProducerIds();
    await first.close();
    opened.pop();
    const second = await open();
    const c = await second.allocateProducerIds();
    expect([a.producerIdStart, b.producerIdStart, c.producerIdStart]).toEqual([0n, 1000n, 2000n]);
  });

  it('re-registers the local broker when its endpoint changes', async () => {
    const controller = await open({ brokerEndpoint: { host: 'localhost', port: 0, rack: null } });
    const epoch = controller.localBroker()!.epoch;
    await controller.updateLocalEndpoint({ host: 'localhost', port: 45678, rack: null });
    expect(controller.localBroker()).toMatchObject({ port: 45678, fenced: false });
    expect(controller.localBroker()!.epoch).toBeGreaterThan(epoch);
    const [result] = await controller.createTopics([topic('after-move')], { validateOnly: false });
    expect(result.errorCode).toBe(0);
  });
});
