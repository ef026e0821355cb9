// Intent: AlterPartition accepts an ISR change only from the current leader at the current epochs, with an ISR
// that contains the leader and only eligible replicas, and answers with the state after the change.
import { describe, expect, it } from 'vitest';
import {
  type AlterPartitionRequest,
  alterPartition,
  MetadataErrorCode as E,
  fenceBroker,
  type MetadataImage,
} from '../src/index.js';
import { apply, clusterOf, create, spec } from './fixtures.js';

function setup(): { image: MetadataImage; request: AlterPartitionRequest } {
  const { image, result } = create(clusterOf(3), [
    spec('t', { assignments: [{ partitionIndex: 0, brokerIds: [0, 1, 2] }] }),
  ]);
  return {
    image,
    request: {
      brokerId: 0,
      brokerEpoch: image.brokers.get(0)!.epoch,
      topicId: result.response[0].topicId,
      partitionIndex: 0,
      leaderEpoch: 0,
      partitionEpoch: 0,
      newIsr: [0, 1],
      leaderRecoveryState: 0,
    },
  };
}

describe('alterPartition', () => {
  it('shrinks the ISR, bumping only the partition epoch', () => {
    const { image, request } = setup();
    const result = alterPartition(image, request);
    expect(result.response).toMatchObject({
      errorCode: 0,
      leaderId: 0,
      leaderEpoch: 0,
      isr: [0, 1],
      partitionEpoch: 1,
    });
    const after = apply(image, result);
    expect(after.topicsById.get(request.topicId)!.partitions.get(0)).toMatchObject({
      isr: [0, 1],
      partitionEpoch: 1,
      leaderEpoch: 0,
    });
    // Expanding back is allowed for a live replica, with the new partition epoch.
    const expand = alterPartition(after, { ...request, partitionEpoch: 1, newIsr: [0, 1, 2] });
    expect(expand.response).toMatchObject({ errorCode: 0, isr: [0, 1, 2], partitionEpoch: 2 });
  });

  it.each<[string, Partial<AlterPartitionRequest>, number]>([
    ['a follower asks', { brokerId: 1 }, E.STALE_BROKER_EPOCH],
    ['the broker epoch is stale', { brokerEpoch: 999n }, E.STALE_BROKER_EPOCH],
    ['the leader epoch is old', { leaderEpoch: -1 }, E.FENCED_LEADER_EPOCH],
    ['the partition epoch is old', { partitionEpoch: 5 }, E.INVALID_UPDATE_VERSION],
    ['the ISR drops the leader', { newIsr: [1, 2] }, E.INVALID_REQUEST],
    ['the ISR names a non-replica', { newIsr: [0, 7] }, E.INVALID_REQUEST],
    ['the ISR repeats a broker', { newIsr: [0, 0] }, E.INVALID_REQUEST],
    ['the topic id is unknown', { topicId: 'AAAAAAAAAAAAAAAAAAAABQ' }, E.UNKNOWN_TOPIC_ID],
    ['the partition is unknown', { partitionIndex: 4 }, E.UNKNOWN_TOPIC_OR_PARTITION],
  ])('refuses the change when %s', (_, change, errorCode) => {
    const { image, request } = setup();
    const result = alterPartition(image, { ...request, ...change });
    expect(result.response.errorCode).toBe(errorCode);
    expect(result.records).toEqual([]);
  });

  it('answers NOT_LEADER_OR_FOLLOWER to a registered follower with its own epoch', () => {
    const { image, request } = setup();
    const result = alterPartition(image, { ...request, brokerId: 1, brokerEpoch: image.brokers.get(1)!.epoch });
    expect(result.response.errorCode).toBe(E.NOT_LEADER_OR_FOLLOWER);
  });

  it('refuses to add a fenced replica back to the ISR (INELIGIBLE_REPLICA)', () => {
    const { image, request } = setup();
    const shrunk = apply(image, alterPartition(image, request));
    const fenced = apply(shrunk, fenceBroker(shrunk, 2));
    const partitionEpoch = fenced.topicsById.get(request.topicId)!.partitions.get(0)!.partitionEpoch;
    const result = alterPartition(fenced, { ...request, partitionEpoch, newIsr: [0, 1, 2] });
    expect(result.response.errorCode).toBe(E.INELIGIBLE_REPLICA);
  });

  it('writes nothing when the ISR is unchanged', () => {
    const { image, request } = setup();
    const result = alterPartition(image, { ...request, newIsr: [0, 1, 2] });
    expect(result.records).toEqual([]);
    expect(result.response).toMatchObject({ errorCode: 0, partitionEpoch: 0 });
  });
});
