// Intent: `tributary consumer-groups` against a real node and a real kafkajs consumer group lists, describes
// (offsets, members, state), resets, deletes offsets of and deletes the group with kafka-consumer-groups.sh's
// output, and - when java and Kafka 4.1.1's jars are here - prints exactly what Kafka's own ConsumerGroupCommand
// prints for the same group on the same node.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startToolRunner, type ToolRunner } from '../../scripts/kafka/jvm.mjs';
import { kafkaToolsSkipReason } from '../kafka-tools/tools.js';
import { createTopic } from './support/kafka-admin.js';
import { ensureBuilt, freePort, HEAVY_TEST_TIMEOUT_MS, NodeProcess, tempDir } from './support/node-process.js';
import { pollUntil, runCli } from './support/quorum.js';

const TOPIC = 'cg-orders';
const GROUP = 'cg-e2e';
const PER_PARTITION = 5;
const KAFKA_GROUPS_COMMAND = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
const KAFKA_CONSOLE_CONSUMER = 'org.apache.kafka.tools.consumer.ConsoleConsumer';

let node: NodeProcess;
let kafka: Kafka;
let consumer: Consumer | null = null;
let kafkaTools: ToolRunner | null = null;

beforeAll(async () => {
  ensureBuilt();
  const port = await freePort();
  node = await NodeProcess.start({
    dataDir: tempDir('consumer-groups-cli'),
    port,
    overrides: [
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=5',
      'group.initial.rebalance.delay.ms=0',
    ],
  });
  kafka = new Kafka({ clientId: 'cg-e2e', brokers: [node.bootstrap], logLevel: logLevel.NOTHING });
  await createTopic(node.bootstrap, TOPIC, 2);
  const producer = kafka.producer();
  await producer.connect();
  for (const partition of [0, 1]) {
    const messages = Array.from({ length: PER_PARTITION }, (_, i) => ({ value: `v${i}`, partition }));
    await producer.send({ topic: TOPIC, messages });
  }
  await producer.disconnect();
  if (kafkaToolsSkipReason('consumer-groups-cli comparison with Kafka') === null) kafkaTools = startToolRunner();
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(async () => {
  await consumer?.disconnect().catch(() => undefined);
  await kafkaTools?.close();
  await node?.stop();
  node?.cleanup();
});

const groups = (...args: string[]) => runCli(['consumer-groups', '--bootstrap-server', node.bootstrap, ...args]);

/** Kafka's ConsumerGroupCommand prints the same for these arguments (stdout and stderr). */
async function expectSameAsKafka(args: string[], ours: { stdout: string; stderr: string }): Promise<void> {
  if (kafkaTools === null) return;
  const theirs = await kafkaTools.run(KAFKA_GROUPS_COMMAND, ['--bootstrap-server', node.bootstrap, ...args]);
  expect(ours.stdout, `stdout of ${args.join(' ')}`).toBe(theirs.stdout);
  expect(ours.stderr.trim(), `stderr of ${args.join(' ')}`).toBe(theirs.stderr.trim());
}

/** __consumer_offsets read by Kafka's console consumer with one of Kafka's own record formatters. */
async function readOffsetsTopicWithKafka(formatter: string): Promise<string> {
  const run = await kafkaTools!.run(KAFKA_CONSOLE_CONSUMER, [
    '--bootstrap-server',
    node.bootstrap,
    '--topic',
    '__consumer_offsets',
    '--from-beginning',
    '--timeout-ms',
    '3000',
    '--formatter',
    `org.apache.kafka.tools.consumer.${formatter}`,
  ]);
  return run.stdout;
}

/** Data rows of a --describe offsets table as [topic, partition, current, logEnd, lag, consumerId]. */
function offsetRows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`${GROUP} `))
    .map((line) => line.trim().split(/\s+/))
    .map((cols) => [cols[1], cols[2], cols[3], cols[4], cols[5], cols[6]]);
}

describe('tributary consumer-groups (real node, kafkajs group)', () => {
  it(
    'describes an active group, refuses to reset it, then resets, deletes offsets and deletes it once empty',
    async () => {
      consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 10_000, heartbeatInterval: 500 });
      await consumer.connect();
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      let consumed = 0;
      await consumer.run({
        eachMessage: async () => {
          consumed++;
        },
      });
      await pollUntil('all records consumed', async () => (consumed >= 2 * PER_PARTITION ? true : undefined), 30_000);
      // kafkajs commits on its auto-commit interval; wait for both partitions to show the committed end.
      const described = await pollUntil(
        'offsets committed',
        async () => {
          const run = await groups('--describe', '--group', GROUP);
          const rows = offsetRows(run.stdout);
          return rows.length === 2 && rows.every((r) => r[2] === String(PER_PARTITION)) ? run : undefined;
        },
        30_000,
        250,
      );
      const rows = offsetRows(described.stdout);
      expect(rows.map((r) => r.slice(0, 5))).toEqual([
        [TOPIC, '0', '5', '5', '0'],
        [TOPIC, '1', '5', '5', '0'],
      ]);
      expect(rows[0][5]).not.toBe('-');
      expect(described.stdout.split('\n')[1]).toMatch(
        /^GROUP +TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET +LAG +CONSUMER-ID +HOST +CLIENT-ID$/,
      );
      await expectSameAsKafka(['--describe', '--group', GROUP], described);

      if (kafkaTools !== null) {
        // What this broker wrote to __consumer_offsets decodes with Kafka's own formatters.
        const offsets = await readOffsetsTopicWithKafka('OffsetsMessageFormatter');
        for (const partition of [0, 1]) {
          expect(offsets).toContain(
            `{"key":{"type":1,"data":{"group":"${GROUP}","topic":"${TOPIC}","partition":${partition}}},` +
              `"value":{"version":4,"data":{"offset":${PER_PARTITION},`,
          );
        }
        const metadata = await readOffsetsTopicWithKafka('GroupMetadataMessageFormatter');
        expect(metadata).toMatch(
          new RegExp(
            `\\{"key":\\{"type":2,"data":\\{"group":"${GROUP}"\\}\\},"value":\\{"version":3,"data":\\{"protocolType":"consumer","generation":\\d+,"protocol":"RoundRobinAssigner"`,
          ),
        );
      }

      const list = await groups('--list');
      expect(list.stdout.split('\n')).toContain(GROUP);

      const members = await groups('--describe', '--group', GROUP, '--members');
      expect(members.stdout).toMatch(new RegExp(`\\n${GROUP} +\\S+ +/\\S+ +cg-e2e +2 +\\n`));
      await expectSameAsKafka(['--describe', '--group', GROUP, '--members'], members);

      const state = await groups('--describe', '--group', GROUP, '--state');
      expect(state.stdout).toMatch(new RegExp(`\\n${GROUP} +127\\.0\\.0\\.1:\\d+  \\(1\\) +\\S+ +Stable +1\\n`));
      await expectSameAsKafka(['--describe', '--group', GROUP, '--state'], state);

      // The same again for the verbose tables and the lists, compared with Kafka's tool only.
      for (const args of [
        ['--list'],
        ['--list', '--state'],
        ['--list', '--state', 'stable,empty'],
        ['--list', '--type'],
        ['--list', '--type', 'classic', '--state'],
        ['--describe', '--group', GROUP, '--verbose'],
        ['--describe', '--group', GROUP, '--members', '--verbose'],
        ['--describe', '--group', GROUP, '--state', '--verbose'],
        ['--describe', '--all-groups'],
      ]) {
        const run = await groups(...args);
        expect(run.code, args.join(' ')).toBe(0);
        await expectSameAsKafka(args, run);
      }

      const refused = await groups('--reset-offsets', '--group', GROUP, '--topic', TOPIC, '--to-earliest', '--execute');
      expect(refused.stdout).toContain(
        `Error: Assignments can only be reset if the group '${GROUP}' is inactive, but the current state is Stable.`,
      );

      await consumer.disconnect();
      consumer = null;
      const empty = await pollUntil(
        'group empty',
        async () => {
          const run = await groups('--describe', '--group', GROUP, '--state');
          return run.stdout.includes(' Empty ') ? run : undefined;
        },
        30_000,
        250,
      );
      expect(empty.stderr).toContain(`Consumer group '${GROUP}' has no active members.`);

      const dryRun = await groups('--reset-offsets', '--group', GROUP, '--topic', TOPIC, '--to-earliest', '--dry-run');
      expect(dryRun.stdout).toBe(
        `\n${'GROUP'.padEnd(30)} ${'TOPIC'.padEnd(30)} PARTITION  NEW-OFFSET     ` +
          `\n${GROUP.padEnd(30)} ${TOPIC.padEnd(30)} 0          0              ` +
          `\n${GROUP.padEnd(30)} ${TOPIC.padEnd(30)} 1          0              \n`,
      );
      await expectSameAsKafka(
        ['--reset-offsets', '--group', GROUP, '--topic', TOPIC, '--to-earliest', '--dry-run'],
        dryRun,
      );
      expect(offsetRows((await groups('--describe', '--group', GROUP)).stdout)[0][2]).toBe('5');

      const exportArgs = [
        '--reset-offsets',
        '--group',
        GROUP,
        '--topic',
        TOPIC,
        '--to-earliest',
        '--dry-run',
        '--export',
      ];
      const exported = await groups(...exportArgs);
      expect(exported.stdout).toBe(`${TOPIC},0,0\n${TOPIC},1,0\n\n`);
      await expectSameAsKafka(exportArgs, exported);
      const planFile = join(tempDir('consumer-groups-plan'), 'plan.csv');
      writeFileSync(planFile, `${TOPIC},1,4\n`);
      const fromFileArgs = ['--reset-offsets', '--group', GROUP, '--from-file', planFile, '--dry-run'];
      const fromFile = await groups(...fromFileArgs);
      expect(fromFile.stdout).toContain(`\n${GROUP.padEnd(30)} ${TOPIC.padEnd(30)} 1          4              \n`);
      await expectSameAsKafka(fromFileArgs, fromFile);
      rmSync(dirname(planFile), { recursive: true, force: true });

      // Records are younger than an hour: an hour ago is the log start. No record at a future time: the log end.
      const byDuration = await groups(
        '--reset-offsets',
        '--group',
        GROUP,
        '--all-topics',
        '--by-duration',
        'PT1H',
        '--dry-run',
      );
      expect(byDuration.stdout).toContain(`\n${GROUP.padEnd(30)} ${TOPIC.padEnd(30)} 1          0              \n`);
      const futureArgs = [
        '--reset-offsets',
        '--group',
        GROUP,
        '--topic',
        `${TOPIC}:0`,
        '--to-datetime',
        '2099-01-01T00:00:00.000',
        '--dry-run',
      ];
      const future = await groups(...futureArgs);
      expect(future.stdout).toBe(
        `\nWarn: Partition 0 from topic ${TOPIC} is empty. Falling back to latest known offset.\n` +
          `\n${'GROUP'.padEnd(30)} ${'TOPIC'.padEnd(30)} PARTITION  NEW-OFFSET     ` +
          `\n${GROUP.padEnd(30)} ${TOPIC.padEnd(30)} 0          5              \n`,
      );
      await expectSameAsKafka(futureArgs, future);

      const toOffset = await groups(
        '--reset-offsets',
        '--group',
        GROUP,
        '--topic',
        `${TOPIC}:0`,
        '--to-offset',
        '2',
        '--execute',
      );
      expect(toOffset.stdout).toContain(`\n${GROUP.padEnd(30)} ${TOPIC.padEnd(30)} 0          2              \n`);
      const shifted = await groups(
        '--reset-offsets',
        '--group',
        GROUP,
        '--topic',
        `${TOPIC}:1`,
        '--shift-by',
        '-4',
        '--execute',
      );
      expect(shifted.stdout).toContain(`\n${GROUP.padEnd(30)} ${TOPIC.padEnd(30)} 1          1              \n`);
      const clamped = await groups(
        '--reset-offsets',
        '--group',
        GROUP,
        '--all-topics',
        '--shift-by',
        '100',
        '--dry-run',
      );
      expect(clamped.stdout).toContain(` 0          5              \n`);

      const afterReset = await groups('--describe', '--group', GROUP);
      expect(offsetRows(afterReset.stdout)).toEqual([
        [TOPIC, '0', '2', '5', '3', '-'],
        [TOPIC, '1', '1', '5', '4', '-'],
      ]);
      await expectSameAsKafka(['--describe', '--group', GROUP], afterReset);

      const deletedOffsets = await groups('--delete-offsets', '--group', GROUP, '--topic', `${TOPIC}:0`);
      expect(deletedOffsets.stdout).toBe(
        `Request succeeded for deleting offsets from group ${GROUP}.\n` +
          `\n${'TOPIC'.padEnd(15)} PARTITION  STATUS         \n${TOPIC.padEnd(15)} 0          Successful     \n`,
      );
      expect(offsetRows((await groups('--describe', '--group', GROUP)).stdout).map((r) => r[1])).toEqual(['1']);

      const deleted = await groups('--delete', '--group', GROUP);
      expect(deleted.stdout).toBe(`Deletion of requested consumer groups ('${GROUP}') was successful.\n`);
      const gone = await groups('--describe', '--group', GROUP);
      expect(gone.stdout).toBe(`\nError: Consumer group '${GROUP}' does not exist.\n`);
      await expectSameAsKafka(['--describe', '--group', GROUP], gone);
      expect((await groups('--list')).stdout.split('\n')).not.toContain(GROUP);

      // A group that does not exist, as Kafka's tool reports it (errors, headers, exit codes).
      for (const args of [
        ['--describe', '--group', GROUP, '--members'],
        ['--describe', '--group', GROUP, '--state'],
        ['--delete', '--group', GROUP],
        ['--delete-offsets', '--group', GROUP, '--topic', TOPIC],
        ['--reset-offsets', '--group', GROUP, '--topic', TOPIC, '--to-latest', '--dry-run'],
      ]) {
        const run = await groups(...args);
        expect(run.code, args.join(' ')).toBe(0);
        await expectSameAsKafka(args, run);
      }
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
