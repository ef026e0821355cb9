#!/usr/bin/env node
// Benchmarks. `pnpm bench produce [--records N] [--record-size B] [--partitions P] [--inflight K] [--no-append]`
//
// Builds nothing: run `pnpm build` first. Starts a real node process on a temp dir, creates topics, runs
// `tributary produce-perf` at acks=1 and acks=all, and measures the raw sequential-append rate of the same disk
// (16 KiB writes to a file in the same temp dir, same total bytes, without and with a final fsync) as the physical
// limit. Prints a markdown table with the ratios and appends it, with machine info and the exact command, to
// BENCHMARKS.md. With kcat installed it also times `kcat -P` (librdkafka) for comparison.
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
  },
});
const which = positionals[0] ?? 'produce';
if (which !== 'produce') {
  console.error(`unknown benchmark "${which}"; available: produce`);
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
  const child = spawn(
    process.execPath,
    [
      MAIN,
      'node',
      '--override',
      'node.id=1',
      '--override',
      `listeners=PLAINTEXT://127.0.0.1:${port}`,
      '--override',
      `log.dirs=${dataDir}`,
      '--override',
      `num.partitions=${PARTITIONS}`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
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
  const cpuModel =
    /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const command = `node scripts/bench.mjs ${process.argv.slice(2).join(' ')}`.trim();
  const report = [
    `## produce, ${new Date().toISOString()}`,
    '',
    `- command: \`${command}\` (${RECORDS.toLocaleString('en-US')} records of ${RECORD_SIZE} bytes, ${PARTITIONS} partitions, ` +
      `batch ${args['batch-bytes']} bytes, ${args.inflight} in flight; one node, one producer connection)`,
    `- machine: ${nproc} CPUs (nproc), ${cpuModel}, node ${process.version}, data in ${dir}`,
    '',
    table,
    '',
  ].join('\n');
  console.log(report);
  if (!args['no-append']) {
    const file = join(ROOT, 'BENCHMARKS.md');
    if (!existsSync(file)) writeFileSync(file, '# Benchmarks\n\nAppended by `pnpm bench` (scripts/bench.mjs).\n\n');
    appendFileSync(file, `${report}\n`);
    console.error(`appended to ${file}`);
  }
} finally {
  node.kill('SIGTERM');
  await new Promise((resolve) => node.once('exit', resolve));
  if (!args.dir) rmSync(dir, { recursive: true, force: true });
}
