#!/usr/bin/env node
// Fuzzes a RUNNING Tributary node's Kafka port with random and mutated frames and checks that the process stays
// alive and its memory bounded. Seeds: real kcat requests captured through a recording proxy (bootstrap traffic:
// ApiVersions, Metadata — kcat then talks to the advertised port directly) plus ApiVersions, Metadata, Produce,
// Fetch and ListOffsets frames built with @tributary/protocol. Needs `pnpm build` first.
//
//   node scripts/fuzz.mjs --cases 100000 --port 9092 [--pid PID] [--seed N] [--rss-max-mb 1024]
//
// Run the node with auto.create.topics.enable=false: mutated Metadata requests would otherwise create topics.
// Exit code 0 = node alive, RSS under the limit, and it still answers ApiVersions at the end. Replays from --seed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    port: { type: 'string', default: '9092' },
    host: { type: 'string', default: '127.0.0.1' },
    pid: { type: 'string' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    'rss-max-mb': { type: 'string', default: '1024' },
    'frames-per-connection': { type: 'string', default: '16' },
  },
});
const CASES = Number(args.cases);
const PORT = Number(args.port);
const HOST = args.host;
const PID = args.pid ? Number(args.pid) : null;
const SEED = Number(args.seed);
const RSS_MAX_BYTES = Number(args['rss-max-mb']) * 1024 * 1024;
const FRAMES_PER_CONNECTION = Number(args['frames-per-connection']);
/** Quiet time after which a connection the node keeps open is given up (it may legitimately wait for more bytes). */
const CONNECTION_IDLE_MS = 100;

const protocol = await import(new URL('../packages/protocol/dist/index.js', import.meta.url).href);
const { ApiKey, encodeRequest, encodeRecordBatchSync } = protocol;

// mulberry32: tiny seeded PRNG so a failing run replays exactly from its seed.
let prngState = SEED >>> 0;
function random() {
  prngState = (prngState + 0x6d2b79f5) >>> 0;
  let t = prngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randomInt = (n) => Math.floor(random() * n);
const randomBytes = (n) => Buffer.from(Array.from({ length: n }, () => randomInt(256)));

function rssBytes() {
  if (PID === null || !existsSync(`/proc/${PID}/status`)) return null;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${PID}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : null;
}

function alive() {
  if (PID === null) return true;
  try {
    process.kill(PID, 0);
    return true;
  } catch {
    return false;
  }
}

/** Records client->server frames of real kcat runs through a forwarding proxy. */
async function captureKcatFrames() {
  if (spawnSync('sh', ['-c', 'command -v kcat']).status !== 0) return [];
  const frames = [];
  const proxy = createServer((client) => {
    const upstream = connect({ host: HOST, port: PORT });
    let pending = Buffer.alloc(0);
    client.on('data', (chunk) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0);
        frames.push(Buffer.from(pending.subarray(0, 4 + size)));
        pending = pending.subarray(4 + size);
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const bootstrap = `127.0.0.1:${proxy.address().port}`;
  const run = (kcatArgs, input) =>
    new Promise((resolve) => {
      import('node:child_process').then(({ spawn }) => {
        const child = spawn('kcat', kcatArgs, { stdio: ['pipe', 'ignore', 'ignore'] });
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin.end(input ?? '');
      });
    });
  // The broker advertises its own port, so only bootstrap traffic passes the proxy; that is enough for seeds.
  await run(['-L', '-b', bootstrap]);
  await run(['-P', '-b', bootstrap, '-t', 'fuzz-seed', '-p', '0', '-K', ':'], 'k:v\n');
  await run(['-C', '-b', bootstrap, '-t', 'fuzz-seed', '-p', '0', '-o', 'beginning', '-e']);
  proxy.close();
  return frames;
}

function builtFrames() {
  const frames = [];
  const add = (apiKey, version, body) => {
    try {
      frames.push(encodeRequest(apiKey, version, randomInt(1 << 30), 'fuzz', body));
    } catch {
      // A body this script wrote for a version the codec refuses: just skip that seed.
    }
  };
  for (const v of [0, 1, 2, 3]) add(ApiKey.ApiVersions, v, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' });
  for (const v of [1, 4, 9, 12])
    add(ApiKey.Metadata, v, { topics: [{ name: 'fuzz-seed' }], allowAutoTopicCreation: false });
  for (const v of [4, 11, 12]) {
    add(ApiKey.Fetch, v, {
      replicaId: -1,
      maxWaitMs: 10,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      topics: [{ topic: 'fuzz-seed', partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] }],
    });
  }
  for (const v of [3, 7, 9]) {
    const records = encodeRecordBatchSync({ records: [{ key: 'k', value: 'fuzz' }, { value: 'v2' }], timestamp: 1 });
    add(ApiKey.Produce, v, {
      transactionalId: null,
      acks: 1,
      timeoutMs: 1000,
      topicData: [{ name: 'fuzz-seed', partitionData: [{ index: 0, records }] }],
    });
  }
  for (const v of [1, 5]) {
    add(ApiKey.ListOffsets, v, {
      replicaId: -1,
      topics: [{ name: 'fuzz-seed', partitions: [{ partitionIndex: 0, timestamp: -2n }] }],
    });
  }
  return frames;
}

const MUTATIONS = [
  // Flip bits in the body, keeping the size honest so the decoder, not the framer, meets the damage.
  (f) => {
    const b = Buffer.from(f);
    for (let i = 0, n = 1 + randomInt(8); i < n; i++) {
      const p = 4 + randomInt(b.length - 4);
      b[p] ^= 1 << randomInt(8);
    }
    return b;
  },
  // Overwrite a run with random bytes.
  (f) => {
    const b = Buffer.from(f);
    const p = 4 + randomInt(b.length - 4);
    randomBytes(Math.min(b.length - p, 1 + randomInt(16))).copy(b, p);
    return b;
  },
  // Truncate with an honest size.
  (f) => {
    const b = Buffer.from(f.subarray(0, 4 + randomInt(f.length - 4)));
    b.writeInt32BE(b.length - 4, 0);
    return b;
  },
  // Append garbage with an honest size.
  (f) => {
    const b = Buffer.concat([f, randomBytes(1 + randomInt(64))]);
    b.writeInt32BE(b.length - 4, 0);
    return b;
  },
  // Lie about the size.
  (f) => {
    const b = Buffer.from(f);
    b.writeInt32BE([0, 1, 3, -1, 0x7fffffff, randomInt(1 << 30), f.length + 100][randomInt(7)], 0);
    return b;
  },
  // Random API key / version in an otherwise valid frame.
  (f) => {
    const b = Buffer.from(f);
    if (b.length >= 8) {
      b.writeInt16BE(randomInt(100) - 2, 4);
      b.writeInt16BE(randomInt(40) - 2, 6);
    }
    return b;
  },
  // Plant huge array/string lengths at random positions.
  (f) => {
    const b = Buffer.from(f);
    const p = 4 + randomInt(Math.max(1, b.length - 8));
    if (p + 4 <= b.length) b.writeInt32BE([0x7fffffff, -2, 0x10000000][randomInt(3)], p);
    return b;
  },
  // Pure noise with an honest size.
  () => {
    const body = randomBytes(randomInt(200));
    const s = Buffer.alloc(4);
    s.writeInt32BE(body.length);
    return Buffer.concat([s, body]);
  },
];

function makeCase(seeds) {
  const seed = seeds[randomInt(seeds.length)];
  let frame = MUTATIONS[randomInt(MUTATIONS.length)](seed);
  if (random() < 0.2) frame = MUTATIONS[randomInt(MUTATIONS.length)](frame);
  return frame;
}

/** Sends frames on one connection (kept open: closing is the node's call); reports bytes back and who closed. */
function sendFrames(frames) {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port: PORT });
    let received = 0;
    let done = false;
    let timer = null;
    const finish = (closedByServer, error = null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, closedByServer, error });
    };
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), CONNECTION_IDLE_MS);
    };
    socket.on('data', (chunk) => {
      received += chunk.length;
      idle();
    });
    socket.on('close', () => finish(true));
    socket.on('error', (error) => finish(true, error.code === 'ECONNREFUSED' ? error : null));
    socket.on('connect', () => {
      socket.write(Buffer.concat(frames));
      idle();
    });
  });
}

/** One request, one response (for setup, not fuzzing). */
function request(frame) {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port: PORT });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 5000);
    socket.on('data', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    socket.on('connect', () => socket.write(frame));
  });
}

function healthCheck() {
  return request(encodeRequest(ApiKey.ApiVersions, 0, 1, 'fuzz-health', {}));
}

const startMs = Date.now();
// The seed topic exists so valid Produce/Fetch seeds reach the log, not just the error paths.
await request(
  encodeRequest(ApiKey.CreateTopics, 4, 1, 'fuzz-setup', {
    topics: [{ name: 'fuzz-seed', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  }),
);
const captured = await captureKcatFrames();
const seeds = [...captured, ...builtFrames()];
const rssStart = rssBytes();
let rssMax = rssStart ?? 0;
let connections = 0;
let closedByServer = 0;
let bytesReceived = 0;
let failure = null;
for (let done = 0; done < CASES && failure === null; ) {
  const batch = [];
  const n = Math.min(1 + randomInt(FRAMES_PER_CONNECTION), CASES - done);
  for (let i = 0; i < n; i++) batch.push(makeCase(seeds));
  done += n;
  const result = await sendFrames(batch);
  connections++;
  bytesReceived += result.received;
  if (result.closedByServer) closedByServer++;
  if (result.error) failure = `connection refused after ${done} cases: the node is down`;
  if (connections % 50 === 0) {
    if (!alive()) failure = `node process ${PID} died after ${done} cases`;
    const rss = rssBytes();
    if (rss !== null) {
      rssMax = Math.max(rssMax, rss);
      if (rss > RSS_MAX_BYTES) failure = `node RSS ${(rss / 1048576).toFixed(0)} MB exceeds ${args['rss-max-mb']} MB`;
    }
  }
}
const healthy = failure === null && alive() && (await healthCheck());
const rssEnd = rssBytes();
const mb = (b) => (b === null ? 'n/a' : `${(b / 1048576).toFixed(1)} MB`);
console.log(
  `fuzz seed ${SEED}: ${CASES} cases over ${connections} connections in ${((Date.now() - startMs) / 1000).toFixed(1)} s`,
);
console.log(`seeds: ${seeds.length} frames (${captured.length} captured from kcat)`);
console.log(`connections closed by the node: ${closedByServer}; response bytes: ${bytesReceived}`);
console.log(`node RSS start ${mb(rssStart)}, max ${mb(rssMax)}, end ${mb(rssEnd)} (limit ${args['rss-max-mb']} MB)`);
console.log(`node alive: ${healthy ? 'yes' : 'NO'}${failure ? ` (${failure})` : ''}`);
process.exit(healthy ? 0 : 1);
