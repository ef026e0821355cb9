// Intent: preferred-leader election, producer-id blocks and incremental config changes produce exactly the records
// Kafka would, with Kafka's per-item error codes.
import { describe, expect, it } from 'vitest';
import {
  AlterConfigOp,
  allocateProducerIds,
  ConfigResourceType,
  MetadataErrorCode as E,
  electPreferredLeaders,
  fenceBroker,
  incrementalAlterConfigs,
  type MetadataImage,
  PRODUCER_ID_BLOCK_SIZE,
  unfenceBroker,
} from '../src/index.js';
import { apply, clusterOf, create, spec } from './fixtures.js';

function twoReplicaTopic(): MetadataImage {
  return create(clusterOf(2), [
    spec('t', {
      assignments: [
        { partitionIndex: 0, brokerIds: [0, 1] },
        { partitionIndex: 1, brokerIds: [1, 0] },
      ],
    }),
  ]).image;
}

describe('electPreferredLeaders', () => {
  it('moves leadership back to the preferred replica once it is back in the ISR', () => {
    let image = twoReplicaTopic();
    image = apply(image, fenceBroker(image, 0));
    image = apply(image, unfenceBroker(image, 0));
    // Broker 0 is unfenced but out of the ISR: it cannot lead yet.
    expect(electPreferredLeaders(image, [{ topic: 't', partition: 0 }]).response[0].errorCode).toBe(
      E.PREFERRED_LEADER_NOT_AVAILABLE,
    );
    const topic = image.topicsByName.get('t')!;
    const state = topic.partitions.get(0)!;
    image = apply(image, {
      records: [
        {
          type: 'PartitionChange',
          partitionId: 0,
          topicId: topic.topicId,
          isr: [1, 0],
          leader: -2,
          replicas: null,
          leaderRecoveryState: -1,
        },
      ],
      response: undefined,
    });
    const result = electPreferredLeaders(image, null);
    expect(result.response).toEqual([{ topic: 't', partition: 0, errorCode: 0, errorMessage: null }]);
    const after = apply(image, result).topicsByName.get('t')!.partitions.get(0)!;
    expect(after).toMatchObject({ leader: 0, leaderEpoch: state.leaderEpoch + 1 });
  });

  it('answers ELECTION_NOT_NEEDED and UNKNOWN_TOPIC_OR_PARTITION', () => {
    const image = twoReplicaTopic();
    const result = electPreferredLeaders(image, [
      { topic: 't', partition: 1 },
      { topic: 't', partition: 9 },
    ]);
    expect(result.response.map((r) => r.errorCode)).toEqual([E.ELECTION_NOT_NEEDED, E.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(result.records).toEqual([]);
  });
});

describe('allocateProducerIds', () => {
  it('hands out consecutive, non-overlapping blocks recorded in the image', () => {
    let image = clusterOf(2);
    const starts: bigint[] = [];
    for (const brokerId of [0, 1, 0]) {
      const result = allocateProducerIds(image, { brokerId, brokerEpoch: image.brokers.get(brokerId)!.epoch });
      expect(result.response).toMatchObject({ errorCode: 0, producerIdLen: PRODUCER_ID_BLOCK_SIZE });
      starts.push(result.response.producerIdStart);
      image = apply(image, result);
    }
    expect(starts).toEqual([0n, 1000n, 2000n]);
    expect(image.producerIds.nextProducerId).toBe(3000n);
  });

  it('refuses a stale broker epoch', () => {
    const image = clusterOf(1);
    expect(allocateProducerIds(image, { brokerId: 0, brokerEpoch: -5n }).response.errorCode).toBe(E.STALE_BROKER_EPOCH);
  });
});

describe('incrementalAlterConfigs', () => {
  const topicResource = (configs: { name: string; configOperation: number; value: string | null }[]) => ({
    resourceType: ConfigResourceType.TOPIC,
    resourceName: 't',
    configs,
  });

  it('sets, appends, subtracts and deletes topic configs', () => {
    let image = twoReplicaTopic();
    const step = (configs: Parameters<typeof topicResource>[0]) => {
      const result = incrementalAlterConfigs(image, [topicResource(configs)], { validateOnly: false });
      expect(result.response[0].errorCode).toBe(0);
      image = apply(image, result);
      return image.topicsByName.get('t')!.configs;
    };
    expect(
      step([{ name: 'retention.ms', configOperation: AlterConfigOp.SET, value: '5000' }]).get('retention.ms'),
    ).toBe('5000');
    expect(
      step([{ name: 'cleanup.policy', configOperation: AlterConfigOp.APPEND, value: 'compact' }]).get('cleanup.policy'),
    ).toBe('delete,compact');
    expect(
      step([{ name: 'cleanup.policy', configOperation: AlterConfigOp.SUBTRACT, value: 'delete' }]).get(
        'cleanup.policy',
      ),
    ).toBe('compact');
    expect(
      step([{ name: 'retention.ms', configOperation: AlterConfigOp.DELETE, value: null }]).has('retention.ms'),
    ).toBe(false);
  });

  it('rejects unknown topics, unknown keys, bad values and list ops on scalar keys', () => {
    const image = twoReplicaTopic();
    const result = incrementalAlterConfigs(
      image,
      [
        { ...topicResource([{ name: 'retention.ms', configOperation: 0, value: '1' }]), resourceName: 'missing' },
        topicResource([{ name: 'bogus', configOperation: 0, value: '1' }]),
        topicResource([{ name: 'min.insync.replicas', configOperation: 0, value: '0' }]),
        topicResource([{ name: 'retention.ms', configOperation: AlterConfigOp.APPEND, value: '1' }]),
        topicResource([
          { name: 'retention.ms', configOperation: 0, value: '1' },
          { name: 'retention.ms', configOperation: 0, value: '2' },
        ]),
      ],
      { validateOnly: false },
    );
    expect(result.response.map((r) => r.errorCode)).toEqual([
      E.UNKNOWN_TOPIC_OR_PARTITION,
      E.INVALID_CONFIG,
      E.INVALID_CONFIG,
      E.INVALID_CONFIG,
      E.INVALID_REQUEST,
    ]);
    expect(result.records).toEqual([]);
  });

  it('stores cluster-wide defaults under the empty broker resource', () => {
    const image = twoReplicaTopic();
    const result = incrementalAlterConfigs(
      image,
      [
        {
          resourceType: ConfigResourceType.BROKER,
          resourceName: '',
          configs: [{ name: 'unclean.leader.election.enable', configOperation: 0, value: 'true' }],
        },
      ],
      { validateOnly: false },
    );
    expect(apply(image, result).brokerConfigs.get('')!.get('unclean.leader.election.enable')).toBe('true');
    expect(
      incrementalAlterConfigs(image, [{ resourceType: 4, resourceName: '', configs: [] }], { validateOnly: true })
        .records,
    ).toEqual([]);
  });
});
