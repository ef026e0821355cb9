/**
 * `tributary consume-perf`: Kafka's consumer-perf-test on raw Fetch requests. Each leader connection runs one fetch
 * loop over its partitions from the log start; record batches are counted from their headers (no record decoding),
 * which measures the broker's read path rather than this tool's parsing.
 */
import { ApiKey, batchSize, ErrorCode, errorName, RECORD_BATCH_OVERHEAD, readBatchHeader } from '@tributary/protocol';
import type { KafkaConnection } from './kafka-connection.js';
import { openTopicSession, type PartitionLeader, pickVersion } from './topic-leaders.js';

export interface ConsumePerfOptions {
  bootstrapServer: string;
  topic: string;
  /** Stop after this many records. */
  numRecords: number;
  fetchMaxBytes: number;
  /** Give up when a fetch loop sees no new records for this long. */
  timeoutMs: number;
  print?: (line: string) => void;
}

export interface ConsumeSummary {
  records: number;
  bytes: number;
  fetches: number;
  elapsedMs: number;
}

const FETCH_MAX_WAIT_MS = 100;
/** Earliest offset (ListOffsets timestamp -2). */
const EARLIEST_TIMESTAMP = -2n;

export async function runConsumePerf(options: ConsumePerfOptions): Promise<number> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const s = await consumePerf(options);
  const seconds = Math.max(s.elapsedMs, 1) / 1000;
  const mb = s.bytes / (1024 * 1024);
  print(
    `${s.records} records consumed, ${(s.records / seconds).toFixed(1)} records/sec (${(mb / seconds).toFixed(2)} MB/sec), ` +
      `${mb.toFixed(2)} MB in ${s.fetches} fetches, ${s.elapsedMs.toFixed(0)} ms`,
  );
  return s.records >= options.numRecords ? 0 : 1;
}

export async function consumePerf(options: ConsumePerfOptions): Promise<ConsumeSummary> {
  const { ranges, connections } = await openTopicSession(options.bootstrapServer, options.topic, null);
  const fetchVersion = pickVersion(ranges, ApiKey.Fetch, 4, 11);
  const listOffsetsVersion = pickVersion(ranges, ApiKey.ListOffsets, 1, 5);
  const summary: ConsumeSummary = { records: 0, bytes: 0, fetches: 0, elapsedMs: 0 };
  const startMs = performance.now();
  try {
    await Promise.all(
      connections.map(async ({ connection, leaders }) => {
        const offsets = await earliestOffsets(connection, listOffsetsVersion, options.topic, leaders);
        await fetchLoop(connection, fetchVersion, options, offsets, summary);
      }),
    );
  } finally {
    for (const { connection } of connections) connection.close();
  }
  summary.elapsedMs = performance.now() - startMs;
  return summary;
}

async function earliestOffsets(
  connection: KafkaConnection,
  version: number,
  topic: string,
  leaders: PartitionLeader[],
): Promise<Map<number, bigint>> {
  const response = await connection.send(ApiKey.ListOffsets, version, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [
      { name: topic, partitions: leaders.map((l) => ({ partitionIndex: l.partition, timestamp: EARLIEST_TIMESTAMP })) },
    ],
  });
  const offsets = new Map<number, bigint>();
  for (const p of response.topics[0]?.partitions ?? []) {
    if (p.errorCode !== ErrorCode.NONE)
      throw new Error(`ListOffsets ${topic}-${p.partitionIndex}: ${errorName(p.errorCode)}`);
    offsets.set(p.partitionIndex, p.offset);
  }
  return offsets;
}

async function fetchLoop(
  connection: KafkaConnection,
  version: number,
  options: ConsumePerfOptions,
  offsets: Map<number, bigint>,
  summary: ConsumeSummary,
): Promise<void> {
  let lastProgressMs = performance.now();
  const partitionMaxBytes = Math.max(
    RECORD_BATCH_OVERHEAD,
    Math.floor(options.fetchMaxBytes / Math.max(1, offsets.size)),
  );
  while (summary.records < options.numRecords && performance.now() - lastProgressMs < options.timeoutMs) {
    const response = await connection.send(ApiKey.Fetch, version, {
      replicaId: -1,
      maxWaitMs: FETCH_MAX_WAIT_MS,
      minBytes: 1,
      maxBytes: options.fetchMaxBytes,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: options.topic,
          partitions: [...offsets].map(([partition, fetchOffset]) => ({
            partition,
            currentLeaderEpoch: -1,
            fetchOffset,
            logStartOffset: -1n,
            partitionMaxBytes,
          })),
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    summary.fetches++;
    if (response.errorCode !== ErrorCode.NONE) throw new Error(`Fetch failed: ${errorName(response.errorCode)}`);
    for (const p of response.responses[0]?.partitions ?? []) {
      if (p.errorCode !== ErrorCode.NONE)
        throw new Error(`Fetch ${options.topic}-${p.partitionIndex}: ${errorName(p.errorCode)}`);
      const from = offsets.get(p.partitionIndex) ?? 0n;
      const next = countBatches(p.records, from, summary);
      if (next > from) {
        offsets.set(p.partitionIndex, next);
        lastProgressMs = performance.now();
      }
    }
  }
}

/** Counts whole batches at or after `from`; returns the next offset to fetch. A trailing partial batch is skipped. */
function countBatches(records: Buffer | null, from: bigint, summary: ConsumeSummary): bigint {
  let next = from;
  if (!records) return next;
  let position = 0;
  while (records.length - position >= RECORD_BATCH_OVERHEAD) {
    const size = batchSize(records, position);
    if (position + size > records.length) break;
    const header = readBatchHeader(records, position);
    const lastOffset = header.baseOffset + BigInt(header.lastOffsetDelta);
    if (lastOffset >= next) {
      // bigint, so no Math.max: a fetch from mid-batch counts only the records at or after `next`.
      let first = next;
      if (header.baseOffset > next) first = header.baseOffset;
      summary.records += Number(lastOffset - first + 1n);
      summary.bytes += size;
      next = lastOffset + 1n;
    }
    position += size;
  }
  return next;
}
