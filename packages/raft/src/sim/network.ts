import type { Message, NodeId } from '../core/types.js';
import { randomInt } from './prng.js';

/**
 * A simulated network: an unordered bag of messages in flight. Delivering a random element models delay and
 * reordering; loss, duplication and partitions (one-way links cut) are applied at delivery time.
 */
export class SimNetwork {
  private inFlight: Message[] = [];
  /** Cut links, as "from>to". A symmetric partition cuts both directions. */
  private readonly cut = new Set<string>();
  dropRate = 0;
  duplicateRate = 0;
  delivered = 0;
  dropped = 0;

  constructor(
    private readonly random: () => number,
    /** Bound on messages in flight: beyond it the oldest is dropped, like a full socket buffer. */
    readonly maxInFlight = 5_000,
  ) {}

  get size(): number {
    return this.inFlight.length;
  }

  send(messages: Message[]): void {
    for (const m of messages) {
      this.inFlight.push(m);
      if (this.inFlight.length > this.maxInFlight) {
        this.inFlight.shift();
        this.dropped++;
      }
    }
  }

  isCut(from: NodeId, to: NodeId): boolean {
    return this.cut.has(`${from}>${to}`);
  }

  cutLink(from: NodeId, to: NodeId): void {
    this.cut.add(`${from}>${to}`);
  }

  /** Isolates each group from the others in both directions. */
  partition(groups: NodeId[][]): void {
    for (const a of groups) {
      for (const b of groups) {
        if (a === b) continue;
        for (const from of a) for (const to of b) this.cutLink(from, to);
      }
    }
  }

  heal(): void {
    this.cut.clear();
  }

  /** Takes a random message out of flight, or null; returns null too when it was lost. */
  takeRandom(): Message | null {
    if (this.inFlight.length === 0) return null;
    const k = randomInt(this.random, this.inFlight.length);
    const m = this.inFlight[k];
    if (this.random() < this.duplicateRate) return this.admit(m);
    this.inFlight[k] = this.inFlight[this.inFlight.length - 1];
    this.inFlight.pop();
    return this.admit(m);
  }

  /** Takes all messages in send order (for the liveness phase and scenario tests). */
  takeAll(): Message[] {
    const all = this.inFlight;
    this.inFlight = [];
    const out: Message[] = [];
    for (const m of all) {
      const admitted = this.admit(m);
      if (admitted !== null) out.push(admitted);
    }
    return out;
  }

  private admit(m: Message): Message | null {
    if (this.isCut(m.from, m.to) || this.random() < this.dropRate) {
      this.dropped++;
      return null;
    }
    this.delivered++;
    return m;
  }
}
