// Starts one real Tributary node process (the built CLI, packages/cli/dist/main.js) on a loopback port with its data
// in a given dir, for the side-by-side benchmark. Readiness is the node's own "node started" log line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from './server-process.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TRIBUTARY_MAIN = join(REPO_ROOT, 'packages/cli/dist/main.js');
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 60_000;

/** A combined broker,controller node (Tributary's default process.roles) configured like run-kafka.mjs's Kafka. */
export async function startTributary({ dataDir, port, controllerPort, partitions = 1 }) {
  if (!existsSync(TRIBUTARY_MAIN)) throw new Error(`${TRIBUTARY_MAIN} is missing: run \`pnpm build\` first`);
  const overrides = [
    'node.id=1',
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `log.dirs=${dataDir}`,
    `num.partitions=${partitions}`,
  ];
  const server = await startServerProcess({
    name: 'Tributary',
    command: process.execPath,
    args: [TRIBUTARY_MAIN, 'node', ...overrides.flatMap((o) => ['--override', o])],
    readyLine: '"msg":"node started"',
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
    stopTimeoutMs: STOP_TIMEOUT_MS,
  });
  return { bootstrap: `127.0.0.1:${port}`, pid: server.pid, stop: server.stop };
}
