/**
 * Ordered, bounded delivery of Raft messages to one peer: one RPC in flight at a time (so a peer sees our messages
 * in the order the core produced them), a queue of at most `maxQueuedMessages` (beyond it new messages are dropped:
 * Raft tolerates loss and retransmits from its own state), and after a failed RPC the queue is emptied and sending
 * pauses with exponential backoff, so a dead peer costs neither memory nor a burst of stale messages on return.
 */
import type { Message } from '@tributary/raft';
import type { Logger } from 'pino';

export const DEFAULT_MAX_QUEUED_MESSAGES_PER_PEER = 1024;
export const PEER_BACKOFF_MIN_MS = 50;
export const PEER_BACKOFF_MAX_MS = 1000;

export type DeliverMessage = (message: Message) => Promise<void>;

export class PeerSender {
  private readonly queue: Message[] = [];
  private sending = false;
  private backoffMs = 0;
  private backoffUntilMs = 0;
  private closed = false;
  private failuresLogged = 0;
  /** Messages dropped because the queue was full or the peer unreachable (for tests and metrics). */
  dropped = 0;

  constructor(
    readonly peerId: number,
    private readonly deliver: DeliverMessage,
    private readonly logger: Logger,
    private readonly maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES_PER_PEER,
    private readonly clock: () => number = Date.now,
  ) {}

  send(message: Message): void {
    if (this.closed) return;
    if (this.clock() < this.backoffUntilMs || this.queue.length >= this.maxQueuedMessages) {
      this.dropped++;
      return;
    }
    this.queue.push(message);
    if (!this.sending) void this.pump();
  }

  private async pump(): Promise<void> {
    this.sending = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const message = this.queue.shift()!;
        try {
          await this.deliver(message);
          if (this.backoffMs > 0) this.logger.info({ peer: this.peerId }, 'raft peer reachable again');
          this.backoffMs = 0;
          this.failuresLogged = 0;
        } catch (error) {
          this.dropped += 1 + this.queue.length;
          this.queue.length = 0;
          this.backoffMs = Math.min(PEER_BACKOFF_MAX_MS, Math.max(PEER_BACKOFF_MIN_MS, this.backoffMs * 2));
          this.backoffUntilMs = this.clock() + this.backoffMs;
          // One line per outage, not one per heartbeat.
          if (this.failuresLogged++ === 0) {
            this.logger.warn({ peer: this.peerId, err: (error as Error).message }, 'raft peer unreachable');
          }
        }
      }
    } finally {
      this.sending = false;
    }
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }
}
