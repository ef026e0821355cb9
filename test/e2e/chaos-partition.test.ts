// The partition nemesis cuts one process off from another in both directions (each in its own cgroup, iptables cgroup
// match on loopback) while a client outside both still reaches each, heals back to full connectivity, and leaves no
// iptables chain or cgroup behind. Needs root, iptables and cgroup v2: elsewhere it is skipped with the reason.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error - plain ESM script without type declarations
import { PartitionNemesis, partitionUnavailableReason, spawnInCgroup } from '../../scripts/chaos/partition.mjs';

const unavailable: string | null = partitionUnavailableReason();
if (unavailable !== null) console.warn(`chaos-partition.test skipped: ${unavailable}`);

const CONNECT_TIMEOUT_MS = 1000;
// A stand-in for a node: listens on a port and, per "connect PORT" line on stdin, reports whether it could connect.
const PEER_SCRIPT = `
const net = require('node:net');
const server = net.createServer((socket) => socket.end('hi'));
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const port = Number(line.split(' ')[1]);
  const socket = net.connect(port, '127.0.0.1');
  const done = (result) => { clearTimeout(timer); socket.destroy(); console.log(result + ' ' + port); };
  const timer = setTimeout(() => done('fail'), ${CONNECT_TIMEOUT_MS});
  socket.once('data', () => done('ok'));
  socket.once('error', () => done('fail'));
});
`;

/** Whether this (test) process, outside every node cgroup, can connect to `port`. */
function clientConnects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), CONNECT_TIMEOUT_MS);
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
  });
}

describe.skipIf(unavailable !== null)('partition nemesis', () => {
  const ports = new Map<number, number>();
  const peers = new Map<number, { child: any; lines: AsyncIterator<string> }>();
  const nemesis = new PartitionNemesis({ nodeIds: [1, 2], portsOf: (id: number) => [ports.get(id)], log: () => {} });

  afterAll(() => {
    for (const { child } of peers.values()) child.kill('SIGKILL');
    nemesis.teardown();
  });

  async function peerConnects(from: number, to: number): Promise<boolean> {
    const peer = peers.get(from)!;
    peer.child.stdin.write(`connect ${ports.get(to)}\n`);
    const { value } = await peer.lines.next();
    return value === `ok ${ports.get(to)}`;
  }

  it('isolates a node from its peers but not from clients, heals, and cleans up', async () => {
    nemesis.setup();
    for (const id of [1, 2]) {
      const child = spawnInCgroup(nemesis.cgroupProcsOf(id), process.execPath, ['-e', PEER_SCRIPT], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const { value } = await lines.next();
      ports.set(id, Number(/^listening (\d+)$/.exec(value)![1]));
      peers.set(id, { child, lines });
    }
    expect(await peerConnects(1, 2)).toBe(true);
    expect(await peerConnects(2, 1)).toBe(true);

    nemesis.isolate(1);
    expect(await peerConnects(1, 2)).toBe(false);
    expect(await peerConnects(2, 1)).toBe(false);
    expect(await clientConnects(ports.get(1)!)).toBe(true);
    expect(await clientConnects(ports.get(2)!)).toBe(true);

    nemesis.heal();
    expect(await peerConnects(1, 2)).toBe(true);
    expect(await peerConnects(2, 1)).toBe(true);

    for (const { child } of peers.values()) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    nemesis.teardown();
    expect(execFileSync('iptables', ['-S'], { encoding: 'utf8' })).not.toContain(nemesis.chain);
    expect(existsSync(`${nemesis.root}/${nemesis.group}`)).toBe(false);
  });
});
