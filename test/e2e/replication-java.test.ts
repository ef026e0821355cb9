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
import { consumePartition } from './support/kcat.js';
import { ensureBuilt, HEAVY_TEST_TIMEOUT_MS, REPO_ROOT, tempDir } from './support/node-process.js';
import { pollUntil } from './support/quorum.js';
import { NODES, ReplicatedCluster } from './support/replicated-cluster.js';

const JAVA_DIR = join(REPO_ROOT, 'test/java');
const LIB_DIR = join(JAVA_DIR, 'target/lib');
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

let classesDir: string;
let c: ReplicatedCluster;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Ack {
  partition: number;
  offset: bigint;
  value: string;
}

describe.skipIf(missing.length > 0)('replication through broker failures, Java producer (3 real nodes)', () => {
  beforeAll(async () => {
    ensureBuilt();
    // Own classes dir: java-client.test.ts may be compiling into target/classes in a parallel worker.
    classesDir = tempDir('replication-java-classes');
    execFileSync('javac', ['-cp', `${LIB_DIR}/*`, '-d', classesDir, join(JAVA_DIR, 'src/AckedValueProducer.java')], {
      stdio: 'inherit',
    });
    c = await ReplicatedCluster.start('replication-java');
  }, HEAVY_TEST_TIMEOUT_MS);

  afterAll(async () => {
    await c?.stop();
    if (c) rmSync(c.dataDir, { recursive: true, force: true });
    if (classesDir) rmSync(classesDir, { recursive: true, force: true });
  });

  it(
    'keeps every acknowledged value exactly once, at its offset, in acknowledged order',
    async () => {
      expect([...c.process.pids.keys()]).toEqual(NODES);
      const created = await c.createTopic(TOPIC, PARTITIONS);
      expect(created).toBe(`Created topic ${TOPIC}.\n`);
      const initial = await c.waitForFullIsr(TOPIC, PARTITIONS, 30_000);

      const producer = spawn(
        'java',
        ['-cp', `${classesDir}:${LIB_DIR}/*`, 'AckedValueProducer', NODES.map((id) => c.brokerOf(id)).join(','), TOPIC],
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
      c.kill9(firstVictim);
      await sleep(2000);
      await c.restart(firstVictim);
      await c.waitForFullIsr(TOPIC, PARTITIONS, 60_000);
      await ackedAtLeast(acks.length + 500, 'acknowledgements after the first restart');

      const secondVictim = NODES.find((id) => id !== firstVictim)!;
      c.kill9(secondVictim);
      await ackedAtLeast(acks.length + 500, 'acknowledgements with the second broker down');
      await c.restart(secondVictim);
      await c.waitForFullIsr(TOPIC, PARTITIONS, 60_000);
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
        const lines = await consumePartition(c.liveBootstrap(), TOPIC, partition);
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
