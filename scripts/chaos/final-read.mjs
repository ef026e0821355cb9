// The end of a run, after every fault healed: wait for the cluster to settle (every partition led, ISR full, every
// replica's log as long as the others), compare the replicas' segment bytes, read every partition from offset 0 to the
// high watermark straight from its leader, and read the topic once more as a consumer group would.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordsFrom } from './kafka-client.mjs';

const FETCH_MAX_BYTES = 8 * 1024 * 1024;
const POLL_MS = 250;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every .log segment of one replica, in base-offset order (20-digit names sort as numbers), concatenated; null while
 * the replica has no directory yet (a new topic's metadata can reach the client before every broker created its log).
 */
function replicaLogBytes(dataDir, nodeId, topic, partition) {
  const dir = join(dataDir, `node-${nodeId}`, 'data', `${topic}-${partition}`);
  let names;
  try {
    names = readdirSync(dir);
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
  const logs = names.filter((name) => name.endsWith('.log')).sort();
  return Buffer.concat(logs.map((name) => readFileSync(join(dir, name))));
}

/**
 * Per partition: whether every replica holds the same bytes, with the lengths, digests and the first differing byte
 * when not. Segments are concatenated because replicas may roll segments at different offsets (a restarted follower
 * starts a new one); the record batches inside must be byte for byte the leader's.
 */
export function compareReplicas({ dataDir, replicasOf, topic, partitions }) {
  const results = [];
  for (let partition = 0; partition < partitions; partition++) {
    const logs = replicasOf(partition).map((nodeId) => ({
      nodeId,
      bytes: replicaLogBytes(dataDir, nodeId, topic, partition) ?? Buffer.alloc(0),
    }));
    const [first, ...rest] = logs;
    const differing = rest.filter((log) => !log.bytes.equals(first.bytes));
    const result = {
      partition,
      identical: differing.length === 0,
      replicas: logs.map(({ nodeId, bytes }) => ({
        nodeId,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex').slice(0, 16),
      })),
    };
    if (!result.identical) {
      const other = differing[0].bytes;
      let at = 0;
      while (at < Math.min(first.bytes.length, other.length) && first.bytes[at] === other[at]) at++;
      result.detail = `node ${first.nodeId} and node ${differing[0].nodeId} differ from byte ${at}`;
    }
    results.push(result);
  }
  return results;
}

/**
 * Waits until every partition has a leader and all its replicas in the ISR, and its replicas' logs are equally long.
 * Returns the partitions' states (their `replicas` say whose logs to compare), or null on timeout.
 */
export async function waitUntilSettled({ client, addresses, topic, partitions, dataDir, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  let states = null;
  while (Date.now() < deadline) {
    states = await client.partitionStates(addresses, topic);
    const all = Array.from({ length: partitions }, (_, p) => states?.get(p));
    const isrFull = all.every((s) => s && s.leader > 0 && s.replicas.length > 0 && s.isr.length === s.replicas.length);
    if (isrFull) {
      const lengthsEqual = all.every((s, p) => {
        const lengths = s.replicas.map((id) => replicaLogBytes(dataDir, id, topic, p)?.length ?? -1);
        return lengths.every((l) => l >= 0 && l === lengths[0]);
      });
      if (lengthsEqual) return states;
    }
    await sleep(POLL_MS);
  }
  return null;
}

/** Every record of every partition, read from its leader from offset 0 to the high watermark: { partition: [...] }. */
export async function readAll({ client, protocol, addresses, topic, partitions }) {
  const states = await client.partitionStates(addresses, topic);
  const reads = {};
  const highWatermarks = {};
  for (let partition = 0; partition < partitions; partition++) {
    const address = states?.get(partition)?.address;
    if (!address) throw new Error(`partition ${partition} has no leader for the final read`);
    const connection = await client.open(address);
    try {
      const records = [];
      let next = 0;
      for (;;) {
        const response = await client.fetch(connection, { topic, partition, offset: next, maxBytes: FETCH_MAX_BYTES });
        if (response.errorCode !== 0) {
          throw new Error(`final read of partition ${partition}: ${protocol.errorName(response.errorCode)}`);
        }
        const highWatermark = Number(response.highWatermark);
        for (const record of recordsFrom(protocol, response.records, next)) records.push(record);
        const last = records.at(-1)?.offset ?? -1;
        if (last + 1 >= highWatermark) {
          highWatermarks[partition] = highWatermark;
          break;
        }
        if (last + 1 <= next) throw new Error(`final read of partition ${partition} stuck at offset ${next}`);
        next = last + 1;
      }
      reads[partition] = records;
    } finally {
      connection.close();
    }
  }
  return { reads, highWatermarks };
}

/**
 * The topic read by a kafkajs consumer group from the earliest offset until it holds every partition's high
 * watermark: { partition: [{ offset, value }] }. Throws if it does not get there in timeoutMs.
 */
export async function readAsGroup({ kafkajs, addresses, topic, groupId, highWatermarks, timeoutMs }) {
  const kafka = new kafkajs.Kafka({
    clientId: 'tributary-chaos',
    brokers: addresses,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const reads = Object.fromEntries(Object.keys(highWatermarks).map((p) => [p, []]));
  const done = () =>
    Object.entries(highWatermarks).every(([p, hw]) => hw === 0 || (reads[p].at(-1)?.offset ?? -1) + 1 >= hw);
  await consumer.connect();
  try {
    let finish;
    const finished = new Promise((resolve) => {
      finish = resolve;
    });
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          reads[batch.partition].push({ offset: Number(message.offset), value: message.value?.toString('utf8') ?? '' });
        }
        if (done()) finish(true);
      },
    });
    if (done()) finish(true);
    let timer;
    const completed = await Promise.race([
      finished,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!completed) throw new Error(`the consumer group did not reach the high watermarks in ${timeoutMs} ms`);
    return reads;
  } finally {
    await consumer.disconnect();
  }
}
