/**
 * Parked delayed operations (long-poll Fetch, acks=all Produce) woken when a partition they watch changes (Kafka's
 * DelayedFetch and DelayedProduce purgatories). Pure: the fetch handler owns the timer; this only keeps the waiter lists.
 *
 * Bounded by maxWaiters: when full, `park` refuses and the caller answers at once (a fetch answered early
 * is always legal — the client simply fetches again).
 */

export interface ParkedFetch {
  /** Partition keys (`topic:partition`) the fetch reads. */
  readonly keys: readonly string[];
  /** Called at most once, on the first wake-up. */
  readonly wake: () => void;
}

export class Purgatory {
  private readonly waitersByKey = new Map<string, Set<ParkedFetch>>();
  private parked = 0;
  private closed = false;

  constructor(private readonly maxWaiters: number) {}

  get size(): number {
    return this.parked;
  }

  /** Parks a fetch; returns a function that removes it (call on timeout or completion), or null if full. */
  park(keys: readonly string[], wake: () => void): (() => void) | null {
    if (this.closed || this.parked >= this.maxWaiters) return null;
    let done = false;
    const waiter: ParkedFetch = {
      keys,
      wake: () => {
        if (done) return;
        remove();
        wake();
      },
    };
    const remove = (): void => {
      if (done) return;
      done = true;
      this.parked--;
      for (const key of keys) {
        const set = this.waitersByKey.get(key);
        if (set === undefined) continue;
        set.delete(waiter);
        if (set.size === 0) this.waitersByKey.delete(key);
      }
    };
    this.parked++;
    for (const key of keys) {
      let set = this.waitersByKey.get(key);
      if (set === undefined) {
        set = new Set();
        this.waitersByKey.set(key, set);
      }
      set.add(waiter);
    }
    return remove;
  }

  /** Wakes every fetch waiting on `key` (an append or a high-watermark move). */
  notify(key: string): void {
    const set = this.waitersByKey.get(key);
    if (set === undefined) return;
    for (const waiter of [...set]) waiter.wake();
  }

  /** Shutdown: wakes everything and refuses to park again, so every waiting request answers now. */
  close(): void {
    this.closed = true;
    for (const key of [...this.waitersByKey.keys()]) this.notify(key);
  }
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
