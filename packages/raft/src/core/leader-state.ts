import type { RaftConfig } from './config.js';
import type { ProposeResult, TransferResult } from './errors.js';
import { RaftError } from './errors.js';
import type { Membership } from './membership.js';
import { encodeMembership } from './membership.js';
import type { Progress } from './progress.js';
import { ProgressTracker } from './progress-tracker.js';
import type { RaftLog } from './raft-log.js';
import type { FollowerStatus } from './status.js';
import type { Entry, EntryType, Message, NodeId, Snapshot } from './types.js';
import { entryBytes, makeMessage, NONE } from './types.js';

/** What the leader role needs from the node that holds it. `term` is fixed for the leader's lifetime. */
export interface LeaderContext {
  readonly id: NodeId;
  readonly term: number;
  readonly config: Readonly<RaftConfig>;
  readonly log: RaftLog;
  send(m: Message): void;
  sendAfterPersist(m: Message): void;
  tickCount(): number;
}

/** The leader keeps leading, or steps down (check-quorum failed, or its own removal committed). */
export type LeaderOutcome = { stepDown: false } | { stepDown: true; successor: NodeId };

const CONTINUE: LeaderOutcome = { stepDown: false };
const EMPTY = new Uint8Array(0);

/**
 * The leader role (one object per term led, as Kafka's LeaderState): replication with flow control, the commit
 * rule, heartbeats, check-quorum, leader transfer and proposal limits. Created on election, dropped on step-down.
 */
export class LeaderState {
  private readonly tracker: ProgressTracker;
  private uncommittedBytes = 0;
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  leadTransferee: NodeId = NONE;
  /** Proposals since the last Ready: one MsgApp per follower carries all of them (batching). */
  private pendingBroadcast = false;

  constructor(private readonly ctx: LeaderContext) {
    const { log } = ctx;
    this.tracker = new ProgressTracker(ctx.config.maxInflightMsgs);
    this.tracker.resetForLeader(log.membership, log.lastIndex + 1, ctx.id, log.stable);
    // §5.4.2: a leader commits entries of earlier terms only by committing one of its own; append it now (§8).
    this.appendEntry(EMPTY, 'Normal');
  }

  get hasPendingBroadcast(): boolean {
    return this.pendingBroadcast;
  }

  flushBroadcast(): void {
    if (!this.pendingBroadcast) return;
    this.pendingBroadcast = false;
    this.broadcastAppend();
  }

  propose(data: Uint8Array): ProposeResult {
    const { config } = this.ctx;
    const refused = this.refuseWrite();
    if (refused !== null) return { ok: false, error: refused };
    if (data.byteLength > config.maxProposalBytes) {
      const why = `proposal of ${data.byteLength} bytes exceeds maxProposalBytes ${config.maxProposalBytes}`;
      return { ok: false, error: new RaftError('MESSAGE_TOO_LARGE', false, why) };
    }
    if (this.uncommittedBytes > 0 && this.uncommittedBytes + data.byteLength > config.maxUncommittedBytes) {
      const why = `uncommitted bytes ${this.uncommittedBytes} + ${data.byteLength} exceed ${config.maxUncommittedBytes}`;
      return { ok: false, error: new RaftError('UNCOMMITTED_BYTES_LIMIT', true, why) };
    }
    const entry = this.appendEntry(data, 'Normal');
    return { ok: true, index: entry.index, term: entry.term };
  }

  proposeMembership(next: Membership): ProposeResult {
    const { log, term } = this.ctx;
    const refused = this.refuseWrite();
    if (refused !== null) return { ok: false, error: refused };
    // One change at a time, and only after this leader committed an entry of its own term: otherwise a change from
    // an earlier term could still be overwritten, and two majorities might not overlap (the single-server
    // membership-change bug reported on raft-dev in 2015; KIP-853 waits for the high watermark for the same reason).
    if (log.membershipIndex > log.committed || log.term(log.committed) !== term) {
      const error = new RaftError('MEMBERSHIP_CHANGE_PENDING', true, 'a membership change is not committed yet');
      return { ok: false, error };
    }
    const entry = this.appendEntry(encodeMembership(next), 'VotersChange');
    this.tracker.syncWithMembership(log.membership, log.lastIndex + 1);
    return { ok: true, index: entry.index, term: entry.term };
  }

  private refuseWrite(): RaftError | null {
    if (this.leadTransferee === NONE) return null;
    return new RaftError('LEADER_TRANSFER_IN_PROGRESS', true, 'leader transfer in progress');
  }

  /** Thesis §3.10: hand leadership to `to` once its log is caught up (MsgTimeoutNow). */
  transfer(to: NodeId): TransferResult {
    const { id, log, term } = this.ctx;
    if (!log.membership.voters.includes(to)) {
      return { ok: false, error: new RaftError('INVALID_TRANSFER_TARGET', false, `${to} is not a voter`) };
    }
    if (to === id || to === this.leadTransferee) return { ok: true };
    this.leadTransferee = to;
    // The transfer is abandoned if it has not finished within one election timeout (see tick).
    this.electionElapsed = 0;
    const pr = this.tracker.get(to) as Progress;
    if (pr.match === log.lastIndex) this.ctx.send(makeMessage({ type: 'MsgTimeoutNow', from: id, to, term }));
    else this.sendAppend(to, true);
    return { ok: true };
  }

  tick(): LeaderOutcome {
    const { config, id } = this.ctx;
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= config.electionTicks) {
      this.electionElapsed = 0;
      if (config.checkQuorum && !this.tracker.quorumActive(id)) return { stepDown: true, successor: NONE };
      this.leadTransferee = NONE;
    }
    const now = this.ctx.tickCount();
    for (const [follower, pr] of this.tracker.entries()) {
      // A lost MsgSnap would leave the follower in Snapshot state forever: retry after an election timeout.
      if (pr.state === 'Snapshot' && now - pr.snapshotSentTick >= config.electionTicks) {
        pr.becomeProbe();
        this.sendAppend(follower, true);
      }
    }
    if (this.heartbeatElapsed >= config.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.broadcastHeartbeat();
    }
    return CONTINUE;
  }

  /** Handles MsgAppResp and MsgHeartbeatResp from followers, and the leader's own write acknowledgement. */
  step(m: Message): LeaderOutcome {
    const { id, log, term } = this.ctx;
    const pr = this.tracker.get(m.from);
    if (pr === undefined) return CONTINUE;
    if (m.from !== id) {
      pr.recentActive = true;
      pr.lastContactTick = this.ctx.tickCount();
    }
    if (m.type === 'MsgHeartbeatResp') {
      pr.probeSent = false;
      if (pr.state === 'Replicate' && pr.inflights.full()) pr.inflights.freeFirstOne();
      if (pr.match < log.lastIndex || pr.state === 'Probe') this.sendAppend(m.from, true);
      return CONTINUE;
    }
    if (m.type !== 'MsgAppResp') return CONTINUE;
    if (m.from === id) return pr.maybeUpdate(m.index) && this.maybeCommit() ? this.onCommitAdvanced() : CONTINUE;
    if (m.reject) {
      const hint = m.logTerm > 0 ? log.findConflictByTerm(m.rejectHint, m.logTerm).index : m.rejectHint;
      if (pr.maybeDecrTo(m.index, hint)) {
        if (pr.state === 'Replicate') pr.becomeProbe();
        this.sendAppend(m.from, true);
      }
      return CONTINUE;
    }
    const wasPaused = pr.isPaused();
    if (!pr.maybeUpdate(m.index)) return CONTINUE;
    if (pr.state === 'Probe') pr.becomeReplicate();
    else if (pr.state === 'Snapshot' && pr.match + 1 >= log.firstIndex) {
      pr.becomeProbe();
      pr.becomeReplicate();
    } else if (pr.state === 'Replicate') pr.inflights.freeLE(m.index);
    if (this.maybeCommit()) {
      const outcome = this.onCommitAdvanced();
      if (outcome.stepDown) return outcome;
    } else if (wasPaused) this.sendAppend(m.from, true);
    // Fill the pipeline up to the in-flight limit.
    while (this.sendAppend(m.from, false)) {}
    if (m.from === this.leadTransferee && pr.match === log.lastIndex) {
      this.ctx.send(makeMessage({ type: 'MsgTimeoutNow', from: id, to: m.from, term }));
    }
    return CONTINUE;
  }

  followers(): FollowerStatus[] {
    const now = this.ctx.tickCount();
    const out: FollowerStatus[] = [];
    for (const [nodeId, pr] of this.tracker.entries()) {
      out.push({
        nodeId,
        isVoter: pr.isVoter,
        matchIndex: pr.match,
        nextIndex: pr.next,
        state: pr.state,
        lastContactTick: nodeId === this.ctx.id ? now : pr.lastContactTick,
      });
    }
    return out;
  }

  private appendEntry(data: Uint8Array, type: EntryType): Entry {
    const { id, log, term } = this.ctx;
    const entry: Entry = { term, index: log.lastIndex + 1, type, data };
    log.append([entry]);
    this.uncommittedBytes += entryBytes(entry);
    // The leader's own acknowledgement, delivered once the entry is on its disk.
    this.ctx.sendAfterPersist(makeMessage({ type: 'MsgAppResp', from: id, to: id, term, index: entry.index }));
    this.pendingBroadcast = true;
    return entry;
  }

  /** §5.3/§5.4.2: commit the highest index stored on a quorum of voters, but only if it is from the current term. */
  private maybeCommit(): boolean {
    const { log, term } = this.ctx;
    const candidate = this.tracker.committedIndex();
    if (candidate <= log.committed || log.term(candidate) !== term) return false;
    for (let i = log.committed + 1; i <= candidate; i++) {
      const entry = log.entryAt(i) as Entry;
      if (entry.term === term) this.uncommittedBytes = Math.max(0, this.uncommittedBytes - entryBytes(entry));
    }
    return log.commitTo(candidate);
  }

  /** Tells followers the new commit index; resigns when the commit included this leader's own removal. */
  private onCommitAdvanced(): LeaderOutcome {
    const { id, log } = this.ctx;
    this.broadcastAppend();
    if (!log.membership.voters.includes(id) && log.committed >= log.membershipIndex) {
      // Like KIP-595's EndQuorumEpoch: the most caught-up voter campaigns at once instead of every voter waiting
      // out its leader lease.
      return { stepDown: true, successor: this.tracker.mostCaughtUpVoter(id) };
    }
    return CONTINUE;
  }

  private broadcastAppend(): void {
    for (const [follower] of this.tracker.entries()) if (follower !== this.ctx.id) this.sendAppend(follower, true);
  }

  private broadcastHeartbeat(): void {
    const { id, log, term } = this.ctx;
    for (const [follower, pr] of this.tracker.entries()) {
      if (follower === id) continue;
      // Never tell a follower to commit past what it is known to hold.
      const commit = Math.min(pr.match, log.committed);
      this.ctx.send(makeMessage({ type: 'MsgHeartbeat', from: id, to: follower, term, commit }));
    }
  }

  /** Sends one MsgApp (or MsgSnap) to `to` if flow control allows; returns whether anything was sent. */
  private sendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const { id, log, term, config } = this.ctx;
    const pr = this.tracker.get(to) as Progress;
    if (pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    const prevTerm = log.term(prevIndex);
    if (prevTerm === undefined) {
      // §7: the entries the follower needs were compacted; send the snapshot instead.
      const snapshot = log.snapshot as Snapshot;
      pr.becomeSnapshot(snapshot.meta.index, this.ctx.tickCount());
      this.ctx.send(makeMessage({ type: 'MsgSnap', from: id, to, term, snapshot }));
      return true;
    }
    const entries = log.slice(pr.next, log.lastIndex + 1, config.maxSizePerMsgBytes);
    if (entries.length === 0 && !sendIfEmpty) return false;
    const commit = log.committed;
    this.ctx.send(
      makeMessage({ type: 'MsgApp', from: id, to, term, index: prevIndex, logTerm: prevTerm, entries, commit }),
    );
    if (pr.state === 'Replicate' && entries.length > 0) {
      const last = entries[entries.length - 1].index;
      pr.next = last + 1;
      pr.inflights.add(last);
    } else if (pr.state === 'Probe') {
      pr.probeSent = true;
    }
    return true;
  }
}
