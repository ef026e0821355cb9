/** Runs /usr/bin/kcat (librdkafka 2.0.2) as a real client for the e2e tests. */
import { spawn } from 'node:child_process';

export const KCAT = '/usr/bin/kcat';
const KCAT_TIMEOUT_MS = 120_000;

export interface KcatResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export function kcat(args: string[], input?: string | Buffer): Promise<KcatResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(KCAT, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcat ${args.join(' ')} timed out\n${Buffer.concat(stderr).toString()}`));
    }, KCAT_TIMEOUT_MS);
    child.stdout.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => stderr.push(d));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString(), code });
    });
    // kcat in consumer mode may exit before reading stdin; a closed pipe is not a test failure.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** kcat that must succeed; the error carries its stderr. */
export async function kcatOk(args: string[], input?: string | Buffer): Promise<string> {
  const result = await kcat(args, input);
  if (result.code !== 0) throw new Error(`kcat ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  return result.stdout;
}

/** Every record of one partition from the beginning: `offset\tkey\theaders\tvalue` lines. */
export async function consumePartition(bootstrap: string, topic: string, partition: number): Promise<string[]> {
  const out = await kcatOk([
    '-C',
    '-b',
    bootstrap,
    '-t',
    topic,
    '-p',
    String(partition),
    '-o',
    'beginning',
    '-e',
    '-q',
    '-f',
    '%o\t%k\t%h\t%s\n',
  ]);
  return out === '' ? [] : out.replace(/\n$/, '').split('\n');
}
