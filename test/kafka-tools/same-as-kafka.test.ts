// Intent: the same sequence of Kafka CLI tool calls prints the same output against Apache Kafka (jars pinned in
// scripts/kafka/pom.xml, single-node KRaft) and against a real Tributary node, up to ids and the differences listed
// here with their reasons. Skipped only when java, or both the fetched jars and mvn to fetch them, are absent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKafkaFetched, kafkaVersion } from '../../scripts/kafka/jvm.mjs';
import { type ApacheKafka, startKafka } from '../../scripts/kafka/run-kafka.mjs';
import { ensureBuilt, freePort, NodeProcess, tempDir } from '../e2e/support/node-process.js';
import {
  CONFIGS,
  CONSOLE_CONSUMER,
  CONSOLE_PRODUCER,
  createTopicArgs,
  FETCH_AND_START_TIMEOUT_MS,
  GET_OFFSETS,
  kafkaToolsSkipReason,
  parseOffsets,
  startTools,
  TOPICS,
  type Tools,
} from './tools.js';

const skip = kafkaToolsSkipReason('same-as-kafka test');

/**
 * What may differ and why:
 * - topic ids are random;
 * - `Elr:`/`LastKnownElr:` print `N/A` against Tributary: it has no DescribeTopicPartitions (API 75), so the admin
 *   client falls back to Metadata, which carries no ELR;
 * - Kafka 4.x stores `min.insync.replicas=1` as a cluster-level config at bootstrap (for ELR), so kafka-topics lists
 *   it among a topic's non-default configs;
 * - synonym lists of kafka-configs differ in which DEFAULT_CONFIG entries they show (compared without them);
 * - an illegal topic name's message (see that case below).
 */
function normalize(output: string): string {
  return output
    .replace(/TopicId: [A-Za-z0-9_-]{22}/g, 'TopicId: <id>')
    .replace(/\tElr: [^\t]*\tLastKnownElr: [^\t\n]*/g, '\tElr: <elr>')
    .replace(/(Configs: [^\n]*?)min\.insync\.replicas=1,?/g, '$1')
    .replace(/,(\n|$)/g, '$1')
    .replace(/ synonyms=\{[^}]*\}/g, '');
}

/** Topic configs whose default differs on purpose or by an open gap, with the reason. */
const KNOWN_DEFAULT_DIFFERENCES: Record<string, string> = {
  // Kafka 4.0 (KIP-1144 era) rejects records stamped over an hour ahead by default; Tributary keeps the 3.x default.
  'message.timestamp.after.max.ms': 'Kafka 4.x default 3600000; Tributary Long.MAX_VALUE',
};

/** `  name=value sensitive=...` lines of kafka-configs --describe --all as a map. */
function configValues(output: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const match of output.matchAll(/^ {2}([a-z0-9.]+)=(.*?) sensitive=/gm)) values.set(match[1], match[2]);
  return values;
}

describe.skipIf(skip !== null)(
  `Kafka ${kafkaVersion() ?? ''} CLI tools print the same against Apache Kafka and Tributary`,
  () => {
    let kafka: ApacheKafka;
    let node: NodeProcess;
    let tools: Tools;

    /** The same call against both (each must exit with `status`); their normalized outputs, Kafka's first. */
    async function both(mainClass: string, args: string[], options: { input?: string; status?: number } = {}) {
      const onKafka = await tools.run(mainClass, ['--bootstrap-server', kafka.bootstrap, ...args], options);
      const onTributary = await tools.run(mainClass, ['--bootstrap-server', node.bootstrap, ...args], options);
      return { kafka: normalize(onKafka), tributary: normalize(onTributary) };
    }
    async function expectSame(mainClass: string, args: string[], options: { input?: string; status?: number } = {}) {
      const out = await both(mainClass, args, options);
      expect(out.tributary, `${mainClass} ${args.join(' ')}`).toBe(out.kafka);
      return out.kafka;
    }

    beforeAll(async () => {
      const missing = ensureKafkaFetched();
      if (missing) throw new Error(`cannot fetch Apache Kafka: ${missing}`);
      ensureBuilt();
      tools = startTools();
      [kafka, node] = await Promise.all([
        startKafka(),
        NodeProcess.start({ dataDir: tempDir('same-as-kafka'), port: await freePort() }),
      ]);
    }, FETCH_AND_START_TIMEOUT_MS);

    afterAll(async () => {
      await tools?.close();
      await Promise.all([kafka?.stop(), node?.stop()]);
      node?.cleanup();
    });

    it('kafka-topics: create, describe, and the error paths', async () => {
      const create = ['--create', '--topic', 'same', '--partitions', '2', '--replication-factor', '1'];
      expect(await expectSame(TOPICS, [...create, '--config', 'retention.ms=12345'])).toBe('Created topic same.\n');
      await expectSame(TOPICS, create, { status: 1 });
      // Tributary words InvalidTopicException as Kafka 3.x did (packages/metadata/src/topic-name.ts); Kafka 4.x says
      // "Topic name is invalid: 'bad/name' contains one or more characters other than ...". Same error, other text.
      const badName = await both(TOPICS, ['--create', '--topic', 'bad/name', '--partitions', '1'], { status: 1 });
      for (const out of [badName.kafka, badName.tributary]) {
        expect(out).toMatch(
          /^Error while executing topic command : Topic name (is invalid: 'bad\/name'|"bad\/name" is illegal, it) contains .*ASCII alphanumerics/,
        );
      }
      await expectSame(TOPICS, ['--create', '--topic', 'rf3', '--partitions', '1', '--replication-factor', '3'], {
        status: 1,
      });
      await expectSame(TOPICS, ['--create', '--topic', 'zero', '--partitions', '0'], { status: 1 });
      await expectSame(TOPICS, ['--describe', '--topic', 'missing'], { status: 1 });
      expect(await expectSame(TOPICS, ['--describe', '--topic', 'same'])).toMatch(/PartitionCount: 2/);
      expect(await expectSame(TOPICS, ['--list'])).toBe('same\n');
    });

    it('kafka-console-producer (keys, headers, null value) then kafka-get-offsets and kafka-console-consumer', async () => {
      const input = ['h1:a,h2:b\tk1\tv1', 'h1:c\tk2\tv2', 'h1:d\tk3\tv3', 'h1:e\tk4\tNULL', 'h1:f\tk1\tv5', ''].join(
        '\n',
      );
      await expectSame(
        CONSOLE_PRODUCER,
        [
          '--topic',
          'same',
          '--property',
          'parse.key=true',
          '--property',
          'parse.headers=true',
          '--property',
          'null.marker=NULL',
        ],
        { input },
      );
      // -3 (max timestamp) and absolute timestamps depend on each run's clock, so they are checked in kafka-tools.test.
      for (const time of ['-1', '-2', '-4', '-5', '0', '99999999999999']) {
        await expectSame(GET_OFFSETS, ['--topic', 'same', '--time', time]);
      }
      const latest = parseOffsets(await expectSame(GET_OFFSETS, ['--topic', 'same', '--time', '-1']), 'same');
      expect([...latest.values()].reduce((a, b) => a + b, 0)).toBe(5);
      for (const [partition, count] of latest) {
        if (count === 0) continue;
        await expectSame(CONSOLE_CONSUMER, [
          '--topic',
          'same',
          '--partition',
          `${partition}`,
          '--offset',
          'earliest',
          '--max-messages',
          `${count}`,
          '--timeout-ms',
          '20000',
          '--property',
          'print.partition=true',
          '--property',
          'print.offset=true',
          '--property',
          'print.key=true',
          '--property',
          'print.headers=true',
        ]);
      }
    });

    it('a LogAppendTime topic: the broker stamps compressed batches, and -3 (max timestamp) finds the same offset', async () => {
      await expectSame(TOPICS, createTopicArgs('stamped', 1, ['message.timestamp.type=LogAppendTime']));
      await expectSame(CONSOLE_PRODUCER, ['--topic', 'stamped', '--compression-codec', 'lz4'], { input: 'a\nb\nc\n' });
      await expectSame(GET_OFFSETS, ['--topic', 'stamped', '--time', '-3']);
      const consumed = await both(CONSOLE_CONSUMER, [
        '--topic',
        'stamped',
        '--partition',
        '0',
        '--offset',
        'earliest',
        '--max-messages',
        '3',
        '--timeout-ms',
        '20000',
        '--property',
        'print.timestamp=true',
      ]);
      // The stamps are each broker's clock; their kind and the values are what must match.
      const kindOnly = (out: string) => out.replace(/LogAppendTime:\d+/g, 'LogAppendTime:<ts>');
      expect(kindOnly(consumed.tributary)).toBe(kindOnly(consumed.kafka));
      expect(kindOnly(consumed.kafka)).toBe('LogAppendTime:<ts>\ta\nLogAppendTime:<ts>\tb\nLogAppendTime:<ts>\tc\n');
      await expectSame(TOPICS, ['--delete', '--topic', 'stamped']);
    });

    it('kafka-configs --describe: the same overrides; --all: the same values for every config Tributary knows', async () => {
      await expectSame(CONFIGS, ['--describe', '--entity-type', 'topics', '--entity-name', 'same']);
      const all = await both(CONFIGS, ['--describe', '--all', '--entity-type', 'topics', '--entity-name', 'same']);
      const onKafka = configValues(all.kafka);
      const onTributary = configValues(all.tributary);
      expect(onTributary.size).toBeGreaterThan(10);
      for (const [name, value] of onTributary) {
        expect(onKafka.has(name), `Tributary lists ${name}, which Kafka ${kafkaVersion()} does not`).toBe(true);
        if (!(name in KNOWN_DEFAULT_DIFFERENCES)) expect(value, name).toBe(onKafka.get(name));
      }
      const missing = [...onKafka.keys()].filter((name) => !onTributary.has(name));
      console.info(`topic configs Kafka lists and Tributary does not: ${missing.join(', ') || 'none'}`);
    });

    it('kafka-topics: alter partitions, delete, list', async () => {
      await expectSame(TOPICS, ['--alter', '--topic', 'same', '--partitions', '3']);
      await expectSame(TOPICS, ['--alter', '--topic', 'same', '--partitions', '2'], { status: 1 });
      expect(await expectSame(TOPICS, ['--describe', '--topic', 'same'])).toMatch(/PartitionCount: 3/);
      await expectSame(TOPICS, ['--delete', '--topic', 'same']);
      await expectSame(TOPICS, ['--delete', '--topic', 'same'], { status: 1 });
    });
  },
);
