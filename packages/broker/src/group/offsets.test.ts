// Intent: OffsetCommit/OffsetFetch/OffsetDelete and offsets retention follow Kafka: a commit is acknowledged only
// after its append is committed, validation errors are per partition, generation rules separate members from
// "simple" committers, and what was acknowledged is exactly what a new coordinator replays.
import { ErrorCode } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { CoreHarness, offsetOf } from './testing/core-harness.js';

const G = 'group-c';
const codes = (results: { errorCode: number }[] | undefined) => results?.map((r) => r.errorCode);

describe('OffsetCommit', () => {
  it('a simple (generation -1) commit is acknowledged only after the append commits, then fetched and replayed', () => {
    const h = new CoreHarness();
    const reply = h.commitOffsets(G, '', -1, [offsetOf('t', 0, 42n, 'meta'), offsetOf('t', 1, 7n)]);
    expect(reply.value).toBeUndefined();
    expect(h.core.fetchOffsets(G, null, true).offsets.map((o) => o.errorCode)).toEqual([]);
    expect(h.core.fetchOffsets(G, [{ topic: 't', partitions: [0] }], true).offsets[0].errorCode).toBe(
      ErrorCode.UNSTABLE_OFFSET_COMMIT,
    );
    h.commitAppends();
    expect(codes(reply.value)).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
    const fetched = h.core.fetchOffsets(G, [{ topic: 't', partitions: [0, 1, 2] }], true).offsets;
    expect(fetched.map((o) => o.offset)).toEqual([42n, 7n, -1n]);
    expect(fetched[0].metadata).toBe('meta');
    h.failover();
    expect(h.core.fetchOffsets(G, null, false).offsets.map((o) => [o.partition, o.offset])).toEqual([
      [0, 42n],
      [1, 7n],
    ]);
  });

  it('a failed append is reported with the coordinator error and nothing is stored', () => {
    const h = new CoreHarness();
    const a = h.commitOffsets(G, '', -1, [offsetOf('t', 0, 1n)]);
    h.failAppends(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(codes(a.value)).toEqual([ErrorCode.NOT_COORDINATOR]);
    const b = h.commitOffsets(G, '', -1, [offsetOf('t', 0, 1n)]);
    h.failAppends(ErrorCode.REQUEST_TIMED_OUT);
    expect(codes(b.value)).toEqual([ErrorCode.COORDINATOR_NOT_AVAILABLE]);
    const c = h.commitOffsets(G, '', -1, [offsetOf('t', 0, 1n)]);
    h.failAppends(ErrorCode.MESSAGE_TOO_LARGE);
    expect(codes(c.value)).toEqual([ErrorCode.INVALID_COMMIT_OFFSET_SIZE]);
    expect(h.core.fetchOffsets(G, [{ topic: 't', partitions: [0] }], false).offsets[0].offset).toBe(-1n);
  });

  it('OFFSET_METADATA_TOO_LARGE is per partition; the others commit', () => {
    const h = new CoreHarness({ ...new CoreHarness().config, offsetMetadataMaxBytes: 4 });
    const reply = h.commitOffsets(G, '', -1, [offsetOf('t', 0, 1n, 'too long'), offsetOf('t', 1, 2n, 'ok')]);
    h.commitAppends();
    expect(codes(reply.value)).toEqual([ErrorCode.OFFSET_METADATA_TOO_LARGE, ErrorCode.NONE]);
  });

  it('members commit with their generation; stale, unknown and memberless commits to a live group are refused', () => {
    const h = new CoreHarness();
    expect(codes(h.commitOffsets('nobody', 'm', 3, [offsetOf('t', 0, 1n)]).value)).toEqual([
      ErrorCode.ILLEGAL_GENERATION,
    ]);
    const { memberIds } = h.stableGroup(G, 2);
    const ok = h.commitOffsets(G, memberIds[0], 1, [offsetOf('t', 0, 5n)]);
    h.commitAppends();
    expect(codes(ok.value)).toEqual([ErrorCode.NONE]);
    expect(codes(h.commitOffsets(G, memberIds[0], 0, [offsetOf('t', 0, 6n)]).value)).toEqual([
      ErrorCode.ILLEGAL_GENERATION,
    ]);
    expect(codes(h.commitOffsets(G, 'stranger', 1, [offsetOf('t', 0, 6n)]).value)).toEqual([
      ErrorCode.UNKNOWN_MEMBER_ID,
    ]);
    expect(codes(h.commitOffsets(G, '', -1, [offsetOf('t', 0, 6n)]).value)).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(codes(h.commitOffsets('', '', -1, [offsetOf('t', 0, 6n)]).value)).toEqual([ErrorCode.INVALID_GROUP_ID]);
  });

  it('a commit during CompletingRebalance gets REBALANCE_IN_PROGRESS; during PreparingRebalance it is accepted', () => {
    const h = new CoreHarness();
    const { memberIds } = h.stableGroup(G, 2);
    const rejoin = h.join({ groupId: G, memberId: memberIds[0] });
    expect(h.core.group(G)!.state).toBe('PreparingRebalance');
    const during = h.commitOffsets(G, memberIds[1], 1, [offsetOf('t', 0, 9n)]);
    h.commitAppends();
    expect(codes(during.value)).toEqual([ErrorCode.NONE]);
    h.join({ groupId: G, memberId: memberIds[1] });
    expect(rejoin.value?.generationId).toBe(2);
    expect(h.core.group(G)!.state).toBe('CompletingRebalance');
    expect(codes(h.commitOffsets(G, memberIds[0], 2, [offsetOf('t', 0, 10n)]).value)).toEqual([
      ErrorCode.REBALANCE_IN_PROGRESS,
    ]);
  });
});

describe('OffsetFetch', () => {
  it('answers NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS for a group it does not own', () => {
    const h = new CoreHarness();
    h.core.unload(0);
    expect(h.core.fetchOffsets(G, null, false).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    h.loading.add(0);
    expect(h.core.fetchOffsets(G, null, false).errorCode).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
  });
});

describe('OffsetDelete', () => {
  it('GROUP_ID_NOT_FOUND for an unknown group; an Empty group loses the offsets (tombstones replayed)', () => {
    const h = new CoreHarness();
    const results: unknown[] = [];
    h.core.deleteOffsets('nope', [{ topic: 't', partitions: [0] }], (r) => results.push(r));
    expect(results[0]).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND });
    h.commitOffsets(G, '', -1, [offsetOf('t', 0, 3n), offsetOf('u', 0, 4n)]);
    h.commitAppends();
    h.core.deleteOffsets(G, [{ topic: 't', partitions: [0] }], (r) => results.push(r));
    h.commitAppends();
    expect(results[1]).toMatchObject({ errorCode: ErrorCode.NONE, partitions: [{ topic: 't', errorCode: 0 }] });
    h.failover();
    expect(h.core.fetchOffsets(G, null, false).offsets.map((o) => o.topic)).toEqual(['u']);
  });

  it('a consumer group keeps offsets of subscribed topics (GROUP_SUBSCRIBED_TO_TOPIC)', () => {
    const h = new CoreHarness();
    const { memberIds } = h.stableGroup(G, 1);
    h.commitOffsets(G, memberIds[0], 1, [offsetOf('topic', 0, 3n), offsetOf('old', 0, 4n)]);
    h.commitAppends();
    const results: { partitions: { topic: string; errorCode: number }[] }[] = [];
    h.core.deleteOffsets(
      G,
      [
        { topic: 'topic', partitions: [0] },
        { topic: 'old', partitions: [0] },
      ],
      (r) => results.push(r as never),
    );
    h.commitAppends();
    expect(results[0].partitions.map((p) => [p.topic, p.errorCode])).toEqual([
      ['topic', ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC],
      ['old', ErrorCode.NONE],
    ]);
  });
});

describe('offsets retention', () => {
  it('an Empty group loses its offsets retention after becoming Empty, then the group itself goes', () => {
    const h = new CoreHarness({ ...new CoreHarness().config, offsetsRetentionMs: 60_000 });
    const { memberIds } = h.stableGroup(G, 1);
    h.commitOffsets(G, memberIds[0], 1, [offsetOf('topic', 0, 3n)]);
    h.commitAppends();
    h.core.leaveGroup(G, [{ memberId: memberIds[0], groupInstanceId: null }]);
    h.advance(1);
    h.commitAppends();
    expect(h.core.expireOffsets()).toBe(0);
    h.nowMs += 60_000;
    expect(h.core.expireOffsets()).toBe(1);
    h.commitAppends();
    expect(h.core.group(G)).toBeUndefined();
    expect(
      h.log
        .get(0)!
        .slice(-2)
        .map((r) => r.kind),
    ).toEqual(['offset-tombstone', 'group-tombstone']);
    h.failover();
    expect(h.core.group(G)).toBeUndefined();
  });

  it('a Stable consumer group keeps offsets of subscribed topics but loses others after retention', () => {
    const h = new CoreHarness({ ...new CoreHarness().config, offsetsRetentionMs: 60_000 });
    const { memberIds } = h.stableGroup(G, 1);
    h.commitOffsets(G, memberIds[0], 1, [offsetOf('topic', 0, 3n), offsetOf('gone', 0, 4n)]);
    h.commitAppends();
    h.nowMs += 60_000;
    h.core.heartbeat({ groupId: G, memberId: memberIds[0], generationId: 1, groupInstanceId: null });
    expect(h.core.expireOffsets()).toBe(1);
    expect(h.core.fetchOffsets(G, null, false).offsets.map((o) => o.topic)).toEqual(['topic']);
  });
});
