/**
 * A real client library driven through a small program that speaks JSON lines (test/go's franz-check,
 * test/python/client.py): one-shot subcommands (produce, consume, admin) and long-running group members that stop
 * and leave their group when their stdin closes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** One run's bound: the programs bound themselves (3 min), this catches a program that ignores its own limit. */
const RUN_TIMEOUT_MS = 200_000;

export interface ClientProgram {
  /** For test names and failure messages: 'franz-go 1.22.2'. */
  name: string;
  /** Executable and leading arguments; the subcommand and flags follow. */
  command: string[];
}

export interface ClientRun {
  /** Every stdout line parsed as JSON. */
  lines: any[];
  stderr: string;
}

function spawnProgram(program: ClientProgram, subcommand: string, flags: Record<string, string | number>) {
  const args = [...program.command.slice(1), subcommand];
  for (const [name, value] of Object.entries(flags)) args.push(`--${name}`, String(value));
  return spawn(program.command[0], args, { stdio: ['pipe', 'pipe', 'pipe'] });
}

function collect(child: ChildProcess, onLine: (line: any) => void): { stderr: () => string } {
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => onLine(JSON.parse(line)));
  // A program that exits before reading all its input is reported by its exit code, not by EPIPE.
  child.stdin!.on('error', () => {});
  return { stderr: () => stderr };
}

/** Record acknowledgements among a `produce` run's lines (the {"acked": n} progress lines left out). */
export function acksOf(lines: any[]): { i: number; p: number; o: number }[] {
  return lines.filter((line) => line.i !== undefined);
}

/** Runs a subcommand to completion; a non-zero exit rejects with the program's stderr. */
export async function runClient(
  program: ClientProgram,
  subcommand: string,
  flags: Record<string, string | number>,
  input = '',
): Promise<ClientRun> {
  const child = spawnProgram(program, subcommand, flags);
  const lines: any[] = [];
  const output = collect(child, (line) => lines.push(line));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const exited = once(child, 'close');
  child.stdin!.end(input);
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (code !== 0) {
    throw new Error(`${program.name} ${subcommand} exited ${signal ?? code}:\n${output.stderr().slice(-4000)}`);
  }
  return { lines, stderr: output.stderr() };
}

/**
 * A consumer-group member: tracks its current assignment from the {"assigned"} / {"revoked"} lines (incremental for
 * cooperative balancers, whole sets for eager ones: both read as add / remove) and keeps every record it printed.
 */
export class GroupMember {
  readonly records: any[] = [];
  readonly assignment = new Set<number>();
  /** Every {"assigned"} and {"revoked"} line, in order (a cooperative balancer also reports empty ones). */
  readonly events: { assigned?: number[]; revoked?: number[] }[] = [];
  private readonly child: ChildProcess;
  private readonly output: { stderr: () => string };
  private readonly exited: Promise<unknown[]>;
  done = false;

  constructor(program: ClientProgram, flags: Record<string, string | number>) {
    this.child = spawnProgram(program, 'group', flags);
    this.exited = once(this.child, 'close');
    this.output = collect(this.child, (line) => {
      if (line.assigned || line.revoked) this.events.push(line);
      if (line.assigned) for (const p of line.assigned) this.assignment.add(p);
      else if (line.revoked) for (const p of line.revoked) this.assignment.delete(p);
      else if (line.done) this.done = true;
      else this.records.push(line);
    });
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  stderr(): string {
    return this.output.stderr();
  }

  /** Closes stdin (commit, leave the group, exit) and waits, at most timeoutMs, for a clean exit. */
  async leave(timeoutMs = 60_000): Promise<void> {
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const [code, signal] = (await this.exited) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);
    if (code !== 0 || !this.done) throw new Error(`group member exited ${signal ?? code}:\n${this.stderr()}`);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/**
 * A `produce` run fed while it runs: the test writes part of the records, waits for their acknowledgements (the
 * {"acked": n} lines), acts on the cluster, and writes the rest to the same producer (same producer id and sequences).
 */
export class StreamingProducer {
  readonly lines: any[] = [];
  acked = 0;
  private readonly child: ChildProcess;
  private readonly output: { stderr: () => string };
  private readonly exited: Promise<unknown[]>;

  constructor(
    private readonly program: ClientProgram,
    flags: Record<string, string | number>,
  ) {
    this.child = spawnProgram(program, 'produce', flags);
    this.exited = once(this.child, 'close');
    this.output = collect(this.child, (line) => {
      if (line.acked !== undefined) this.acked = line.acked;
      else this.lines.push(line);
    });
  }

  write(text: string): void {
    this.child.stdin!.write(text);
  }

  /** Ends the input and waits (at most timeoutMs) for every acknowledgement. */
  async finish(timeoutMs = RUN_TIMEOUT_MS): Promise<{ i: number; p: number; o: number }[]> {
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const [code, signal] = (await this.exited) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);
    if (code !== 0) throw new Error(`${this.program.name} produce exited ${signal ?? code}:\n${this.output.stderr()}`);
    return acksOf(this.lines);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
