/**
 * `tributary cluster start --nodes N --data-dir DIR`: one child process per node (as a real deployment has), output
 * passed through, bootstrap servers printed once all are up; Ctrl-C stops every node gracefully.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type LocalNodeSpec, localClusterLayout, toPropertiesText } from './local-cluster.js';

const MAIN_SCRIPT = fileURLToPath(new URL('../main.js', import.meta.url));
const STARTUP_TIMEOUT_MS = 60_000;

export async function runClusterStart(args: {
  nodes: number;
  dataDir: string;
  basePort?: number;
  override?: string[];
}): Promise<number> {
  let specs: LocalNodeSpec[];
  try {
    specs = localClusterLayout({ nodes: args.nodes, dataDir: resolve(args.dataDir), basePort: args.basePort });
  } catch (error) {
    process.stderr.write(`tributary: ${(error as Error).message}\n`);
    return 2;
  }
  const children = specs.map((spec) => startChild(spec, args.override ?? []));
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const { child } of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stopAll('SIGTERM'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));

  const exits = children.map(
    ({ child, spec }) =>
      new Promise<number>((resolveExit) =>
        child.once('exit', (code, signal) => {
          if (!stopping) {
            process.stderr.write(`tributary: node ${spec.nodeId} exited (${signal ?? code}); stopping the cluster\n`);
            stopAll('SIGTERM');
          }
          resolveExit(code ?? 1);
        }),
      ),
  );
  const ready = await Promise.race([
    Promise.all(children.map((c) => c.ready)).then(() => true),
    Promise.all(exits).then(() => false),
  ]);
  if (ready) {
    const bootstrap = specs.map((s) => `127.0.0.1:${s.brokerPort}`).join(',');
    process.stderr.write(`tributary: cluster up, ${specs.length} node(s); bootstrap servers: ${bootstrap}\n`);
  }
  const codes = await Promise.all(exits);
  return codes.every((code) => code === 0) && ready ? 0 : 1;
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
