// Intent: broker registration, heartbeats, session expiry, fencing and controlled shutdown move leadership only to
// eligible ISR members, bump epochs as Kafka does, and keep unclean election off unless a config enables it.
import { describe, expect, it } from 'vitest';
import {
  BrokerSessions,
  brokerHeartbeat,
  controlledShutdown,
  MetadataErrorCode as E,
  emptyImage,
  fenceBroker,
  fenceExpiredBrokers,
  incrementalAlterConfigs,
  type MetadataImage,
  registerBroker,
  unfenceBroker,
  unregisterBroker,
} from '../src/index.js';
import { apply, CLUSTER_ID, clusterOf, create, spec } from './fixtures.js';

const endpoint = { name: 'PLAINTEXT', host: 'h', port: 9092, securityProtocol: 0 };
const registration = (brokerId: number, incarnationId = 'AAAAAAAAAAAAAAAAAAAABA') => ({
  brokerId,
  clusterId: CLUSTER_ID,
  incarnationId,
  endpoints: [endpoint],
  rack: null,
});
const heartbeat = (image: MetadataImage, brokerId: number, extra = {}) => ({
  brokerId,
  brokerEpoch: image.brokers.get(brokerId)?.epoch ?? 0n,
  currentMetadataOffset: image.offset,
  wantFence: false,
  wantShutDown: false,
  ...extra,
});

/** Three brokers and topic t with 3 partitions replicated on all of them (manual, so leaders are known: 0, 1, 2). */
function threeBrokerTopic(): MetadataImage {
  const { image } = create(clusterOf(3), [
    spec('t', {
      assignments: [
        { partitionIndex: 0, brokerIds: [0, 1, 2] },
        { partitionIndex: 1, brokerIds: [1, 2, 0] },
        { partitionIndex: 2, brokerIds: [2, 0, 1] },
      ],
    }),
  ]);
  return image;
}
const partition = (image: MetadataImage, index: number) => image.topicsByName.get('t')!.partitions.get(index)!;

describe('registerBroker', () => {
  it('registers a broker fenced, with the epoch equal to its record offset', () => {
    const image = emptyImage(CLUSTER_ID);
    const result = registerBroker(image, registration(5), { sessionActive: false });
    expect(result.response).toEqual({ errorCode: 0, errorMessage: null, brokerEpoch: 0n });
    const after = apply(image, result);
    expect(after.brokers.get(5)).toMatchObject({ brokerId: 5, epoch: 0n, fenced: true, host: 'h', port: 9092 });
  });

  it('refuses another cluster id and a second live incarnation', () => {
    const image = clusterOf(1);
    expect(
      registerBroker(image, { ...registration(0), clusterId: 'x' }, { sessionActive: false }).response.errorCode,
    ).toBe(E.INCONSISTENT_CLUSTER_ID);
    const clash = registerBroker(image, registration(0, 'AAAAAAAAAAAAAAAAAAAACA'), { sessionActive: true });
    expect(clash.response.errorCode).toBe(E.DUPLICATE_BROKER_REGISTRATION);
    expect(clash.records).toEqual([]);
  });

  it('re-registration fences the old incarnation first and takes a larger epoch', () => {
    const image = threeBrokerTopic();
    const oldEpoch = image.brokers.get(0)!.epoch;
    const result = registerBroker(image, registration(0, 'AAAAAAAAAAAAAAAAAAAACA'), { sessionActive: false });
    const after = apply(image, result);
    expect(result.records[0].type).toBe('FenceBroker');
    expect(result.records.at(-1)!.type).toBe('RegisterBroker');
    expect(after.brokers.get(0)!.epoch).toBe(result.response.brokerEpoch);
    expect(result.response.brokerEpoch).toBe(image.offset + BigInt(result.records.length));
    expect(result.response.brokerEpoch).toBeGreaterThan(oldEpoch);
    expect(partition(after, 0).leader).toBe(1);
  });
});

describe('fencing', () => {
  it('elects a new leader from the ISR with leaderEpoch+1 and partitionEpoch+1, and drops the broker from ISRs', () => {
    const image = threeBrokerTopic();
    const after = apply(image, fenceBroker(image, 0));
    expect(partition(after, 0)).toMatchObject({ leader: 1, isr: [1, 2], leaderEpoch: 1, partitionEpoch: 1 });
    // Broker 0 was only a follower of partition 1: the ISR shrinks, the leader and its epoch stay.
    expect(partition(after, 1)).toMatchObject({ leader: 1, isr: [1, 2], leaderEpoch: 0, partitionEpoch: 1 });
    expect(after.brokers.get(0)!.fenced).toBe(true);
  });

  it('keeps the last ISR member and leaves the partition leaderless rather than electing uncleanly', () => {
    let image = threeBrokerTopic();
    image = apply(image, fenceBroker(image, 1));
    image = apply(image, fenceBroker(image, 2));
    expect(partition(image, 0)).toMatchObject({ leader: 0, isr: [0] });
    image = apply(image, fenceBroker(image, 0));
    expect(partition(image, 0)).toMatchObject({ leader: -1, isr: [0] });
    // An out-of-sync replica coming back does not lead: unclean election is off by default.
    image = apply(image, unfenceBroker(image, 1));
    expect(partition(image, 0).leader).toBe(-1);
    // The last ISR member coming back leads again, with a higher epoch.
    const epoch = partition(image, 0).leaderEpoch;
    image = apply(image, unfenceBroker(image, 0));
    expect(partition(image, 0)).toMatchObject({ leader: 0, isr: [0], leaderEpoch: epoch + 1 });
  });

  it('elects an out-of-sync replica when unclean.leader.election.enable is set, marking it recovering', () => {
    let image = threeBrokerTopic();
    image = apply(image, fenceBroker(image, 1));
    image = apply(image, fenceBroker(image, 2));
    image = apply(image, fenceBroker(image, 0));
    image = apply(
      image,
      incrementalAlterConfigs(
        image,
        [
          {
            resourceType: 2,
            resourceName: 't',
            configs: [{ name: 'unclean.leader.election.enable', configOperation: 0, value: 'true' }],
          },
        ],
        { validateOnly: false },
      ),
    );
    image = apply(image, unfenceBroker(image, 2));
    expect(partition(image, 0)).toMatchObject({ leader: 2, isr: [2], leaderRecoveryState: 1 });
  });

  it('fences brokers whose session expired, and only those', () => {
    const image = threeBrokerTopic();
    const sessions = new BrokerSessions(1000);
    sessions.touch(0, 0);
    sessions.touch(1, 700);
    sessions.touch(2, 900);
    const result = fenceExpiredBrokers(image, sessions, 1600);
    expect(result.response).toEqual([0]);
    const after = apply(image, result);
    expect([...after.brokers.values()].map((b) => b.fenced)).toEqual([true, false, false]);
  });

  it('gives brokers it has never heard from a full session instead of fencing them at once', () => {
    const image = threeBrokerTopic();
    const sessions = new BrokerSessions(1000);
    expect(fenceExpiredBrokers(image, sessions, 50_000).response).toEqual([]);
    sessions.touch(1, 50_500);
    expect(fenceExpiredBrokers(image, sessions, 51_200).response).toEqual([0, 2]);
  });

  it('unregisters a broker after fencing it', () => {
    const image = threeBrokerTopic();
    const result = unregisterBroker(image, 2);
    const after = apply(image, result);
    expect(after.brokers.has(2)).toBe(false);
    expect(partition(after, 2).leader).not.toBe(2);
    expect(unregisterBroker(after, 2).response.errorCode).toBe(E.BROKER_ID_NOT_REGISTERED);
  });
});

describe('brokerHeartbeat', () => {
  it('rejects unknown brokers and stale epochs', () => {
    const image = clusterOf(1);
    expect(brokerHeartbeat(image, heartbeat(image, 9)).response.errorCode).toBe(E.BROKER_ID_NOT_REGISTERED);
    expect(brokerHeartbeat(image, { ...heartbeat(image, 0), brokerEpoch: 12345n }).response.errorCode).toBe(
      E.STALE_BROKER_EPOCH,
    );
  });

  it('unfences a registered broker only once it has caught up to its registration', () => {
    const image = apply(
      emptyImage(CLUSTER_ID),
      registerBroker(emptyImage(CLUSTER_ID), registration(3), { sessionActive: false }),
    );
    const behind = brokerHeartbeat(image, { ...heartbeat(image, 3), currentMetadataOffset: -1n });
    expect(behind.response).toMatchObject({ errorCode: 0, isCaughtUp: false, isFenced: true });
    expect(behind.records).toEqual([]);
    const caughtUp = brokerHeartbeat(image, heartbeat(image, 3));
    expect(caughtUp.response).toMatchObject({ isCaughtUp: true, isFenced: false });
    expect(apply(image, caughtUp).brokers.get(3)!.fenced).toBe(false);
  });

  it('fences a broker that asks for it', () => {
    const image = threeBrokerTopic();
    const result = brokerHeartbeat(image, heartbeat(image, 1, { wantFence: true }));
    expect(result.response.isFenced).toBe(true);
    expect(partition(apply(image, result), 1).leader).toBe(2);
  });

  it('controlled shutdown moves leaderships away, then lets the broker go', () => {
    const image = threeBrokerTopic();
    const result = brokerHeartbeat(image, heartbeat(image, 2, { wantShutDown: true }));
    const after = apply(image, result);
    expect(result.response).toMatchObject({ shouldShutDown: true, isFenced: true });
    expect(after.brokers.get(2)).toMatchObject({ inControlledShutdown: true, fenced: true });
    expect(partition(after, 2)).toMatchObject({ leader: 0, isr: [0, 1], leaderEpoch: 1 });
    for (const index of [0, 1, 2]) expect(partition(after, index).isr).not.toContain(2);
  });

  it('controlledShutdown marks the broker and keeps it from leading or joining new ISRs', () => {
    const image = threeBrokerTopic();
    const after = apply(image, controlledShutdown(image, 0));
    expect(after.brokers.get(0)!.inControlledShutdown).toBe(true);
    expect(partition(after, 0).leader).toBe(1);
    const { result } = create(after, [spec('new', { replicationFactor: 3 })], 11);
    expect(result.response[0].errorCode).toBe(E.INVALID_REPLICATION_FACTOR);
  });
});
