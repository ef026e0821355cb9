/**
 * A Kafka-protocol client for broker-to-broker requests (the replica fetcher's connection to a leader). One request
 * in flight at a time (no pipelining: a fetcher's next request depends on the previous answer), frames bounded by
 * `maxResponseBytes`, and any socket error, timeout or oversized frame fails the pending request and closes the
 * connection; the caller reconnects with backoff.
 */
import { createConnection, type Socket } from 'node:net';
import { decodeResponse, encodeRequest } from '@tributary/protocol';

export class BrokerClientError extends Error {
  readonly code = 'BROKER_CLIENT_ERROR';
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BrokerClientError';
  }
}

export interface BrokerClientOptions {
  host: string;
  port: number;
  clientId: string;
  /** Largest response frame accepted; a bigger one closes the connection. */
  maxResponseBytes: number;
  connectTimeoutMs: number;
}

export class BrokerClient {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private pending: { resolve: (frame: Buffer) => void; reject: (error: Error) => void } | null = null;
  private correlationId = 0;
  private closedError: Error | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly options: BrokerClientOptions,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) =>
      this.fail(new BrokerClientError(`connection error: ${error.message}`, { cause: error })),
    );
    socket.on('close', () => this.fail(new BrokerClientError('connection closed')));
  }

  static connect(options: BrokerClientOptions): Promise<BrokerClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: options.host, port: options.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new BrokerClientError(`connect to ${options.host}:${options.port} timed out`));
      }, options.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new BrokerClient(socket, options));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new BrokerClientError(`connect to ${options.host}:${options.port}: ${error.message}`, { cause: error }));
      });
    });
  }

  get isClosed(): boolean {
    return this.closedError !== null;
  }

  /** Sends one request and resolves with the decoded response body; rejects after `timeoutMs`. */
  async request<T>(apiKey: number, apiVersion: number, body: object, timeoutMs: number): Promise<T> {
    if (this.closedError !== null) throw this.closedError;
    if (this.pending !== null) throw new Error('BrokerClient allows one request in flight');
    const correlationId = this.correlationId++;
    const frame = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new BrokerClientError(`request timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.pending = {
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.socket.write(encodeRequest(apiKey, apiVersion, correlationId, this.options.clientId, body));
    });
    const decoded = decodeResponse<T>(apiKey, apiVersion, frame);
    if (decoded.correlationId !== correlationId) {
      this.fail(new BrokerClientError(`correlation id ${decoded.correlationId}, expected ${correlationId}`));
      throw this.closedError!;
    }
    return decoded.body;
  }

  close(): void {
    this.fail(new BrokerClientError('client closed'));
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    if (this.bufferedBytes < 4) return;
    if (this.chunks[0].length < 4) this.chunks = [Buffer.concat(this.chunks)];
    const size = this.chunks[0].readInt32BE(0);
    if (size < 0 || size > this.options.maxResponseBytes) {
      this.fail(new BrokerClientError(`response frame of ${size} bytes exceeds ${this.options.maxResponseBytes}`));
      return;
    }
    if (this.bufferedBytes < 4 + size) return;
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    if (all.length > 4 + size || this.pending === null) {
      this.fail(new BrokerClientError('unexpected bytes from the broker'));
      return;
    }
    this.chunks = [];
    this.bufferedBytes = 0;
    const pending = this.pending;
    this.pending = null;
    pending.resolve(all.subarray(4, 4 + size));
  }

  private fail(error: Error): void {
    if (this.closedError === null) this.closedError = error;
    this.socket.destroy();
    const pending = this.pending;
    this.pending = null;
    pending?.reject(this.closedError);
  }
}
