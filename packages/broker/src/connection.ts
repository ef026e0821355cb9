/**
 * One client TCP connection: frames in, handler calls (possibly concurrent), responses out strictly in
 * request order. The I/O shell around FrameReader and ResponseQueue.
 *
 * Limits: a frame above socket.request.max.bytes (or negative) closes the connection before its body is
 * buffered; at most `maxInFlight` (queued.max.requests) requests are admitted, beyond that the socket is paused
 * (TCP back-pressure); a client that does not read its responses stops being read as well; a connection idle for
 * connections.max.idle.ms with nothing in flight is closed.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { FrameReader, InvalidFrameSizeError } from './frame-reader.js';
import { type RequestOutcome, ResponseQueue } from './response-queue.js';

export interface ConnectionLimits {
  maxFrameBytes: number;
  maxInFlight: number;
  idleMs: number;
}

export interface ConnectionInfo {
  readonly id: number;
  readonly remoteAddress: string;
}

export type FrameHandler = (frame: Buffer, connection: ConnectionInfo) => Promise<RequestOutcome>;

export class Connection implements ConnectionInfo {
  readonly remoteAddress: string;
  private readonly reader: FrameReader;
  private readonly queue = new ResponseQueue();
  private closed = false;
  private paused = false;
  private writeBlocked = false;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly limits: ConnectionLimits,
    private readonly handle: FrameHandler,
    private readonly logger: Logger,
    private readonly onClose: (connection: Connection) => void,
  ) {
    this.remoteAddress = `${socket.remoteAddress}:${socket.remotePort}`;
    this.reader = new FrameReader(limits.maxFrameBytes);
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleMs);
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      this.pump();
    });
    socket.on('drain', () => {
      this.writeBlocked = false;
      this.pump();
    });
    socket.on('timeout', () => {
      if (this.queue.size === 0) this.close('idle for connections.max.idle.ms', 'info');
    });
    socket.on('error', (err) => this.close(`socket error: ${err.message}`, 'debug'));
    socket.on('close', () => this.close('closed by peer', 'debug'));
  }

  get inFlight(): number {
    return this.queue.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Closes the connection; `graceful` lets already-written responses reach the client first. */
  close(reason: string, level: 'debug' | 'info' | 'warn' = 'warn', graceful = false): void {
    if (this.closed) return;
    this.closed = true;
    this.logger[level]({ connectionId: this.id, remote: this.remoteAddress, reason }, 'closing connection');
    if (graceful) {
      this.socket.end();
      // A client that never closes its side must not hold the socket open forever.
      setTimeout(() => this.socket.destroy(), 5000).unref();
    } else this.socket.destroy();
    this.onClose(this);
  }

  /** Admits complete frames while there is room in flight and the client reads its responses. */
  private pump(): void {
    while (!this.closed && !this.writeBlocked && this.queue.size < this.limits.maxInFlight) {
      let frame: Buffer | null;
      try {
        frame = this.reader.next();
      } catch (err) {
        if (!(err instanceof InvalidFrameSizeError)) throw err;
        this.close(err.message);
        return;
      }
      if (frame === null) break;
      const complete = this.queue.enqueue();
      this.handle(frame, this).then(
        (outcome) => {
          complete(outcome);
          this.flush();
        },
        (err: unknown) => {
          complete({ kind: 'close', reason: `request handler failed: ${(err as Error)?.message ?? String(err)}` });
          this.flush();
        },
      );
    }
    const shouldPause = !this.closed && (this.writeBlocked || this.queue.size >= this.limits.maxInFlight);
    if (shouldPause && !this.paused) {
      this.paused = true;
      this.socket.pause();
    } else if (!shouldPause && this.paused && !this.closed) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** Writes the completed prefix of responses in one corked batch. */
  private flush(): void {
    if (this.closed) return;
    const ready = this.queue.drain();
    if (ready.length === 0) return;
    this.socket.cork();
    let closeReason: string | null = null;
    for (const outcome of ready) {
      if (outcome.kind === 'response') {
        // Corked, the pieces of a chunked frame leave in one writev with the rest of the batch.
        const pieces = Buffer.isBuffer(outcome.frame) ? [outcome.frame] : outcome.frame;
        for (const piece of pieces) if (!this.socket.write(piece)) this.writeBlocked = true;
      } else if (outcome.kind === 'close') {
        closeReason = outcome.reason;
        break;
      }
    }
    this.socket.uncork();
    if (closeReason !== null) {
      // Responses before the failing request are still delivered, as Kafka does before it closes.
      this.close(closeReason, 'warn', true);
      return;
    }
    this.pump();
  }
}
