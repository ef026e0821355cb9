// Intent: the leader's limits hold — in-flight appends per follower, bytes per message, uncommitted bytes and
// proposal size — and refusals are typed errors carrying Kafka error codes.
import { describe, expect, it } from 'vitest';
import { makeMessage, resolveRaftConfig } from '../src/index.js';
import { bytes, cluster, drain, newCore, ofType, settle } from './helpers/harness.js';

function leaderWith(options: Parameters<typeof cluster>[1]) {
  const cores = cluster([1, 2, 3], options);
  cores.get(1)!.campaign();
  settle(cores);
  return { cores, leader: cores.get(1)! };
}

describe('flow control', () => {
  it('maxInflightMsgs: a follower in replicate state gets at most N unacknowledged MsgApp', () => {
    const { leader } = leaderWith({ maxInflightMsgs: 3 });
    const sent = [];
    for (let k = 0; k < 10; k++) {
      leader.propose(bytes(`p${k}`));
      sent.push(...drain(leader));
    }
    expect(ofType(sent, 'MsgApp').filter((m) => m.to === 2).length).toBe(3);
    // One acknowledgement frees the window and the rest goes out in the next message.
    leader.step(makeMessage({ type: 'MsgAppResp', from: 2, to: 1, term: 1, index: 4 }));
    const more = ofType(drain(leader), 'MsgApp').filter((m) => m.to === 2 && m.entries.length > 0);
    expect(more.length).toBeGreaterThan(0);
    expect(more[0].entries[0].index).toBe(5);
  });

  it('maxSizePerMsgBytes: entries are split so no MsgApp exceeds the limit (but always carries one entry)', () => {
    const { cores, leader } = leaderWith({ maxSizePerMsgBytes: 10 });
    const sent = [];
    // Let follower 2 fall behind, then catch it up: its catch-up appends must respect the byte limit.
    for (let k = 0; k < 6; k++) leader.propose(bytes('abcd'));
    sent.push(...settle(cores, (m) => m.to === 2));
    leader.propose(bytes('x'.repeat(25)));
    for (let t = 0; t < 3; t++) leader.tick();
    sent.push(...settle(cores));
    const apps = ofType(sent, 'MsgApp').filter((m) => m.to === 2 && m.entries.length > 0);
    for (const m of apps) {
      const size = m.entries.reduce((n, e) => n + e.data.byteLength, 0);
      expect(m.entries.length === 1 || size <= 10).toBe(true);
    }
    expect(apps.some((m) => m.entries.length === 2)).toBe(true);
    expect(cores.get(2)!.basicStatus().commitIndex).toBe(8);
  });

  it('maxUncommittedBytes: proposals beyond the limit are refused with a retriable error until entries commit', () => {
    const { cores, leader } = leaderWith({ maxUncommittedBytes: 10, maxProposalBytes: 10 });
    expect(leader.propose(bytes('12345')).ok).toBe(true);
    expect(leader.propose(bytes('12345')).ok).toBe(true);
    const refused = leader.propose(bytes('1'));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('UNCOMMITTED_BYTES_LIMIT');
      expect(refused.error.retriable).toBe(true);
      expect(refused.error.kafkaErrorCode).toBe(89);
    }
    settle(cores);
    expect(leader.propose(bytes('1')).ok).toBe(true);
  });

  it('maxProposalBytes: an oversized proposal is refused with MESSAGE_TOO_LARGE, not retriable', () => {
    const { leader } = leaderWith({ maxProposalBytes: 4 });
    const result = leader.propose(bytes('12345'));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect([result.error.code, result.error.retriable, result.error.kafkaErrorCode]).toEqual([
        'MESSAGE_TOO_LARGE',
        false,
        10,
      ]);
  });

  it('a follower refuses proposals with NOT_LEADER_OR_FOLLOWER and names the leader', () => {
    const { cores } = leaderWith({});
    const result = cores.get(2)!.propose(bytes('x'));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect([result.error.code, result.error.leaderId, result.error.kafkaErrorCode]).toEqual([
        'NOT_LEADER_OR_FOLLOWER',
        1,
        6,
      ]);
  });

  it('leader transfer to an observer or a non-member is refused as an invalid target', () => {
    const cores = cluster([1, 2, 3], { observers: [4] });
    cores.set(4, newCore(4, { voters: [1, 2, 3], observers: [4] }));
    cores.get(1)!.campaign();
    settle(cores);
    const result = cores.get(1)!.transferLeader(4);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_TRANSFER_TARGET');
  });
});

describe('status and configuration', () => {
  it('the leader reports each follower match index and last contact tick', () => {
    const { cores, leader } = leaderWith({});
    for (let t = 0; t < 5; t++) leader.tick();
    settle(cores, (m) => m.from === 3);
    const status = leader.status();
    expect(status).toMatchObject({ role: 'Leader', leaderId: 1, term: 1, commitIndex: 1, tick: 5 });
    const byId = new Map(status.followers.map((f) => [f.nodeId, f]));
    expect(byId.get(2)).toMatchObject({ matchIndex: 1, lastContactTick: 5, isVoter: true });
    expect(byId.get(3)?.lastContactTick).toBe(0);
    expect(cores.get(2)!.status().followers).toEqual([]);
  });

  it('invalid configurations fail fast and defaults follow the documented values', () => {
    const base = { nodeId: 1, voters: [1, 2, 3], random: () => 0 };
    expect(() => resolveRaftConfig({ ...base, observers: [3] })).toThrow(/distinct/);
    expect(() => resolveRaftConfig({ ...base, nodeId: 9 })).toThrow(/neither/);
    expect(() => resolveRaftConfig({ ...base, electionTicks: 1 })).toThrow(/electionTicks/);
    const config = resolveRaftConfig(base);
    expect(config).toMatchObject({ electionTicks: 10, heartbeatTicks: 1, preVote: true, checkQuorum: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('a restarted core resumes from durable state: term, vote, log and commit', () => {
    const { cores } = leaderWith({});
    const follower = cores.get(2)!;
    const state = {
      hardState: { term: 1, vote: 1, commit: follower.basicStatus().commitIndex },
      snapshot: null,
      entries: follower.log.slice(1, follower.log.lastIndex + 1),
    };
    const restarted = newCore(2, {}, state);
    expect(restarted.basicStatus()).toMatchObject({ term: 1, vote: 1, commitIndex: 1, lastIndex: 1, appliedIndex: 0 });
    expect(restarted.ready().committedEntries.map((e) => e.index)).toEqual([1]);
  });
});
