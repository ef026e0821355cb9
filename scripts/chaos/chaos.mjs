#!/usr/bin/env node
// Chaos test for operators (Jepsen-style): a local cluster of combined broker,controller nodes, an RF 3 topic with
// min.insync.replicas=2, idempotent acks=all producers (workload.mjs) running for --duration seconds while a nemesis
// injects faults on a seeded schedule (schedule.mjs, nemesis.mjs), then every fault healed, the cluster left to settle,
// the replicas' logs compared byte for byte, every partition read back and the history checked (checker.mjs).
// Prints a summary and exits 1 on any anomaly (2 on bad arguments or a run that could not be carried out).
//
//   pnpm chaos [--duration 60] [--faults kill,pause,partition] [--seed N] [--nodes 3] [--keep-data]
//              [--partitions 6] [--producers 2] [--rate 5000] [--fault-ms MIN-MAX] [--json FILE] [--no-build]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkHistory } from './checker.mjs';
import { ChaosCluster, freeBasePort } from './cluster.mjs';
import { compareReplicas, readAll, readAsGroup, waitUntilSettled } from './final-read.mjs';
import { kafkaClient } from './kafka-client.mjs';
import { Nemesis } from './nemesis.mjs';
import { PartitionNemesis, partitionUnavailableReason } from './partition.mjs';
import { QueuePollers } from './poller.mjs';
import { NEMESIS_FAULTS, planFaults } from './schedule.mjs';
import { formatSummary } from './summary.mjs';
import { QueueWorkload } from './workload.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'packages/cli/dist/main.js');
const SETTLE_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 30_000;
const GROUP_READ_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 5000;
/** The workload runs on this long after the last heal: acknowledgements then show that the cluster recovered. */
const HEALED_RUN_MS = 5000;

const log = (line) => process.stderr.write(`chaos: ${line}\n`);

function usageError(message) {
  log(message);
  process.exit(2);
}

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    faults: { type: 'string', default: 'kill,pause' },
    seed: { type: 'string' },
    nodes: { type: 'string', default: '3' },
    partitions: { type: 'string', default: '6' },
    producers: { type: 'string', default: '2' },
    rate: { type: 'string', default: '5000' },
    'fault-ms': { type: 'string' },
    'keep-data': { type: 'boolean', default: false },
    json: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const durationMs = Number(args.duration) * 1000;
const nodes = Number(args.nodes);
const partitions = Number(args.partitions);
const producers = Number(args.producers);
const rate = Number(args.rate);
const seed = args.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(args.seed);
const faults = args.faults === '' ? [] : args.faults.split(',').map((f) => f.trim());
if (!(durationMs > 0)) usageError(`--duration must be a positive number of seconds, got ${args.duration}`);
if (!Number.isInteger(nodes) || nodes < 3 || nodes > 7) usageError('--nodes must be 3..7 (RF 3 needs three brokers)');
if (!Number.isInteger(partitions) || partitions < 1 || partitions > 100) usageError('--partitions must be 1..100');
if (!Number.isInteger(producers) || producers < 1 || producers > 10) usageError('--producers must be 1..10');
if (!Number.isInteger(rate) || rate < 0) usageError('--rate must be a whole number of values per second (0: no cap)');
const faultMsRange = args['fault-ms'] === undefined ? null : args['fault-ms'].split('-').map(Number);
if (faultMsRange !== null && !(faultMsRange.length === 2 && faultMsRange[0] > 0 && faultMsRange[1] > faultMsRange[0])) {
  usageError(`--fault-ms must be MIN-MAX in ms (MIN > 0, MAX > MIN), got ${args['fault-ms']}`);
}
if (!Number.isInteger(seed)) usageError(`--seed must be an integer, got ${args.seed}`);
if (faults.includes('slow')) {
  usageError(
    'the slow nemesis is not available: nodes connect to each other directly, so a latency proxy would need every ' +
      "node's voters and advertised listeners rewritten to point through it (see scripts/chaos/README.md)",
  );
}
for (const fault of faults) {
  if (!NEMESIS_FAULTS.includes(fault)) usageError(`unknown fault ${fault} (known: ${NEMESIS_FAULTS.join(', ')})`);
}
if (faults.includes('partition')) {
  const reason = partitionUnavailableReason();
  if (reason !== null) usageError(`${reason}; run as root or leave partition out of --faults`);
}

if (!args['no-build']) {
  try {
    execFileSync('pnpm', ['exec', 'tsc', '-b', 'packages/cli'], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    usageError('the build (pnpm exec tsc -b packages/cli) failed; fix it or pass --no-build to use the current dist');
  }
}
const load = (name) => import(pathToFileURL(join(ROOT, `packages/${name}/dist/index.js`)).href);
const [protocol, cli, node, raft, kafkajs] = await Promise.all([
  load('protocol'),
  load('cli'),
  load('node'),
  load('raft'),
  import('kafkajs').then((m) => m.default),
]);

// ---- setup, with cleanup on every exit path ----

const dataDir = mkdtempSync(join(tmpdir(), 'tributary-chaos-'));
let cluster = null;
const partition = faults.includes('partition')
  ? new PartitionNemesis({
      nodeIds: Array.from({ length: nodes }, (_, i) => i + 1),
      portsOf: (id) => [cluster.spec(id).brokerPort, cluster.spec(id).controllerPort],
      log,
    })
  : null;
let keepData = args['keep-data'];
function emergencyCleanup() {
  cluster?.killAllNow();
  partition?.teardown();
}
process.on('exit', emergencyCleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: healing every fault and stopping the cluster (data kept in ${dataDir})`);
    emergencyCleanup();
    process.exit(130);
  });
}

const basePort = await freeBasePort(nodes);
partition?.setup();
cluster = new ChaosCluster({
  cli,
  main: MAIN,
  dataDir,
  basePort,
  nodes,
  clusterId: node.generateClusterId(),
  cgroupProcsOf: partition ? (id) => partition.cgroupProcsOf(id) : null,
  log,
});
const addresses = cluster.nodeIds.map((id) => cluster.brokerAddress(id));
const client = kafkaClient({ protocol, cli, requestTimeoutMs: REQUEST_TIMEOUT_MS });
const topic = 'chaos';
const schedule = planFaults({
  random: raft.createPrng(seed),
  durationMs,
  faults,
  nodeIds: cluster.nodeIds,
  faultMs: faultMsRange,
});
log(`seed ${seed}; ${schedule.length} fault(s) planned; data in ${dataDir}; bootstrap ${addresses.join(',')}`);

let exitCode = 2;
try {
  await cluster.startAll();
  const created = execFileSync(
    process.execPath,
    [
      MAIN,
      'topics',
      '--bootstrap-server',
      addresses.join(','),
      '--create',
      '--topic',
      topic,
      '--partitions',
      String(partitions),
      '--replication-factor',
      '3',
      '--config',
      'min.insync.replicas=2',
    ],
    { encoding: 'utf8' },
  );
  log(created.trim());
  const settle = { client, addresses, topic, partitions, dataDir };
  const initial = await waitUntilSettled({ ...settle, timeoutMs: 60_000 });
  if (initial === null) throw new Error('the new topic never got a full ISR');

  // ---- the run ----
  const startedAt = performance.now();
  const clock = () => Math.round(performance.now() - startedAt);
  const tag = `s${seed}`;
  const workload = new QueueWorkload({
    client,
    protocol,
    addresses,
    topic,
    partitions,
    producersPerPartition: producers,
    batchRecords: 5,
    valuesPerSecMax: rate,
    tag,
    clock,
  });
  const pollers = new QueuePollers({ client, protocol, addresses, topic, partitions });
  const nemesis = new Nemesis({ cluster, partition, clock, log });
  const stopNemesis = new AbortController();
  workload.start();
  pollers.start();
  const nemesisDone = nemesis.run(schedule, stopNemesis.signal);
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  stopNemesis.abort();
  await nemesisDone;
  log(`every fault healed at +${(clock() / 1000).toFixed(1)}s; the workload runs on for ${HEALED_RUN_MS} ms`);
  await new Promise((resolve) => setTimeout(resolve, HEALED_RUN_MS));
  log(`workload stopping after ${(clock() / 1000).toFixed(1)} s; ${workload.acks.length} values acknowledged`);
  await workload.stop(STOP_GRACE_MS);
  await pollers.stop();

  // ---- settle, compare, read, check ----
  const anomaliesExtra = [];
  const settled = await waitUntilSettled({ ...settle, timeoutMs: SETTLE_TIMEOUT_MS });
  if (!settled)
    anomaliesExtra.push(`not settled within ${SETTLE_TIMEOUT_MS} ms (ISR not full or replicas of unequal length)`);
  // Replica assignment does not change during a run (no reassignment): the creation-time replicas are the ones.
  const replicas = compareReplicas({ ...settle, replicasOf: (p) => initial.get(p).replicas });
  const { reads, highWatermarks } = await readAll({ client, protocol, addresses, topic, partitions });
  let groupReads;
  try {
    groupReads = await readAsGroup({
      kafkajs,
      addresses,
      topic,
      groupId: `chaos-${tag}`,
      highWatermarks,
      timeoutMs: GROUP_READ_TIMEOUT_MS,
    });
  } catch (error) {
    anomaliesExtra.push(`consumer group read failed: ${error.message}`);
  }
  const result = checkHistory({
    acks: workload.acks,
    failures: workload.failures,
    reads,
    polls: pollers.polls,
    groupReads,
    replicas,
  });
  for (const problem of anomaliesExtra) result.anomalies[problem] = { count: 1, examples: [] };
  if (cluster.unexpectedExits.length > 0) {
    result.anomalies['node-crashed'] = { count: cluster.unexpectedExits.length, examples: cluster.unexpectedExits };
  }
  const valid = Object.keys(result.anomalies).length === 0;
  const faultTimes = nemesis.events.filter((e) => e.action === 'start').map((e) => e.atMs);
  const summary = {
    command: `pnpm chaos ${process.argv.slice(2).join(' ')}`.trim(),
    seed,
    machine: `${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown'}, node ${process.version}`,
    nodes,
    topic: { name: topic, partitions, replicationFactor: 3, minInsyncReplicas: 2 },
    durationMs,
    schedule,
    events: nemesis.events,
    acks: {
      total: workload.acks.length,
      beforeFirstFault: workload.acks.filter((a) => faultTimes.length === 0 || a.atMs < faultTimes[0]).length,
      afterLastHeal: workload.acks.filter((a) => a.atMs > (nemesis.events.at(-1)?.atMs ?? 0)).length,
    },
    attemptErrors: Object.fromEntries(workload.attemptErrors),
    pollErrors: Object.fromEntries(pollers.errors),
    failuresByError: countBy(workload.failures, (f) => `${f.definite ? 'definite' : 'indeterminate'}: ${f.error}`),
    counts: result.counts,
    highWatermarks,
    replicas,
    groupRead: groupReads !== undefined,
    anomalies: result.anomalies,
    valid,
  };
  process.stdout.write(formatSummary(summary));
  if (args.json) writeFileSync(args.json, `${JSON.stringify(summary, null, 2)}\n`);
  if (!valid) keepData = true;
  exitCode = valid ? 0 : 1;
} catch (error) {
  log(`run failed: ${error.stack ?? error}`);
  keepData = true;
} finally {
  await cluster.stopAll();
  partition?.teardown();
  if (keepData) log(`data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);

function countBy(items, keyOf) {
  const counts = {};
  for (const item of items) counts[keyOf(item)] = (counts[keyOf(item)] ?? 0) + 1;
  return counts;
}
