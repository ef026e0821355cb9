#!/usr/bin/env node
// Side-by-side benchmark: Apache Kafka (single-node KRaft, jars from fetch.sh) and Tributary (one node), both on this
// machine in the same run, driven by the SAME load generators in alternating rounds (Kafka, Tributary, Kafka, ...):
//   - Kafka's own kafka-producer-perf-test (org.apache.kafka.tools.ProducerPerformance) at acks=1 and acks=all
//     (producer defaults otherwise: batch.size 16384, linger.ms default, idempotence on),
//   - kcat -P (librdkafka) from a prepared file at acks=all,
//   - Tributary's own `tributary produce-perf` at acks=all,
//   - consumers: kcat -C -o beginning -e (timed) and `tributary consume-perf` over the acks=all topic.
// Every produce test writes a fresh 3-partition RF 1 topic (created with Kafka's kafka-topics tool) and counts only
// if the topic's high watermarks add up to the records sent. Medians over the rounds; Tributary/Kafka ratios.
//
//   pnpm build && node scripts/kafka/bench-vs-kafka.mjs [--records N] [--record-size B] [--rounds R]
//       [--warmup-rounds N] [--no-append]
//
// Prints a markdown section and appends it to BENCHMARKS.md. Children are killed on exit; every tool run is bounded.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureKafkaFetched, javaArgs, kafkaVersion, runKafkaTool } from './jvm.mjs';
import { freePort, startKafka } from './run-kafka.mjs';
import { REPO_ROOT, startTributary, TRIBUTARY_MAIN } from './tributary-node.mjs';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '2000000' },
    'record-size': { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    'warmup-rounds': { type: 'string', default: '1' },
    'no-append': { type: 'boolean', default: false },
  },
});
const RECORDS = Number(args.records);
const RECORD_SIZE = Number(args['record-size']);
const ROUNDS = Number(args.rounds);
const WARMUP_ROUNDS = Number(args['warmup-rounds']);
const PARTITIONS = 3;
const TOOL_TIMEOUT_MS = 300_000;
const MB = 1024 * 1024;

const missing = ensureKafkaFetched();
if (missing) {
  console.error(`cannot run the benchmark: ${missing}`);
  process.exit(2);
}
if (spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status !== 0) {
  console.error('cannot run the benchmark: kcat is not installed (apt-get install kcat)');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-vs-kafka-'));
const servers = [];
// Last resort if we die between start and stop: no broker outlives the benchmark.
process.on('exit', () => {
  for (const s of servers) {
    try {
      process.kill(s.pid, 'SIGKILL');
    } catch {}
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, {
    encoding: 'utf8',
    timeout: TOOL_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * MB,
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${commandArgs.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr}`);
  }
  return result.stdout;
}

function createTopic(bootstrap, topic) {
  runKafkaTool('org.apache.kafka.tools.TopicCommand', [
    '--bootstrap-server',
    bootstrap,
    '--create',
    '--topic',
    topic,
    '--partitions',
    String(PARTITIONS),
    '--replication-factor',
    '1',
  ]);
}

function deleteTopic(bootstrap, topic) {
  runKafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', bootstrap, '--delete', '--topic', topic]);
}

/** A run counts only if every record landed: the partitions' latest offsets (kafka-get-offsets) add up. */
function verifyCount(bootstrap, topic, expected) {
  const { stdout } = runKafkaTool('org.apache.kafka.tools.GetOffsetShell', [
    '--bootstrap-server',
    bootstrap,
    '--topic',
    topic,
    '--time',
    '-1',
  ]);
  const total = stdout
    .trim()
    .split('\n')
    .reduce((sum, line) => sum + Number(line.split(':').at(-1)), 0);
  if (total !== expected) throw new Error(`${topic} at ${bootstrap} holds ${total} records, expected ${expected}`);
}

/** Both perf tools end with `N records sent|consumed, X records/sec (Y MB/sec)...`. */
function parsePerfLine(output) {
  const line = output.trim().split('\n').at(-1);
  const match = /([\d.]+) records\/sec \(([\d.]+) MB\/sec\)/.exec(line);
  if (!match) throw new Error(`unexpected perf output: ${line}`);
  return { recordsPerSec: Number(match[1]), mbPerSec: Number(match[2]) };
}

function timed(fn, records) {
  const start = process.hrtime.bigint();
  fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { recordsPerSec: records / seconds, mbPerSec: (records * RECORD_SIZE) / seconds / MB };
}

function kafkaProducerPerf(bootstrap, topic, acks, records = RECORDS) {
  const out = run(
    'java',
    javaArgs(
      'org.apache.kafka.tools.ProducerPerformance',
      [
        '--topic',
        topic,
        '--num-records',
        String(records),
        '--record-size',
        String(RECORD_SIZE),
        '--throughput',
        '-1',
        '--producer-props',
        `bootstrap.servers=${bootstrap}`,
        `acks=${acks}`,
      ],
      { heap: ['-Xmx512M'] }, // kafka-producer-perf-test.sh's heap
    ),
  );
  return parsePerfLine(out);
}

/** `tributary produce-perf` / `consume-perf`: Tributary's own load generators, pointed at either broker. */
function tributaryPerf(command, bootstrap, topic, extraArgs) {
  const args = [TRIBUTARY_MAIN, command, '--bootstrap-server', bootstrap, '--topic', topic, ...extraArgs];
  return parsePerfLine(run(process.execPath, args));
}

const tributaryProducePerf = (bootstrap, topic) =>
  tributaryPerf('produce-perf', bootstrap, topic, [
    '--num-records',
    `${RECORDS}`,
    '--record-size',
    `${RECORD_SIZE}`,
    '--acks',
    'all',
  ]);

const tributaryConsumePerf = (bootstrap, topic) =>
  tributaryPerf('consume-perf', bootstrap, topic, ['--messages', `${RECORDS}`]);

const kcatFile = join(dir, 'kcat-input.txt');
function kcatProduce(bootstrap, topic) {
  return timed(() => run('kcat', ['-P', '-b', bootstrap, '-t', topic, '-X', 'acks=all', '-l', kcatFile]), RECORDS);
}

function kcatConsume(bootstrap, topic) {
  return timed(
    () =>
      run('kcat', [
        '-C',
        '-b',
        bootstrap,
        '-t',
        topic,
        '-o',
        'beginning',
        '-e',
        '-q',
        '-c',
        String(RECORDS),
        '-f',
        '\n',
      ]),
    RECORDS,
  );
}

const TESTS = [
  { name: 'kafka-producer-perf-test acks=1', topic: 'pp-acks1', produce: (b, t) => kafkaProducerPerf(b, t, '1') },
  { name: 'kafka-producer-perf-test acks=all', topic: 'pp-acksall', produce: (b, t) => kafkaProducerPerf(b, t, 'all') },
  { name: 'kcat -P acks=all', topic: 'kcat', produce: kcatProduce },
  { name: 'tributary produce-perf acks=all', topic: 'tpp', produce: tributaryProducePerf },
  { name: 'kcat -C from beginning to end', reads: 'pp-acksall', consume: kcatConsume },
  { name: 'tributary consume-perf from log start', reads: 'pp-acksall', consume: tributaryConsumePerf },
];

/** One round on one system; `round` names its topics and its log lines (w0 = warm-up, 0.. = measured). */
function runRound(system, round) {
  const topics = [];
  const results = {};
  for (const test of TESTS) {
    if (test.produce) {
      const topic = `r${round}-${test.topic}`;
      createTopic(system.bootstrap, topic);
      topics.push(topic);
      results[test.name] = test.produce(system.bootstrap, topic);
      verifyCount(system.bootstrap, topic, RECORDS);
    } else {
      results[test.name] = test.consume(system.bootstrap, `r${round}-${test.reads}`);
    }
    log(`${system.name} round ${round}: ${test.name}: ${Math.round(results[test.name].recordsPerSec)} records/s`);
  }
  for (const topic of topics) deleteTopic(system.bootstrap, topic); // keeps the disk use to one round per system
  return results;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function machine() {
  const cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0];
  const librdkafka = /librdkafka[^\n]*?([\d.]+)/.exec(spawnSync('kcat', ['-V'], { encoding: 'utf8' }).stdout)?.[1];
  return {
    nproc: execFileSync('nproc', { encoding: 'utf8' }).trim(),
    cpuModel,
    ramGiB: (totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    java,
    kafka: kafkaVersion(),
    librdkafka,
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

try {
  const info = machine();
  writeFileSync(kcatFile, `${'x'.repeat(RECORD_SIZE)}\n`.repeat(RECORDS));
  log('starting Apache Kafka and Tributary...');
  const kafkaDir = join(dir, 'kafka');
  const tributaryDir = join(dir, 'tributary');
  mkdirSync(kafkaDir);
  const kafka = await startKafka({ dataDir: kafkaDir, partitions: PARTITIONS });
  servers.push({ name: 'Apache Kafka', ...kafka });
  const tributary = await startTributary({
    dataDir: tributaryDir,
    port: await freePort(),
    controllerPort: await freePort(),
    partitions: PARTITIONS,
  });
  servers.push({ name: 'Tributary', ...tributary });
  const [kafkaSystem, tributarySystem] = servers;

  // JIT warm-up (Kafka's broker keeps getting faster for a few million records): whole unmeasured rounds first.
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    for (const system of servers) runRound(system, `w${round}`);
  }
  const perSystem = new Map(servers.map((s) => [s.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const system of servers) perSystem.get(system.name).push(runRound(system, `${round}`));
  }
  await tributary.stop();
  await kafka.stop();
  servers.length = 0;

  const summary = (system, test, field) => median(perSystem.get(system.name).map((r) => r[test.name][field]));
  const perRoundFigures = (system, test) =>
    perSystem
      .get(system.name)
      .map((r) => fmt(r[test.name].recordsPerSec))
      .join(' / ');
  const rows = TESTS.map((test) => {
    const k = summary(kafkaSystem, test, 'recordsPerSec');
    const t = summary(tributarySystem, test, 'recordsPerSec');
    return (
      `| ${test.name} | ${fmt(k)} | ${fmt(summary(kafkaSystem, test, 'mbPerSec'), 2)} | ${fmt(t)} | ` +
      `${fmt(summary(tributarySystem, test, 'mbPerSec'), 2)} | ${fmt(t / k, 2)} |`
    );
  });
  const perRound = TESTS.map(
    (test) => `| ${test.name} | ${perRoundFigures(kafkaSystem, test)} | ${perRoundFigures(tributarySystem, test)} |`,
  );
  const command = `node scripts/kafka/bench-vs-kafka.mjs ${process.argv.slice(2).join(' ')}`.trim();
  const report = [
    `## Tributary vs Apache Kafka, side by side, ${new Date().toISOString()}`,
    '',
    `- command: \`${command}\` (${fmt(RECORDS)} records of ${RECORD_SIZE} bytes per test, topic with ${PARTITIONS} ` +
      `partitions RF 1 per test, one node each, ${ROUNDS} alternating rounds Kafka/Tributary after ${WARMUP_ROUNDS} ` +
      'unmeasured warm-up round(s) of the same tests; medians)',
    `- machine: ${info.nproc} CPUs (nproc), ${info.cpuModel}, ${info.ramGiB} GiB RAM, node ${info.node}, ${info.java}, ` +
      `load average at start ${info.load}, at end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} ` +
      '(the cores are shared with other work: expect noise, see the per-round figures)',
    `- Apache Kafka ${info.kafka} (Maven Central, KRaft broker+controller, 1 GiB heap, G1 as kafka-run-class.sh), ` +
      `kcat with librdkafka ${info.librdkafka}; neither broker fsyncs per request (Kafka and Tributary defaults)`,
    '- producers: kafka-producer-perf-test with batch.size 16384 and linger.ms defaults (idempotence on); kcat -P ' +
      'with librdkafka defaults; tributary produce-perf defaults. Consumers read the acks=all topic from the start.',
    '',
    '| test | Kafka records/s | Kafka MB/s | Tributary records/s | Tributary MB/s | Tributary/Kafka |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Per round (records/s):',
    '',
    '| test | Kafka | Tributary |',
    '|---|---|---|',
    ...perRound,
    '',
  ].join('\n');
  console.log(report);
  if (!args['no-append']) {
    appendFileSync(join(REPO_ROOT, 'BENCHMARKS.md'), `${report}\n`);
    log('appended to BENCHMARKS.md');
  }
} finally {
  for (const s of servers.splice(0)) await s.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
