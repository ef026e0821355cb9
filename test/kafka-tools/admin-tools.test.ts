// Intent: Apache Kafka's own admin tools work against a real Tributary node unchanged: kafka-configs --alter
// --add-config / --delete-config then --describe, kafka-delete-records, kafka-leader-election --election-type preferred
// --all-topic-partitions (nothing to do on one node; on three real nodes after a restart it moves leadership back),
// kafka-log-dirs --describe and kafka-metadata-quorum --bootstrap-server describe --status.
// Skipped only when java (a JDK), or both the fetched jars and mvn to fetch them, are absent.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKafkaFetched, kafkaVersion } from '../../scripts/kafka/jvm.mjs';
import { ensureBuilt, freePort, HEAVY_TEST_TIMEOUT_MS, NodeProcess, tempDir } from '../e2e/support/node-process.js';
import { pollUntil } from '../e2e/support/quorum.js';
import { ReplicatedCluster } from '../e2e/support/replicated-cluster.js';
import {
  CONFIGS,
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
} from './tools.js';

const DELETE_RECORDS = 'org.apache.kafka.tools.DeleteRecordsCommand';
const LEADER_ELECTION = 'org.apache.kafka.tools.LeaderElectionCommand';
const LOG_DIRS = 'org.apache.kafka.tools.LogDirsCommand';
const METADATA_QUORUM = 'org.apache.kafka.tools.MetadataQuorumCommand';
const TOPIC = 'admin-tools';

const skip = kafkaToolsSkipReason('admin-tools test');

describe.skipIf(skip !== null)(`Apache Kafka ${kafkaVersion() ?? ''} admin tools against Tributary`, () => {
  let node: NodeProcess;
  let tools: Tools;
  let dir: string;
  const tool = (mainClass: string, args: string[], options?: { input?: string; status?: number }) =>
    tools.run(mainClass, ['--bootstrap-server', node.bootstrap, ...args], options);

  beforeAll(async () => {
    const missing = ensureKafkaFetched();
    if (missing) throw new Error(`cannot fetch Apache Kafka: ${missing}`);
    ensureBuilt();
    tools = startTools();
    dir = tempDir('admin-tools');
    node = await NodeProcess.start({ dataDir: join(dir, 'data'), port: await freePort() });
    await tool(TOPICS, createTopicArgs(TOPIC, 2));
    await tools.run(PRODUCER_PERF, producerPerfArgs(node.bootstrap, TOPIC, 200, ['acks=all']));
  }, FETCH_AND_START_TIMEOUT_MS);

  afterAll(async () => {
    await tools?.close();
    await node?.stop();
    node?.cleanup();
  });

  it('kafka-configs --add-config and --delete-config change what --describe prints', async () => {
    const entity = ['--entity-type', 'topics', '--entity-name', TOPIC];
    expect(
      await tool(CONFIGS, ['--alter', ...entity, '--add-config', 'retention.ms=86400000,max.message.bytes=2048']),
    ).toBe(`Completed updating config for topic ${TOPIC}.\n`);
    const described = await tool(CONFIGS, ['--describe', ...entity]);
    expect(described).toMatch(/^ {2}retention\.ms=86400000 sensitive=false/m);
    expect(described).toMatch(/^ {2}max\.message\.bytes=2048 sensitive=false/m);
    await tool(CONFIGS, ['--alter', ...entity, '--delete-config', 'max.message.bytes']);
    const after = await tool(CONFIGS, ['--describe', ...entity]);
    expect(after).not.toMatch(/max\.message\.bytes/);
    expect(after).toMatch(/^ {2}retention\.ms=86400000/m);
    // A bad value fails the tool (INVALID_CONFIG) and changes nothing.
    await tool(CONFIGS, ['--alter', ...entity, '--add-config', 'retention.ms=soon'], { status: 1 });
    expect(await tool(CONFIGS, ['--describe', ...entity])).toMatch(/^ {2}retention\.ms=86400000/m);
  });

  it('kafka-configs for brokers: the cluster default unclean.leader.election.enable, not read-only keys', async () => {
    const brokerDefault = ['--entity-type', 'brokers', '--entity-default'];
    expect(
      await tool(CONFIGS, ['--alter', ...brokerDefault, '--add-config', 'unclean.leader.election.enable=true']),
    ).toBe('Completed updating default config for brokers in the cluster.\n');
    expect(await tool(CONFIGS, ['--describe', ...brokerDefault])).toBe(
      'Default configs for brokers in the cluster are:\n' +
        '  unclean.leader.election.enable=true sensitive=false ' +
        'synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:unclean.leader.election.enable=true}\n',
    );
    // Topics see the cluster default as their effective value.
    const topic = await tool(CONFIGS, ['--describe', '--all', '--entity-type', 'topics', '--entity-name', TOPIC]);
    expect(topic).toMatch(
      /^ {2}unclean\.leader\.election\.enable=true sensitive=false synonyms=\{DYNAMIC_DEFAULT_BROKER_CONFIG/m,
    );
    await tool(CONFIGS, ['--alter', ...brokerDefault, '--delete-config', 'unclean.leader.election.enable']);
    expect(await tool(CONFIGS, ['--describe', ...brokerDefault])).toBe(
      'Default configs for brokers in the cluster are:\n',
    );
    // log.dirs is read-only (INVALID_REQUEST): the tool fails.
    await tool(CONFIGS, ['--alter', '--entity-type', 'brokers', '--entity-name', '1', '--add-config', 'log.dirs=/x'], {
      status: 1,
    });
  });

  it('kafka-delete-records moves the earliest offset kafka-get-offsets reports, and refuses past the end', async () => {
    // The producer's sticky partitioner splits the records unevenly: trim the fuller partition to half its length.
    const latest = parseOffsets(await tool(GET_OFFSETS, ['--topic', TOPIC, '--time', '-1']), TOPIC);
    const [partition, end] = [...latest].sort((a, b) => b[1] - a[1])[0];
    const offset = Math.floor(end / 2);
    expect(offset).toBeGreaterThan(0);
    const deleteTo = (target: number) => {
      const plan = join(dir, `delete-${target}.json`);
      writeFileSync(plan, JSON.stringify({ version: 1, partitions: [{ topic: TOPIC, partition, offset: target }] }));
      return tool(DELETE_RECORDS, ['--offset-json-file', plan]);
    };
    const header = 'Executing records delete operation\nRecords delete operation completed:\n';
    expect(await deleteTo(offset)).toBe(`${header}partition: ${TOPIC}-${partition}\tlow_watermark: ${offset}\n`);
    const earliest = parseOffsets(await tool(GET_OFFSETS, ['--topic', TOPIC, '--time', '-2']), TOPIC);
    expect(earliest.get(partition)).toBe(offset);
    expect(await deleteTo(end + 1)).toBe(
      `${header}partition: ${TOPIC}-${partition}\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: ` +
        'The requested offset is not within the range of offsets maintained by the server.\n',
    );
  });

  it('kafka-leader-election --election-type preferred: nothing to elect where the preferred replica leads', async () => {
    // As in Kafka, "all partitions" answers only the partitions that needed an election: none on one broker.
    expect(await tool(LEADER_ELECTION, ['--election-type', 'preferred', '--all-topic-partitions'])).toBe('');
    expect(await tool(LEADER_ELECTION, ['--election-type', 'preferred', '--topic', TOPIC, '--partition', '0'])).toBe(
      `Valid replica already elected for partitions ${TOPIC}-0\n`,
    );
  });

  it('kafka-log-dirs --describe lists the log dir with the topic partitions', async () => {
    const lines = (await tool(LOG_DIRS, ['--describe', '--topic-list', TOPIC])).trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Querying brokers for log directories information',
      'Received log directory information from brokers 1',
    ]);
    const report = JSON.parse(lines[2]);
    expect(report.version).toBe(1);
    const [logDir] = report.brokers[0].logDirs;
    expect(logDir).toMatchObject({ error: null, logDir: join(dir, 'data') });
    const partitions = logDir.partitions.map((p: { partition: string }) => p.partition).sort();
    expect(partitions).toEqual([`${TOPIC}-0`, `${TOPIC}-1`]);
    for (const p of logDir.partitions)
      expect(p).toMatchObject({ offsetLag: 0, isFuture: false, size: expect.any(Number) });
    expect(logDir.partitions.reduce((sum: number, p: { size: number }) => sum + p.size, 0)).toBeGreaterThan(0);
  });

  it('kafka-metadata-quorum --bootstrap-server describe --status and --replication', async () => {
    const status = await tool(METADATA_QUORUM, ['describe', '--status']);
    expect(status).toMatch(/^ClusterId: +\S+\nLeaderId: +1\nLeaderEpoch: +\d+\nHighWatermark: +\d+\n/);
    expect(status).toMatch(/^MaxFollowerLag: +0$/m);
    expect(status).toContain(
      `CurrentVoters:          [{"id": 1, "endpoints": ["CONTROLLER://127.0.0.1:${node.options.controllerPort}"]}]\n`,
    );
    expect(status).toMatch(/^CurrentObservers: +\[\]$/m);
    const [header, leader] = (await tool(METADATA_QUORUM, ['describe', '--replication'])).trimEnd().split('\n');
    expect(header.split('\t').map((c) => c.trim())).toEqual([
      'NodeId',
      'DirectoryId',
      'LogEndOffset',
      'Lag',
      'LastFetchTimestamp',
      'LastCaughtUpTimestamp',
      'Status',
      '',
    ]);
    expect(leader).toMatch(/^1 +\tAAAAAAAAAAAAAAAAAAAAAA\t\d+ *\t0 *\t\d+ *\t\d+ *\tLeader$/);
  });
});

describe.skipIf(skip !== null)(`Apache Kafka ${kafkaVersion() ?? ''} kafka-leader-election on three nodes`, () => {
  let cluster: ReplicatedCluster;
  let tools: Tools;

  beforeAll(async () => {
    const missing = ensureKafkaFetched();
    if (missing) throw new Error(`cannot fetch Apache Kafka: ${missing}`);
    ensureBuilt();
    tools = startTools();
    cluster = await ReplicatedCluster.start('admin-tools-election');
  }, FETCH_AND_START_TIMEOUT_MS);

  afterAll(async () => {
    await tools?.close();
    await cluster?.stop();
  });

  it(
    'moves leadership back to the preferred replicas after a broker restart',
    async () => {
      const topic = 'election';
      expect(await cluster.createTopic(topic, 3)).toBe(`Created topic ${topic}.\n`);
      const before = await cluster.waitForFullIsr(topic, 3, 30_000);
      const victim = before.find((p) => p.partition === 0)!.leader;
      const led = before.filter((p) => p.leader === victim).map((p) => `${topic}-${p.partition}`);
      cluster.kill9(victim);
      await pollUntil(
        `leadership off broker ${victim}`,
        async () => ((await cluster.describeTopic(topic)).every((p) => p.leader !== victim) ? true : undefined),
        30_000,
        250,
      );
      await cluster.restart(victim);
      const moved = await cluster.waitForFullIsr(topic, 3, 60_000);
      // Without auto.leader.rebalance (its check runs every 300 s), the restarted broker leads nothing yet.
      expect(moved.filter((p) => p.leader === victim)).toEqual([]);
      const output = await tools.run(LEADER_ELECTION, [
        '--bootstrap-server',
        cluster.liveBootstrap(),
        '--election-type',
        'preferred',
        '--all-topic-partitions',
      ]);
      const match = /^Successfully completed leader election \(PREFERRED\) for partitions (.+)\n$/.exec(output);
      expect(match, output).not.toBeNull();
      expect(
        match![1]
          .split(', ')
          .filter((p) => p.startsWith(`${topic}-`))
          .sort(),
      ).toEqual(led.sort());
      const after = await pollUntil(
        'every partition led by its first replica',
        async () => {
          const lines = await cluster.describeTopic(topic);
          return lines.every((p) => p.leader === p.replicas[0]) ? lines : undefined;
        },
        10_000,
        250,
      );
      expect(after.map((p) => p.leader)).toEqual(after.map((p) => p.replicas[0]));
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
