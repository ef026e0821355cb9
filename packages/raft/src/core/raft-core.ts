import type { RaftConfig, RaftConfigInput } from './config.js';
import { resolveRaftConfig } from './config.js';
import type { ProposeResult, TransferResult } from './errors.js';
import { RaftError } from './errors.js';
import type { LeaderContext, LeaderOutcome } from './leader-state.js';
import { LeaderState } from './leader-state.js';
import { withVoterAdded, withVoterRemoved } from './membership.js';
import { voteResult } from './quorum.js';
import { RaftLog } from './raft-log.js';
import type { Ready } from './ready.js';
import type { Status } from './status.js';
import type { Entry, HardState, Message, MessageType, NodeId, Role, Snapshot, SoftState } from './types.js';
import { isHardStateEqual, makeMessage, NONE } from './types.js';

/** Durable state a node restarts from (read from a RaftStorage by the caller). */
export interface RaftInitialState {
  hardState: HardState;
  snapshot: Snapshot | null;
  /** Every stored entry after the snapshot, in index order. */
  entries: Entry[];
  /** Highest index the application state machine already holds (defaults to the snapshot index). */
  applied?: number;
}

interface OutstandingReady {
  id: number;
  afterPersist: Message[];
  entries: readonly Entry[];
  snapshotIndex: number;
  appliedTo: number;
  hardState: HardState | null;
  softState: SoftState | null;
}

/**
 * A pure, deterministic Raft node (etcd's RawNode): no I/O, no clock, no randomness of its own. Inputs are
 * `tick`, `step`, `propose`, `campaign`, `transferLeader`, `addVoter`/`removeVoter`, `compact`; output is drained
 * with `ready`/`advance`. This class owns terms, votes, elections and the follower side; the leader side lives in
 * LeaderState, created per term led.
 */
export class RaftCore {
  readonly config: Readonly<RaftConfig>;
  readonly id: NodeId;
  private term = 0;
  private vote: NodeId = NONE;
  private leaderId: NodeId = NONE;
  private role: Role = 'Follower';
  readonly log: RaftLog;
  /** Present exactly while role is Leader. */
  private leader: LeaderState | null = null;
  private readonly votes = new Map<NodeId, boolean>();
  private electionElapsed = 0;
  private randomizedElectionTimeout = 0;
  private tickCount = 0;
  private msgs: Message[] = [];
  private msgsAfterPersist: Message[] = [];
  private prevHardState: HardState;
  private prevSoftState: SoftState;
  private outstanding: OutstandingReady | null = null;
  private nextReadyId = 1;

  constructor(configInput: RaftConfigInput, initial?: RaftInitialState) {
    this.config = resolveRaftConfig(configInput);
    this.id = this.config.nodeId;
    this.log = new RaftLog({ voters: [...this.config.voters], observers: [...this.config.observers] });
    if (initial !== undefined) {
      const { hardState, snapshot, entries } = initial;
      this.log.load(snapshot, entries, hardState.commit, initial.applied ?? 0);
      this.term = hardState.term;
      this.vote = hardState.vote;
    }
    this.prevHardState = this.hardState();
    this.becomeFollower(this.term, NONE);
    this.prevSoftState = this.softState();
  }

  private get voters(): readonly NodeId[] {
    return this.log.membership.voters;
  }

  private get isVoter(): boolean {
    return this.voters.includes(this.id);
  }

  /**
   * A node campaigns if it is a voter in its latest membership or in the committed one. The second case matters
   * when a voter's own removal is appended but not committed: it may hold the only up-to-date log, and the
   * remaining voter(s) can only make progress once it leads and commits the change (thesis §4.2.2).
   */
  private canCampaign(): boolean {
    if (this.isVoter) return true;
    // Only a pending (uncommitted) change can make the committed membership differ from the latest one.
    if (this.log.membershipIndex <= this.log.committed) return false;
    return this.log.membershipAt(this.log.committed).voters.includes(this.id);
  }

  private hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  private softState(): SoftState {
    return { leaderId: this.leaderId, role: this.role };
  }

  // ---- inputs ----

  tick(): void {
    this.tickCount++;
    if (this.leader !== null) this.onLeaderOutcome(this.leader.tick());
    else this.tickElection();
  }

  /** Starts an election now (pre-vote first when enabled), as if the election timeout had fired. */
  campaign(): void {
    if (this.role === 'Leader' || !this.canCampaign()) return;
    this.electionElapsed = 0;
    this.startCampaign(this.config.preVote ? 'PreVote' : 'Vote', false);
  }

  private notLeader(): { ok: false; error: RaftError } {
    return { ok: false, error: new RaftError('NOT_LEADER_OR_FOLLOWER', true, 'not the leader', this.leaderId) };
  }

  propose(data: Uint8Array): ProposeResult {
    return this.leader === null ? this.notLeader() : this.leader.propose(data);
  }

  /** KIP-853 AddRaftVoter: makes `id` (usually a caught-up observer) a voter. Effective once appended. */
  addVoter(id: NodeId): ProposeResult {
    if (this.voters.includes(id)) return this.invalidChange(`${id} is already a voter`);
    if (this.leader === null) return this.notLeader();
    return this.leader.proposeMembership(withVoterAdded(this.log.membership, id));
  }

  /** KIP-853 RemoveRaftVoter: `id` stops voting (it stays an observer). A removed leader resigns once committed. */
  removeVoter(id: NodeId): ProposeResult {
    if (!this.voters.includes(id)) return this.invalidChange(`${id} is not a voter`);
    if (this.voters.length === 1) return this.invalidChange('cannot remove the last voter');
    if (this.leader === null) return this.notLeader();
    return this.leader.proposeMembership(withVoterRemoved(this.log.membership, id));
  }

  private invalidChange(why: string): ProposeResult {
    return { ok: false, error: new RaftError('INVALID_MEMBERSHIP_CHANGE', false, why) };
  }

  /** Thesis §3.10: hand leadership to `to` once its log is caught up (MsgTimeoutNow). */
  transferLeader(to: NodeId): TransferResult {
    return this.leader === null ? this.notLeader() : this.leader.transfer(to);
  }

  /** The application took a snapshot of its state at `index` (<= applied); entries up to it are released. */
  compact(index: number, data: Uint8Array): Snapshot {
    return this.log.compact(index, data);
  }

  step(m: Message): void {
    if (m.to !== this.id) throw new Error(`message for ${m.to} stepped into ${this.id}`);
    if (m.term > this.term) {
      if (m.type === 'MsgVote' || m.type === 'MsgPreVote') {
        // Check-quorum lease: a voter that heard from a live leader within the election timeout ignores
        // disruptive candidates (thesis §4.2.3), unless the leader itself asked for the election (transfer).
        const inLease =
          this.config.checkQuorum && this.leaderId !== NONE && this.electionElapsed < this.config.electionTicks;
        if (inLease && !m.transfer) return;
      }
      if (m.type === 'MsgPreVote' || (m.type === 'MsgPreVoteResp' && !m.reject)) {
        // A pre-vote never changes terms: it is a question, not an election (thesis §9.6).
      } else {
        const fromLeader = m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap';
        this.becomeFollower(m.term, fromLeader ? m.from : NONE);
      }
    } else if (m.term < this.term) {
      if ((this.config.checkQuorum || this.config.preVote) && (m.type === 'MsgHeartbeat' || m.type === 'MsgApp')) {
        // A stale leader whose pre-vote/lease-protected peers ignore its term would never learn of ours: tell it.
        this.send(makeMessage({ type: 'MsgAppResp', from: this.id, to: m.from, term: this.term }));
      } else if (m.type === 'MsgPreVote') {
        this.sendAfterPersist(
          makeMessage({ type: 'MsgPreVoteResp', from: this.id, to: m.from, term: this.term, reject: true }),
        );
      }
      return;
    }
    if (m.type === 'MsgVote' || m.type === 'MsgPreVote') {
      this.handleVoteRequest(m);
      return;
    }
    switch (this.role) {
      case 'Leader':
        if (m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap') {
          throw new Error(
            `election safety violated: leader ${this.id} got ${m.type} from ${m.from} in term ${this.term}`,
          );
        }
        this.onLeaderOutcome((this.leader as LeaderState).step(m));
        break;
      case 'Candidate':
      case 'PreCandidate':
        this.stepCandidate(m);
        break;
      case 'Follower':
        this.stepFollower(m);
        break;
    }
  }

  // ---- Ready / advance ----

  hasReady(): boolean {
    if (this.outstanding !== null) return false;
    return (
      this.leader?.hasPendingBroadcast === true ||
      this.msgs.length > 0 ||
      this.msgsAfterPersist.length > 0 ||
      this.log.pendingSnapshot !== null ||
      this.log.stable < this.log.lastIndex ||
      this.log.committed > this.log.applied ||
      !isHardStateEqual(this.hardState(), this.prevHardState) ||
      !isSoftStateEqual(this.softState(), this.prevSoftState)
    );
  }

  ready(): Ready {
    if (this.outstanding !== null) throw new Error('ready() called before advance() of the previous Ready');
    this.leader?.flushBroadcast();
    const hardState = this.hardState();
    const softState = this.softState();
    const hardChanged = !isHardStateEqual(hardState, this.prevHardState);
    const softChanged = !isSoftStateEqual(softState, this.prevSoftState);
    const entries = this.log.unstableEntries();
    const committedEntries = this.log.committedToApply();
    const snapshot = this.log.pendingSnapshot;
    const ready: Ready = {
      id: this.nextReadyId++,
      softState: softChanged ? softState : null,
      hardState: hardChanged ? hardState : null,
      entries,
      snapshot,
      committedEntries,
      messages: this.msgs,
      mustSync:
        snapshot !== null ||
        entries.length > 0 ||
        hardState.term !== this.prevHardState.term ||
        hardState.vote !== this.prevHardState.vote,
    };
    this.outstanding = {
      id: ready.id,
      afterPersist: this.msgsAfterPersist,
      entries: [...entries],
      snapshotIndex: snapshot === null ? 0 : snapshot.meta.index,
      appliedTo: committedEntries.length > 0 ? committedEntries[committedEntries.length - 1].index : 0,
      hardState: ready.hardState,
      softState: ready.softState,
    };
    this.msgs = [];
    this.msgsAfterPersist = [];
    return ready;
  }

  /**
   * The caller persisted and applied `ready`. Returns the messages that were waiting for that write (vote grants,
   * append acknowledgements); messages addressed to this node itself (its own vote, its own log write) are
   * stepped here instead, so a leader counts itself toward a quorum only for entries on its own disk.
   */
  advance(ready: Ready): Message[] {
    const out = this.outstanding;
    if (out === null || out.id !== ready.id)
      throw new Error(`advance(${ready.id}) does not match the outstanding Ready`);
    this.outstanding = null;
    if (out.snapshotIndex > 0) {
      if (this.log.pendingSnapshot !== null && this.log.pendingSnapshot.meta.index === out.snapshotIndex) {
        this.log.pendingSnapshot = null;
      }
      this.log.applied = Math.max(this.log.applied, out.snapshotIndex);
    }
    this.log.stableTo(out.entries);
    if (out.appliedTo > this.log.applied) this.log.applied = out.appliedTo;
    if (out.hardState !== null) this.prevHardState = out.hardState;
    if (out.softState !== null) this.prevSoftState = out.softState;
    const external: Message[] = [];
    for (const m of out.afterPersist) {
      if (m.to === this.id) this.step(m);
      else external.push(m);
    }
    return external;
  }

  /** The cheap part of status(): no per-follower data, no allocation beyond the object. */
  basicStatus(): Omit<Status, 'followers'> {
    return {
      nodeId: this.id,
      role: this.role,
      leaderId: this.leaderId,
      term: this.term,
      vote: this.vote,
      commitIndex: this.log.committed,
      appliedIndex: this.log.applied,
      lastIndex: this.log.lastIndex,
      snapshotIndex: this.log.snapshotIndex,
      // Shared, never mutated: membership arrays are replaced, not edited, on every change.
      voters: this.log.membership.voters,
      observers: this.log.membership.observers,
      tick: this.tickCount,
      leadTransferee: this.leader?.leadTransferee ?? NONE,
    };
  }

  status(): Status {
    return { ...this.basicStatus(), followers: this.leader?.followers() ?? [] };
  }

  // ---- roles ----

  private resetRandomizedElectionTimeout(): void {
    const e = this.config.electionTicks;
    this.randomizedElectionTimeout = e + Math.floor(this.config.random() * e);
  }

  private reset(term: number): void {
    if (term !== this.term) {
      this.term = term;
      this.vote = NONE;
    }
    this.leaderId = NONE;
    this.electionElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.votes.clear();
    this.leader = null;
  }

  private becomeFollower(term: number, leaderId: NodeId): void {
    this.reset(term);
    this.role = 'Follower';
    this.leaderId = leaderId;
  }

  private becomePreCandidate(): void {
    // Term and vote stay: a pre-candidate has not started an election yet.
    const term = this.term;
    this.reset(term);
    this.role = 'PreCandidate';
  }

  private becomeCandidate(): void {
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = 'Candidate';
  }

  private becomeLeader(): void {
    this.reset(this.term);
    this.role = 'Leader';
    this.leaderId = this.id;
    const context: LeaderContext = {
      id: this.id,
      term: this.term,
      config: this.config,
      log: this.log,
      send: (m) => this.send(m),
      sendAfterPersist: (m) => this.sendAfterPersist(m),
      tickCount: () => this.tickCount,
    };
    this.leader = new LeaderState(context);
  }

  private onLeaderOutcome(outcome: LeaderOutcome): void {
    if (!outcome.stepDown) return;
    this.becomeFollower(this.term, NONE);
    if (outcome.successor !== NONE) {
      this.send(makeMessage({ type: 'MsgTimeoutNow', from: this.id, to: outcome.successor, term: this.term }));
    }
  }

  private startCampaign(kind: 'PreVote' | 'Vote', transfer: boolean): void {
    let voteTerm: number;
    let request: MessageType;
    let response: MessageType;
    if (kind === 'PreVote') {
      this.becomePreCandidate();
      voteTerm = this.term + 1;
      request = 'MsgPreVote';
      response = 'MsgPreVoteResp';
    } else {
      this.becomeCandidate();
      voteTerm = this.term;
      request = 'MsgVote';
      response = 'MsgVoteResp';
    }
    // Our own vote counts only once the term and vote are durable: it goes through the after-persist queue.
    this.sendAfterPersist(makeMessage({ type: response, from: this.id, to: this.id, term: voteTerm }));
    for (const id of this.voters) {
      if (id === this.id) continue;
      this.send(
        makeMessage({
          type: request,
          from: this.id,
          to: id,
          term: voteTerm,
          index: this.log.lastIndex,
          logTerm: this.log.lastTerm,
          transfer,
        }),
      );
    }
  }

  private tickElection(): void {
    this.electionElapsed++;
    // A node that may not campaign keeps counting: its leader lease must run out, or it would ignore the
    // (pre-)votes of the candidates that need it forever.
    if (this.electionElapsed >= this.randomizedElectionTimeout && this.canCampaign()) {
      this.electionElapsed = 0;
      this.startCampaign(this.config.preVote ? 'PreVote' : 'Vote', false);
    }
  }

  // ---- voting ----

  private handleVoteRequest(m: Message): void {
    // Any node answers, whatever its own membership says (thesis §4.1): a node promoted by an entry it has not
    // received yet must still vote. Observers never count: a candidate asks and counts only its own voters.
    const response: MessageType = m.type === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp';
    const canVote =
      this.vote === m.from ||
      (this.vote === NONE && this.leaderId === NONE) ||
      (m.type === 'MsgPreVote' && m.term > this.term);
    if (canVote && this.log.isUpToDate(m.index, m.logTerm)) {
      // A grant is answered in the candidate's term; a pre-vote grant does not bind us to anything.
      this.sendAfterPersist(makeMessage({ type: response, from: this.id, to: m.from, term: m.term }));
      if (m.type === 'MsgVote') {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.sendAfterPersist(makeMessage({ type: response, from: this.id, to: m.from, term: this.term, reject: true }));
    }
  }

  private stepCandidate(m: Message): void {
    switch (m.type) {
      case 'MsgApp':
      case 'MsgHeartbeat':
      case 'MsgSnap':
        // A leader exists for our term (or a higher one, already handled): we lost.
        this.becomeFollower(m.term, m.from);
        this.stepFollower(m);
        return;
      case 'MsgPreVoteResp':
      case 'MsgVoteResp': {
        const expected = this.role === 'PreCandidate' ? 'MsgPreVoteResp' : 'MsgVoteResp';
        if (m.type !== expected || !this.voters.includes(m.from)) return;
        if (!this.votes.has(m.from)) this.votes.set(m.from, !m.reject);
        const result = voteResult(this.voters, this.votes);
        if (result === 'Won') {
          if (this.role === 'PreCandidate') this.startCampaign('Vote', false);
          else this.becomeLeader();
        } else if (result === 'Lost') {
          this.becomeFollower(this.term, NONE);
        }
        return;
      }
      default:
        return;
    }
  }

  private stepFollower(m: Message): void {
    switch (m.type) {
      case 'MsgApp':
        this.electionElapsed = 0;
        this.leaderId = m.from;
        this.handleAppend(m);
        return;
      case 'MsgHeartbeat':
        this.electionElapsed = 0;
        this.leaderId = m.from;
        this.log.commitTo(Math.min(m.commit, this.log.lastIndex));
        this.send(makeMessage({ type: 'MsgHeartbeatResp', from: this.id, to: m.from, term: this.term }));
        return;
      case 'MsgSnap':
        this.electionElapsed = 0;
        this.leaderId = m.from;
        this.handleSnapshot(m);
        return;
      case 'MsgTimeoutNow':
        // The leader asked us to take over (§3.10): skip pre-vote, the leader vouches for us.
        if (this.canCampaign()) this.startCampaign('Vote', true);
        return;
      default:
        return;
    }
  }

  private handleAppend(m: Message): void {
    const respond = (fields: Partial<Message>) =>
      this.sendAfterPersist(makeMessage({ type: 'MsgAppResp', from: this.id, to: m.from, term: this.term, ...fields }));
    if (m.index < this.log.committed) {
      respond({ index: this.log.committed });
      return;
    }
    const lastNew = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== null) {
      respond({ index: lastNew });
      return;
    }
    // §5.3 consistency check failed; hint where our log may match so the leader skips a whole term at once.
    const hint = this.log.findConflictByTerm(Math.min(m.index, this.log.lastIndex), m.logTerm);
    respond({ index: m.index, reject: true, rejectHint: hint.index, logTerm: hint.term });
  }

  private handleSnapshot(m: Message): void {
    const snapshot = m.snapshot as Snapshot;
    const { index, term } = snapshot.meta;
    if (index > this.log.committed) {
      // Either we already hold the snapshot's last entry (just fast-forward commit) or the log is replaced by it.
      if (this.log.matchTerm(index, term)) this.log.commitTo(index);
      else this.log.restore(snapshot);
    }
    const acked = this.log.committed;
    this.sendAfterPersist(
      makeMessage({ type: 'MsgAppResp', from: this.id, to: m.from, term: this.term, index: acked }),
    );
  }

  private send(m: Message): void {
    this.msgs.push(m);
  }

  private sendAfterPersist(m: Message): void {
    this.msgsAfterPersist.push(m);
  }
}

function isSoftStateEqual(a: SoftState, b: SoftState): boolean {
  return a.leaderId === b.leaderId && a.role === b.role;
}
