/**
 * Runs a REAL Tributary node process (`node packages/cli/dist/main.js node ...`) on a free port and a temp data dir,
 * for end-to-end tests. Keeps the tail of its output for failure diagnostics.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAIN_SCRIPT = join(REPO_ROOT, 'packages/cli/dist/main.js');
const OUTPUT_LINES_KEPT = 200;
const STARTUP_TIMEOUT_MS = 60_000;

let built = false;
/** Test files run in parallel workers; two `tsc -b` writing the same outputs at once can corrupt them. */
const BUILD_LOCK_DIR = join(
  tmpdir(),
  `tributary-e2e-build-${createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 12)}.lock`,
);
const BUILD_LOCK_STALE_MS = 10 * 60_000;
const BUILD_LOCK_POLL_MS = 200;

/** The e2e tests run the compiled node; build once per test process (tsc -b is incremental, so reruns are cheap). */
export function ensureBuilt(): void {
  if (built) return;
  acquireBuildLock();
  try {
    execFileSync('pnpm', ['exec', 'tsc', '-b', 'packages/cli'], { cwd: REPO_ROOT, stdio: 'inherit' });
  } finally {
    rmSync(BUILD_LOCK_DIR, { recursive: true, force: true });
  }
  built = true;
}

function acquireBuildLock(): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK_DIR); // atomic: exactly one process creates it
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run would block forever; past any plausible build time it is taken over.
      const lock = statSync(BUILD_LOCK_DIR, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > BUILD_LOCK_STALE_MS) {
        rmSync(BUILD_LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      Atomics.wait(sleeper, 0, 0, BUILD_LOCK_POLL_MS);
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Below Linux's ephemeral range (32768-60999): client sockets of concurrent tests never take these ports. */
const CLUSTER_PORT_MIN = 10_000;
const CLUSTER_PORT_MAX = 32_000;

/**
 * A `--base-port` for `tributary cluster start --nodes N` whose 2N ports (base + 100·i and base + 100·i + 1) are all
 * free now. A free ephemeral port + 100 is not good enough: outgoing connections of parallel tests land in that
 * range and can take a node's port before it binds.
 */
export async function freeClusterBasePort(nodes = 3): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const span = CLUSTER_PORT_MAX - CLUSTER_PORT_MIN - 100 * nodes;
    const base = CLUSTER_PORT_MIN + Math.floor(Math.random() * span);
    const ports = Array.from({ length: nodes }, (_, i) => [base + 100 * i, base + 100 * i + 1]).flat();
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return base;
  }
  throw new Error('no free base port for a local cluster in 100 attempts');
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `tributary-e2e-${prefix}-`));
}

/**
 * `node main.js node ...` arguments for node 1 on 127.0.0.1:port with data in dataDir: a combined broker,controller
 * node whose one-voter quorum listens on controllerPort. Later overrides win, so a test may replace any of these.
 */
export function nodeCommandArgs(dataDir: string, port: number, overrides: string[] = [], controllerPort = port + 1) {
  const all = [
    'node.id=1',
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `log.dirs=${dataDir}`,
    ...overrides,
  ];
  return [MAIN_SCRIPT, 'node', ...all.flatMap((o) => ['--override', o])];
}

/** `node main.js node` with exactly these overrides (multi-node and separate-role tests build their own). */
export function rawNodeCommandArgs(overrides: string[]): string[] {
  return [MAIN_SCRIPT, 'node', ...overrides.flatMap((o) => ['--override', o])];
}

export interface NodeProcessOptions {
  dataDir: string;
  /** The broker's client port (used by `bootstrap`); for a controller-only node, any placeholder. */
  port: number;
  /** The controller port of the default one-voter quorum; a free one is picked at first start when absent. */
  controllerPort?: number;
  overrides?: string[];
  /** Replace the default single-node arguments entirely (multi-node clusters, separate roles). */
  args?: string[];
}

export class NodeProcess {
  private child: ChildProcess | null = null;
  private readonly output: string[] = [];
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;

  constructor(readonly options: NodeProcessOptions) {}

  get bootstrap(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  get alive(): boolean {
    return this.child !== null && this.exitCode === null && this.exitSignal === null;
  }

  static async start(options: NodeProcessOptions): Promise<NodeProcess> {
    const node = new NodeProcess(options);
    await node.start();
    return node;
  }

  async start(): Promise<void> {
    const { dataDir, port, overrides = [] } = this.options;
    // Restarts reuse the controller port (it is part of the node's identity in the voters), so it comes from below
    // the ephemeral range, where no client socket can occupy it between two starts.
    this.options.controllerPort ??= await freeClusterBasePort(1);
    const args = this.options.args ?? nodeCommandArgs(dataDir, port, overrides, this.options.controllerPort);
    this.exitCode = null;
    this.exitSignal = null;
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.once('exit', (code, signal) => {
      this.exitCode = code;
      this.exitSignal = signal;
    });
    const keep = (line: string) => {
      this.output.push(line);
      if (this.output.length > OUTPUT_LINES_KEPT) this.output.shift();
    };
    createInterface({ input: child.stderr! }).on('line', keep);
    const started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`node not started within ${STARTUP_TIMEOUT_MS} ms`)),
        STARTUP_TIMEOUT_MS,
      );
      createInterface({ input: child.stdout! }).on('line', (line) => {
        keep(line);
        if (line.includes('"msg":"node started"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`node exited during startup (${signal ?? code})`));
      });
    });
    try {
      await started;
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- node output ---\n${this.tail()}`);
    }
  }

  /** The last lines the node printed, for failure messages. */
  tail(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }

  kill9(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** Graceful stop (SIGTERM), as an operator would. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  rssBytes(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  }

  cleanup(): void {
    if (this.alive) this.child?.kill('SIGKILL');
    rmSync(this.options.dataDir, { recursive: true, force: true });
  }
}

/** Timeout for the heavy e2e tests: they take seconds alone but share 2 cores with the rest of the suite in CI. */
export const HEAVY_TEST_TIMEOUT_MS = 240_000;
