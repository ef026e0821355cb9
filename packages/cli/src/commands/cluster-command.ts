/**
 * `tributary cluster start --nodes N --data-dir DIR`: one child process per combined broker,controller node (as a
 * real deployment has), output passed through, each child's pid printed, and the bootstrap servers printed once the
 * quorum has a leader and every broker is registered and unfenced. A node that dies after that leaves the others
 * running (the quorum survives a minority); one that dies during startup stops them all. Ctrl-C stops every node
 * gracefully (each hands over controller leadership as it goes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describeQuorum } from '@tributary/controller';
import { generateClusterId, readMetaProperties } from '@tributary/node';
import { type LocalNodeSpec, localClusterLayout, toPropertiesText } from './local-cluster.js';

const MAIN_SCRIPT = fileURLToPath(new URL('../main.js', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;
const QUORUM_POLL_MS = 100;
/** Kafka's offsets.topic.replication.factor default. */
const OFFSETS_TOPIC_REPLICATION_FACTOR_DEFAULT = 3;

export async function runClusterStart(args: {
  nodes: number;
  dataDir: string;
  basePort?: number;
  override?: string[];
}): Promise<number> {
  let specs: LocalNodeSpec[];
  try {
    const dataDir = resolve(args.dataDir);
    specs = localClusterLayout({
      nodes: args.nodes,
      dataDir,
      basePort: args.basePort,
      clusterId: existingClusterId(dataDir) ?? generateClusterId(),
    });
  } catch (error) {
    process.stderr.write(`tributary: ${(error as Error).message}\n`);
    return 2;
  }
  if (specs.length < OFFSETS_TOPIC_REPLICATION_FACTOR_DEFAULT) {
    // Kafka's single-broker dev configs set offsets.topic.replication.factor=1: with fewer brokers than its default
    // of 3, __consumer_offsets could never be created and no consumer group could start. An --override still wins
    // (overrides apply after the file).
    const factor = String(specs.length);
    specs = specs.map((s) => ({ ...s, properties: { ...s.properties, 'offsets.topic.replication.factor': factor } }));
  }
  const children = specs.map((spec) => startChild(spec, args.override ?? []));
  let stopping = false;
  let up = false;
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stopAll('SIGTERM'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));

  const exits = children.map(
    ({ child, spec }) =>
      new Promise<number>((resolveExit) =>
        child.once('exit', (code, signal) => {
          if (!stopping && up) {
            // A quorum outlives a minority of its nodes: that is the point of running three.
            process.stderr.write(
              `tributary: node ${spec.nodeId} exited (${signal ?? code}); the others keep running\n`,
            );
          } else if (!stopping) {
            process.stderr.write(`tributary: node ${spec.nodeId} exited (${signal ?? code}); stopping the cluster\n`);
            stopAll('SIGTERM');
          }
          resolveExit(code ?? 1);
        }),
      ),
  );
  const allExited = Promise.all(exits).then(() => false);
  const ready = await Promise.race([
    Promise.all(children.map((c) => c.ready))
      .then(() => quorumReady(specs, () => stopping))
      .catch((error: Error) => {
        if (!stopping) {
          process.stderr.write(`tributary: ${error.message}; stopping the cluster\n`);
          stopAll('SIGTERM');
        }
        return false;
      }),
    allExited,
  ]);
  up = ready;
  if (ready && !stopping) {
    const bootstrap = specs.map((s) => `127.0.0.1:${s.brokerPort}`).join(',');
    process.stderr.write(`tributary: cluster up, ${specs.length} node(s); bootstrap servers: ${bootstrap}\n`);
  }
  const codes = await Promise.all(exits);
  return codes.every((code) => code === 0) && ready ? 0 : 1;
}

/** A restarted dev cluster keeps its cluster id (the nodes' data dirs are bound to it). */
function existingClusterId(dataDir: string): string | null {
  try {
    return readMetaProperties(join(dataDir, 'node-1', 'data'))?.clusterId ?? null;
  } catch {
    return null;
  }
}

/**
 * Every node printed "node started" (its broker is unfenced, so an active controller exists); this confirms, via
 * DescribeQuorum, that the quorum has a leader and lists every voter, bounded by STARTUP_TIMEOUT_MS.
 */
async function quorumReady(specs: LocalNodeSpec[], stopped: () => boolean): Promise<boolean> {
  const controllers = specs.map((s) => `127.0.0.1:${s.controllerPort}`).join(',');
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastProblem = '';
  while (!stopped()) {
    try {
      const quorum = await describeQuorum(controllers, { timeoutMs: 2000 });
      if (quorum.leaderId >= 0 && quorum.currentVoters.length === specs.length) return true;
      lastProblem = `leader ${quorum.leaderId}, ${quorum.currentVoters.length} voters`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(`controller quorum not ready in ${STARTUP_TIMEOUT_MS} ms (${lastProblem})`);
    await new Promise((r) => setTimeout(r, QUORUM_POLL_MS));
  }
  return false;
}

function startChild(
  spec: LocalNodeSpec,
  overrides: string[],
): { spec: LocalNodeSpec; child: ChildProcess; ready: Promise<void> } {
  mkdirSync(spec.dataDir, { recursive: true });
  const configPath = join(spec.dataDir, 'server.properties');
  writeFileSync(configPath, toPropertiesText(spec.properties));
  const argv = [MAIN_SCRIPT, 'node', '--config', configPath, ...overrides.flatMap((o) => ['--override', o])];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  // Scripts and tests find a node's process here (to kill -9 one, for instance).
  process.stderr.write(`tributary: node ${spec.nodeId} pid ${child.pid}\n`);
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    const timer = setTimeout(
      () => rejectReady(new Error(`node ${spec.nodeId} not up in ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    );
    timer.unref();
    // Pass the node's JSON log lines through and watch for its "node started" line.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      if (line.includes('"msg":"node started"')) {
        clearTimeout(timer);
        resolveReady();
      }
    });
  });
  ready.catch(() => {});
  return { spec, child, ready };
}
