/**
 * The I/O shell around the pure RaftCore (etcd's `node.go` over `rawnode.go`): one serial loop owns the core.
 * Inputs (inbound messages, ticks, proposals, transfer requests) are queued and stepped only between Readies, so
 * the core is never touched while a Ready is being persisted. For each Ready, in the order core/ready.ts requires:
 * send the messages that are safe now, persist (LevelStorage: synced writes) and only then apply committed entries
 * and call advance(), whose returned messages (vote grants, append acknowledgements) depend on that write and are
 * sent last. Proposals resolve when their entry is applied, and are rejected when it is overwritten by another
 * term's entry or leadership is lost. Every `snapshotEveryEntries` applied entries the state machine's snapshot
 * replaces the log prefix (§7), and a follower that is too far behind gets it as InstallSnapshot.
 */
import {
  type Entry,
  type Message,
  RaftCore,
  type RaftInitialState,
  type RaftStorage,
  type Ready,
  type Snapshot,
  type Status,
} from '@tributary/raft';
import type { Logger } from 'pino';

export interface RaftStateMachine {
  /** Committed entries, in index order, each exactly once per process (empty entries included). */
  apply(entry: Entry): void;
  /** A leader's snapshot replaced this node's log: the state machine becomes the snapshot's state. */
  restore(snapshot: Snapshot): void;
  /** The state after the last applied entry, for log compaction. */
  snapshot(): Uint8Array;
}

export interface RaftNodeOptions {
  nodeId: number;
  voters: readonly number[];
  storage: RaftStorage;
  initial: RaftInitialState;
  stateMachine: RaftStateMachine;
  send: (messages: readonly Message[]) => void;
  logger: Logger;
  /** Tick interval (default 100 ms); with electionTicks 10 the election timeout is 1000-2000 ms (KRaft's 1000). */
  tickMs?: number;
  electionTicks?: number;
  heartbeatTicks?: number;
  /** Entries applied between two snapshots (default 1000). */
  snapshotEveryEntries?: number;
  /** Largest entry this node proposes (default 16 MiB; gRPC messages may be up to 64 MiB). */
  maxProposalBytes?: number;
  /** Bound on queued inbound messages; beyond it messages are dropped (default 4096). */
  maxInboxMessages?: number;
  /** Bound on proposals waiting to be stepped or committed (default 1024). */
  maxPendingProposals?: number;
  random?: () => number;
}

export const DEFAULT_RAFT_TICK_MS = 100;
export const DEFAULT_SNAPSHOT_EVERY_ENTRIES = 1000;
export const DEFAULT_MAX_PROPOSAL_BYTES = 16 * 1024 * 1024;

/** A proposal that did not commit: not leader, overwritten, too large, closed. `kafkaErrorCode` is retriable or not. */
export class ProposalError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
    readonly leaderId: number,
  ) {
    super(message);
    this.name = 'ProposalError';
  }
}

interface Waiter {
  term: number;
  resolve: (position: { index: number; term: number }) => void;
  reject: (error: ProposalError) => void;
}

interface QueuedProposal {
  data: Uint8Array;
  resolve: (position: { index: number; term: number }) => void;
  reject: (error: ProposalError) => void;
}

export class RaftNode {
  readonly core: RaftCore;
  private inbox: Message[] = [];
  private proposals: QueuedProposal[] = [];
  private transferTo = 0;
  private requestedSnapshot: { index: number; data: Uint8Array } | null = null;
  private pendingTicks = 0;
  private readonly waiters = new Map<number, Waiter>();
  private readonly listeners = new Set<() => void>();
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private closed = false;
  private failure: Error | null = null;
  private wasLeader = false;
  /** Inbound messages dropped because the inbox was full. */
  droppedInbound = 0;

  constructor(private readonly options: RaftNodeOptions) {
    this.core = new RaftCore(
      {
        nodeId: options.nodeId,
        voters: [...options.voters],
        electionTicks: options.electionTicks ?? 10,
        heartbeatTicks: options.heartbeatTicks ?? 1,
        // One controller command is one entry: up to MAX_RECORDS_PER_USER_OP records must fit.
        maxProposalBytes: options.maxProposalBytes ?? DEFAULT_MAX_PROPOSAL_BYTES,
        random: options.random ?? Math.random,
      },
      options.initial,
    );
  }

  start(): void {
    if (this.loop !== null) return;
    // A single voter is its own quorum: campaign at once instead of waiting out an election timeout.
    if (this.options.voters.length === 1 && this.options.voters[0] === this.options.nodeId) this.core.campaign();
    this.timer = setInterval(() => {
      this.pendingTicks++;
      this.notifyLoop();
    }, this.options.tickMs ?? DEFAULT_RAFT_TICK_MS);
    this.loop = this.run().catch((error: Error) => {
      // A failed disk write leaves the node's durable state unknown: stop taking part rather than risk safety.
      this.failure = error;
      this.options.logger.fatal({ err: error }, 'raft node stopped after an I/O failure');
      this.rejectAll(new ProposalError('RAFT_FAILED', `raft node failed: ${error.message}`, false, 0));
    });
  }

  /** Queues an inbound message from the transport. */
  step(message: Message): void {
    if (this.closed) return;
    if (this.inbox.length >= (this.options.maxInboxMessages ?? 4096)) {
      this.droppedInbound++;
      return;
    }
    this.inbox.push(message);
    this.notifyLoop();
  }

  /** Proposes `data`; resolves with its position once it is committed and applied on this node. */
  propose(data: Uint8Array): Promise<{ index: number; term: number }> {
    if (this.closed || this.failure !== null) {
      return Promise.reject(new ProposalError('CLOSED', 'raft node is closed', true, 0));
    }
    if (this.proposals.length + this.waiters.size >= (this.options.maxPendingProposals ?? 1024)) {
      return Promise.reject(new ProposalError('TOO_MANY_PROPOSALS', 'too many pending proposals', true, 0));
    }
    return new Promise((resolve, reject) => {
      this.proposals.push({ data, resolve, reject });
      this.notifyLoop();
    });
  }

  /** Asks the core to hand leadership to `to` (thesis §3.10); effective at the next loop turn. */
  transferLeadership(to: number): void {
    this.transferTo = to;
    this.notifyLoop();
  }

  /**
   * Compacts the log up to `index` (<= applied) with `data` as the state there, at the next safe point of the loop
   * (MetadataLog.writeSnapshot); automatic compaction every snapshotEveryEntries does the same.
   */
  requestSnapshot(index: number, data: Uint8Array): void {
    this.requestedSnapshot = { index, data };
    this.notifyLoop();
  }

  /** Called after every processed Ready (role, leader, commit or applied index may have changed). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): Status {
    return this.core.status();
  }

  /** The leader of the current term has applied an entry of its own term: its state machine is complete. */
  isActiveLeader(): boolean {
    const status = this.core.basicStatus();
    return status.role === 'Leader' && this.core.log.term(status.appliedIndex) === status.term;
  }

  private notifyLoop(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      await this.takeRequestedSnapshot();
      this.stepInputs();
      if (this.core.hasReady()) {
        await this.handleReady(this.core.ready());
        await this.maybeCompact();
        this.emitChange();
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private stepInputs(): void {
    const core = this.core;
    for (; this.pendingTicks > 0; this.pendingTicks--) core.tick();
    const inbox = this.inbox;
    this.inbox = [];
    for (const message of inbox) core.step(message);
    if (this.transferTo !== 0) {
      const result = core.transferLeader(this.transferTo);
      if (!result.ok) this.options.logger.info({ to: this.transferTo, why: result.error.message }, 'no transfer');
      this.transferTo = 0;
    }
    const proposals = this.proposals;
    this.proposals = [];
    for (const proposal of proposals) {
      const result = core.propose(proposal.data);
      if (result.ok) {
        this.waiters.set(result.index, { term: result.term, resolve: proposal.resolve, reject: proposal.reject });
      } else {
        const { error } = result;
        proposal.reject(new ProposalError(error.code, error.message, error.retriable, error.leaderId));
      }
    }
  }

  private async handleReady(ready: Ready): Promise<void> {
    const { send, storage, stateMachine, logger } = this.options;
    send(ready.messages);
    await storage.writeReady(ready);
    if (ready.snapshot !== null) {
      stateMachine.restore(ready.snapshot);
      for (const [index, waiter] of this.waiters) {
        if (index > ready.snapshot.meta.index) continue;
        this.waiters.delete(index);
        waiter.reject(new ProposalError('OVERWRITTEN', `entry ${index} replaced by a snapshot`, true, 0));
      }
    }
    for (const entry of ready.committedEntries) {
      stateMachine.apply(entry);
      const waiter = this.waiters.get(entry.index);
      if (waiter === undefined) continue;
      this.waiters.delete(entry.index);
      if (waiter.term === entry.term) waiter.resolve({ index: entry.index, term: entry.term });
      else waiter.reject(new ProposalError('OVERWRITTEN', `entry ${entry.index} overwritten`, true, 0));
    }
    if (ready.softState !== null) {
      const { role, leaderId } = ready.softState;
      logger.info({ role, leaderId, term: this.core.basicStatus().term }, 'raft role');
      if (this.wasLeader && role !== 'Leader') {
        // Entries of a lost term may still commit under the next leader, but this node can no longer vouch for
        // them: callers hear NOT_CONTROLLER and retry (Kafka fails pending controller operations the same way).
        this.rejectAll(new ProposalError('NOT_LEADER_OR_FOLLOWER', 'leadership lost', true, leaderId));
      }
      this.wasLeader = role === 'Leader';
    }
    send(this.core.advance(ready));
  }

  private async maybeCompact(): Promise<void> {
    const { appliedIndex, snapshotIndex } = this.core.basicStatus();
    if (appliedIndex - snapshotIndex < (this.options.snapshotEveryEntries ?? DEFAULT_SNAPSHOT_EVERY_ENTRIES)) return;
    const snapshot = this.core.compact(appliedIndex, this.options.stateMachine.snapshot());
    await this.options.storage.saveSnapshot(snapshot);
    this.options.logger.info({ index: snapshot.meta.index, term: snapshot.meta.term }, 'raft log compacted');
  }

  private async takeRequestedSnapshot(): Promise<void> {
    const requested = this.requestedSnapshot;
    this.requestedSnapshot = null;
    if (requested === null) return;
    const { appliedIndex, snapshotIndex } = this.core.basicStatus();
    if (requested.index <= snapshotIndex || requested.index > appliedIndex) return;
    const snapshot = this.core.compact(requested.index, requested.data);
    await this.options.storage.saveSnapshot(snapshot);
    this.options.logger.info({ index: snapshot.meta.index }, 'raft log compacted on request');
  }

  private emitChange(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.options.logger.error({ err: error }, 'raft change listener failed');
      }
    }
  }

  private rejectAll(error: ProposalError): void {
    for (const waiter of this.waiters.values()) waiter.reject(error);
    this.waiters.clear();
    for (const proposal of this.proposals) proposal.reject(error);
    this.proposals = [];
  }

  /** Stops ticking and stepping, waits for the Ready in progress, rejects what is pending. Storage is the caller's. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.notifyLoop();
    await this.loop;
    this.rejectAll(new ProposalError('CLOSED', 'raft node closed', true, 0));
  }
}
