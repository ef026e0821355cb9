// Intent: each test checks one claim of the extended Raft paper (§5.2, §5.3, §5.4.1, §5.4.2, §7) against RaftCore.
import { describe, expect, it } from 'vitest';
import { makeMessage } from '../src/index.js';
import { bytes, cluster, drain, entries, msgApp, newCore, ofType, settle } from './helpers/harness.js';

const elect = (ids = [1, 2, 3]) => {
  const cores = cluster(ids);
  cores.get(1)?.campaign();
  settle(cores);
  return cores;
};

describe('§5.2 leader election', () => {
  it('a follower that hears nothing for its randomized election timeout starts an election', () => {
    const core = newCore(1, { preVote: false, random: () => 0.5 });
    for (let t = 0; t < 14; t++) core.tick();
    expect(core.basicStatus().role).toBe('Follower');
    core.tick();
    expect(core.basicStatus()).toMatchObject({ role: 'Candidate', term: 1, vote: 1 });
    const votes = ofType(drain(core), 'MsgVote');
    expect(votes.map((m) => m.to)).toEqual([2, 3]);
  });

  it('randomized election timeouts fall in [electionTicks, 2 * electionTicks)', () => {
    for (const r of [0, 0.3, 0.999]) {
      const core = newCore(1, { preVote: false, random: () => r });
      let ticks = 0;
      while (core.basicStatus().role === 'Follower') {
        core.tick();
        ticks++;
      }
      expect(ticks).toBeGreaterThanOrEqual(10);
      expect(ticks).toBeLessThan(20);
    }
  });

  it('a candidate with votes from a majority becomes leader; with rejections from a majority it steps down', () => {
    const cores = elect();
    expect(cores.get(1)?.basicStatus()).toMatchObject({ role: 'Leader', term: 1 });
    expect(cores.get(2)?.basicStatus()).toMatchObject({ role: 'Follower', leaderId: 1 });

    const loser = newCore(1, { preVote: false });
    loser.campaign();
    drain(loser);
    for (const from of [2, 3]) loser.step(makeMessage({ type: 'MsgVoteResp', from, to: 1, term: 1, reject: true }));
    expect(loser.basicStatus().role).toBe('Follower');
  });

  it('each server votes for at most one candidate in a term, first come first served', () => {
    const voter = newCore(3, { checkQuorum: false });
    voter.step(makeMessage({ type: 'MsgVote', from: 1, to: 3, term: 1 }));
    voter.step(makeMessage({ type: 'MsgVote', from: 2, to: 3, term: 1 }));
    const responses = ofType(drain(voter), 'MsgVoteResp');
    expect(responses.map((m) => [m.to, m.reject])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('a server that sees a higher term adopts it and becomes a follower', () => {
    const cores = elect();
    const leader = cores.get(1)!;
    leader.step(makeMessage({ type: 'MsgAppResp', from: 2, to: 1, term: 5 }));
    expect(leader.basicStatus()).toMatchObject({ role: 'Follower', term: 5, vote: 0 });
  });

  it('a vote grant is never handed out before it is durable: it comes from advance(), not from the Ready', () => {
    const voter = newCore(3);
    voter.step(makeMessage({ type: 'MsgVote', from: 1, to: 3, term: 1 }));
    const ready = voter.ready();
    expect(ready.hardState).toEqual({ term: 1, vote: 1, commit: 0 });
    expect(ready.messages).toEqual([]);
    expect(voter.advance(ready).map((m) => m.type)).toEqual(['MsgVoteResp']);
  });
});

describe('§5.3 log replication and log matching', () => {
  it('a follower rejects an append whose previous entry it lacks, with a hint for fast backtracking', () => {
    const follower = newCore(
      2,
      {},
      { hardState: { term: 2, vote: 0, commit: 0 }, snapshot: null, entries: entries([1, 1], [1, 2]) },
    );
    follower.step(msgApp(1, 2, 3, [5, 3], []));
    const [resp] = drain(follower);
    expect(resp).toMatchObject({ type: 'MsgAppResp', reject: true, index: 5, rejectHint: 2, logTerm: 1 });
  });

  it('a follower deletes a conflicting entry and everything after it, then appends the leader entries', () => {
    const follower = newCore(
      2,
      {},
      {
        hardState: { term: 2, vote: 0, commit: 1 },
        snapshot: null,
        entries: entries([1, 1], [2, 2], [2, 3]),
      },
    );
    follower.step(msgApp(1, 2, 3, [1, 1], entries([3, 2])));
    const ready = follower.ready();
    expect(ready.entries.map((e) => `${e.term}/${e.index}`)).toEqual(['3/2']);
    follower.advance(ready);
    expect(follower.log.lastIndex).toBe(2);
    expect(follower.log.term(2)).toBe(3);
  });

  it('the leader repairs a long divergent follower log in a few round trips (one per term, not per entry)', () => {
    const divergent = entries([1, 1], ...Array.from({ length: 50 }, (_, k) => [2, k + 2] as [number, number]));
    const leaderLog = entries([1, 1], ...Array.from({ length: 50 }, (_, k) => [3, k + 2] as [number, number]));
    const cores = cluster([1, 2, 3]);
    cores.set(1, newCore(1, {}, { hardState: { term: 3, vote: 1, commit: 1 }, snapshot: null, entries: leaderLog }));
    cores.set(2, newCore(2, {}, { hardState: { term: 3, vote: 1, commit: 1 }, snapshot: null, entries: leaderLog }));
    cores.set(3, newCore(3, {}, { hardState: { term: 2, vote: 0, commit: 1 }, snapshot: null, entries: divergent }));
    cores.get(1)!.campaign();
    const sent = settle(cores);
    const rejections = sent.filter((m) => m.type === 'MsgAppResp' && m.reject && m.from === 3);
    expect(rejections.length).toBeLessThanOrEqual(2);
    const follower = cores.get(3)!.log;
    expect(follower.term(51)).toBe(3);
    expect(cores.get(3)!.basicStatus().commitIndex).toBe(52);
  });

  it('log matching: after replication every node holds identical entries up to the commit index', () => {
    const cores = elect();
    for (const word of ['a', 'b', 'c']) cores.get(1)!.propose(bytes(word));
    settle(cores);
    const logs = [...cores.values()].map((c) => c.log.slice(1, c.log.lastIndex + 1).map((e) => `${e.term}/${e.index}`));
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[2]).toEqual(logs[0]);
    expect(cores.get(3)!.basicStatus().commitIndex).toBe(4);
  });
});

describe('§5.4.1 election restriction', () => {
  it('a voter denies its vote to a candidate whose log is less up-to-date (lower last term, or same term shorter)', () => {
    const initial = { hardState: { term: 2, vote: 0, commit: 0 }, snapshot: null, entries: entries([1, 1], [2, 2]) };
    const voter = newCore(3, { checkQuorum: false }, initial);
    voter.step(makeMessage({ type: 'MsgVote', from: 1, to: 3, term: 3, index: 5, logTerm: 1 }));
    voter.step(makeMessage({ type: 'MsgVote', from: 2, to: 3, term: 4, index: 1, logTerm: 2 }));
    const granted = ofType(drain(voter), 'MsgVoteResp').map((m) => m.reject);
    expect(granted).toEqual([true, true]);
    voter.step(makeMessage({ type: 'MsgVote', from: 2, to: 3, term: 5, index: 2, logTerm: 2 }));
    expect(ofType(drain(voter), 'MsgVoteResp')[0].reject).toBe(false);
  });
});

describe('§5.4.2 committing entries from previous terms', () => {
  it('a leader does not commit an earlier-term entry by counting replicas, only with an entry of its own term', () => {
    const initial = { hardState: { term: 2, vote: 0, commit: 1 }, snapshot: null, entries: entries([1, 1], [2, 2]) };
    const leader = newCore(1, { preVote: false }, initial);
    leader.campaign();
    drain(leader);
    leader.step(makeMessage({ type: 'MsgVoteResp', from: 2, to: 1, term: 3 }));
    drain(leader);
    expect(leader.basicStatus()).toMatchObject({ role: 'Leader', term: 3, lastIndex: 3 });
    // Follower 2 now holds entry 2 (term 2): a majority {1, 2} has it, but it must not be committed (figure 8).
    leader.step(makeMessage({ type: 'MsgAppResp', from: 2, to: 1, term: 3, index: 2 }));
    drain(leader);
    expect(leader.basicStatus().commitIndex).toBe(1);
    leader.step(makeMessage({ type: 'MsgAppResp', from: 2, to: 1, term: 3, index: 3 }));
    drain(leader);
    expect(leader.basicStatus().commitIndex).toBe(3);
  });

  it('the leader counts itself only for entries on its own disk (own acknowledgement after advance)', () => {
    const single = newCore(1, { voters: [1] });
    single.campaign();
    drain(single);
    expect(single.basicStatus().role).toBe('Leader');
    const result = single.propose(bytes('x'));
    expect(result.ok).toBe(true);
    const ready = single.ready();
    expect(ready.entries.length).toBe(1);
    expect(single.basicStatus().commitIndex).toBe(1);
    single.advance(ready);
    expect(single.basicStatus().commitIndex).toBe(2);
  });
});

describe('§7 log compaction and InstallSnapshot', () => {
  it('the leader sends its snapshot to a follower that needs compacted entries, and the follower installs it', () => {
    const cores = elect();
    for (const word of ['a', 'b']) cores.get(1)!.propose(bytes(word));
    settle(cores, (m) => m.to === 3 || m.from === 3);
    const leader = cores.get(1)!;
    expect(leader.basicStatus().appliedIndex).toBe(3);
    leader.compact(3, bytes('image@3'));
    expect(() => leader.compact(2, bytes('older'))).toThrow();
    for (let t = 0; t < 2; t++) leader.tick();
    const sent = settle(cores);
    const snaps = ofType(sent, 'MsgSnap');
    expect(snaps.length).toBe(1);
    expect(snaps[0].snapshot?.meta).toMatchObject({ index: 3, term: 1, voters: [1, 2, 3] });
    expect(cores.get(3)!.basicStatus()).toMatchObject({ snapshotIndex: 3, commitIndex: 3, appliedIndex: 3 });
  });

  it('a follower hands the snapshot out in a Ready and resumes committed entries right after it', () => {
    const follower = newCore(2);
    const snapshot = { meta: { index: 10, term: 2, voters: [1, 2, 3], observers: [] }, data: bytes('img') };
    follower.step(makeMessage({ type: 'MsgSnap', from: 1, to: 2, term: 2, snapshot }));
    const ready = follower.ready();
    expect(ready.snapshot?.meta.index).toBe(10);
    expect(ready.hardState?.commit).toBe(10);
    expect(ready.committedEntries).toEqual([]);
    expect(follower.advance(ready)[0]).toMatchObject({ type: 'MsgAppResp', index: 10, reject: false });
    follower.step(msgApp(1, 2, 2, [10, 2], entries([2, 11]), 11));
    expect(follower.ready().committedEntries.map((e) => e.index)).toEqual([11]);
  });

  it('a snapshot older than the commit index is ignored', () => {
    const follower = newCore(
      2,
      {},
      { hardState: { term: 1, vote: 0, commit: 3 }, snapshot: null, entries: entries([1, 1], [1, 2], [1, 3]) },
    );
    const snapshot = { meta: { index: 2, term: 1, voters: [1, 2, 3], observers: [] }, data: bytes('old') };
    follower.step(makeMessage({ type: 'MsgSnap', from: 1, to: 2, term: 1, snapshot }));
    const ready = follower.ready();
    expect(ready.snapshot).toBeNull();
    expect(follower.advance(ready)[0]).toMatchObject({ type: 'MsgAppResp', index: 3 });
  });
});
