// Intent: the `tributary` binary rejects bad config with a clear message, runs a local cluster that stops cleanly on
// Ctrl-C, and its produce-perf tool delivers every record it reports, which consume-perf reads back.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kafkaClient } from './support/kafka-admin.js';
import { kcatOk } from './support/kcat.js';
import {
  ensureBuilt,
  freeClusterBasePort,
  freePort,
  HEAVY_TEST_TIMEOUT_MS,
  NodeProcess,
  nodeCommandArgs,
  REPO_ROOT,
  tempDir,
} from './support/node-process.js';

const MAIN = join(REPO_ROOT, 'packages/cli/dist/main.js');

beforeAll(() => ensureBuilt());

describe('tributary CLI', () => {
  it('node: exits 2 naming every bad key, its value and what is allowed', () => {
    const dir = tempDir('cli-config');
    const config = join(dir, 'server.properties');
    writeFileSync(config, `node.id=1\nlog.dirs=${dir}\nnum.partitions=zero\nlisteners=PLAINTEXT://127.0.0.1:99999\n`);
    const run = spawnSync(process.execPath, [MAIN, 'node', '--config', config, '--override', 'log.level=chatty'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/num\.partitions="zero" \(.*server\.properties line 3\): must be an integer/);
    expect(run.stderr).toMatch(/listeners=.*must be 0\.\.65535/);
    expect(run.stderr).not.toMatch(/needs a PLAINTEXT/);
    expect(run.stderr).toMatch(/log\.level="chatty" \(--override\): must be one of/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('node: exits 1 with a clear log line when the data dir belongs to another cluster', async () => {
    const dataDir = tempDir('cli-cluster-id');
    const port = await freePort();
    const first = await NodeProcess.start({ dataDir, port, overrides: ['cluster.id=cluster-a'] });
    await first.stop();
    const run = spawnSync(process.execPath, nodeCommandArgs(dataDir, port, ['cluster.id=cluster-b']), {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /"level":60.*cluster\.id cluster-b does not match .*meta\.properties \(cluster\.id=cluster-a\)/,
    );
    first.cleanup();
  });

  it('node: takes its configuration from TRIBUTARY_* environment variables and warns about unknown ones', async () => {
    const dataDir = tempDir('cli-env');
    const port = await freePort();
    const controllerPort = await freePort();
    const child = spawn(process.execPath, [MAIN, 'node'], {
      env: {
        ...process.env,
        TRIBUTARY_NODE_ID: '4',
        TRIBUTARY_LISTENERS: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
        TRIBUTARY_CONTROLLER_QUORUM_VOTERS: `4@127.0.0.1:${controllerPort}`,
        TRIBUTARY_LOG_DIRS: dataDir,
        TRIBUTARY_NO_SUCH_KEY: 'x',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('"msg":"node started"')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`node exited (${code}): ${stdout}`)));
    });
    expect(stdout).toMatch(/"level":40.*unknown configuration key \\"no\.such\.key\\" \(env TRIBUTARY_NO_SUCH_KEY\)/);
    const listing = JSON.parse(await kcatOk(['-L', '-b', `127.0.0.1:${port}`, '-J']));
    expect(listing.brokers).toEqual([expect.objectContaining({ id: 4 })]);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('cluster start: prints the bootstrap servers, serves kcat, and stops cleanly on SIGINT', async () => {
    const dataDir = tempDir('cli-cluster');
    const basePort = await freeClusterBasePort(1);
    const child = spawn(
      process.execPath,
      [MAIN, 'cluster', 'start', '--nodes', '1', '--data-dir', dataDir, '--base-port', String(basePort)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stdout.resume();
    const up = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('bootstrap servers')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`cluster exited early (${code}): ${stderr}`)));
    });
    await up;
    expect(stderr).toContain(`bootstrap servers: 127.0.0.1:${basePort}`);
    const listing = JSON.parse(await kcatOk(['-L', '-b', `127.0.0.1:${basePort}`, '-J']));
    expect(listing.brokers).toEqual([expect.objectContaining({ id: 1, name: `127.0.0.1:${basePort}` })]);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code, stderr).toBe(0);
    expect(existsSync(join(dataDir, 'node-1/data/meta.properties'))).toBe(true);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'produce-perf: prints the producer-perf line and every record lands',
    async () => {
      const node = await NodeProcess.start({ dataDir: tempDir('cli-perf'), port: await freePort() });
      try {
        const kafka = kafkaClient(node.bootstrap);
        const admin = kafka.admin();
        await admin.connect();
        await admin.createTopics({ topics: [{ topic: 'perf', numPartitions: 3 }] });
        const run = spawnSync(
          process.execPath,
          [
            MAIN,
            'produce-perf',
            '--bootstrap-server',
            node.bootstrap,
            '--topic',
            'perf',
            '--num-records',
            '30000',
            '--record-size',
            '100',
            '--acks',
            'all',
            '--inflight',
            '3',
          ],
          { encoding: 'utf8', timeout: 60_000 },
        );
        expect(run.status, `${run.stderr}\n${node.tail()}`).toBe(0);
        expect(run.stdout.trim().split('\n').at(-1)).toMatch(
          /^30000 records sent, [\d.]+ records\/sec \([\d.]+ MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency, \d+ ms 50th/,
        );
        const consume = spawnSync(
          process.execPath,
          [MAIN, 'consume-perf', '--bootstrap-server', node.bootstrap, '--topic', 'perf', '--messages', '30000'],
          { encoding: 'utf8', timeout: 60_000 },
        );
        expect(consume.status, `${consume.stdout}\n${consume.stderr}\n${node.tail()}`).toBe(0);
        expect(consume.stdout).toMatch(/^30000 records consumed, [\d.]+ records\/sec/m);
        const offsets = await admin.fetchTopicOffsets('perf');
        await admin.disconnect();
        expect(offsets.reduce((sum, o) => sum + Number(o.high), 0)).toBe(30000);
        expect(offsets.every((o) => Number(o.high) > 0)).toBe(true);
      } finally {
        await node.stop();
        node.cleanup();
      }
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
