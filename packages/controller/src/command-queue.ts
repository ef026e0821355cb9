/**
 * Runs controller commands one at a time, in arrival order (the single-threaded event queue of Kafka's
 * QuorumController), with a bound on how many may wait: past it a command is refused at once with
 * ControllerQueueFullError instead of queueing without limit.
 */
import { ControllerClosedError, ControllerQueueFullError } from './errors.js';

/** Default bound on queued + running commands. */
export const DEFAULT_MAX_PENDING_COMMANDS = 1024;

export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private closed = false;

  constructor(readonly maxPending: number = DEFAULT_MAX_PENDING_COMMANDS) {
    if (!Number.isInteger(maxPending) || maxPending < 1) throw new Error(`maxPending must be >= 1, got ${maxPending}`);
  }

  get size(): number {
    return this.pending;
  }

  /** Queues `task`; `after` runs once the task settles, before the next task starts (e.g. a snapshot). */
  run<T>(task: () => Promise<T>, after?: () => Promise<void>): Promise<T> {
    if (this.closed) return Promise.reject(new ControllerClosedError('controller is closed'));
    if (this.pending >= this.maxPending) {
      return Promise.reject(new ControllerQueueFullError(`controller queue holds ${this.pending} commands`));
    }
    this.pending++;
    // The count drops as soon as the task settles, so a caller awaiting it can queue its next command at once.
    const result = this.tail.then(task).finally(() => {
      this.pending--;
    });
    this.tail = result
      .then(
        () => after?.(),
        () => undefined,
      )
      // `after` logs its own failures; the queue must keep running whatever happens.
      .catch(() => undefined);
    return result;
  }

  /** Refuses new commands and waits for queued ones to finish. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail.catch(() => undefined);
  }
}
