// A long-running server child (Apache Kafka's JVM or a Tributary node): started, considered ready when its stdout
// prints a given line, stopped with SIGTERM and SIGKILL after a bound. Keeps its last output lines for errors.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const TAIL_LINES = 50;

export async function startServerProcess({ name, command, args, readyLine, startupTimeoutMs, stopTimeoutMs, log }) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const keep = (line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    log?.(line);
  };
  createInterface({ input: child.stderr }).on('line', keep);
  let exited = false;
  const exitPromise = new Promise((resolve) => child.once('exit', resolve)).then(() => {
    exited = true;
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in ${startupTimeoutMs} ms\n${tail.join('\n')}`)),
      startupTimeoutMs,
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      if (line.includes(readyLine)) {
        clearTimeout(timer);
        resolve();
      }
    });
    exitPromise.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited during startup (${child.exitCode ?? child.signalCode})\n${tail.join('\n')}`));
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    pid: child.pid,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
