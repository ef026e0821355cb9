/**
 * A broker's side of connection-based liveness: once registered, it keeps one BrokerSession open on the active
 * controller, and reopens it at once when it ends (the controller lost leadership, or died: the new active
 * controller fences brokers that open no session within its takeover window). Failed attempts are retried every
 * 100 ms, so a leader change is followed within a few attempts; the heartbeats keep flowing independently.
 */
import type { Logger } from 'pino';

export interface BrokerSessionChannel {
  /**
   * Holds the session of `brokerId` at `brokerEpoch` on the active controller: calls onOpen once it is accepted,
   * resolves when `signal` aborts it, rejects when it is refused or ends otherwise.
   */
  holdBrokerSession(brokerId: number, brokerEpoch: bigint, signal: AbortSignal, onOpen: () => void): Promise<void>;
}

/** Gap between attempts to open a session (no active controller known yet, refused, unreachable). */
export const BROKER_SESSION_RETRY_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class BrokerSessionKeeper {
  private epoch = -1n;
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly channel: BrokerSessionChannel,
    private readonly brokerId: number,
    private readonly logger: Logger,
  ) {}

  /** Keeps a session at `epoch` open (a new epoch replaces the session of the old one). */
  hold(epoch: bigint): void {
    if (this.abort !== null && this.epoch === epoch) return;
    this.abort?.abort();
    this.epoch = epoch;
    const abort = new AbortController();
    this.abort = abort;
    const previous = this.loop;
    this.loop = (previous ?? Promise.resolve()).then(() => this.run(epoch, abort.signal));
  }

  /** Closes the session (the controller fences the broker after its disconnect grace unless it is fenced already). */
  async stop(): Promise<void> {
    this.abort?.abort();
    this.abort = null;
    await this.loop;
  }

  private async run(epoch: bigint, signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        await this.channel.holdBrokerSession(this.brokerId, epoch, signal, () => {
          if (failures > 0) this.logger.info({ brokerEpoch: epoch.toString() }, 'broker session reopened');
          failures = 0;
        });
      } catch (error) {
        if (!signal.aborted && failures++ === 0) {
          this.logger.info({ err: (error as Error).message }, 'broker session ended; reopening');
        }
      }
      if (!signal.aborted) await sleep(BROKER_SESSION_RETRY_MS);
    }
  }
}
