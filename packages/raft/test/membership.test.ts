// Intent: KIP-853 single-server membership changes take effect when appended, revert when truncated, are recorded
// in snapshots as of their index, survive restarts, and are refused while another change is pending.
import { describe, expect, it } from 'vitest';
import type { Entry } from '../src/index.js';
import { makeMessage } from '../src/index.js';
import { bytes, cluster, drain, entries, msgApp, newCore, settle } from './helpers/harness.js';

const votersChange = (term: number, index: number, voters: number[], observers: number[]): Entry => ({
  term,
  index,
  type: 'VotersChange',
  data: bytes(JSON.stringify({ voters, observers })),
});

describe('membership changes (KIP-853)', () => {
  it('a follower adopts a VotersChange as soon as it is appended, and reverts when it is truncated', () => {
    const follower = newCore(2, { observers: [4] });
    follower.step(msgApp(1, 2, 1, [0, 0], [...entries([1, 1]), votersChange(1, 2, [1, 2, 3, 4], [])]));
    drain(follower);
    expect(follower.basicStatus().voters).toEqual([1, 2, 3, 4]);
    // A new leader of term 2 overwrites the uncommitted change at index 2.
    follower.step(msgApp(3, 2, 2, [1, 1], entries([2, 2])));
    drain(follower);
    expect(follower.basicStatus()).toMatchObject({ voters: [1, 2, 3], observers: [4] });
  });

  it('the leader allows one change at a time, only after committing an entry of its own term', () => {
    const cores = cluster([1, 2, 3], { observers: [4] });
    cores.set(4, newCore(4, { observers: [4] }));
    const leader = cores.get(1)!;
    leader.campaign();
    drain(leader);
    for (const from of [2, 3]) leader.step(makeMessage({ type: 'MsgPreVoteResp', from, to: 1, term: 1 }));
    drain(leader);
    for (const from of [2, 3]) leader.step(makeMessage({ type: 'MsgVoteResp', from, to: 1, term: 1 }));
    expect(leader.basicStatus().role).toBe('Leader');
    const early = leader.addVoter(4);
    expect(early.ok === false && early.error.code).toBe('MEMBERSHIP_CHANGE_PENDING');
    settle(cores);
    expect(leader.addVoter(4).ok).toBe(true);
    const second = leader.removeVoter(2);
    expect(second.ok === false && second.error.code).toBe('MEMBERSHIP_CHANGE_PENDING');
    settle(cores);
    expect(leader.removeVoter(2).ok).toBe(true);
    settle(cores);
    for (const core of cores.values()) expect(core.basicStatus()).toMatchObject({ voters: [1, 3, 4], observers: [2] });
  });

  it('a snapshot records the membership as of its index, and a restart recovers membership from the log', () => {
    const log = [
      ...entries([1, 1]),
      votersChange(1, 2, [1, 2, 3, 4], []),
      ...entries([1, 3]),
      votersChange(1, 4, [1, 2, 4], [3]),
    ];
    const core = newCore(
      1,
      { observers: [4] },
      { hardState: { term: 1, vote: 1, commit: 4 }, snapshot: null, entries: log },
    );
    expect(core.basicStatus()).toMatchObject({ voters: [1, 2, 4], observers: [3] });
    drain(core);
    const snapshot = core.compact(3, bytes('image'));
    expect(snapshot.meta).toMatchObject({ index: 3, voters: [1, 2, 3, 4], observers: [] });
    const restarted = newCore(
      1,
      { observers: [4] },
      { hardState: { term: 1, vote: 1, commit: 4 }, snapshot, entries: log.slice(3) },
    );
    expect(restarted.basicStatus()).toMatchObject({ voters: [1, 2, 4], observers: [3] });
  });

  it('a node that may not campaign still lets its leader lease run out, so it can grant pre-votes', () => {
    const observer = newCore(4, { observers: [4] });
    observer.step(msgApp(1, 4, 1, [0, 0], entries([1, 1])));
    drain(observer);
    for (let t = 0; t < 25; t++) observer.tick();
    expect(observer.basicStatus().role).toBe('Follower');
    observer.step(makeMessage({ type: 'MsgPreVote', from: 2, to: 4, term: 2, index: 1, logTerm: 1 }));
    expect(drain(observer)).toMatchObject([{ type: 'MsgPreVoteResp', to: 2, reject: false }]);
  });

  it('invalid changes are refused: adding a voter twice, removing a non-voter or the last voter', () => {
    const single = newCore(1, { voters: [1], observers: [2] });
    single.campaign();
    drain(single);
    expect(single.basicStatus().role).toBe('Leader');
    for (const result of [single.addVoter(1), single.removeVoter(2), single.removeVoter(1)]) {
      expect(result.ok === false && [result.error.code, result.error.kafkaErrorCode]).toEqual([
        'INVALID_MEMBERSHIP_CHANGE',
        42,
      ]);
    }
  });
});
