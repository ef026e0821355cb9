// Intent: real Kafka clients run consumer groups against three real `tributary node` processes exactly as against
// Kafka: kafkajs members split a 6-partition topic, rebalance when a third joins and when one stops, consuming
// every record exactly once with auto-commit (duplicates only from a stopped member's uncommitted tail); kcat -G
// commits and resumes; the Java client subscribes and commitSync()s, and Kafka's own kafka-console-consumer --group
// consumes, commits and resumes (each skipped only without java or its jars); a kill -9 of the group's coordinator
// moves the group to another broker with every committed offset intact; and a single-node `cluster start --nodes 1`
// serves groups (its __consumer_offsets gets replication factor 1).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Consumer, type EachMessagePayload, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offsetsPartitionFor } from '../../packages/broker/src/group/storage/offsets-partition.js';
import { javaArgs, kafkaUnavailableReason, kafkaVersion } from '../../scripts/kafka/jvm.mjs';
import { kcat } from './support/kcat.js';
import { ensureBuilt, freeClusterBasePort, HEAVY_TEST_TIMEOUT_MS, REPO_ROOT, tempDir } from './support/node-process.js';
import { MAIN, pollUntil } from './support/quorum.js';
import { NODES, ReplicatedCluster } from './support/replicated-cluster.js';

const PARTITIONS = 6;
const OFFSETS_PARTITIONS = 50;
const JAVA_DIR = join(REPO_ROOT, 'test/java');
const LIB_DIR = join(JAVA_DIR, 'target/lib');
const hasCommand = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const javaMissing =
  !hasCommand('java') ||
  !hasCommand('javac') ||
  !existsSync(LIB_DIR) ||
  !readdirSync(LIB_DIR).some((f) => f.startsWith('kafka-clients'));
if (javaMissing) console.warn('consumer-groups e2e: the Java client case is skipped (java, javac or jars missing)');
const kafkaToolsMissing = kafkaUnavailableReason();
if (kafkaToolsMissing)
  console.warn(`consumer-groups e2e: the Kafka console consumer case is skipped: ${kafkaToolsMissing}`);
const CONSOLE_CONSUMER = 'org.apache.kafka.tools.consumer.ConsoleConsumer';

/** Runs `java` to completion without blocking the event loop (kafkajs members may be running meanwhile). */
function runJava(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('java', args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let c: ReplicatedCluster;
let kafka: Kafka;

beforeAll(async () => {
  ensureBuilt();
  c = await ReplicatedCluster.start('consumer-groups');
  kafka = new Kafka({
    clientId: 'groups-e2e',
    brokers: NODES.map((id) => c.brokerOf(id)),
    logLevel: logLevel.NOTHING,
    retry: { retries: 60, initialRetryTime: 100, maxRetryTime: 500 },
  });
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(async () => {
  await c?.stop();
  if (c) rmSync(c.dataDir, { recursive: true, force: true });
});

async function produce(topic: string, from: number, count: number): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const messages = Array.from({ length: count }, (_, i) => ({ key: `k-${from + i}`, value: `v-${from + i}` }));
  for (let i = 0; i < messages.length; i += 100) {
    await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 100) });
  }
  await producer.disconnect();
}

interface Member {
  readonly name: string;
  readonly consumer: Consumer;
  /** Partitions of the latest assignment. */
  assigned: number[];
}

/** value -> how often any member consumed it; plus who consumed what, for the takeover check. */
class Consumption {
  readonly counts = new Map<string, number>();
  readonly records: { member: string; partition: number; offset: bigint; value: string }[] = [];
  record(member: string, { partition, message }: EachMessagePayload): void {
    const value = message.value!.toString();
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    this.records.push({ member, partition, offset: BigInt(message.offset), value });
  }
}

async function startMember(name: string, groupId: string, topic: string, seen: Consumption): Promise<Member> {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
    rebalanceTimeout: 20_000,
  });
  const member: Member = { name, consumer, assigned: [] };
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    member.assigned = [...(event.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async (payload) => seen.record(name, payload) });
  return member;
}

/** Waits until the members' assignments are disjoint and cover every partition. */
function waitForSplit(members: Member[], timeoutMs: number): Promise<number[][]> {
  return pollUntil(
    `${members.length} members splitting ${PARTITIONS} partitions`,
    async () => {
      const all = members.flatMap((m) => m.assigned);
      const split = members.every((m) => m.assigned.length > 0) && new Set(all).size === PARTITIONS;
      return split && all.length === PARTITIONS ? members.map((m) => m.assigned) : undefined;
    },
    timeoutMs,
    100,
  );
}

function waitForValues(seen: Consumption, total: number, timeoutMs: number): Promise<void> {
  return pollUntil(
    `${total} distinct values consumed`,
    async () => (seen.counts.size >= total ? true : undefined),
    timeoutMs,
    100,
  ).then(() => undefined);
}

/** The group's committed offsets, read through a broker the test has not killed. */
async function committedOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
  const admin = new Kafka({
    clientId: 'groups-e2e-admin',
    brokers: [c.liveBootstrap()],
    logLevel: logLevel.NOTHING,
    retry: { retries: 60, initialRetryTime: 100, maxRetryTime: 500 },
  }).admin();
  await admin.connect();
  try {
    const [fetched] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map(fetched.partitions.map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the group's committed offsets add up to `total` (auto-commit follows each processed batch). */
function committedTotal(groupId: string, topic: string, total: bigint): Promise<Map<number, bigint>> {
  return pollUntil(
    `${total} records committed by ${groupId}`,
    async () => {
      const offsets = await committedOffsets(groupId, topic);
      return [...offsets.values()].reduce((sum, o) => sum + (o > 0n ? o : 0n), 0n) === total ? offsets : undefined;
    },
    60_000,
    200,
  );
}

describe('consumer groups with real clients (3 real nodes)', () => {
  it(
    'kafkajs: members split the partitions, rebalance on join and on stop, and consume every record',
    async () => {
      const topic = 'groups-kafkajs';
      await c.createTopic(topic, PARTITIONS);
      await c.waitForFullIsr(topic, PARTITIONS, 30_000);
      await produce(topic, 0, 600);
      const seen = new Consumption();
      const a = await startMember('a', 'kafkajs-group', topic, seen);
      const b = await startMember('b', 'kafkajs-group', topic, seen);
      await waitForSplit([a, b], 60_000);

      const third = await startMember('c', 'kafkajs-group', topic, seen);
      await waitForSplit([a, b, third], 60_000);
      await produce(topic, 600, 600);
      await waitForValues(seen, 1200, 60_000);
      // Auto-commit after each batch and a commit before every rejoin: nothing was consumed twice.
      expect([...seen.counts.values()].every((n) => n === 1)).toBe(true);

      // b stops (LeaveGroup after its last commit); a and c take over its partitions from the committed offsets.
      const bPartitions = b.assigned;
      await b.consumer.disconnect();
      const committedAtStop = await committedOffsets('kafkajs-group', topic);
      await waitForSplit([a, third], 60_000);
      await produce(topic, 1200, 600);
      await waitForValues(seen, 1800, 60_000);
      for (let i = 0; i < 1800; i++) expect(seen.counts.get(`v-${i}`), `v-${i}`).toBeGreaterThanOrEqual(1);
      // A duplicate may only come from b's partitions, at or past what was committed when b stopped.
      const duplicates = seen.records.filter((r) => seen.counts.get(r.value)! > 1);
      for (const d of duplicates) {
        expect(bPartitions).toContain(d.partition);
        expect(d.offset >= (committedAtStop.get(d.partition) ?? 0n)).toBe(true);
      }
      await Promise.all([a.consumer.disconnect(), third.consumer.disconnect()]);
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it(
    'kcat -G (librdkafka): a balanced consumer commits, and the next run of the group starts after the commit',
    async () => {
      const topic = 'groups-kcat';
      await c.createTopic(topic, 3);
      await c.waitForFullIsr(topic, 3, 30_000);
      await produce(topic, 0, 90);
      const run = () =>
        kcat([
          '-b',
          c.liveBootstrap(),
          '-G',
          'kcat-group',
          '-X',
          'auto.offset.reset=earliest',
          '-X',
          'enable.auto.commit=true',
          '-X',
          'auto.commit.interval.ms=100',
          '-e',
          '-q',
          '-f',
          '%s\n',
          topic,
        ]);
      const first = await run();
      expect(first.code).toBe(0);
      expect(new Set(first.stdout.trim().split('\n')).size).toBe(90);
      const committed = await committedOffsets('kcat-group', topic);
      expect([...committed.values()].reduce((sum, o) => sum + o, 0n)).toBe(90n);
      await produce(topic, 90, 30);
      const second = await run();
      expect(second.stdout.trim().split('\n').sort()).toEqual(
        Array.from({ length: 30 }, (_, i) => `v-${90 + i}`).sort(),
      );
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it.skipIf(javaMissing)(
    'Java client: subscribe() + commitSync() in a group, offsets committed at the end of every partition',
    async () => {
      const topic = 'groups-java';
      await c.createTopic(topic, PARTITIONS);
      await c.waitForFullIsr(topic, PARTITIONS, 30_000);
      await produce(topic, 0, 120);
      const classesDir = tempDir('groups-java-classes');
      try {
        execFileSync('javac', ['-cp', `${LIB_DIR}/*`, '-d', classesDir, join(JAVA_DIR, 'src/GroupConsumerCheck.java')]);
        const output = await runJava([
          '-cp',
          `${classesDir}:${LIB_DIR}/*`,
          'GroupConsumerCheck',
          NODES.map((id) => c.brokerOf(id)).join(','),
          topic,
          'java-group',
          '120',
        ]);
        expect(output.code, output.stderr).toBe(0);
        expect(output.stdout).toContain('COMMITTED');
        const values = [...output.stdout.matchAll(/^REC \d+ \d+ (\S+)$/gm)].map((m) => m[1]);
        expect(new Set(values).size).toBe(120);
        const ends = new Map<number, bigint>();
        for (const m of output.stdout.matchAll(/^REC (\d+) (\d+) /gm)) {
          const p = Number(m[1]);
          ends.set(p, BigInt(m[2]) + 1n > (ends.get(p) ?? 0n) ? BigInt(m[2]) + 1n : ends.get(p)!);
        }
        expect(await committedOffsets('java-group', topic)).toEqual(ends);
      } finally {
        rmSync(classesDir, { recursive: true, force: true });
      }
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it.skipIf(kafkaToolsMissing !== null)(
    `Kafka ${kafkaVersion() ?? ''} kafka-console-consumer --group: consumes, commits on exit, and resumes there`,
    async () => {
      const topic = 'groups-console';
      await c.createTopic(topic, 3);
      await c.waitForFullIsr(topic, 3, 30_000);
      await produce(topic, 0, 50);
      const consume = async (max: number, extra: string[]) => {
        const bootstrap = NODES.map((id) => c.brokerOf(id)).join(',');
        const args = ['--bootstrap-server', bootstrap, '--topic', topic, '--group', 'console-group'];
        const run = await runJava(
          javaArgs(CONSOLE_CONSUMER, [...args, ...extra, '--max-messages', String(max), '--timeout-ms', '30000']),
        );
        expect(run.code, run.stderr).toBe(0);
        return run.stdout.trim().split('\n').sort();
      };
      expect(await consume(50, ['--from-beginning'])).toEqual(Array.from({ length: 50 }, (_, i) => `v-${i}`).sort());
      expect([...(await committedOffsets('console-group', topic)).values()].reduce((a, b) => a + b, 0n)).toBe(50n);
      await produce(topic, 50, 10);
      // No --from-beginning needed or used: the group's committed offsets decide where it starts.
      expect(await consume(10, [])).toEqual(Array.from({ length: 10 }, (_, i) => `v-${50 + i}`).sort());
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it(
    'kill -9 of the coordinator: the group moves to a new coordinator with its committed offsets intact',
    async () => {
      const topic = 'groups-failover';
      const groupId = 'failover-group';
      await c.createTopic(topic, PARTITIONS);
      await c.waitForFullIsr(topic, PARTITIONS, 30_000);
      await produce(topic, 0, 300);
      const seen = new Consumption();
      const member = await startMember('survivor', groupId, topic, seen);
      await waitForValues(seen, 300, 60_000);
      const committed = await committedTotal(groupId, topic, 300n);

      const offsetsPartition = offsetsPartitionFor(groupId, OFFSETS_PARTITIONS);
      await c.waitForFullIsr('__consumer_offsets', OFFSETS_PARTITIONS, 30_000);
      const lines = await c.describeTopic('__consumer_offsets');
      const coordinator = lines.find((l) => l.partition === offsetsPartition)!.leader;
      c.kill9(coordinator);
      // A survivor leads the offsets partition after the dead broker is fenced, and serves the same offsets.
      await pollUntil(
        'a new leader for the group partition',
        async () => {
          const now = await c.describeTopic('__consumer_offsets');
          const leader = now.find((l) => l.partition === offsetsPartition)?.leader ?? -1;
          return leader > 0 && leader !== coordinator ? leader : undefined;
        },
        60_000,
        250,
      );
      expect(await committedOffsets(groupId, topic)).toEqual(committed);

      // The running member finds the new coordinator and carries on consuming and committing there.
      await produce(topic, 300, 60);
      await waitForValues(seen, 360, 90_000);
      await committedTotal(groupId, topic, 360n);
      await member.consumer.disconnect();

      // A new member of the group starts exactly where the group committed.
      await produce(topic, 360, 30);
      const after = new Consumption();
      const resumed = await startMember('after', groupId, topic, after);
      await waitForValues(after, 30, 60_000);
      await resumed.consumer.disconnect();
      expect([...after.counts.keys()].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `v-${360 + i}`).sort());
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});

describe('consumer groups on `tributary cluster start --nodes 1`', () => {
  it(
    'creates __consumer_offsets with replication factor 1 and serves kcat -G',
    async () => {
      const dataDir = tempDir('groups-single');
      const basePort = await freeClusterBasePort(1);
      const child = spawn(
        process.execPath,
        [MAIN, 'cluster', 'start', '--nodes', '1', '--data-dir', dataDir, '--base-port', String(basePort)],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      try {
        await new Promise<void>((resolve, reject) => {
          child.stderr!.on('data', (chunk) => {
            stderr += chunk;
            if (stderr.includes('bootstrap servers')) resolve();
          });
          child.once('exit', (code) => reject(new Error(`cluster exited early (${code}): ${stderr}`)));
        });
        const properties = readFileSync(join(dataDir, 'node-1', 'server.properties'), 'utf8');
        expect(properties).toContain('offsets.topic.replication.factor=1');
        const bootstrap = `127.0.0.1:${basePort}`;
        await kcat(['-P', '-b', bootstrap, '-t', 'single-groups'], 'a\nb\nc\n');
        const consume = () =>
          kcat([
            '-b',
            bootstrap,
            '-G',
            'single-group',
            '-X',
            'auto.offset.reset=earliest',
            '-e',
            '-q',
            'single-groups',
          ]);
        expect((await consume()).stdout.trim().split('\n').sort()).toEqual(['a', 'b', 'c']);
        await kcat(['-P', '-b', bootstrap, '-t', 'single-groups'], 'd\n');
        expect((await consume()).stdout.trim()).toBe('d');
      } finally {
        child.kill('SIGINT');
        await once(child, 'exit');
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
