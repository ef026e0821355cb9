/**
 * The leader's view of one follower (etcd raft design.md "Progress"):
 * - Probe: the follower's log position is unknown; at most one MsgApp per heartbeat interval.
 * - Replicate: entries stream optimistically; `next` runs ahead of `match`; at most maxInflightMsgs in flight.
 * - Snapshot: a MsgSnap is in flight; nothing else is sent until it is acknowledged or times out.
 */
export type ProgressState = 'Probe' | 'Replicate' | 'Snapshot';

/** FIFO of the last index of each MsgApp in flight; bounded so a slow follower cannot grow the transport's queue. */
export class Inflights {
  private readonly lastIndexes: number[] = [];
  constructor(readonly capacity: number) {}

  get count(): number {
    return this.lastIndexes.length;
  }

  full(): boolean {
    return this.lastIndexes.length >= this.capacity;
  }

  add(lastIndex: number): void {
    if (this.full()) throw new Error('inflights overflow');
    this.lastIndexes.push(lastIndex);
  }

  /** Frees every message whose entries are all acknowledged (last index <= index). */
  freeLE(index: number): void {
    let n = 0;
    while (n < this.lastIndexes.length && this.lastIndexes[n] <= index) n++;
    if (n > 0) this.lastIndexes.splice(0, n);
  }

  freeFirstOne(): void {
    this.lastIndexes.shift();
  }

  reset(): void {
    this.lastIndexes.length = 0;
  }
}

export class Progress {
  match = 0;
  next: number;
  state: ProgressState = 'Probe';
  /** Probe state: a MsgApp was sent this heartbeat interval; cleared by a heartbeat response. */
  probeSent = false;
  /** Snapshot state: index of the snapshot being sent, and the tick it was sent at (retry after a timeout). */
  pendingSnapshot = 0;
  snapshotSentTick = 0;
  /** Check-quorum: heard from this follower since the last election-timeout check. */
  recentActive = false;
  /** Tick count of the last message from this follower (for "last fetch"/lag reporting). */
  lastContactTick = 0;
  readonly inflights: Inflights;

  constructor(
    next: number,
    maxInflight: number,
    public isVoter: boolean,
  ) {
    this.next = next;
    this.inflights = new Inflights(maxInflight);
  }

  private resetState(state: ProgressState): void {
    this.state = state;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.inflights.reset();
  }

  becomeProbe(): void {
    // After a snapshot the follower holds at least the snapshot, so start probing right after it.
    const next = this.state === 'Snapshot' ? Math.max(this.match + 1, this.pendingSnapshot + 1) : this.match + 1;
    this.resetState('Probe');
    this.next = next;
  }

  becomeReplicate(): void {
    this.resetState('Replicate');
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshotIndex: number, tick: number): void {
    this.resetState('Snapshot');
    this.pendingSnapshot = snapshotIndex;
    this.snapshotSentTick = tick;
  }

  /** An accepted MsgAppResp for `index`: returns false when it is stale (already known). */
  maybeUpdate(index: number): boolean {
    let updated = false;
    if (index > this.match) {
      this.match = index;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, index + 1);
    return updated;
  }

  /**
   * A rejected MsgAppResp for `rejected` with the follower's hint `matchHint`: move `next` back. Returns false when
   * the rejection is stale (out of order), so nothing changes.
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === 'Replicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    this.probeSent = false;
    return true;
  }

  isPaused(): boolean {
    switch (this.state) {
      case 'Probe':
        return this.probeSent;
      case 'Replicate':
        return this.inflights.full();
      case 'Snapshot':
        return true;
    }
  }
}
