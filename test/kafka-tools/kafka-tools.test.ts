// Intent: Apache Kafka's own CLI tools (kafka-topics, kafka-producer-perf-test with every compression codec,
// kafka-verifiable-producer, kafka-console-producer/-consumer, kafka-get-offsets, kafka-configs, kafka-cluster; jars
// of the version pinned in scripts/kafka/pom.xml) work against a real Tributary node unchanged, and print what they
// print against Apache Kafka. Skipped only when java (a JDK), or both the fetched jars and mvn to fetch them, are absent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKafkaFetched, kafkaVersion } from '../../scripts/kafka/jvm.mjs';
import { ensureBuilt, freePort, NodeProcess, tempDir } from '../e2e/support/node-process.js';
import {
  CLUSTER,
  CONFIGS,
  CONSOLE_CONSUMER,
  CONSOLE_PRODUCER,
  createTopicArgs,
  FETCH_AND_START_TIMEOUT_MS,
  GET_OFFSETS,
  kafkaToolsSkipReason,
  PRODUCER_PERF,
  parseOffsets,
  producerPerfArgs,
  startTools,
  TOPICS,
  type Tools,
  VERIFIABLE_PRODUCER,
} from './tools.js';

const PERF_RECORDS = 2000;
/** Kafka's all-zero topic id (Uuid.ZERO_UUID) in its base64url form: a real topic never has it. */
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
const skip = kafkaToolsSkipReason('kafka-tools test');

describe.skipIf(skip !== null)(`Apache Kafka ${kafkaVersion() ?? ''} CLI tools against Tributary`, () => {
  let node: NodeProcess;
  let tools: Tools;
  const run: Tools['run'] = (mainClass, args, options) => tools.run(mainClass, args, options);
  const tool = (mainClass: string, args: string[], options?: { input?: string; status?: number }) =>
    run(mainClass, ['--bootstrap-server', node.bootstrap, ...args], options);
  const offsets = async (topic: string, time: string) =>
    parseOffsets(await tool(GET_OFFSETS, ['--topic', topic, '--time', time]), topic);

  beforeAll(async () => {
    const missing = ensureKafkaFetched();
    if (missing) throw new Error(`cannot fetch Apache Kafka: ${missing}`);
    ensureBuilt();
    tools = startTools();
    node = await NodeProcess.start({ dataDir: tempDir('kafka-tools'), port: await freePort() });
  }, FETCH_AND_START_TIMEOUT_MS);

  afterAll(async () => {
    await tools?.close();
    await node?.stop();
    node?.cleanup();
  });

  it('kafka-topics creates, lists and describes a topic in the format Kafka prints', async () => {
    expect(
      await tool(TOPICS, ['--create', '--topic', 'tools-a', '--partitions', '3', '--replication-factor', '1']),
    ).toBe('Created topic tools-a.\n');
    expect((await tool(TOPICS, ['--list'])).split('\n')).toContain('tools-a');
    const lines = (await tool(TOPICS, ['--describe', '--topic', 'tools-a'])).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const header =
      /^Topic: tools-a\tTopicId: ([A-Za-z0-9_-]{22})\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: ?$/;
    expect(lines[0]).toMatch(header);
    expect(header.exec(lines[0])?.[1]).not.toBe(ZERO_UUID);
    lines.slice(1).forEach((line, partition) => {
      expect(line).toMatch(
        new RegExp(`^\\tTopic: tools-a\\tPartition: ${partition}\\tLeader: 1\\tReplicas: 1\\tIsr: 1\\t`),
      );
    });
  });

  it('kafka-topics reports Kafka’s own errors: existing topic, illegal name, unreachable replication factor', async () => {
    const errors = [
      [['--create', '--topic', 'tools-a', '--partitions', '1'], "Topic 'tools-a' already exists."],
      [['--create', '--topic', 'bad/name', '--partitions', '1'], 'Topic name "bad/name" is illegal'],
      [
        ['--create', '--topic', 'tools-rf3', '--partitions', '1', '--replication-factor', '3'],
        'Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered.',
      ],
    ] as const;
    for (const [args, message] of errors) {
      const out = await tool(TOPICS, [...args], { status: 1 });
      expect(out).toContain(`Error while executing topic command : ${message}`);
    }
  });

  it('kafka-producer-perf-test at acks=all with default idempotence writes every record', async () => {
    const out = await run(PRODUCER_PERF, producerPerfArgs(node.bootstrap, 'tools-a', PERF_RECORDS, ['acks=all']));
    expect(out.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^${PERF_RECORDS} records sent, [\\d.]+ records/sec`));
    const latest = await offsets('tools-a', '-1');
    expect([...latest.keys()].sort()).toEqual([0, 1, 2]);
    expect([...latest.values()].reduce((a, b) => a + b, 0)).toBe(PERF_RECORDS);
    expect([...(await offsets('tools-a', '-2')).values()]).toEqual([0, 0, 0]);
  });

  it('kafka-producer-perf-test with each compression codec: every record lands', async () => {
    await tool(TOPICS, createTopicArgs('tools-codecs', 2));
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
      const out = await run(
        PRODUCER_PERF,
        producerPerfArgs(node.bootstrap, 'tools-codecs', 500, [`compression.type=${codec}`]),
      );
      expect(out.trimEnd().split('\n').at(-1), codec).toMatch(/^500 records sent, /);
    }
    const latest = await offsets('tools-codecs', '-1');
    expect([...latest.values()].reduce((a, b) => a + b, 0)).toBe(2000);
    const last = await tool(CONSOLE_CONSUMER, [
      '--topic',
      'tools-codecs',
      '--partition',
      '0',
      '--offset',
      `${(latest.get(0) ?? 1) - 1}`,
      '--max-messages',
      '1',
      '--timeout-ms',
      '20000',
    ]);
    expect(last).toMatch(/^[A-Z]{100}\n$/); // ProducerPerformance's payload: 100 random capital letters
    await tool(TOPICS, ['--delete', '--topic', 'tools-codecs']);
  });

  it('kafka-verifiable-producer: every send acknowledged, offsets dense from 0 in each partition', async () => {
    await tool(TOPICS, createTopicArgs('tools-verifiable', 3));
    const out = await tool(VERIFIABLE_PRODUCER, [
      '--topic',
      'tools-verifiable',
      '--max-messages',
      '300',
      '--acks',
      '-1',
    ]);
    const events = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; partition?: number; offset?: number; acked?: number });
    const successes = events.filter((e) => e.name === 'producer_send_success');
    expect(events.filter((e) => e.name === 'producer_send_error')).toEqual([]);
    expect(successes).toHaveLength(300);
    expect(events.find((e) => e.name === 'tool_data')?.acked).toBe(300);
    const byPartition = new Map<number, number[]>();
    for (const { partition, offset } of successes) {
      byPartition.set(partition ?? -1, [...(byPartition.get(partition ?? -1) ?? []), offset ?? -1]);
    }
    for (const offsetsSeen of byPartition.values()) {
      expect(offsetsSeen.sort((a, b) => a - b)).toEqual(offsetsSeen.map((_, i) => i));
    }
    const latest = await offsets('tools-verifiable', '-1');
    for (const [partition, offsetsSeen] of byPartition) expect(latest.get(partition)).toBe(offsetsSeen.length);
    await tool(TOPICS, ['--delete', '--topic', 'tools-verifiable']);
  });

  it('kafka-topics --alter adds a partition (CreatePartitions) and kafka-get-offsets sees it empty', async () => {
    expect(await tool(TOPICS, ['--alter', '--topic', 'tools-a', '--partitions', '4'])).toBe('');
    const described = await tool(TOPICS, ['--describe', '--topic', 'tools-a']);
    expect(described).toMatch(/\tPartitionCount: 4\t/);
    expect(described).toMatch(/\tPartition: 3\tLeader: 1\tReplicas: 1\tIsr: 1\t/);
    expect((await offsets('tools-a', '-1')).get(3)).toBe(0);
  });

  it('kafka-console-producer with keys, read back by kafka-console-consumer with the keys, and earliest/latest offsets', async () => {
    await tool(TOPICS, createTopicArgs('tools-keys', 1));
    await tool(
      CONSOLE_PRODUCER,
      ['--topic', 'tools-keys', '--property', 'parse.key=true', '--property', 'key.separator=:'],
      {
        input: 'k1:v1\nk2:v2\nk3:v3\n',
      },
    );
    expect(await offsets('tools-keys', '-2')).toEqual(new Map([[0, 0]]));
    expect(await offsets('tools-keys', '-1')).toEqual(new Map([[0, 3]]));
    const consumed = await tool(CONSOLE_CONSUMER, [
      '--topic',
      'tools-keys',
      '--partition',
      '0',
      '--offset',
      'earliest',
      '--max-messages',
      '3',
      '--property',
      'print.key=true',
      '--timeout-ms',
      '20000',
    ]);
    expect(consumed).toBe('k1\tv1\nk2\tv2\nk3\tv3\n');
  });

  it('kafka-configs --describe shows a topic’s overrides with their synonyms, and --all the defaults', async () => {
    await tool(TOPICS, createTopicArgs('tools-configs', 1, ['retention.ms=12345']));
    const dynamic = await tool(CONFIGS, ['--describe', '--entity-type', 'topics', '--entity-name', 'tools-configs']);
    expect(dynamic.split('\n')[0]).toBe('Dynamic configs for topic tools-configs are:');
    expect(dynamic).toMatch(
      /^ {2}retention\.ms=12345 sensitive=false synonyms=\{DYNAMIC_TOPIC_CONFIG:retention\.ms=12345/m,
    );
    const all = await tool(CONFIGS, [
      '--describe',
      '--all',
      '--entity-type',
      'topics',
      '--entity-name',
      'tools-configs',
    ]);
    expect(all.split('\n')[0]).toBe('All configs for topic tools-configs are:');
    expect(all).toMatch(
      /^ {2}cleanup\.policy=delete sensitive=false synonyms=\{DEFAULT_CONFIG:log\.cleanup\.policy=delete\}$/m,
    );
    expect(await tool(TOPICS, ['--describe', '--topic', 'tools-configs'])).toMatch(/\tConfigs: retention\.ms=12345\n/);
  });

  it('kafka-cluster cluster-id prints the node’s cluster id (DescribeCluster)', async () => {
    const clusterId = /"clusterId":"([A-Za-z0-9_-]{22})"/.exec(node.tail(200))?.[1];
    expect(clusterId, 'the node logs its cluster id at start').toBeDefined();
    // kafka-cluster wants its subcommand before --bootstrap-server.
    expect(await run(CLUSTER, ['cluster-id', '--bootstrap-server', node.bootstrap])).toBe(`Cluster ID: ${clusterId}\n`);
  });

  it('kafka-topics --delete removes the topics from --list', async () => {
    for (const topic of ['tools-a', 'tools-keys', 'tools-configs']) {
      expect(await tool(TOPICS, ['--delete', '--topic', topic])).toBe('');
    }
    expect((await tool(TOPICS, ['--list'])).trim()).toBe('');
  });
});
