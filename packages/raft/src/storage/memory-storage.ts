import type { RaftInitialState } from '../core/raft-core.js';
import type { Ready } from '../core/ready.js';
import type { Entry, HardState, Snapshot } from '../core/types.js';
import type { RaftStorage } from './raft-storage.js';
import { checkAppendable, limitBytes } from './raft-storage.js';

/**
 * RaftStorage in memory, synchronous. The simulator uses one per node as its "disk": it survives a simulated crash
 * while the RaftCore (and anything not yet written here) does not.
 */
export class MemoryStorage implements RaftStorage {
  private hard: HardState = { term: 0, vote: 0, commit: 0 };
  private snap: Snapshot | null = null;
  private log: Entry[] = [];

  private get snapshotIndex(): number {
    return this.snap === null ? 0 : this.snap.meta.index;
  }

  load(): RaftInitialState {
    return { hardState: { ...this.hard }, snapshot: this.snap, entries: [...this.log] };
  }

  hardState(): HardState {
    return { ...this.hard };
  }

  setHardState(hardState: HardState): void {
    this.hard = { ...hardState };
  }

  firstIndex(): number {
    return this.snapshotIndex + 1;
  }

  lastIndex(): number {
    return this.snapshotIndex + this.log.length;
  }

  term(index: number): number | undefined {
    if (this.snap !== null && index === this.snap.meta.index) return this.snap.meta.term;
    if (index === 0) return 0;
    if (index <= this.snapshotIndex || index > this.lastIndex()) return undefined;
    return this.log[index - this.snapshotIndex - 1].term;
  }

  entries(lo: number, hi: number, maxBytes = Number.POSITIVE_INFINITY): Entry[] {
    if (lo < this.firstIndex()) throw new Error(`entries(${lo}) below firstIndex ${this.firstIndex()} (compacted)`);
    const start = lo - this.snapshotIndex - 1;
    const end = Math.min(hi, this.lastIndex() + 1) - this.snapshotIndex - 1;
    return limitBytes(this.log.slice(start, Math.max(start, end)), maxBytes);
  }

  append(entries: Entry[]): void {
    if (entries.length === 0) return;
    checkAppendable(entries, this.firstIndex(), this.lastIndex());
    this.log.length = entries[0].index - this.snapshotIndex - 1;
    for (const entry of entries) this.log.push(entry);
  }

  snapshot(): Snapshot | null {
    return this.snap;
  }

  saveSnapshot(snapshot: Snapshot): void {
    const { index, term } = snapshot.meta;
    if (index <= this.snapshotIndex) return;
    if (this.term(index) === term) this.log = this.log.slice(index - this.snapshotIndex);
    else this.log = [];
    this.snap = snapshot;
  }

  writeReady(ready: Pick<Ready, 'snapshot' | 'entries' | 'hardState'>): void {
    if (ready.snapshot !== null) this.saveSnapshot(ready.snapshot);
    if (ready.entries.length > 0) this.append(ready.entries);
    if (ready.hardState !== null) this.setHardState(ready.hardState);
  }

  close(): void {}
}
