// Intent: a controller killed with SIGKILL mid-stream loses no acknowledged topic — after reopen every topic the
// child printed (printed only after fsync) exists with the same topicId and partition count.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalController } from '../src/index.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/topic-creator.mjs', import.meta.url));
const ACKED_BEFORE_KILL = 150;

let dataDir: string;
beforeAll(async () => {
  execFileSync('pnpm', ['exec', 'tsc', '-b', 'packages/controller'], { cwd: repoRoot, stdio: 'pipe' });
  dataDir = await mkdtemp(join(tmpdir(), 'controller-kill9-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function runUntilKilled(): Promise<{ acked: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const process = spawn('node', [child, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    const acked: string[] = [];
    process.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      acked.push(...lines);
      if (acked.length >= ACKED_BEFORE_KILL && !process.killed) process.kill('SIGKILL');
    });
    process.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    process.on('error', reject);
    process.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited with ${code}: ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

describe('LocalController durability under kill -9', () => {
  it('keeps every acknowledged topic with the same id and partitions', async () => {
    const { acked, signal } = await runUntilKilled();
    expect(signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);
    const controller = await LocalController.open({
      dataDir,
      clusterId: 'kill9-cluster-000000000',
      nodeId: 0,
      brokerEndpoint: { host: 'localhost', port: 9092, rack: null },
      defaults: { numPartitions: 1, defaultReplicationFactor: 1 },
      logger: pino({ level: 'silent' }),
    });
    try {
      const image = controller.image();
      for (const line of acked) {
        const [name, topicId, partitions] = line.split(' ');
        const topic = image.topicsByName.get(name);
        expect(topic, name).toBeDefined();
        expect(topic!.topicId).toBe(topicId);
        expect(topic!.partitions.size).toBe(Number(partitions));
        expect(topic!.partitions.get(0)!.leader).toBe(0);
      }
      // Topics created after the last acknowledgement may or may not exist; none may exist beyond one in flight.
      expect(image.topicsByName.size - acked.length).toBeLessThanOrEqual(1);
    } finally {
      await controller.close();
    }
  });
});
