/**
 * A minimal pipelined Kafka client connection for the perf tools: sends whole request frames, splits the response
 * stream on the int32 size prefix and hands each frame to the request that is owed it. Kafka answers requests on
 * one connection in order, so a FIFO of pending requests matches responses without looking at correlation ids
 * (they are still checked, as an assertion).
 */
import { connect, type Socket } from 'node:net';
import { decodeResponse, encodeRequest } from '@tributary/protocol';

/** A response frame larger than this means the stream is out of sync; fail rather than buffer it. */
const RESPONSE_BYTES_MAX = 256 * 1024 * 1024;
const CLIENT_ID = 'tributary-perf';

interface Pending {
  correlationId: number;
  apiKey: number;
  apiVersion: number;
  resolve: (body: any) => void;
  reject: (error: Error) => void;
}

export class KafkaConnection {
  private readonly pending: Pending[] = [];
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  private nextCorrelationId = 1;
  private failure: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed by the broker')));
  }

  static open(host: string, port: number, timeoutMs = 10_000): Promise<KafkaConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new KafkaConnection(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Sends a request; resolves with the decoded response body. `expectResponse=false` is for acks=0 Produce. */
  send<T = any>(apiKey: number, apiVersion: number, body: object, expectResponse = true): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId++;
    const frame = encodeRequest(apiKey, apiVersion, correlationId, CLIENT_ID, body);
    if (!expectResponse) {
      this.socket.write(frame);
      return Promise.resolve(undefined as T);
    }
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ correlationId, apiKey, apiVersion, resolve, reject });
      this.socket.write(frame);
    });
  }

  /** Resolves once the socket's send buffer has drained (back-pressure for fire-and-forget sends). */
  drained(): Promise<void> {
    if (!this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('drain', resolve));
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    while (this.bufferedBytes >= 4) {
      // Only the first 4 bytes are needed for the size; concatenating the whole buffer on every chunk would make
      // a large Fetch response quadratic to assemble.
      if (this.chunks[0].length < 4) this.flatten();
      const size = this.chunks[0].readInt32BE(0);
      if (size < 4 || size > RESPONSE_BYTES_MAX) {
        this.fail(new Error(`bad response size ${size}`));
        this.socket.destroy();
        return;
      }
      if (this.bufferedBytes < 4 + size) return;
      const all = this.chunks.length === 1 ? this.chunks[0] : this.flatten();
      const frame = all.subarray(4, 4 + size);
      const rest = all.subarray(4 + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.bufferedBytes = rest.length;
      this.deliver(frame);
    }
  }

  private flatten(): Buffer {
    const all = Buffer.concat(this.chunks, this.bufferedBytes);
    this.chunks = [all];
    return all;
  }

  private deliver(frame: Buffer): void {
    const request = this.pending.shift();
    if (!request) {
      this.fail(new Error('response with no request waiting for it'));
      return;
    }
    try {
      const { correlationId, body } = decodeResponse(request.apiKey, request.apiVersion, frame);
      if (correlationId !== request.correlationId) {
        throw new Error(`correlation id ${correlationId}, expected ${request.correlationId}`);
      }
      request.resolve(body);
    } catch (error) {
      request.reject(error as Error);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const request of this.pending.splice(0)) request.reject(error);
  }
}
