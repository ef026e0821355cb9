/**
 * Helpers for the controller-quorum e2e tests: run `tributary metadata-quorum ... describe`, parse its Kafka-format
 * output, and poll until a condition holds (bounded).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './node-process.js';

export const MAIN = join(REPO_ROOT, 'packages/cli/dist/main.js');

export interface QuorumStatus {
  clusterId: string;
  leaderId: number;
  leaderEpoch: number;
  highWatermark: number;
  currentVoters: number[];
  currentObservers: number[];
}

export interface ReplicationRow {
  nodeId: number;
  logEndOffset: number;
  lag: number;
  status: string;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the tributary binary asynchronously (spawnSync would block the test's own timers). */
export function runCli(args: string[], timeoutMs = 30_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function describeText(controllers: string, mode: '--status' | '--replication'): Promise<string> {
  const run = await runCli(['metadata-quorum', '--bootstrap-controller', controllers, 'describe', mode]);
  if (run.code !== 0) throw new Error(`metadata-quorum exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

export function parseStatus(text: string): QuorumStatus {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(text);
    if (!match) throw new Error(`no ${name} in:\n${text}`);
    return match[1].trim();
  };
  const ids = (value: string) => (value === '[]' ? [] : value.slice(1, -1).split(',').map(Number));
  return {
    clusterId: field('ClusterId'),
    leaderId: Number(field('LeaderId')),
    leaderEpoch: Number(field('LeaderEpoch')),
    highWatermark: Number(field('HighWatermark')),
    currentVoters: ids(field('CurrentVoters')),
    currentObservers: ids(field('CurrentObservers')),
  };
}

export function parseReplication(text: string): ReplicationRow[] {
  const [header, ...rows] = text.trimEnd().split('\n');
  if (!header.startsWith('NodeId')) throw new Error(`not a replication table:\n${text}`);
  return rows.map((line) => {
    const cells = line.split('\t').map((c) => c.trim());
    return { nodeId: Number(cells[0]), logEndOffset: Number(cells[1]), lag: Number(cells[2]), status: cells[5] };
  });
}

export async function quorumStatus(controllers: string): Promise<QuorumStatus> {
  return parseStatus(await describeText(controllers, '--status'));
}

export async function replication(controllers: string): Promise<ReplicationRow[]> {
  return parseReplication(await describeText(controllers, '--replication'));
}

/** Polls `probe` every pollMs until it returns a value (not undefined) or timeoutMs passes; the last error is kept. */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  pollMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms ${last}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
