// Intent: three real brokers sharing the real controller logic replicate an RF=3, min.insync.replicas=2 partition:
// acks=all waits for the ISR, lagging brokers leave the ISR and caught-up ones rejoin it, too small an ISR refuses
// writes without writing, and after a leader change every replica ends with byte-identical segments.
import { ApiKey, ErrorCode, encodeRecordBatchSync } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { clusterPerTest, type TestCluster, waitFor } from './cluster.js';
import { fetchRequest, type RawClient } from './single-node.js';

const { start: startCluster, connect } = clusterPerTest();

/** Produces one batch of `count` records; returns the partition response. */
async function produce(client: RawClient, topic: string, acks: number, label: string, count = 3) {
  const records = encodeRecordBatchSync({
    timestamp: 1_700_000_000_000n,
    records: Array.from({ length: count }, (_, i) => ({ key: null, value: `${label}-${i}` })),
  });
  // Like a real client, retry while the broker has not yet applied the image that makes it the leader: the test
  // waits on the controller's image, which brokers apply asynchronously.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await client.request(ApiKey.Produce, 9, {
      transactionalId: null,
      acks,
      timeoutMs: 5000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
    });
    const partition = response.responses[0].partitionResponses[0] as { errorCode: number; baseOffset: bigint };
    const notYetLeader =
      partition.errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER ||
      partition.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    if (!notYetLeader || Date.now() > deadline) return partition;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function sameIsr(c: TestCluster, topic: string, expected: number[]): boolean {
  return [...c.partitionState(topic).isr].sort().join() === expected.join();
}

describe('replication across three in-process brokers', () => {
  it('acks=all follows the ISR as brokers stop and come back', async () => {
    const c = await startCluster();
    await c.createReplicatedTopic('replicated');
    await waitFor('leader 1', () => c.partitionState('replicated').leader === 1);
    const client = await connect(c.port(1));

    for (let i = 0; i < 5; i++) {
      const response = await produce(client, 'replicated', -1, `a${i}`);
      expect(response.errorCode).toBe(ErrorCode.NONE);
      expect(response.baseOffset).toBe(BigInt(i * 3));
    }
    await waitFor('followers at LEO 15', () => [1, 2, 3].every((id) => c.log(id, 'replicated')?.logEndOffset === 15n));
    await waitFor('follower high watermarks', () =>
      [2, 3].every((id) => c.log(id, 'replicated')?.highWatermark === 15n),
    );

    await c.stopBroker(3);
    await waitFor('ISR without 3', () => sameIsr(c, 'replicated', [1, 2]));
    expect((await produce(client, 'replicated', -1, 'b')).errorCode).toBe(ErrorCode.NONE);

    await c.stopBroker(2);
    await waitFor('ISR of the leader alone', () => sameIsr(c, 'replicated', [1]));
    const before = c.log(1, 'replicated')!.logEndOffset;
    expect((await produce(client, 'replicated', -1, 'c')).errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(c.log(1, 'replicated')!.logEndOffset).toBe(before);

    await c.startBroker(2);
    await waitFor('broker 2 back in the ISR', () => sameIsr(c, 'replicated', [1, 2]));
    // Same connection: the producer needs no restart.
    expect((await produce(client, 'replicated', -1, 'd')).errorCode).toBe(ErrorCode.NONE);

    await c.startBroker(3);
    await waitFor('full ISR', () => sameIsr(c, 'replicated', [1, 2, 3]));
    const end = c.log(1, 'replicated')!.logEndOffset;
    await waitFor('all replicas at the leader end', () =>
      [2, 3].every((id) => c.log(id, 'replicated')?.logEndOffset === end),
    );
    const leaderBytes = await c.segmentBytes(1, 'replicated');
    expect((await c.segmentBytes(2, 'replicated')).equals(leaderBytes)).toBe(true);
    expect((await c.segmentBytes(3, 'replicated')).equals(leaderBytes)).toBe(true);
  }, 30_000);

  it('acks=all answers NOT_ENOUGH_REPLICAS_AFTER_APPEND when the ISR shrinks below the minimum while it waits', async () => {
    const c = await startCluster();
    await c.createReplicatedTopic('shrinking');
    await waitFor('leader 1', () => c.partitionState('shrinking').leader === 1);
    const client = await connect(c.port(1));
    expect((await produce(client, 'shrinking', -1, 'before')).errorCode).toBe(ErrorCode.NONE);
    await c.stopBroker(2);
    await c.stopBroker(3);
    // The ISR still lists all three, so the append happens; only the leader can then reach the batch's offset,
    // which it does once it has dropped both followers from the ISR.
    expect(c.partitionState('shrinking').isr).toHaveLength(3);
    const response = await produce(client, 'shrinking', -1, 'during');
    expect(response.errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
    expect(c.partitionState('shrinking').isr).toEqual([1]);
    expect(c.log(1, 'shrinking')!.logEndOffset).toBe(6n);
  }, 30_000);

  it('a deposed leader truncates its unreplicated tail and converges byte for byte', async () => {
    // A long lag time: stopped followers stay in the ISR, so the old leader can hold records nobody else has.
    const c = await startCluster({ replicaLagTimeMaxMs: 60_000 });
    await c.createReplicatedTopic('failover');
    await waitFor('leader 1', () => c.partitionState('failover').leader === 1);
    const oldLeader = await connect(c.port(1));
    for (let i = 0; i < 2; i++) expect((await produce(oldLeader, 'failover', -1, `committed${i}`)).errorCode).toBe(0);
    await waitFor('replicated', () => [2, 3].every((id) => c.log(id, 'failover')?.logEndOffset === 6n));

    await c.stopBroker(2);
    await c.stopBroker(3);
    // acks=1: written on the leader only; never acknowledged as committed.
    expect((await produce(oldLeader, 'failover', 1, 'unreplicated', 4)).errorCode).toBe(0);
    expect(c.log(1, 'failover')!.logEndOffset).toBe(10n);
    const epochBefore = c.partitionState('failover').leaderEpoch;

    await c.fence(1);
    await c.stopBroker(1);
    expect(c.partitionState('failover').leader).toBe(2);
    expect(c.partitionState('failover').leaderEpoch).toBe(epochBefore + 1);
    await c.startBroker(2);
    await c.startBroker(3);
    const newLeader = await connect(c.port(2));
    const afterFailover = await produce(newLeader, 'failover', -1, 'new-epoch', 2);
    expect(afterFailover.errorCode).toBe(0);
    expect(afterFailover.baseOffset).toBe(6n);

    await c.register(1);
    await c.startBroker(1);
    await waitFor('old leader back in the ISR', () => sameIsr(c, 'failover', [1, 2, 3]));
    await waitFor('old leader converged', () => c.log(1, 'failover')?.logEndOffset === 8n);
    const leaderBytes = await c.segmentBytes(2, 'failover');
    expect((await c.segmentBytes(1, 'failover')).equals(leaderBytes)).toBe(true);
    expect((await c.segmentBytes(3, 'failover')).equals(leaderBytes)).toBe(true);
    // The deposed leader's epoch cache now matches the new leader's.
    expect(c.log(1, 'failover')!.leaderEpochCache.entries()).toEqual(c.log(2, 'failover')!.leaderEpochCache.entries());
  }, 30_000);

  it('OffsetForLeaderEpoch answers from the leader-epoch cache and fences stale epochs', async () => {
    const c = await startCluster();
    await c.createReplicatedTopic('epochs');
    await waitFor('leader 1', () => c.partitionState('epochs').leader === 1);
    const first = await connect(c.port(1));
    expect((await produce(first, 'epochs', -1, 'x', 5)).errorCode).toBe(0);
    const oldEpoch = c.partitionState('epochs').leaderEpoch;
    await c.fence(1);
    expect(c.partitionState('epochs').leader).toBe(2);
    const epoch = oldEpoch + 1;
    const ask = (client: RawClient, currentLeaderEpoch: number, leaderEpoch: number) =>
      client
        .request(ApiKey.OffsetForLeaderEpoch, 4, {
          replicaId: -1,
          topics: [{ topic: 'epochs', partitions: [{ partition: 0, currentLeaderEpoch, leaderEpoch }] }],
        })
        .then((response) => response.topics[0].partitions[0]);
    const leader = await connect(c.port(2));
    await waitFor('broker 2 leads', () => c.partitionState('epochs').leader === 2);
    // The new leader has not appended in its epoch: the old epoch ends at its log end.
    expect(await ask(leader, epoch, oldEpoch)).toMatchObject({ errorCode: 0, leaderEpoch: oldEpoch, endOffset: 5n });
    expect((await ask(leader, oldEpoch, oldEpoch)).errorCode).toBe(ErrorCode.FENCED_LEADER_EPOCH);
    expect((await ask(leader, epoch + 1, oldEpoch)).errorCode).toBe(ErrorCode.UNKNOWN_LEADER_EPOCH);
    expect((await ask(await connect(c.port(3)), epoch, oldEpoch)).errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  }, 30_000);

  it("KIP-392: a consumer in another rack is sent to its rack's follower, which serves up to its high watermark", async () => {
    // The redirect needs follower 2 in the ISR throughout: no accidental shrink on a busy machine.
    const c = await startCluster({ replicaLagTimeMaxMs: 30_000 }, { 1: 'rack-a', 2: 'rack-b', 3: 'rack-c' });
    await c.createReplicatedTopic('racks');
    await waitFor('leader 1', () => c.partitionState('racks').leader === 1);
    const leader = await connect(c.port(1));
    expect((await produce(leader, 'racks', -1, 'r', 4)).errorCode).toBe(0);
    await waitFor('follower 2 high watermark', () => c.log(2, 'racks')?.highWatermark === 4n);
    const epoch = c.partitionState('racks').leaderEpoch;
    const fetch = (client: RawClient, version: number, rackId: string, currentLeaderEpoch = epoch) =>
      client
        .request(ApiKey.Fetch, version, {
          ...fetchRequest({ topic: 'racks' }),
          rackId,
          topics: [
            {
              topic: 'racks',
              partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20, currentLeaderEpoch }],
            },
          ],
        })
        .then((response) => response.responses[0].partitions[0]);

    const redirected = await fetch(leader, 11, 'rack-b');
    expect(redirected.errorCode).toBe(0);
    expect(redirected.preferredReadReplica).toBe(2);
    expect(redirected.records?.length ?? 0).toBe(0);
    const sameRack = await fetch(leader, 11, 'rack-a');
    expect(sameRack.preferredReadReplica).toBe(-1);
    expect(sameRack.records?.length).toBeGreaterThan(0);

    const follower = await connect(c.port(2));
    const fromFollower = await fetch(follower, 11, 'rack-b');
    expect(fromFollower.errorCode).toBe(0);
    expect(fromFollower.highWatermark).toBe(4n);
    expect(fromFollower.records?.equals(sameRack.records)).toBe(true);
    // The follower checks the consumer's leader epoch against its own view, as the leader would.
    expect((await fetch(follower, 11, 'rack-b', epoch + 1)).errorCode).toBe(ErrorCode.UNKNOWN_LEADER_EPOCH);
    // Before v11 a consumer may only read from the leader.
    expect((await fetch(follower, 10, '')).errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
  }, 30_000);

  it('followers track the leader log start, and one that fell behind it restarts its log there and catches up', async () => {
    const c = await startCluster();
    await c.createReplicatedTopic('truncated-start');
    await waitFor('leader 1', () => c.partitionState('truncated-start').leader === 1);
    const client = await connect(c.port(1));
    expect((await produce(client, 'truncated-start', -1, 'a', 5)).errorCode).toBe(ErrorCode.NONE);
    await c.stopBroker(3);
    await waitFor('ISR without 3', () => sameIsr(c, 'truncated-start', [1, 2]));
    for (let i = 0; i < 4; i++) {
      expect((await produce(client, 'truncated-start', -1, `b${i}`, 5)).errorCode).toBe(ErrorCode.NONE);
    }
    // What retention or DeleteRecords does on the leader: everything broker 3 lacks is gone from it.
    c.log(1, 'truncated-start')!.deleteRecordsBefore(15n);
    await produce(client, 'truncated-start', -1, 'c', 5);
    await waitFor('broker 2 follows the leader log start', () => c.log(2, 'truncated-start')?.logStartOffset === 15n);

    await c.startBroker(3);
    await waitFor('full ISR', () => sameIsr(c, 'truncated-start', [1, 2, 3]));
    await waitFor('broker 3 at the leader end', () => c.log(3, 'truncated-start')?.logEndOffset === 30n);
    const restarted = c.log(3, 'truncated-start')!;
    expect(restarted.logStartOffset).toBe(15n);
    // acks=all works with the restarted replica in the ISR.
    const after = await produce(client, 'truncated-start', -1, 'd', 5);
    expect(after.errorCode).toBe(ErrorCode.NONE);
    expect(after.baseOffset).toBe(30n);
  }, 30_000);

  it("DeleteRecords answers once every live replica's log start reached the offset, skipping fenced brokers", async () => {
    const c = await startCluster();
    await c.createReplicatedTopic('trimmed');
    await waitFor('leader 1', () => c.partitionState('trimmed').leader === 1);
    const client = await connect(c.port(1));
    expect((await produce(client, 'trimmed', -1, 'a', 10)).errorCode).toBe(ErrorCode.NONE);
    const deleteRecords = (offset: bigint, timeoutMs = 5000) =>
      client
        .request(ApiKey.DeleteRecords, 2, {
          topics: [{ name: 'trimmed', partitions: [{ partitionIndex: 0, offset }] }],
          timeoutMs,
        })
        .then((response) => response.topics[0].partitions[0] as { errorCode: number; lowWatermark: bigint });

    const first = await deleteRecords(6n);
    expect(first).toMatchObject({ errorCode: ErrorCode.NONE, lowWatermark: 6n });
    // The answer came only after both followers had moved their own log start (Kafka's DelayedDeleteRecords).
    expect([1, 2, 3].map((id) => c.log(id, 'trimmed')!.logStartOffset)).toEqual([6n, 6n, 6n]);

    // A stopped broker that is still registered and unfenced holds the low watermark back until the timeout...
    await c.stopBroker(3);
    expect(await deleteRecords(8n, 500)).toMatchObject({ errorCode: ErrorCode.REQUEST_TIMED_OUT });
    // ...and once fenced it no longer counts.
    await c.fence(3);
    expect(await deleteRecords(8n)).toMatchObject({ errorCode: ErrorCode.NONE, lowWatermark: 8n });
    expect(c.log(2, 'trimmed')!.logStartOffset).toBe(8n);
  }, 30_000);
});
