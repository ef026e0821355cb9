// Intent: on three in-process brokers, ElectLeaders PREFERRED moves leadership back to the first replica once it is
// back in the ISR (sent to a broker that is not the controller's leader), UNCLEAN brings a leaderless partition back
// with a live out-of-sync replica, and DeleteRecords off the leader is NOT_LEADER_OR_FOLLOWER.
import { ApiKey, ErrorCode, encodeRecordBatchSync } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { clusterPerTest, type TestCluster, waitFor } from './cluster.js';
import type { RawClient } from './single-node.js';

const { start: startCluster, connect } = clusterPerTest();

const isr = (c: TestCluster, topic: string) => [...c.partitionState(topic).isr].sort().join();

const elect = (client: RawClient, electionType: number, topic: string) =>
  client.request(ApiKey.ElectLeaders, 2, {
    electionType,
    topicPartitions: [{ topic, partitions: [0] }],
    timeoutMs: 5000,
  });

describe('ElectLeaders across three brokers', () => {
  it('PREFERRED returns leadership to the first replica; DeleteRecords is refused off the leader', async () => {
    const c = await startCluster();
    await c.createReplicatedTopic('pref');
    await waitFor('leader 1', () => c.partitionState('pref').leader === 1);
    await c.fence(1);
    await waitFor('leader moved off 1', () => c.partitionState('pref').leader !== 1);
    const client = await connect(c.port(2));
    expect((await elect(client, 0, 'pref')).replicaElectionResults[0].partitionResult[0].errorCode).toBe(
      ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE,
    );
    await c.register(1);
    await waitFor('1 back in the ISR', () => isr(c, 'pref') === '1,2,3');
    const response = await elect(client, 0, 'pref');
    expect(response).toMatchObject({
      errorCode: 0,
      replicaElectionResults: [
        { topic: 'pref', partitionResult: [{ partitionId: 0, errorCode: 0, errorMessage: null }] },
      ],
    });
    expect(c.partitionState('pref').leader).toBe(1);
    await waitFor(
      'broker 1 leads locally',
      () => c.brokers.get(1)!.broker!.replicaManager.partition('pref', 0)?.isLeader === true,
    );

    const onFollower = await client.request(ApiKey.DeleteRecords, 2, {
      topics: [{ name: 'pref', partitions: [{ partitionIndex: 0, offset: 0n }] }],
      timeoutMs: 5000,
    });
    expect(onFollower.topics[0].partitions[0].errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  });

  it('UNCLEAN elects a live replica outside the ISR of a leaderless partition', async () => {
    const c = await startCluster();
    await c.createReplicatedTopic('unclean');
    await waitFor('leader 1', () => c.partitionState('unclean').leader === 1);
    const leader = await connect(c.port(1));
    await leader.request(ApiKey.Produce, 9, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 5000,
      topicData: [
        {
          name: 'unclean',
          partitionData: [{ index: 0, records: encodeRecordBatchSync({ records: [{ value: 'a' }], timestamp: 1 }) }],
        },
      ],
    });
    await c.stopBroker(3);
    await waitFor('ISR without 3', () => isr(c, 'unclean') === '1,2');
    await c.fence(3);
    await c.fence(2);
    await c.fence(1);
    await waitFor('leaderless', () => c.partitionState('unclean').leader === -1);
    const client = await connect(c.port(1));
    expect((await elect(client, 1, 'unclean')).replicaElectionResults[0].partitionResult[0].errorCode).toBe(
      ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE,
    );
    await c.register(3);
    const response = await elect(client, 1, 'unclean');
    expect(response.replicaElectionResults[0].partitionResult[0].errorCode).toBe(ErrorCode.NONE);
    expect(c.partitionState('unclean')).toMatchObject({ leader: 3, isr: [3] });
  });
});
