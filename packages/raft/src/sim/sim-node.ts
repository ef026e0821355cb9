import type { RaftConfigInput } from '../core/config.js';
import { RaftCore } from '../core/raft-core.js';
import type { Ready } from '../core/ready.js';
import type { Entry, Message, NodeId, Snapshot } from '../core/types.js';
import { MemoryStorage } from '../storage/memory-storage.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** FNV-1a over the applied entries: a state machine whose whole state is one number, so snapshots are tiny. */
function mix(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

export class HashStateMachine {
  appliedIndex = 0;
  hash = 2166136261;

  apply(entry: Entry): void {
    if (entry.index !== this.appliedIndex + 1) {
      throw new Error(`state machine: applying ${entry.index} after ${this.appliedIndex}`);
    }
    this.hash = mix(this.hash, `${entry.index}:${decoder.decode(entry.data)};`);
    this.appliedIndex = entry.index;
  }

  encode(): Uint8Array {
    return encoder.encode(JSON.stringify({ appliedIndex: this.appliedIndex, hash: this.hash }));
  }

  restore(snapshot: Snapshot | null): void {
    if (snapshot === null) {
      this.appliedIndex = 0;
      this.hash = 2166136261;
      return;
    }
    const image = JSON.parse(decoder.decode(snapshot.data)) as { appliedIndex: number; hash: number };
    if (image.appliedIndex !== snapshot.meta.index) throw new Error('snapshot image does not match its index');
    this.appliedIndex = image.appliedIndex;
    this.hash = image.hash;
  }
}

/** Observers of what a node does with each Ready; the simulator checks invariants, scenarios print a trace. */
export interface ReadyHooks {
  /** Messages safe to send now (before persisting). */
  send(messages: Message[], node: SimNode, phase: 'now' | 'afterPersist'): void;
  onReady?(ready: Ready, node: SimNode): void;
  /** After the Ready's write reached the node's disk. */
  onPersist?(ready: Ready, node: SimNode): void;
  onApply?(entry: Entry, node: SimNode): void;
}

/**
 * One simulated node: a RaftCore (its memory, lost on crash), a MemoryStorage (its disk, kept) and a state machine
 * rebuilt from the disk's snapshot plus committed entries on restart. Processes Readies in the documented order.
 */
export class SimNode {
  readonly disk = new MemoryStorage();
  readonly stateMachine = new HashStateMachine();
  core: RaftCore | null;

  constructor(
    readonly id: NodeId,
    private readonly makeConfig: () => RaftConfigInput,
  ) {
    this.core = new RaftCore(makeConfig());
  }

  get alive(): boolean {
    return this.core !== null;
  }

  crash(): void {
    this.core = null;
    this.inFlight = null;
  }

  restart(): void {
    const state = this.disk.load();
    this.stateMachine.restore(state.snapshot);
    this.core = new RaftCore(this.makeConfig(), state);
  }

  /** A Ready whose messages went out but whose write has not completed (an asynchronous disk write). */
  private inFlight: Ready | null = null;

  get writing(): boolean {
    return this.inFlight !== null;
  }

  /** Takes a Ready and sends what may go before the write; the write itself is left in flight. */
  startReady(hooks: ReadyHooks): boolean {
    const core = this.core;
    if (core === null || this.inFlight !== null || !core.hasReady()) return false;
    const ready = core.ready();
    hooks.onReady?.(ready, this);
    hooks.send(ready.messages, this, 'now');
    this.inFlight = ready;
    return true;
  }

  /** Completes the in-flight write: persist, apply, advance, then release the messages that waited for it. */
  finishReady(hooks: ReadyHooks): boolean {
    const core = this.core;
    const ready = this.inFlight;
    if (core === null || ready === null) return false;
    this.inFlight = null;
    this.disk.writeReady(ready);
    hooks.onPersist?.(ready, this);
    if (ready.snapshot !== null) this.stateMachine.restore(ready.snapshot);
    for (const entry of ready.committedEntries) {
      if (entry.index <= this.stateMachine.appliedIndex) continue;
      this.stateMachine.apply(entry);
      hooks.onApply?.(entry, this);
    }
    hooks.send(core.advance(ready), this, 'afterPersist');
    return true;
  }

  /** Processes one Ready if there is one; `crashBeforePersist` simulates power loss after sending. */
  processReady(hooks: ReadyHooks, crashBeforePersist = false): boolean {
    if (!this.startReady(hooks)) return false;
    if (crashBeforePersist) this.crash();
    else this.finishReady(hooks);
    return true;
  }

  /** Takes an application snapshot at the applied index and compacts memory and disk (§7). */
  compact(): Snapshot | null {
    const core = this.core;
    if (core === null) return null;
    const index = this.stateMachine.appliedIndex;
    if (index <= core.log.snapshotIndex || index > core.log.applied) return null;
    const snapshot = core.compact(index, this.stateMachine.encode());
    this.disk.saveSnapshot(snapshot);
    return snapshot;
  }
}
