/**
 * The leader's view of its followers for one partition (Kafka's Partition + Replica state on the leader). Pure: no
 * I/O, time is a parameter. It decides the high watermark and which ISR change to propose; the caller sends the
 * proposal to the controller (AlterPartition) and feeds the resulting image back through `applyPartitionState`.
 *
 * Invariants (asserted):
 * - the high watermark never decreases while this broker leads in one epoch, and never passes the leader's LEO;
 * - the high watermark is the minimum log end offset over the maximal ISR (committed ISR ∪ a pending expansion),
 *   Kafka's `maximalIsr` rule, so an ISR member that the controller has not yet confirmed still holds it back;
 * - follower state only counts from fetches made in the current leader epoch (stale epochs are fenced before they
 *   reach here), so a follower's offset is known to be a prefix of this leader's log (KIP-101/KIP-279 truncation
 *   happened before it fetched in this epoch).
 */

export interface FollowerState {
  /** Offset the follower asked for last: everything below it is in its log. -1 = not fetched in this epoch. */
  logEndOffset: bigint;
  /** Last time the follower was known to have everything the leader had (Kafka's lastCaughtUpTimeMs). */
  lastCaughtUpTimeMs: number;
  /** Time and leader LEO of the previous fetch, for the "caught up to what the leader had then" rule. */
  lastFetchTimeMs: number;
  lastFetchLeaderLogEndOffset: bigint;
  /** The follower's log start offset from its last fetch (v5+); -1 = unknown. Bounds the low watermark. */
  logStartOffset: bigint;
}

/** An ISR change sent to the controller and not yet seen in an image. */
export interface PendingIsrChange {
  readonly isr: readonly number[];
  readonly partitionEpoch: number;
  readonly proposedAtMs: number;
}

export interface LeaderPartitionView {
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export class PartitionLeaderState {
  private readonly followers = new Map<number, FollowerState>();
  private view: LeaderPartitionView;
  private pending: PendingIsrChange | null = null;
  /** After a refused change, no new proposal before this time (Kafka's AlterPartitionManager retry backoff). */
  private nextProposalAtMs = 0;
  /** The pending change is sent again (same ISR, same partition epoch) once this time has passed. */
  private pendingQuietUntilMs = 0;
  private highWatermarkOffset: bigint;

  /**
   * @param leaderEpochStartOffset the leader's LEO when it became leader in this epoch: a follower re-joins the ISR
   *   only once it has reached it (Kafka's isFollowerInSync), so it holds every record of earlier epochs we kept.
   */
  constructor(
    readonly localId: number,
    view: LeaderPartitionView,
    readonly leaderEpochStartOffset: bigint,
    highWatermark: bigint,
    nowMs: number,
  ) {
    if (view.leader !== localId) throw new Error(`broker ${localId} is not the leader (${view.leader})`);
    this.view = view;
    this.highWatermarkOffset = highWatermark;
    for (const id of view.replicas) {
      if (id === localId) continue;
      // ISR members get a fresh lag clock on leadership change (Kafka resets lastCaughtUpTimeMs in makeLeader).
      const inIsr = view.isr.includes(id);
      this.followers.set(id, {
        logEndOffset: -1n,
        lastCaughtUpTimeMs: inIsr ? nowMs : 0,
        lastFetchTimeMs: 0,
        lastFetchLeaderLogEndOffset: -1n,
        logStartOffset: -1n,
      });
    }
  }

  get highWatermark(): bigint {
    return this.highWatermarkOffset;
  }

  get leaderEpoch(): number {
    return this.view.leaderEpoch;
  }

  get isr(): readonly number[] {
    return this.view.isr;
  }

  get pendingIsrChange(): PendingIsrChange | null {
    return this.pending;
  }

  /** Committed ISR plus any member a pending change adds: what the high watermark must wait for. */
  maximalIsr(): number[] {
    const members = new Set(this.view.isr);
    if (this.pending !== null) for (const id of this.pending.isr) members.add(id);
    return [...members];
  }

  follower(id: number): Readonly<FollowerState> | undefined {
    return this.followers.get(id);
  }

  /**
   * A new image for this partition in the same leader epoch (ISR or replica change). Clears the pending change once
   * the controller's decision is visible (the partition epoch moved on).
   */
  applyPartitionState(view: LeaderPartitionView, nowMs: number): void {
    if (view.leaderEpoch !== this.view.leaderEpoch || view.leader !== this.localId) {
      throw new Error('a leader epoch change needs a new PartitionLeaderState');
    }
    if (this.pending !== null && view.partitionEpoch > this.pending.partitionEpoch) this.pending = null;
    for (const id of view.replicas) {
      if (id !== this.localId && !this.followers.has(id)) {
        this.followers.set(id, {
          logEndOffset: -1n,
          lastCaughtUpTimeMs: nowMs,
          lastFetchTimeMs: 0,
          lastFetchLeaderLogEndOffset: -1n,
          logStartOffset: -1n,
        });
      }
    }
    for (const id of [...this.followers.keys()]) if (!view.replicas.includes(id)) this.followers.delete(id);
    this.view = view;
  }

  /**
   * The controller answered that the pending change was NOT applied (INELIGIBLE_REPLICA, OPERATION_NOT_ATTEMPTED,
   * or a no-op): forget it so a check after `retryAtMs` can propose again. Only such answers may drop it: the
   * maximal ISR must keep a replica the controller may have added, or a zombie leader could count acks=all
   * without the replica that became the new leader (Kafka's Partition.handleAlterPartitionError).
   */
  clearPending(retryAtMs = 0): void {
    this.pending = null;
    this.nextProposalAtMs = retryAtMs;
  }

  /**
   * An answer that does not say whether the change was applied (NOT_CONTROLLER, a stale epoch, a timeout, a broken
   * connection): keep the change pending - a new image clears it once the partition epoch moves on - and send it
   * again after `retryAtMs`.
   */
  retryPendingAt(retryAtMs: number): void {
    if (this.pending !== null) this.pendingQuietUntilMs = retryAtMs;
  }

  /**
   * Kafka's Partition.updateFollowerFetchState: a fetch at `fetchOffset` means the follower holds everything below.
   * It is caught up now if it asked for the leader's LEO, or caught up as of its previous fetch if it asked for at
   * least what the leader had then.
   */
  updateFollowerFetchState(
    followerId: number,
    fetchOffset: bigint,
    leaderLogEndOffset: bigint,
    nowMs: number,
    followerLogStartOffset = -1n,
  ): boolean {
    const state = this.followers.get(followerId);
    if (state === undefined) return false;
    const startMoved = state.logStartOffset !== followerLogStartOffset;
    state.logStartOffset = followerLogStartOffset;
    if (fetchOffset >= leaderLogEndOffset) {
      state.lastCaughtUpTimeMs = Math.max(state.lastCaughtUpTimeMs, nowMs);
    } else if (fetchOffset >= state.lastFetchLeaderLogEndOffset && state.lastFetchLeaderLogEndOffset >= 0n) {
      state.lastCaughtUpTimeMs = Math.max(state.lastCaughtUpTimeMs, state.lastFetchTimeMs);
    }
    state.logEndOffset = fetchOffset;
    state.lastFetchTimeMs = nowMs;
    state.lastFetchLeaderLogEndOffset = leaderLogEndOffset;
    return startMoved;
  }

  /**
   * Kafka's Partition.lowWatermarkIfLeader: the smallest log start offset over this leader and every follower on a
   * live broker (one that has not fetched in this epoch counts as -1, unknown). DeleteRecords answers once it reaches
   * the requested offset.
   */
  lowWatermark(localLogStartOffset: bigint, isAlive: (brokerId: number) => boolean): bigint {
    let low = localLogStartOffset;
    for (const [id, state] of this.followers) {
      if (isAlive(id) && state.logStartOffset < low) low = state.logStartOffset;
    }
    return low;
  }

  /**
   * Moves the high watermark to the smallest LEO over the maximal ISR (the leader counts with its own LEO). Never
   * moves it back. Returns true when it advanced.
   */
  maybeIncrementHighWatermark(leaderLogEndOffset: bigint): boolean {
    let candidate = leaderLogEndOffset;
    for (const id of this.maximalIsr()) {
      if (id === this.localId) continue;
      const state = this.followers.get(id);
      // An ISR member that has not fetched in this epoch is unknown: it holds the high watermark where it is.
      const offset = state === undefined ? -1n : state.logEndOffset;
      if (offset < candidate) candidate = offset;
    }
    if (candidate <= this.highWatermarkOffset) return false;
    if (candidate > leaderLogEndOffset) throw new Error('high watermark above the leader log end offset');
    this.highWatermarkOffset = candidate;
    return true;
  }

  /** The leader's log was truncated below the high watermark only by recovery; keep the invariant HW <= LEO. */
  clampHighWatermark(leaderLogEndOffset: bigint): void {
    if (this.highWatermarkOffset > leaderLogEndOffset) this.highWatermarkOffset = leaderLogEndOffset;
  }

  /** ISR members (other than the leader) that have not caught up within `replicaLagTimeMaxMs` (Partition L1306). */
  outOfSyncReplicas(nowMs: number, replicaLagTimeMaxMs: number): number[] {
    return this.view.isr.filter((id) => {
      if (id === this.localId) return false;
      const state = this.followers.get(id);
      return state === undefined || nowMs - state.lastCaughtUpTimeMs > replicaLagTimeMaxMs;
    });
  }

  /**
   * Replicas outside the ISR whose log reached the high watermark and this epoch's start offset (isFollowerInSync),
   * and that `isEligible` accepts (KRaft: unfenced and not shutting down, Partition.isReplicaIsrEligible) — asking
   * the controller for an ineligible one would only be refused, again on every fetch.
   */
  caughtUpReplicas(isEligible: (id: number) => boolean = () => true): number[] {
    const found: number[] = [];
    for (const [id, state] of this.followers) {
      if (this.view.isr.includes(id) || !isEligible(id)) continue;
      if (state.logEndOffset >= this.highWatermarkOffset && state.logEndOffset >= this.leaderEpochStartOffset) {
        found.push(id);
      }
    }
    return found;
  }

  /**
   * The ISR change to ask the controller for now, or null: shrink out-of-sync members, else add caught-up ones.
   * One change in flight at a time (Kafka's PendingShrinkIsr/PendingExpandIsr states); the caller must send the
   * returned change and report the outcome. A change unanswered for `replicaLagTimeMaxMs` (request or answer lost),
   * or due again after retryPendingAt, is returned again - the same ISR at the same partition epoch, as a new object
   * so answers to the earlier send are told apart - and never dropped on time alone: the controller's
   * partition-epoch check makes a duplicate harmless.
   */
  proposeIsrChange(
    nowMs: number,
    replicaLagTimeMaxMs: number,
    isEligible: (id: number) => boolean = () => true,
  ): PendingIsrChange | null {
    if (nowMs < this.nextProposalAtMs) return null;
    if (this.pending !== null) {
      if (nowMs <= this.pendingQuietUntilMs) return null;
      this.pending = { ...this.pending };
      this.pendingQuietUntilMs = nowMs + replicaLagTimeMaxMs;
      return this.pending;
    }
    const outOfSync = this.outOfSyncReplicas(nowMs, replicaLagTimeMaxMs);
    let isr: number[] | null = null;
    if (outOfSync.length > 0) {
      isr = this.view.isr.filter((id) => !outOfSync.includes(id));
    } else {
      const caughtUp = this.caughtUpReplicas(isEligible);
      if (caughtUp.length > 0) isr = [...this.view.isr, ...caughtUp].sort((a, b) => a - b);
    }
    if (isr === null) return null;
    if (!isr.includes(this.localId)) throw new Error('an ISR proposal must keep the leader');
    this.pending = { isr, partitionEpoch: this.view.partitionEpoch, proposedAtMs: nowMs };
    this.pendingQuietUntilMs = nowMs + replicaLagTimeMaxMs;
    return this.pending;
  }
}
