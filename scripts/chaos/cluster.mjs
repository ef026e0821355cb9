// A local cluster whose node processes the chaos runner owns: the layout `tributary cluster start` uses (combined
// broker,controller nodes, node N on basePort + 100*(N-1) and its controller one port up), each node started as
// `tributary node --config DIR/node-N/server.properties` so that it can be killed, frozen and restarted on its own data
// dir - and, for the partition nemesis, started inside its own cgroup so its sockets can be told apart by iptables.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawnInCgroup } from './partition.mjs';

export const NODE_START_TIMEOUT_MS = 60_000;
/** Client ports are chosen here, below Linux's ephemeral range (32768+), so no client socket can take one. */
const BASE_PORT_MIN = 20_000;
const BASE_PORT_MAX = 32_000;

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freeBasePort(nodes, random = Math.random) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = BASE_PORT_MIN + Math.floor(random() * (BASE_PORT_MAX - BASE_PORT_MIN - 100 * nodes));
    const ports = Array.from({ length: nodes }, (_, i) => [base + 100 * i, base + 100 * i + 1]).flat();
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return base;
  }
  throw new Error('no free base port for a local cluster in 100 attempts');
}

export class ChaosCluster {
  /** node id -> { child, state: 'running' | 'paused' | 'killed' | 'stopped' } */
  nodes = new Map();
  /** Nodes that exited without being killed or stopped: a crash, which the run reports as an anomaly. */
  unexpectedExits = [];

  /**
   * `cli` is @tributary/cli's built entry (localClusterLayout, toPropertiesText); `clusterId` from @tributary/node;
   * `cgroupProcsOf(nodeId)` gives the cgroup.procs file a node must start in, or null.
   */
  constructor({ cli, main, dataDir, basePort, nodes, clusterId, cgroupProcsOf, log }) {
    this.main = main;
    this.dataDir = dataDir;
    this.cgroupProcsOf = cgroupProcsOf ?? (() => null);
    this.log = log;
    this.specs = cli.localClusterLayout({ nodes, dataDir, basePort, clusterId });
    for (const spec of this.specs) {
      mkdirSync(spec.dataDir, { recursive: true });
      writeFileSync(join(spec.dataDir, 'server.properties'), cli.toPropertiesText(spec.properties));
    }
  }

  get nodeIds() {
    return this.specs.map((s) => s.nodeId);
  }

  spec(nodeId) {
    return this.specs.find((s) => s.nodeId === nodeId);
  }

  brokerAddress(nodeId) {
    return `127.0.0.1:${this.spec(nodeId).brokerPort}`;
  }

  /** Every node at once: a node reports "node started" only once a controller quorum exists. */
  startAll() {
    return Promise.all(this.nodeIds.map((id) => this.startNode(id)));
  }

  /** Starts (or restarts, on the same data dir and config) one node; resolves on its "node started" log line. */
  startNode(nodeId) {
    const spec = this.spec(nodeId);
    const argv = [this.main, 'node', '--config', join(spec.dataDir, 'server.properties')];
    const child = spawnInCgroup(this.cgroupProcsOf(nodeId), process.execPath, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry = { child, state: 'running' };
    this.nodes.set(nodeId, entry);
    const logFile = createWriteStream(join(spec.dataDir, 'chaos-node.log'), { flags: 'a' });
    child.stderr.pipe(logFile, { end: false });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`node ${nodeId} not started in ${NODE_START_TIMEOUT_MS} ms`)),
        NODE_START_TIMEOUT_MS,
      );
      createInterface({ input: child.stdout }).on('line', (line) => {
        logFile.write(`${line}\n`);
        if (line.includes('"msg":"node started"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (entry.state === 'running' || entry.state === 'paused') {
          entry.state = 'stopped';
          const logPath = join(spec.dataDir, 'chaos-node.log');
          this.unexpectedExits.push({ nodeId, exit: String(signal ?? code), log: logPath });
          this.log(`node ${nodeId} exited on its own (${signal ?? code}); see ${logPath}`);
        }
        reject(new Error(`node ${nodeId} exited (${signal ?? code}) before it started`));
      });
    });
  }

  pid(nodeId) {
    return this.nodes.get(nodeId)?.child.pid;
  }

  kill9(nodeId) {
    const entry = this.nodes.get(nodeId);
    entry.state = 'killed';
    entry.child.kill('SIGKILL');
  }

  pause(nodeId) {
    const entry = this.nodes.get(nodeId);
    entry.state = 'paused';
    entry.child.kill('SIGSTOP');
  }

  resume(nodeId) {
    const entry = this.nodes.get(nodeId);
    entry.child.kill('SIGCONT');
    entry.state = 'running';
  }

  /** Graceful stop of every node (SIGTERM, SIGKILL after timeoutMs); paused nodes are woken first. */
  async stopAll(timeoutMs = 15_000) {
    await Promise.all(
      [...this.nodes.values()].map(async (entry) => {
        const { child } = entry;
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        entry.state = 'stopped';
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  /** For exit paths that cannot wait (a signal, an exception): wake and kill every node at once. */
  killAllNow() {
    for (const entry of this.nodes.values()) {
      if (entry.child.exitCode !== null || entry.child.signalCode !== null) continue;
      entry.state = 'stopped';
      entry.child.kill('SIGCONT');
      entry.child.kill('SIGKILL');
    }
  }
}
