/** `tributary cluster start` as a child process of a test, with the pids it prints for each node. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { MAIN } from './quorum.js';

export interface ClusterProcess {
  child: ChildProcess;
  /** node id -> pid of the node process `cluster start` runs. */
  pids: Map<number, number>;
  /** Everything `cluster start` printed on stderr so far. */
  stderr(): string;
}

/** Resolves once `cluster start` reports the bootstrap servers (a quorum leader and every broker unfenced). */
export function startClusterProcess(dataDir: string, basePort: number): Promise<ClusterProcess> {
  const child = spawn(
    process.execPath,
    [MAIN, 'cluster', 'start', '--data-dir', dataDir, '--base-port', String(basePort)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const cluster: ClusterProcess = { child, pids: new Map(), stderr: () => stderr };
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      for (const match of stderr.matchAll(/node (\d+) pid (\d+)/g))
        cluster.pids.set(Number(match[1]), Number(match[2]));
      if (stderr.includes('bootstrap servers')) resolve(cluster);
    });
    child.once('exit', (code) => reject(new Error(`cluster start exited (${code}): ${stderr}`)));
  });
}

/** Ctrl-C, as an operator would, and wait for `cluster start` to exit. */
export async function stopClusterProcess(cluster: ClusterProcess | undefined): Promise<void> {
  if (cluster === undefined || cluster.child.exitCode !== null) return;
  cluster.child.kill('SIGINT');
  await once(cluster.child, 'exit');
}
