/**
 * Keeps responses of one connection in request order while their handlers run concurrently.
 *
 * Kafka clients match each response to the oldest in-flight request (Java AbstractResponse checks the
 * correlation id), so a fast Metadata answer must wait behind a slow long-poll Fetch sent before it.
 * Pure: the caller writes what `drain` returns.
 */

/**
 * What a finished request produces: bytes to write (one Buffer, or pieces written in order so large record batches
 * go out uncopied), nothing (acks=0 produce), or a request to close.
 */
export type RequestOutcome =
  | { kind: 'response'; frame: Buffer | readonly Buffer[] }
  | { kind: 'none' }
  | { kind: 'close'; reason: string };

interface Slot {
  outcome: RequestOutcome | null;
}

export class ResponseQueue {
  private readonly slots: Slot[] = [];
  private head = 0;

  /** Number of requests admitted but not yet drained (the in-flight count bounded by queued.max.requests). */
  get size(): number {
    return this.slots.length - this.head;
  }

  /** Reserves the next position; the returned function completes it exactly once. */
  enqueue(): (outcome: RequestOutcome) => void {
    const slot: Slot = { outcome: null };
    this.slots.push(slot);
    return (outcome) => {
      if (slot.outcome !== null) throw new Error('response slot completed twice');
      slot.outcome = outcome;
    };
  }

  /** Removes and returns the completed prefix, in request order. */
  drain(): RequestOutcome[] {
    const ready: RequestOutcome[] = [];
    while (this.head < this.slots.length && this.slots[this.head].outcome !== null) {
      ready.push(this.slots[this.head].outcome!);
      this.head++;
    }
    // Compact occasionally so the array does not grow with the connection's lifetime.
    if (this.head > 1024 && this.head * 2 > this.slots.length) {
      this.slots.splice(0, this.head);
      this.head = 0;
    }
    return ready;
  }
}
