import type { Membership } from './membership.js';
import { decodeMembership } from './membership.js';
import type { Entry, Snapshot } from './types.js';
import { entryBytes } from './types.js';

/**
 * The in-memory Raft log of one node: the latest snapshot plus every entry after it. The core keeps the whole
 * post-snapshot log in memory (bounded by the application's compaction policy) so it stays synchronous; the
 * durable copy lives in a RaftStorage that the caller writes from each Ready.
 *
 * Invariants (asserted): snapshotIndex <= applied <= committed <= lastIndex; entries are dense from snapshotIndex+1;
 * stable <= lastIndex (stable = highest index known to be persisted).
 */
export class RaftLog {
  snapshotIndex = 0;
  snapshotTerm = 0;
  /** Latest snapshot including data, kept to send to followers that fell behind compaction (§7). */
  snapshot: Snapshot | null = null;
  /** Snapshot received from a leader and not yet persisted by the caller. */
  pendingSnapshot: Snapshot | null = null;
  private entries: Entry[] = [];
  committed = 0;
  applied = 0;
  stable = 0;
  /** Membership in force: from the last VotersChange entry in the log, else the snapshot, else the static config. */
  membership: Membership;
  /** Index of the VotersChange entry that defined `membership`; 0 when it came from the snapshot or config. */
  membershipIndex = 0;

  constructor(private readonly initialMembership: Membership) {
    this.membership = initialMembership;
  }

  /** Membership in force at `index` (which must not be below the snapshot). */
  membershipAt(index: number): Membership {
    for (let i = Math.min(index, this.lastIndex); i > this.snapshotIndex; i--) {
      const entry = this.entries[i - this.snapshotIndex - 1];
      if (entry.type === 'VotersChange') return decodeMembership(entry);
    }
    return this.snapshot === null
      ? this.initialMembership
      : { voters: this.snapshot.meta.voters, observers: this.snapshot.meta.observers };
  }

  private latestMembershipIndex(from: number): number {
    for (let i = Math.min(from, this.lastIndex); i > this.snapshotIndex; i--) {
      if (this.entries[i - this.snapshotIndex - 1].type === 'VotersChange') return i;
    }
    return 0;
  }

  private refreshMembership(): void {
    this.membershipIndex = this.latestMembershipIndex(this.lastIndex);
    this.membership = this.membershipAt(this.lastIndex);
  }

  get firstIndex(): number {
    return this.snapshotIndex + 1;
  }

  get lastIndex(): number {
    return this.snapshotIndex + this.entries.length;
  }

  get lastTerm(): number {
    return this.term(this.lastIndex) as number;
  }

  /** Term of the entry at `index`, or undefined when it was compacted away or does not exist yet. */
  term(index: number): number | undefined {
    if (index === this.snapshotIndex) return this.snapshotTerm;
    if (index < this.snapshotIndex || index > this.lastIndex) return undefined;
    return this.entries[index - this.snapshotIndex - 1].term;
  }

  entryAt(index: number): Entry | undefined {
    if (index <= this.snapshotIndex || index > this.lastIndex) return undefined;
    return this.entries[index - this.snapshotIndex - 1];
  }

  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /** §5.4.1 election restriction: is a candidate's log at least as up-to-date as ours? */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    return lastTerm > this.lastTerm || (lastTerm === this.lastTerm && lastIndex >= this.lastIndex);
  }

  /** Entries [lo, hi) limited to `maxBytes` of payload, but always at least one entry when the range is non-empty. */
  slice(lo: number, hi: number, maxBytes = Number.POSITIVE_INFINITY): Entry[] {
    if (lo < this.firstIndex) throw new Error(`slice(${lo}) below firstIndex ${this.firstIndex}`);
    const end = Math.min(hi, this.lastIndex + 1);
    const out: Entry[] = [];
    let bytes = 0;
    for (let i = lo; i < end; i++) {
      const entry = this.entries[i - this.snapshotIndex - 1];
      bytes += entryBytes(entry);
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(entry);
    }
    return out;
  }

  /** Appends entries, discarding any existing entry at or after the first new index (the leader's log wins). */
  append(entries: Entry[]): void {
    if (entries.length === 0) return;
    const first = entries[0].index;
    if (first <= this.committed) throw new Error(`append at ${first} would overwrite committed ${this.committed}`);
    if (first > this.lastIndex + 1) throw new Error(`append at ${first} leaves a gap after ${this.lastIndex}`);
    this.entries.length = first - this.snapshotIndex - 1;
    for (const entry of entries) this.entries.push(entry);
    this.stable = Math.min(this.stable, first - 1);
    // Cheap in the common case: rescan only when a membership entry was truncated or appended.
    if (this.membershipIndex >= first || entries.some((e) => e.type === 'VotersChange')) this.refreshMembership();
  }

  /**
   * §5.3 AppendEntries receiver: if our log has (prevIndex, prevTerm), append the entries that are new or conflict,
   * advance commit, and return the index of the last new entry; otherwise null (consistency check failed).
   */
  maybeAppend(prevIndex: number, prevTerm: number, commit: number, entries: Entry[]): number | null {
    if (!this.matchTerm(prevIndex, prevTerm)) return null;
    const lastNew = prevIndex + entries.length;
    const conflict = this.findConflict(entries);
    if (conflict !== 0) this.append(entries.slice(conflict - entries[0].index));
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  /** First index whose entry is missing or differs in term from ours; 0 when we already hold all of them. */
  private findConflict(entries: Entry[]): number {
    for (const entry of entries) {
      if (!this.matchTerm(entry.index, entry.term)) return entry.index;
    }
    return 0;
  }

  /**
   * Fast backtracking: the largest index <= `index` whose term is <= `term`. Entries above it cannot match a leader
   * whose entry at `index` has term `term`, so the leader may skip them all in one round trip.
   */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    let i = Math.min(index, this.lastIndex);
    while (i > this.snapshotIndex) {
      const t = this.term(i) as number;
      if (t <= term) return { index: i, term: t };
      i--;
    }
    return { index: i, term: this.term(i) ?? 0 };
  }

  commitTo(index: number): boolean {
    if (index <= this.committed) return false;
    if (index > this.lastIndex) throw new Error(`commit ${index} beyond lastIndex ${this.lastIndex}`);
    this.committed = index;
    return true;
  }

  unstableEntries(): Entry[] {
    if (this.stable >= this.lastIndex) return [];
    return this.entries.slice(Math.max(this.stable, this.snapshotIndex) - this.snapshotIndex);
  }

  /** Committed entries not yet handed to the application. The caller persists a Ready's entries before applying. */
  committedToApply(): Entry[] {
    // A pending snapshot is applied first, in the same Ready, so entries resume right after it.
    const from = this.pendingSnapshot === null ? this.applied : Math.max(this.applied, this.snapshotIndex);
    if (this.committed <= from) return [];
    return this.slice(from + 1, this.committed + 1);
  }

  /**
   * The entries of a Ready are on disk. If the log was overwritten meanwhile (a new leader's entries arrived during
   * the write), only the prefix that still matches counts as persisted: by log matching, the highest written entry
   * whose term still agrees vouches for every entry before it.
   */
  stableTo(written: readonly Entry[]): void {
    for (let k = written.length - 1; k >= 0; k--) {
      const { index, term } = written[k];
      if (this.matchTerm(index, term)) {
        if (index > this.stable) this.stable = index;
        return;
      }
    }
  }

  /** Installs a leader's snapshot (§7 InstallSnapshot): the whole log is replaced by it. */
  restore(snapshot: Snapshot): void {
    this.entries = [];
    this.snapshotIndex = snapshot.meta.index;
    this.snapshotTerm = snapshot.meta.term;
    this.snapshot = snapshot;
    this.pendingSnapshot = snapshot;
    this.committed = snapshot.meta.index;
    this.stable = snapshot.meta.index;
    this.refreshMembership();
  }

  /** Loads durable state after a restart: everything given is already persisted. */
  load(snapshot: Snapshot | null, entries: Entry[], committed: number, applied: number): void {
    if (snapshot !== null) {
      this.snapshot = snapshot;
      this.snapshotIndex = snapshot.meta.index;
      this.snapshotTerm = snapshot.meta.term;
    }
    for (let k = 0; k < entries.length; k++) {
      if (entries[k].index !== this.snapshotIndex + 1 + k) throw new Error('stored entries are not dense');
    }
    this.entries = [...entries];
    this.stable = this.lastIndex;
    if (committed > this.lastIndex) throw new Error(`stored commit ${committed} beyond lastIndex ${this.lastIndex}`);
    this.committed = Math.max(committed, this.snapshotIndex);
    this.applied = Math.min(Math.max(applied, this.snapshotIndex), this.committed);
    this.refreshMembership();
  }

  /** Log compaction (§7): the application took a snapshot at `index`; entries up to it are dropped. */
  compact(index: number, data: Uint8Array): Snapshot {
    if (index <= this.snapshotIndex) throw new Error(`compact ${index} not after snapshot ${this.snapshotIndex}`);
    if (index > this.applied) throw new Error(`compact ${index} beyond applied ${this.applied}`);
    const term = this.term(index) as number;
    // The snapshot records the membership as of its own index, not a later uncommitted change.
    const { voters, observers } = this.membershipAt(index);
    const snapshot: Snapshot = { meta: { index, term, voters: [...voters], observers: [...observers] }, data };
    this.entries = this.entries.slice(index - this.snapshotIndex);
    this.snapshotIndex = index;
    this.snapshotTerm = term;
    this.snapshot = snapshot;
    if (this.membershipIndex <= index) this.membershipIndex = 0;
    return snapshot;
  }
}
