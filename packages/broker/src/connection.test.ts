// Intent: a connection answers in request order whatever order handlers finish in (responses given as pieces
// included), caps in-flight requests (back-pressure), closes on an oversize frame before reading its body, and
// closes when idle.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection, type FrameHandler } from './connection.js';

const logger = pino({ level: 'silent' });
let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function listen(handler: FrameHandler, limits = { maxFrameBytes: 1024, maxInFlight: 10, idleMs: 60_000 }) {
  server = createServer((socket) => new Connection(1, socket, limits, handler, logger, () => {}));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const client = createConnection(port, '127.0.0.1');
  await new Promise((resolve) => client.once('connect', resolve));
  return client;
}

function frame(text: string): Buffer {
  const body = Buffer.from(text);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function collect(client: Socket): { text: () => string; closed: Promise<void> } {
  let data = '';
  client.on('data', (chunk) => {
    data += chunk.toString();
  });
  const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
  return { text: () => data, closed };
}

const until = async (predicate: () => boolean) => {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('Connection', () => {
  it('writes responses in request order even when later requests finish first', async () => {
    const client = await listen(async (f) => {
      const text = f.toString();
      await new Promise((r) => setTimeout(r, text === 'a' ? 60 : text === 'b' ? 30 : 0));
      return { kind: 'response', frame: Buffer.from(text.toUpperCase()) };
    });
    const out = collect(client);
    client.write(Buffer.concat([frame('a'), frame('b'), frame('c')]));
    await until(() => out.text().length === 3);
    expect(out.text()).toBe('ABC');
    client.destroy();
  });

  it('writes a response given as pieces whole and in order, between whole-buffer responses', async () => {
    const client = await listen(async (f) => {
      const text = f.toString();
      if (text !== 'b') return { kind: 'response', frame: Buffer.from(text.toUpperCase()) };
      return { kind: 'response', frame: ['<', 'x'.repeat(5000), '>'].map((piece) => Buffer.from(piece)) };
    });
    const out = collect(client);
    client.write(Buffer.concat([frame('a'), frame('b'), frame('c')]));
    await until(() => out.text().length === 5004);
    expect(out.text()).toBe(`A<${'x'.repeat(5000)}>C`);
    client.destroy();
  });

  it('admits at most maxInFlight requests until responses drain', async () => {
    const release: (() => void)[] = [];
    const client = await listen(
      (f) =>
        new Promise((resolve) => release.push(() => resolve({ kind: 'response', frame: Buffer.from(f.toString()) }))),
      { maxFrameBytes: 1024, maxInFlight: 2, idleMs: 60_000 },
    );
    const out = collect(client);
    client.write(Buffer.concat(['1', '2', '3', '4', '5'].map(frame)));
    await until(() => release.length === 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(release.length).toBe(2);
    release[0]();
    release[1]();
    await until(() => release.length === 4);
    release[2]();
    release[3]();
    await until(() => release.length === 5);
    release[4]();
    await until(() => out.text().length === 5);
    expect(out.text()).toBe('12345');
    client.destroy();
  });

  it('closes the connection on an oversize frame without waiting for its body', async () => {
    let calls = 0;
    const client = await listen(async () => {
      calls++;
      return { kind: 'none' };
    });
    const out = collect(client);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(1025);
    client.write(prefix);
    await out.closed;
    expect(calls).toBe(0);
  });

  it('closes after a handler asks to, delivering earlier responses first', async () => {
    const client = await listen(async (f) =>
      f.toString() === 'bad' ? { kind: 'close', reason: 'test' } : { kind: 'response', frame: Buffer.from('ok') },
    );
    const out = collect(client);
    client.write(Buffer.concat([frame('good'), frame('bad'), frame('good')]));
    await out.closed;
    expect(out.text()).toBe('ok');
  });

  it('closes an idle connection', async () => {
    const client = await listen(async () => ({ kind: 'none' }), { maxFrameBytes: 1024, maxInFlight: 2, idleMs: 50 });
    const out = collect(client);
    await out.closed;
    expect(out.text()).toBe('');
  });
});
