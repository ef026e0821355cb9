// Intent: on three real `tributary node` processes (topic of 6 partitions, RF 3, min.insync.replicas=2), every value
// the Java client (kafka-clients 3.9.1, DEFAULT producer settings: acks=all, idempotent) acknowledged is in the log
// exactly once, at its acknowledged offset and in acknowledged order, through a kill -9 + restart of partition 0's
// leader and then of another broker; skipped only where java/javac or the client jars are absent.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterProcess, startClusterProcess, stopClusterProcess } from './support/cluster-process.js';
import { consumePartition } from './support/kcat.js';
import {
  ensureBuilt,
  freeClusterBasePort,
  HEAVY_TEST_TIMEOUT_MS,
  NodeProcess,
  REPO_ROOT,
  tempDir,
} from './support/node-process.js';
import { MAIN, pollUntil, runCli } from './support/quorum.js';

const JAVA_DIR = join(REPO_ROOT, 'test/java');
const LIB_DIR = join(JAVA_DIR, 'target/lib');
const NODES = [1, 2, 3];
const TOPIC = 'replicated-java';
const PARTITIONS = 6;

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}
const missing = ['java', 'javac'].filter((c) => !has(c));
if (!existsSync(LIB_DIR) || !readdirSync(LIB_DIR).some((f) => f.startsWith('kafka-clients'))) {
  missing.push(`kafka-clients jars in ${LIB_DIR} (mvn -q dependency:copy-dependencies -DoutputDirectory=target/lib)`);
}
if (missing.length > 0) console.warn(`replication-java e2e skipped: missing ${missing.join(', ')}`);

let dataDir: string;
let classesDir: string;
let basePort: number;
let cluster: ClusterProcess | undefined;
const restarted = new Map<number, NodeProcess>();
const down = new Set<number>();

const brokerOf = (id: number) => `127.0.0.1:${basePort + 100 * (id - 1)}`;
const liveBootstrap = () => brokerOf(NODES.find((id) => !down.has(id))!);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Partition leader and ISR from `tributary topics --describe`. */
async function describeTopic(): Promise<{ partition: number; leader: number; isr: number[] }[]> {
  const run = await runCli(['topics', '--bootstrap-server', liveBootstrap(), '--describe', '--topic', TOPIC]);
  if (run.code !== 0) throw new Error(`topics --describe exited ${run.code}: ${run.stdout}${run.stderr}`);
  return [
    ...run.stdout.matchAll(/^\tTopic: \S+\tPartition: (\d+)\tLeader: (\S+)\tReplicas: [\d,]*\tIsr: ([\d,]*)$/gm),
  ].map((m) => ({
    partition: Number(m[1]),
    leader: m[2] === 'none' ? -1 : Number(m[2]),
    isr: m[3] === '' ? [] : m[3].split(',').map(Number),
  }));
}

function waitForFullIsr(timeoutMs: number) {
  return pollUntil(
    'every partition led, with all three replicas in sync',
    async () => {
      const lines = await describeTopic();
      return lines.length === PARTITIONS && lines.every((p) => p.leader > 0 && p.isr.length === 3) ? lines : undefined;
    },
    timeoutMs,
    250,
  );
}

function kill9(id: number): void {
  process.kill(restarted.get(id)?.pid ?? cluster!.pids.get(id)!, 'SIGKILL');
  down.add(id);
}

/** Same data dir, same server.properties `cluster start` wrote. */
async function restart(id: number): Promise<void> {
  const node = await NodeProcess.start({
    dataDir: join(dataDir, `node-${id}`),
    port: basePort + 100 * (id - 1),
    args: [MAIN, 'node', '--config', join(dataDir, `node-${id}`, 'server.properties')],
  });
  restarted.set(id, node);
  down.delete(id);
}

interface Ack {
  partition: number;
  offset: bigint;
  value: string;
}

describe.skipIf(missing.length > 0)('replication through broker failures, Java producer (3 real nodes)', () => {
  beforeAll(async () => {
    ensureBuilt();
    dataDir = tempDir('replication-java');
    // Own classes dir: java-client.test.ts may be compiling into target/classes in a parallel worker.
    classesDir = tempDir('replication-java-classes');
    execFileSync('javac', ['-cp', `${LIB_DIR}/*`, '-d', classesDir, join(JAVA_DIR, 'src/AckedValueProducer.java')], {
      stdio: 'inherit',
    });
    basePort = await freeClusterBasePort(NODES.length);
    cluster = await startClusterProcess(dataDir, basePort);
  }, HEAVY_TEST_TIMEOUT_MS);

  afterAll(async () => {
    for (const node of restarted.values()) await node.stop();
    await stopClusterProcess(cluster);
    for (const node of restarted.values()) node.cleanup();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (classesDir) rmSync(classesDir, { recursive: true, force: true });
  });

  it(
    'keeps every acknowledged value exactly once, at its offset, in acknowledged order',
    async () => {
      expect([...cluster!.pids.keys()]).toEqual(NODES);
      const created = await runCli([
        'topics',
        '--bootstrap-server',
        brokerOf(1),
        '--create',
        '--topic',
        TOPIC,
        '--partitions',
        String(PARTITIONS),
        '--replication-factor',
        '3',
        '--config',
        'min.insync.replicas=2',
      ]);
      expect(created.stdout).toBe(`Created topic ${TOPIC}.\n`);
      const initial = await waitForFullIsr(30_000);

      const producer = spawn(
        'java',
        ['-cp', `${classesDir}:${LIB_DIR}/*`, 'AckedValueProducer', NODES.map(brokerOf).join(','), TOPIC],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      const acks: Ack[] = [];
      const failures: string[] = [];
      let producerStderr = '';
      let closedLine = '';
      producer.stderr.on('data', (chunk) => {
        producerStderr += chunk;
      });
      createInterface({ input: producer.stdout }).on('line', (line) => {
        const ack = /^ACK (\d+) (\d+) (\S+)$/.exec(line);
        if (ack) acks.push({ partition: Number(ack[1]), offset: BigInt(ack[2]), value: ack[3] });
        else if (line.startsWith('FAIL ')) failures.push(line);
        else if (line.startsWith('CLOSED ')) closedLine = line;
      });
      const exited = once(producer, 'exit');
      const ackedAtLeast = (n: number, what: string) =>
        pollUntil(what, async () => (acks.length >= n ? true : undefined), 60_000, 100);

      await ackedAtLeast(500, 'first acknowledgements');
      const firstVictim = initial.find((p) => p.partition === 0)!.leader;
      kill9(firstVictim);
      await sleep(2000);
      await restart(firstVictim);
      await waitForFullIsr(60_000);
      await ackedAtLeast(acks.length + 500, 'acknowledgements after the first restart');

      const secondVictim = NODES.find((id) => id !== firstVictim)!;
      kill9(secondVictim);
      await ackedAtLeast(acks.length + 500, 'acknowledgements with the second broker down');
      await restart(secondVictim);
      await waitForFullIsr(60_000);
      await ackedAtLeast(acks.length + 500, 'acknowledgements after the second restart');

      producer.stdin.end('stop\n');
      const [code] = await exited;
      expect(code, `java exited ${code}: ${producerStderr}`).toBe(0);
      expect(closedLine).toMatch(/^CLOSED sent=\d+$/);
      expect(failures).toEqual([]);

      const byPartition = Array.from({ length: PARTITIONS }, () => [] as Ack[]);
      for (const ack of acks) byPartition[ack.partition].push(ack);
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const acked = byPartition[partition];
        // Acknowledged order = callback order; the offsets the client was given must rise with it.
        for (let i = 1; i < acked.length; i++) {
          expect(
            acked[i].offset > acked[i - 1].offset,
            `ack order in partition ${partition} at ${acked[i].value}`,
          ).toBe(true);
        }
        const lines = await consumePartition(liveBootstrap(), TOPIC, partition);
        const valueAt = new Map<bigint, string>();
        const seen = new Set<string>();
        for (const line of lines) {
          const [offset, , , value] = line.split('\t');
          expect(seen.has(value), `duplicate ${value} in partition ${partition}`).toBe(false);
          seen.add(value);
          valueAt.set(BigInt(offset), value);
        }
        const misplaced = acked.filter((a) => valueAt.get(a.offset) !== a.value);
        expect(
          misplaced.slice(0, 5).map((a) => `${a.value}@${a.offset} found ${valueAt.get(a.offset) ?? 'nothing'}`),
          `acknowledged values missing or moved in partition ${partition}`,
        ).toEqual([]);
      }
      expect(byPartition.every((acked) => acked.length > 0)).toBe(true);
      process.stderr.write(
        `replication-java e2e: ${acks.length} values acknowledged across ${PARTITIONS} partitions (${closedLine}); killed ${firstVictim} then ${secondVictim}\n`,
      );
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
