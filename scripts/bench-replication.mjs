#!/usr/bin/env node
// Replication benchmarks on three real combined broker,controller nodes (`tributary cluster start --nodes 3`):
//   1. produce throughput at replication factor 3 with acks=1 and acks=all, side by side in the same run
//      (`tributary produce-perf`, 100-byte records, --records each, a 3-partition RF 3 topic per acks setting),
//      --rounds alternating rounds after a warm-up, medians reported, with the brokers' CPU time per record
//      (counted until the followers hold every record, so acks=1 is not credited with replication it deferred);
//   2. the unavailability window of a partition after kill -9 of its leader, --runs times (median reported): a prober
//      sends one-record acks=all Produce requests to the partition's current leader continuously; the window is the
//      time from the kill to the first acknowledged produce on the new leader. The killed node is then restarted on
//      its data dir and the next run waits until the partition's ISR is full again.
// Prints a table and appends it, with machine info and the exact command, to BENCHMARKS.md (--no-append: don't).
//
//   node scripts/bench-replication.mjs [--records 1000000] [--rounds 5] [--runs 20] [--no-append]
//
// Builds the cli first (tsc -b is incremental).
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'packages/cli/dist/main.js');
const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '5' },
    'no-append': { type: 'boolean', default: false },
  },
});
const RECORDS = Number(args.records);
const RUNS = Number(args.runs);
const ROUNDS = Number(args.rounds);
const RECORD_SIZE = 100;
const PROBE_TIMEOUT_MS = 1000;
const WINDOW_LIMIT_MS = 60_000;
const CLOCK_TICKS_PER_SEC = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

execFileSync('pnpm', ['exec', 'tsc', '-b', 'packages/cli'], { cwd: ROOT, stdio: 'inherit' });
const { ApiKey, ErrorCode, encodeRecordBatchSync } = await import(
  pathToFileURL(join(ROOT, 'packages/protocol/dist/index.js')).href
);
const { KafkaConnection } = await import(pathToFileURL(join(ROOT, 'packages/cli/dist/perf/kafka-connection.js')).href);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function cli(cliArgs) {
  return execFileSync(process.execPath, [MAIN, ...cliArgs], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function machineInfo() {
  const cpuModel =
    /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  return `${nproc} CPUs (nproc), ${cpuModel}, node ${process.version}`;
}

// ---- the cluster ----

const dataDir = mkdtempSync(join(tmpdir(), 'tributary-bench-replication-'));
const basePort = await freePort();
const brokerPort = (id) => basePort + 100 * (id - 1);
const pids = new Map();
const restartedChildren = new Map();
const cluster = spawn(
  process.execPath,
  [MAIN, 'cluster', 'start', '--data-dir', dataDir, '--base-port', String(basePort)],
  {
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
await new Promise((resolve, reject) => {
  let stderr = '';
  cluster.stderr.on('data', (chunk) => {
    stderr += chunk;
    // Only the first report per node: a restarted node's pid (set by restartNode) must not be overwritten.
    for (const match of stderr.matchAll(/node (\d+) pid (\d+)/g)) {
      if (!pids.has(Number(match[1]))) pids.set(Number(match[1]), Number(match[2]));
    }
    if (stderr.includes('bootstrap servers')) resolve();
  });
  cluster.once('exit', (code) => reject(new Error(`cluster start exited (${code}): ${stderr}`)));
});
const bootstrapAll = [1, 2, 3].map((id) => `127.0.0.1:${brokerPort(id)}`);

async function shutdown() {
  for (const child of restartedChildren.values()) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
  if (cluster.exitCode === null) {
    cluster.kill('SIGINT');
    await new Promise((resolve) => cluster.once('exit', resolve));
  }
  rmSync(dataDir, { recursive: true, force: true });
}

function restartNode(id) {
  const child = spawn(process.execPath, [MAIN, 'node', '--config', join(dataDir, `node-${id}`, 'server.properties')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = [];
  const keep = (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
  };
  createInterface({ input: child.stderr }).on('line', keep);
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGKILL' && code !== 0) console.error(`node ${id} exited (${signal ?? code}):\n${tail.join('\n')}`);
  });
  restartedChildren.set(id, child);
  pids.set(id, child.pid);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (/"level":(50|60)/.test(line)) keep(line);
      if (line.includes('"msg":"node started"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`node ${id} exited during restart (${code})`)));
  });
}

// ---- a minimal prober over the Kafka protocol ----

async function withConnection(address, use) {
  const [host, port] = address.split(':');
  const connection = await KafkaConnection.open(host, Number(port), PROBE_TIMEOUT_MS);
  try {
    return await Promise.race([
      use(connection),
      sleep(PROBE_TIMEOUT_MS * 2).then(() => {
        throw new Error('probe timed out');
      }),
    ]);
  } finally {
    connection.close();
  }
}

/** Partition 0 of `topic` as the first answering broker (other than `skip`) sees it. */
async function partitionState(topic, skip = -1) {
  for (const [index, address] of bootstrapAll.entries()) {
    if (index + 1 === skip) continue;
    try {
      return await withConnection(address, async (connection) => {
        const response = await connection.send(ApiKey.Metadata, 9, {
          topics: [{ name: topic }],
          allowAutoTopicCreation: false,
          includeTopicAuthorizedOperations: false,
        });
        const partition = response.topics[0]?.partitions.find((p) => p.partitionIndex === 0);
        const leader = response.brokers.find((b) => b.nodeId === partition?.leaderId);
        return partition === undefined
          ? null
          : {
              leader: partition.leaderId,
              isr: partition.isrNodes,
              address: leader ? `${leader.host}:${leader.port}` : null,
            };
      });
    } catch {
      // try the next broker
    }
  }
  return null;
}

/** One acks=all produce of one record to partition 0 on `address`; true when acknowledged. */
async function produceOnce(address, topic) {
  try {
    return await withConnection(address, async (connection) => {
      const response = await connection.send(ApiKey.Produce, 9, {
        transactionalId: null,
        acks: -1,
        timeoutMs: PROBE_TIMEOUT_MS,
        topicData: [
          {
            name: topic,
            partitionData: [
              {
                index: 0,
                records: encodeRecordBatchSync({
                  records: [{ key: null, value: Buffer.from('probe') }],
                  timestamp: Date.now(),
                }),
              },
            ],
          },
        ],
      });
      return response.responses[0]?.partitionResponses[0]?.errorCode === ErrorCode.NONE;
    });
  } catch {
    return false;
  }
}

async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** CPU time (user + system) used so far by the three node processes, in ms (Linux /proc). */
function brokerCpuMs() {
  let ticks = 0;
  for (const pid of pids.values()) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SEC;
}

/** True when every replica of every partition of `topic` holds the same number of log bytes on disk. */
function followersCaughtUp(topic) {
  for (let partition = 0; partition < 3; partition++) {
    const sizes = [1, 2, 3].map((id) => {
      const dir = join(dataDir, `node-${id}`, 'data', `${topic}-${partition}`);
      return readdirSync(dir)
        .filter((name) => name.endsWith('.log'))
        .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    });
    if (sizes.some((size) => size !== sizes[0])) return false;
  }
  return true;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ---- the benchmarks ----

try {
  // Alternating rounds (acks=1 first in odd rounds, acks=all first in even ones) after one discarded warm-up round,
  // so JIT warm-up, page-cache state and other load on the shared machine hit both settings alike; the figure
  // reported is the median over rounds, and the ratio is the median of the per-round ratios.
  const rounds = { 1: [], all: [] };
  const topics = {};
  for (const acks of ['1', 'all']) {
    topics[acks] = `bench-acks-${acks}`;
    cli([
      'topics',
      '--bootstrap-server',
      bootstrapAll[0],
      '--create',
      '--topic',
      topics[acks],
      '--partitions',
      '3',
      '--replication-factor',
      '3',
    ]);
    await waitFor(
      `${topics[acks]} ISR full`,
      async () => (await partitionState(topics[acks]))?.isr.length === 3,
      30_000,
    );
  }
  for (let round = 0; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? ['1', 'all'] : ['all', '1'];
    for (const acks of order) {
      const records = round === 0 ? Math.min(RECORDS, 200_000) : RECORDS;
      const cpuBefore = brokerCpuMs();
      const out = cli([
        'produce-perf',
        '--bootstrap-server',
        bootstrapAll[0],
        '--topic',
        topics[acks],
        '--num-records',
        String(records),
        '--record-size',
        String(RECORD_SIZE),
        '--acks',
        acks,
      ]);
      // Followers of an acks=1 topic may still be catching up when the producer is done; their work counts too.
      await waitFor(`${topics[acks]} followers caught up`, () => followersCaughtUp(topics[acks]), 60_000);
      const cpuMs = brokerCpuMs() - cpuBefore;
      const line = out.trim().split('\n').at(-1);
      const match = /([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency/.exec(line);
      if (!match) throw new Error(`unexpected produce-perf output: ${line}`);
      const result = {
        recordsPerSec: Number(match[1]),
        mbPerSec: Number(match[2]),
        avgMs: Number(match[3]),
        cpuUsPerRecord: (cpuMs * 1000) / records,
      };
      console.error(
        `${round === 0 ? 'warm-up' : `round ${round}`} acks=${acks}: ${line} broker CPU ${result.cpuUsPerRecord.toFixed(2)} us/record`,
      );
      if (round > 0) rounds[acks].push(result);
    }
  }
  const ratios = rounds.all.map((r, i) => r.recordsPerSec / rounds['1'][i].recordsPerSec);
  const summary = (list) => ({
    recordsPerSec: median(list.map((r) => r.recordsPerSec)),
    mbPerSec: median(list.map((r) => r.mbPerSec)),
    avgMs: median(list.map((r) => r.avgMs)),
    cpuUsPerRecord: median(list.map((r) => r.cpuUsPerRecord)),
  });
  const throughput = { 1: summary(rounds['1']), all: summary(rounds.all) };

  const topic = 'bench-failover';
  cli([
    'topics',
    '--bootstrap-server',
    bootstrapAll[0],
    '--create',
    '--topic',
    topic,
    '--partitions',
    '1',
    '--replication-factor',
    '3',
  ]);
  const windows = [];
  for (let run = 1; run <= RUNS; run++) {
    const before = await waitFor(
      'full ISR and a leader',
      async () => {
        const state = await partitionState(topic);
        return state && state.leader > 0 && state.isr.length === 3 && state.address ? state : null;
      },
      60_000,
    );
    await waitFor('a produce on the current leader', () => produceOnce(before.address, topic), 10_000);
    const victim = before.leader;
    const killedAt = performance.now();
    process.kill(pids.get(victim), 'SIGKILL');
    let windowMs = null;
    while (performance.now() - killedAt < WINDOW_LIMIT_MS) {
      const state = await partitionState(topic, victim);
      if (
        state &&
        state.leader > 0 &&
        state.leader !== victim &&
        state.address &&
        (await produceOnce(state.address, topic))
      ) {
        windowMs = performance.now() - killedAt;
        break;
      }
      await sleep(20);
    }
    if (windowMs === null) throw new Error(`run ${run}: no acknowledged produce within ${WINDOW_LIMIT_MS} ms`);
    windows.push(windowMs);
    console.error(`run ${run}: killed node ${victim}, partition available again after ${windowMs.toFixed(0)} ms`);
    await restartNode(victim);
  }

  const ratio = median(ratios);
  const sorted = [...windows].sort((a, b) => a - b);
  const report = [
    `## Replication (3 nodes, RF 3) - ${new Date().toISOString()}`,
    '',
    `Machine: ${machineInfo()}. Command: \`node scripts/bench-replication.mjs --records ${RECORDS} --rounds ${ROUNDS} --runs ${RUNS}\`.`,
    'Three combined broker,controller processes from `tributary cluster start --nodes 3`, default settings',
    '(broker.session.timeout.ms 9000, broker.heartbeat.interval.ms 2000, replica.lag.time.max.ms 30000).',
    '',
    '| measure | value |',
    '| --- | --- |',
    `| produce-perf acks=1, ${RECORDS} x ${RECORD_SIZE} B, 3 partitions, median of ${ROUNDS} rounds | ${throughput['1'].recordsPerSec.toFixed(0)} records/s (${throughput['1'].mbPerSec.toFixed(2)} MB/s, ${throughput['1'].avgMs} ms avg; broker CPU ${throughput['1'].cpuUsPerRecord.toFixed(2)} us/record) |`,
    `| produce-perf acks=all, same | ${throughput.all.recordsPerSec.toFixed(0)} records/s (${throughput.all.mbPerSec.toFixed(2)} MB/s, ${throughput.all.avgMs} ms avg; broker CPU ${throughput.all.cpuUsPerRecord.toFixed(2)} us/record) |`,
    `| acks=all / acks=1 per round, median (target >= 0.5) | ${ratio.toFixed(2)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}) |`,
    ...(RUNS === 0
      ? []
      : [
          `| leader kill -9 -> first acks=all produce on the new leader, median of ${RUNS} | ${(median(windows) / 1000).toFixed(2)} s |`,
          `| same, min / max | ${(sorted[0] / 1000).toFixed(2)} s / ${(sorted.at(-1) / 1000).toFixed(2)} s |`,
        ]),
    '',
    "After a kill -9 the active controller sees the killed broker's BrokerSession stream break at once and fences it",
    'after broker.session.disconnect.grace.ms (500 ms) unless it reconnects (broker.session.timeout.ms stays the',
    'backstop). When the killed node was also the active controller, the window adds the Raft election and the new',
    "controller's takeover window (1 s) for brokers to reopen their sessions.",
    '',
  ].join('\n');
  console.log(report);
  if (!args['no-append']) appendFileSync(join(ROOT, 'BENCHMARKS.md'), `${report}\n`);
} finally {
  await shutdown();
}
