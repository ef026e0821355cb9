#!/usr/bin/env node
// Benchmarks. `pnpm bench produce [--records N] [--record-size B] [--partitions P] [--inflight K] [--no-append]`
//             `pnpm bench failover [--runs N] [--no-append]`
//             `pnpm bench codec` (encode/decode micro-benchmark of the hot request shapes)
//
// Builds nothing: run `pnpm build` first. Starts a real node process on a temp dir, creates topics, runs
// `tributary produce-perf` at acks=1 and acks=all, and measures the raw sequential-append rate of the same disk
// (16 KiB writes to a file in the same temp dir, same total bytes, without and with a final fsync) as the physical
// limit. Prints a markdown table with the ratios and appends it, with machine info and the exact command, to
// BENCHMARKS.md. With kcat installed it also times `kcat -P` (librdkafka) for comparison.
//
// `failover` starts three combined broker,controller nodes (one process each), then N times: finds the controller
// leader with DescribeQuorum, kill -9s it, measures the time until DescribeQuorum against a survivor reports a new
// leader with a higher epoch, restarts the killed node on its data dir and waits until it is a caught-up follower
// (log end offset = the leader's). Prints median / p90 / min / max and appends them to BENCHMARKS.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'packages/cli/dist/main.js');
const RAW_CHUNK_BYTES = 16 * 1024;

// Benchmarks that live in scripts of their own take their own flags: hand the rest of the command line over.
const DELEGATED = {
  replication: 'scripts/bench-replication.mjs',
  kafka: 'scripts/kafka/bench-vs-kafka.mjs',
  codec: 'packages/protocol/bench/codec.bench.mjs',
};
const delegated = DELEGATED[process.argv[2]];
if (delegated !== undefined) {
  const { status } = spawnSync(process.execPath, [join(ROOT, delegated), ...process.argv.slice(3)], {
    stdio: 'inherit',
  });
  process.exit(status ?? 1);
}

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    records: { type: 'string', default: '2000000' },
    'record-size': { type: 'string', default: '100' },
    partitions: { type: 'string', default: '3' },
    'batch-bytes': { type: 'string', default: '16384' },
    inflight: { type: 'string', default: '5' },
    dir: { type: 'string' },
    'no-append': { type: 'boolean', default: false },
    'no-kcat': { type: 'boolean', default: false },
    runs: { type: 'string', default: '20' },
  },
});
const which = positionals[0] ?? 'produce';
if (which !== 'produce' && which !== 'failover') {
  console.error(`unknown benchmark "${which}"; available: produce, failover, replication, kafka, codec`);
  process.exit(2);
}
if (!existsSync(MAIN)) {
  console.error(`${MAIN} is missing: run \`pnpm build\` first (the benchmark builds nothing itself)`);
  process.exit(2);
}
const RECORDS = Number(args.records);
const RECORD_SIZE = Number(args['record-size']);
const PARTITIONS = Number(args.partitions);
const TOTAL_BYTES = RECORDS * RECORD_SIZE;

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startNode(dataDir, port) {
  const controllerPort = await freePort();
  return startNodeProcess([
    'node.id=1',
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `log.dirs=${dataDir}`,
    `num.partitions=${PARTITIONS}`,
  ]);
}

/** `tributary node --override ...` as a child; resolves once it logged "node started" (its broker unfenced). */
async function startNodeProcess(overrides) {
  const child = spawn(process.execPath, [MAIN, 'node', ...overrides.flatMap((o) => ['--override', o])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('node did not start in 60 s')), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('"msg":"node started"')) {
        clearTimeout(timer);
        resolve();
      } else if (line.includes('"level":50') || line.includes('"level":60')) process.stderr.write(`${line}\n`);
    });
    child.once('exit', (code) => reject(new Error(`node exited during startup (${code})`)));
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  return child;
}

async function createTopic(bootstrap, topic) {
  const { Kafka, logLevel } = (await import('kafkajs')).default;
  const admin = new Kafka({ clientId: 'bench', brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  await admin.disconnect();
}

/** The benchmark only counts if every record landed: sum of the partitions' high watermarks. */
async function verifyRecordCount(bootstrap, topic) {
  const { Kafka, logLevel } = (await import('kafkajs')).default;
  const admin = new Kafka({ clientId: 'bench', brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  if (total !== RECORDS) throw new Error(`${topic} holds ${total} records, expected ${RECORDS}`);
}

function producePerf(bootstrap, topic, acks) {
  const out = execFileSync(
    process.execPath,
    [
      MAIN,
      'produce-perf',
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--num-records',
      String(RECORDS),
      '--record-size',
      String(RECORD_SIZE),
      '--acks',
      acks,
      '--batch-bytes',
      args['batch-bytes'],
      '--inflight',
      args.inflight,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
  );
  const line = out.trim().split('\n').at(-1);
  const match = /([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency/.exec(
    line,
  );
  if (!match) throw new Error(`unexpected produce-perf output: ${line}`);
  return {
    recordsPerSec: Number(match[1]),
    mbPerSec: Number(match[2]),
    avgMs: Number(match[3]),
    maxMs: Number(match[4]),
    line,
  };
}

function rawAppend(dir, fsyncAtEnd) {
  const path = join(dir, `raw-append-${fsyncAtEnd ? 'fsync' : 'nofsync'}.bin`);
  const chunk = Buffer.alloc(RAW_CHUNK_BYTES, 0x61);
  const fd = openSync(path, 'w');
  const start = process.hrtime.bigint();
  for (let written = 0; written < TOTAL_BYTES; written += RAW_CHUNK_BYTES) {
    writeSync(fd, chunk, 0, Math.min(RAW_CHUNK_BYTES, TOTAL_BYTES - written));
  }
  if (fsyncAtEnd) fsyncSync(fd);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(fd);
  rmSync(path);
  return { mbPerSec: TOTAL_BYTES / seconds / 1048576, recordsPerSec: RECORDS / seconds };
}

function kcatProduce(dir, bootstrap, topic) {
  if (args['no-kcat'] || spawnSync('sh', ['-c', 'command -v kcat']).status !== 0) return null;
  const file = join(dir, 'kcat-input.txt');
  const line = `${'x'.repeat(RECORD_SIZE)}\n`;
  writeFileSync(file, line.repeat(RECORDS));
  const start = process.hrtime.bigint();
  const run = spawnSync(
    'kcat',
    ['-P', '-b', bootstrap, '-t', topic, '-X', 'acks=all', '-X', 'linger.ms=5', '-l', file],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rmSync(file);
  if (run.status !== 0) {
    console.error(`kcat -P failed: ${run.stderr}`);
    return null;
  }
  return { recordsPerSec: RECORDS / seconds, mbPerSec: TOTAL_BYTES / seconds / 1048576 };
}

function machineInfo() {
  const cpuModel =
    /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  return `${nproc} CPUs (nproc), ${cpuModel}, node ${process.version}`;
}

function appendReport(report) {
  console.log(report);
  if (args['no-append']) return;
  const file = join(ROOT, 'BENCHMARKS.md');
  if (!existsSync(file)) writeFileSync(file, '# Benchmarks\n\nAppended by `pnpm bench` (scripts/bench.mjs).\n\n');
  appendFileSync(file, `${report}\n`);
  console.error(`appended to ${file}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every pollMs until it returns a value, at most timeoutMs. */
async function pollUntil(what, probe, timeoutMs, pollMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}

async function failoverBenchmark() {
  const { describeQuorum } = await import(join(ROOT, 'packages/controller/dist/index.js'));
  const RUNS = Number(args.runs);
  const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'tributary-bench-failover-'));
  const ids = [1, 2, 3];
  const ports = new Map();
  for (const id of ids) ports.set(id, { broker: await freePort(), controller: await freePort() });
  const voters = ids.map((id) => `${id}@127.0.0.1:${ports.get(id).controller}`).join(',');
  const controllersOf = (except) =>
    ids
      .filter((id) => id !== except)
      .map((id) => `127.0.0.1:${ports.get(id).controller}`)
      .join(',');
  const overridesOf = (id) => [
    `node.id=${id}`,
    'cluster.id=BenchFailoverCluster01',
    `listeners=PLAINTEXT://127.0.0.1:${ports.get(id).broker},CONTROLLER://127.0.0.1:${ports.get(id).controller}`,
    `controller.quorum.voters=${voters}`,
    `log.dirs=${join(dir, `node-${id}`)}`,
  ];
  // All three at once: each waits for its broker to be unfenced, which needs a quorum majority.
  const started = await Promise.allSettled(ids.map((id) => startNodeProcess(overridesOf(id))));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') s.value.kill('SIGKILL');
    throw failed.reason;
  }
  const nodes = new Map(ids.map((id, i) => [id, started[i].value]));
  const failoverMs = [];
  const catchUpMs = [];
  const unfencedMs = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      const before = await pollUntil(
        'a leader',
        async () => {
          const quorum = await describeQuorum(controllersOf(null), { timeoutMs: 1000 });
          return quorum.leaderId > 0 ? quorum : undefined;
        },
        30_000,
        50,
      );
      const leader = before.leaderId;
      const killed = nodes.get(leader);
      const exited = new Promise((resolve) => killed.once('exit', resolve));
      const killedAt = performance.now();
      killed.kill('SIGKILL');
      const after = await pollUntil(
        'a new leader',
        async () => {
          const quorum = await describeQuorum(controllersOf(leader), { timeoutMs: 500 });
          return quorum.leaderId > 0 && quorum.leaderId !== leader && quorum.leaderEpoch > before.leaderEpoch
            ? quorum
            : undefined;
        },
        30_000,
        10,
      );
      failoverMs.push(performance.now() - killedAt);
      await exited;
      const restartedAt = performance.now();
      // The controller rejoins as soon as the process runs; the node reports "started" only once its broker is
      // unfenced, which waits out the killed incarnation's broker session (Kafka refuses a duplicate registration).
      const restarted = startNodeProcess(overridesOf(leader));
      await pollUntil(
        'the restarted node caught up',
        async () => {
          const quorum = await describeQuorum(controllersOf(null), { timeoutMs: 1000 });
          const head = quorum.currentVoters.find((v) => v.replicaId === quorum.leaderId);
          const rejoined = quorum.currentVoters.find((v) => v.replicaId === leader);
          return head && rejoined && quorum.leaderId !== leader && rejoined.logEndOffset >= head.logEndOffset
            ? true
            : undefined;
        },
        60_000,
        20,
      );
      catchUpMs.push(performance.now() - restartedAt);
      nodes.set(leader, await restarted);
      unfencedMs.push(performance.now() - restartedAt);
      console.error(
        `run ${run}/${RUNS}: killed leader ${leader} (epoch ${before.leaderEpoch}); node ${after.leaderId} leads epoch ` +
          `${after.leaderEpoch} after ${failoverMs.at(-1).toFixed(0)} ms; node ${leader} restarted and caught up in ` +
          `${catchUpMs.at(-1).toFixed(0)} ms, its broker unfenced after ${unfencedMs.at(-1).toFixed(0)} ms`,
      );
    }
  } finally {
    await Promise.all(
      [...nodes.values()].map((child) =>
        child.exitCode === null && child.signalCode === null
          ? new Promise((resolve) => {
              child.once('exit', resolve);
              child.kill('SIGTERM');
            })
          : null,
      ),
    );
    if (!args.dir) rmSync(dir, { recursive: true, force: true });
  }
  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    return [at(0.5), at(0.9), sorted[0], sorted.at(-1)].map((v) => v.toFixed(0));
  };
  const command = `node scripts/bench.mjs ${process.argv.slice(2).join(' ')}`.trim();
  appendReport(
    [
      `## failover, ${new Date().toISOString()}`,
      '',
      `- command: \`${command}\` (${RUNS} runs; 3 combined broker,controller nodes, one process each; Raft tick ` +
        '100 ms, election timeout 10-20 ticks; DescribeQuorum polled every 10 ms)',
      `- machine: ${machineInfo()}`,
      '- failover = kill -9 of the leader until a survivor reports a new leader with a higher epoch; ' +
        "rejoin = restart of the killed node until its log end offset equals the leader's; broker unfenced = " +
        'restart until the node reports "node started" (bounded below by the 9 s broker session of the killed ' +
        'incarnation, as in Kafka)',
      '',
      '| ms | median | p90 | min | max |',
      '|---|---:|---:|---:|---:|',
      `| failover | ${stats(failoverMs).join(' | ')} |`,
      `| rejoin (process start + catch-up) | ${stats(catchUpMs).join(' | ')} |`,
      `| broker unfenced after restart | ${stats(unfencedMs).join(' | ')} |`,
      '',
    ].join('\n'),
  );
}

if (which === 'failover') {
  await failoverBenchmark();
  process.exit(0);
}

const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'tributary-bench-'));
const port = await freePort();
const bootstrap = `127.0.0.1:${port}`;
const node = await startNode(join(dir, 'data'), port);
const rows = [];
try {
  const raw = rawAppend(dir, false);
  const rawFsync = rawAppend(dir, true);
  for (const acks of ['1', 'all']) {
    const topic = `bench-acks-${acks}`;
    await createTopic(bootstrap, topic);
    console.error(`produce-perf acks=${acks}: ${RECORDS} records of ${RECORD_SIZE} bytes...`);
    const result = producePerf(bootstrap, topic, acks);
    console.error(result.line);
    await verifyRecordCount(bootstrap, topic);
    rows.push({ name: `tributary produce-perf acks=${acks}`, ...result });
  }
  const consumeLine = execFileSync(
    process.execPath,
    [MAIN, 'consume-perf', '--bootstrap-server', bootstrap, '--topic', 'bench-acks-all', '--messages', String(RECORDS)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  ).trim();
  console.error(consumeLine);
  const consumed = /([\d.]+) records\/sec \(([\d.]+) MB\/sec\)/.exec(consumeLine);
  rows.push({
    name: 'tributary consume-perf (Fetch, from log start)',
    recordsPerSec: Number(consumed[1]),
    mbPerSec: Number(consumed[2]),
    avgMs: null,
    maxMs: null,
  });
  await createTopic(bootstrap, 'bench-kcat');
  const kcatResult = kcatProduce(dir, bootstrap, 'bench-kcat');
  if (kcatResult) await verifyRecordCount(bootstrap, 'bench-kcat');
  if (kcatResult) rows.push({ name: 'kcat -P acks=all (librdkafka 2.0.2)', ...kcatResult, avgMs: null, maxMs: null });
  rows.push({ name: 'raw append, 16 KiB writes, no fsync', ...raw, avgMs: null, maxMs: null });
  rows.push({ name: 'raw append, 16 KiB writes, final fsync', ...rawFsync, avgMs: null, maxMs: null });

  const fmt = (n, digits = 0) =>
    n === null ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const table = [
    '| test | records/s | MB/s | avg latency ms | max latency ms | vs raw append (no fsync) | vs raw append (fsync) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${fmt(r.recordsPerSec)} | ${fmt(r.mbPerSec, 2)} | ${fmt(r.avgMs, 2)} | ${fmt(r.maxMs, 2)} | ` +
        `${fmt((100 * r.mbPerSec) / raw.mbPerSec, 1)}% | ${fmt((100 * r.mbPerSec) / rawFsync.mbPerSec, 1)}% |`,
    ),
  ].join('\n');
  const command = `node scripts/bench.mjs ${process.argv.slice(2).join(' ')}`.trim();
  const report = [
    `## produce, ${new Date().toISOString()}`,
    '',
    `- command: \`${command}\` (${RECORDS.toLocaleString('en-US')} records of ${RECORD_SIZE} bytes, ${PARTITIONS} partitions, ` +
      `batch ${args['batch-bytes']} bytes, ${args.inflight} in flight; one node, one producer connection)`,
    `- machine: ${machineInfo()}, data in ${dir}`,
    '',
    table,
    '',
  ].join('\n');
  appendReport(report);
} finally {
  node.kill('SIGTERM');
  await new Promise((resolve) => node.once('exit', resolve));
  if (!args.dir) rmSync(dir, { recursive: true, force: true });
}
