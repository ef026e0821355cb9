// Intent: any sequence of controller commands over any broker set keeps the image's invariants — leader ∈ isr ⊆
// replicas, replicas distinct, ISR never empty, leaders only on unfenced brokers, epochs never decrease, topics
// dense and indexed both ways — and every image survives a snapshot round-trip and every record the codec.
// A failure prints its seed and shrunk command list; rerun with that seed to replay it alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateProducerIds,
  alterPartition,
  brokerHeartbeat,
  type ControllerResult,
  controlledShutdown,
  createPartitions,
  createTopics,
  decodeRecord,
  deleteTopics,
  electPreferredLeaders,
  emptyImage,
  encodeRecord,
  fenceBroker,
  imageFromSnapshot,
  imageToRecords,
  incrementalAlterConfigs,
  type MetadataImage,
  registerBroker,
  replayAll,
  seededRandom,
  unregisterBroker,
} from '../src/index.js';
import { CLUSTER_ID } from './fixtures.js';

type Command =
  | { kind: 'register'; broker: number; rack: number }
  | { kind: 'heartbeat'; broker: number; want: 'none' | 'fence' | 'shutdown' }
  | { kind: 'fence'; broker: number }
  | { kind: 'controlledShutdown'; broker: number }
  | { kind: 'unregister'; broker: number }
  | { kind: 'createTopic'; topic: number; partitions: number; replicationFactor: number }
  | { kind: 'deleteTopic'; topic: number }
  | { kind: 'createPartitions'; topic: number; extra: number }
  | { kind: 'alterIsr'; topic: number; partition: number; mask: number }
  | { kind: 'electPreferred' }
  | { kind: 'allocateProducerIds'; broker: number }
  | { kind: 'unclean'; enabled: boolean };

const broker = fc.integer({ min: 0, max: 5 });
const topic = fc.integer({ min: 0, max: 4 });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('register' as const), broker, rack: fc.integer({ min: 0, max: 2 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('heartbeat' as const),
      broker,
      want: fc.constantFrom('none' as const, 'fence' as const, 'shutdown' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fence' as const), broker }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('controlledShutdown' as const), broker }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unregister' as const), broker }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('createTopic' as const),
      topic,
      partitions: fc.integer({ min: 1, max: 4 }),
      replicationFactor: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteTopic' as const), topic }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('createPartitions' as const),
      topic,
      extra: fc.integer({ min: -1, max: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('alterIsr' as const),
      topic,
      partition: fc.integer({ min: 0, max: 6 }),
      mask: fc.integer({ min: 0, max: 63 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('electPreferred' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('allocateProducerIds' as const), broker }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unclean' as const), enabled: fc.boolean() }) },
);

function decide(image: MetadataImage, step: Command, seed: number): ControllerResult<unknown> {
  const random = seededRandom(seed);
  const epochOf = (id: number) => image.brokers.get(id)?.epoch ?? 0n;
  switch (step.kind) {
    case 'register':
      return registerBroker(
        image,
        {
          brokerId: step.broker,
          clusterId: CLUSTER_ID,
          incarnationId: Buffer.alloc(16, seed & 0xff).toString('base64url'),
          endpoints: [{ name: 'PLAINTEXT', host: `b${step.broker}`, port: 9092, securityProtocol: 0 }],
          rack: `rack-${step.rack}`,
        },
        { sessionActive: false },
      );
    case 'heartbeat':
      return brokerHeartbeat(image, {
        brokerId: step.broker,
        brokerEpoch: epochOf(step.broker),
        currentMetadataOffset: image.offset,
        wantFence: step.want === 'fence',
        wantShutDown: step.want === 'shutdown',
      });
    case 'fence':
      return fenceBroker(image, step.broker);
    case 'controlledShutdown':
      return controlledShutdown(image, step.broker);
    case 'unregister':
      return unregisterBroker(image, step.broker);
    case 'createTopic':
      return createTopics(
        image,
        [
          {
            name: `topic.${step.topic}`,
            numPartitions: step.partitions,
            replicationFactor: step.replicationFactor,
            assignments: [],
            configs: {},
          },
        ],
        { validateOnly: false, defaults: { numPartitions: 1, defaultReplicationFactor: 1 }, random },
      );
    case 'deleteTopic':
      return deleteTopics(image, [`topic.${step.topic}`]);
    case 'createPartitions': {
      const current = image.topicsByName.get(`topic.${step.topic}`)?.partitions.size ?? 1;
      return createPartitions(
        image,
        [{ name: `topic.${step.topic}`, count: current + step.extra, assignments: null }],
        {
          validateOnly: false,
          random,
        },
      );
    }
    case 'alterIsr': {
      const target = image.topicsByName.get(`topic.${step.topic}`);
      const state = target?.partitions.get(step.partition);
      if (target === undefined || state === undefined || state.leader < 0) return { records: [], response: null };
      // The leader proposes a random subset of the replicas that keeps itself (sometimes an invalid one).
      const newIsr = state.replicas.filter((id, index) => id === state.leader || (step.mask >> index) & 1);
      return alterPartition(image, {
        brokerId: state.leader,
        brokerEpoch: epochOf(state.leader),
        topicId: target.topicId,
        partitionIndex: state.partition,
        leaderEpoch: state.leaderEpoch,
        partitionEpoch: state.partitionEpoch,
        newIsr,
        leaderRecoveryState: 0,
      });
    }
    case 'electPreferred':
      return electPreferredLeaders(image, null);
    case 'allocateProducerIds':
      return allocateProducerIds(image, { brokerId: step.broker, brokerEpoch: epochOf(step.broker) });
    case 'unclean':
      return incrementalAlterConfigs(
        image,
        [
          {
            resourceType: 4,
            resourceName: '',
            configs: [{ name: 'unclean.leader.election.enable', configOperation: 0, value: String(step.enabled) }],
          },
        ],
        { validateOnly: false },
      );
  }
}

/** A random broker set, registered and unfenced through the real decisions. */
function startingCluster(brokerCount: number, seed: number): MetadataImage {
  let image = emptyImage(CLUSTER_ID);
  for (let id = 0; id < brokerCount; id++) {
    for (const step of [
      { kind: 'register', broker: id, rack: (seed + id) % 3 },
      { kind: 'heartbeat', broker: id, want: 'none' },
    ] as Command[]) {
      image = replayAll(image, decide(image, step, seed + id).records, image.offset + 1n);
    }
  }
  return image;
}

function checkInvariants(previous: MetadataImage, image: MetadataImage): void {
  expect(image.topicsById.size).toBe(image.topicsByName.size);
  for (const topic of image.topicsByName.values()) {
    expect(image.topicsById.get(topic.topicId)).toBe(topic);
    expect([...topic.partitions.keys()].sort((a, b) => a - b)).toEqual([...Array(topic.partitions.size).keys()]);
    const before = previous.topicsById.get(topic.topicId);
    for (const state of topic.partitions.values()) {
      expect(new Set(state.replicas).size).toBe(state.replicas.length);
      expect(state.isr.length).toBeGreaterThan(0);
      for (const id of state.isr) expect(state.replicas).toContain(id);
      if (state.leader !== -1) {
        expect(state.isr).toContain(state.leader);
        const leader = image.brokers.get(state.leader);
        expect(leader?.fenced).toBe(false);
        expect(leader?.inControlledShutdown).toBe(false);
      }
      const old = before?.partitions.get(state.partition);
      if (old !== undefined) {
        expect(state.leaderEpoch).toBeGreaterThanOrEqual(old.leaderEpoch);
        expect(state.partitionEpoch).toBeGreaterThanOrEqual(old.partitionEpoch);
        if (state.leader !== old.leader) expect(state.leaderEpoch).toBeGreaterThan(old.leaderEpoch);
      }
    }
  }
  expect(image.producerIds.nextProducerId).toBeGreaterThanOrEqual(previous.producerIds.nextProducerId);
}

describe('controller invariants (property)', () => {
  it('hold after every command of random sequences', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(command, { minLength: 1, maxLength: 60 }),
        fc.integer(),
        (brokerCount, commands, seed) => {
          let image = startingCluster(brokerCount, seed);
          commands.forEach((step, index) => {
            const result = decide(image, step, seed + index);
            for (const record of result.records) expect(decodeRecord(encodeRecord(record))).toEqual(record);
            const next = replayAll(image, result.records, image.offset + 1n);
            checkInvariants(image, next);
            image = next;
          });
          expect(imageFromSnapshot(CLUSTER_ID, imageToRecords(image), image.offset)).toEqual(image);
        },
      ),
      { numRuns: Number(process.env.METADATA_PROPERTY_RUNS ?? 200) },
    );
  });
});
