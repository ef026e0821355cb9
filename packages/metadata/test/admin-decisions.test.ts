// Intent: ElectLeaders UNCLEAN/PREFERRED, legacy whole-set AlterConfigs and broker-resource config rules decide as
// Kafka's controller does, with Kafka's per-item error codes and no records for refused items.
import { describe, expect, it } from 'vitest';
import {
  ConfigResourceType,
  MetadataErrorCode as E,
  ElectionType,
  electLeaders,
  fenceBroker,
  incrementalAlterConfigs,
  legacyAlterConfigs,
  type MetadataImage,
  unfenceBroker,
} from '../src/index.js';
import { apply, clusterOf, create, spec } from './fixtures.js';

function leaderlessTopic(): MetadataImage {
  let image = create(clusterOf(2), [spec('t', { assignments: [{ partitionIndex: 0, brokerIds: [0, 1] }] })]).image;
  image = apply(image, fenceBroker(image, 1));
  image = apply(image, fenceBroker(image, 0));
  return image;
}

describe('electLeaders', () => {
  it('UNCLEAN elects a live out-of-ISR replica only when one exists, and says when none is needed', () => {
    let image = leaderlessTopic();
    expect(image.topicsByName.get('t')!.partitions.get(0)!.leader).toBe(-1);
    const t0 = [{ topic: 't', partition: 0 }];
    expect(electLeaders(image, ElectionType.UNCLEAN, t0).response[0].errorCode).toBe(E.ELIGIBLE_LEADERS_NOT_AVAILABLE);
    image = apply(image, unfenceBroker(image, 1));
    expect(electLeaders(image, ElectionType.PREFERRED, t0).response[0].errorCode).toBe(
      E.PREFERRED_LEADER_NOT_AVAILABLE,
    );
    const result = electLeaders(image, ElectionType.UNCLEAN, null);
    expect(result.response).toEqual([{ topic: 't', partition: 0, errorCode: 0, errorMessage: null }]);
    image = apply(image, result);
    expect(image.topicsByName.get('t')!.partitions.get(0)).toMatchObject({ leader: 1, isr: [1] });
    expect(electLeaders(image, ElectionType.UNCLEAN, t0).response[0].errorCode).toBe(E.ELECTION_NOT_NEEDED);
    // "All partitions" leaves out those that need no election.
    expect(electLeaders(image, ElectionType.UNCLEAN, null).response).toEqual([]);
    expect(electLeaders(image, 7, t0).response[0].errorCode).toBe(E.INVALID_REQUEST);
  });
});

describe('legacyAlterConfigs', () => {
  it('replaces the whole set: keys not given are deleted', () => {
    let image = create(clusterOf(1), [spec('t', { configs: { 'retention.ms': '1000', 'segment.ms': '5000' } })]).image;
    const result = legacyAlterConfigs(
      image,
      [
        {
          resourceType: ConfigResourceType.TOPIC,
          resourceName: 't',
          configs: [{ name: 'max.message.bytes', value: '2000' }],
        },
      ],
      { validateOnly: false },
    );
    expect(result.response[0].errorCode).toBe(E.NONE);
    image = apply(image, result);
    expect([...image.topicsByName.get('t')!.configs]).toEqual([['max.message.bytes', '2000']]);
  });

  it('refuses bad values, null values and unknown topics without records', () => {
    const image = create(clusterOf(1), [spec('t')]).image;
    const topic = (configs: { name: string; value: string | null }[], resourceName = 't') => ({
      resourceType: ConfigResourceType.TOPIC,
      resourceName,
      configs,
    });
    const result = legacyAlterConfigs(
      image,
      [
        topic([{ name: 'retention.ms', value: 'x' }]),
        topic([{ name: 'retention.ms', value: null }]),
        topic([{ name: 'retention.ms', value: '1' }], 'missing'),
      ],
      { validateOnly: false },
    );
    expect(result.response.map((r) => r.errorCode)).toEqual([
      E.INVALID_CONFIG,
      E.INVALID_REQUEST,
      E.UNKNOWN_TOPIC_OR_PARTITION,
    ]);
    expect(result.records).toEqual([]);
  });

  it('refuses a missing value for any operation but DELETE, naming every such key (INVALID_REQUEST)', () => {
    const image = create(clusterOf(1), [spec('t')]).image;
    const result = incrementalAlterConfigs(
      image,
      [
        {
          resourceType: ConfigResourceType.TOPIC,
          resourceName: 't',
          configs: [
            { name: 'retention.ms', configOperation: 0, value: null },
            { name: 'cleanup.policy', configOperation: 2, value: null },
            { name: 'segment.ms', configOperation: 1, value: null },
          ],
        },
      ],
      { validateOnly: false },
    );
    expect(result.response[0]).toMatchObject({
      errorCode: E.INVALID_REQUEST,
      errorMessage: 'Null value not supported for : retention.ms, cleanup.policy',
    });
    expect(result.records).toEqual([]);
  });
});

describe('broker resource configs', () => {
  it('answers read-only keys INVALID_REQUEST and unsupported keys INVALID_CONFIG, as Kafka names them', () => {
    const image = create(clusterOf(1), []).image;
    const broker = (resourceName: string, name: string) => ({
      resourceType: ConfigResourceType.BROKER,
      resourceName,
      configs: [{ name, configOperation: 0, value: '1' }],
    });
    const result = incrementalAlterConfigs(
      image,
      [broker('0', 'log.dirs'), broker('', 'log.cleaner.threads'), broker('0', 'unclean.leader.election.enable')],
      { validateOnly: false },
    );
    expect(result.response.map((r) => [r.errorCode, r.errorMessage])).toEqual([
      [E.INVALID_REQUEST, 'Cannot update these configs dynamically: Set(log.dirs)'],
      [E.INVALID_CONFIG, expect.stringContaining('log.cleaner.threads is not supported')],
      [E.INVALID_CONFIG, expect.stringContaining('cluster-wide default')],
    ]);
    expect(result.records).toEqual([]);
  });
});
