/**
 * `tributary produce-perf`: Kafka's producer-perf-test on a raw pipelined connection. Batches are built with the
 * protocol package's record batch encoder, `inflight` Produce requests are kept outstanding per leader connection,
 * and partitions are filled round-robin one batch at a time (Kafka's sticky partitioner does the same for
 * key-less records).
 */
import { randomBytes } from 'node:crypto';
import { ApiKey, ErrorCode, encodeRecordBatchSync, errorName } from '@tributary/protocol';
import type { KafkaConnection } from './kafka-connection.js';
import { formatProducerLine, PerfStats } from './perf-stats.js';
import { openTopicSession, type PartitionLeader, pickVersion } from './topic-leaders.js';

export interface ProducePerfOptions {
  bootstrapServer: string;
  topic: string;
  numRecords: number;
  recordSize: number;
  /** 0, 1 or -1 (all). */
  acks: number;
  batchBytes: number;
  inflight: number;
  /** Use only the first P partitions; null = all. */
  partitions: number | null;
  /** Where progress and the result line go; defaults to stdout. */
  print?: (line: string) => void;
}

/** Per-record framing inside a v2 batch for small records (length, attributes, deltas, key/value lengths, headers). */
const RECORD_OVERHEAD_BYTES_ESTIMATE = 8;
const BATCH_HEADER_BYTES = 61;
const PRODUCE_TIMEOUT_MS = 30_000;
const PROGRESS_INTERVAL_MS = 5_000;

export async function runProducePerf(options: ProducePerfOptions): Promise<number> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const summary = await producePerf(options, print);
  print(formatProducerLine(summary));
  return 0;
}

export async function producePerf(options: ProducePerfOptions, print: (line: string) => void) {
  validate(options);
  const { ranges, connections } = await openTopicSession(
    options.bootstrapServer,
    options.topic,
    options.partitions,
    true,
  );
  const produceVersion = pickVersion(ranges, ApiKey.Produce, 3, 9);
  const payload = randomBytes(options.recordSize);
  const recordsPerBatch = Math.max(
    1,
    Math.floor((options.batchBytes - BATCH_HEADER_BYTES) / (options.recordSize + RECORD_OVERHEAD_BYTES_ESTIMATE)),
  );
  const stats = new PerfStats();
  let window = { records: 0, startMs: performance.now() };
  let recordsClaimed = 0;
  let batchCounter = 0;
  const startMs = performance.now();
  const progress = setInterval(() => {
    const nowMs = performance.now();
    const rate = (window.records * 1000) / (nowMs - window.startMs);
    print(
      `${window.records} records sent, ${rate.toFixed(1)} records/sec (${((rate * options.recordSize) / 1048576).toFixed(2)} MB/sec)`,
    );
    window = { records: 0, startMs: nowMs };
  }, PROGRESS_INTERVAL_MS);
  progress.unref();

  const worker = async (leadersOfConnection: PartitionLeader[], connection: KafkaConnection) => {
    while (recordsClaimed < options.numRecords) {
      const count = Math.min(recordsPerBatch, options.numRecords - recordsClaimed);
      recordsClaimed += count;
      const partition = leadersOfConnection[batchCounter++ % leadersOfConnection.length].partition;
      const records = new Array(count);
      for (let i = 0; i < count; i++) records[i] = { key: null, value: payload };
      // Uncompressed, so the synchronous builder; the batch-level timestamp stamps every record, like Kafka's.
      const batch = encodeRecordBatchSync({ records, timestamp: Date.now() });
      const sentMs = performance.now();
      const body = {
        transactionalId: null,
        acks: options.acks,
        timeoutMs: PRODUCE_TIMEOUT_MS,
        topicData: [{ name: options.topic, partitionData: [{ index: partition, records: batch }] }],
      };
      if (options.acks === 0) {
        await connection.send(ApiKey.Produce, produceVersion, body, false);
        await connection.drained();
      } else {
        const response = await connection.send(ApiKey.Produce, produceVersion, body);
        const result = response.responses[0]?.partitionResponses[0];
        if (!result) throw new Error('Produce response without a partition result');
        if (result.errorCode !== ErrorCode.NONE) {
          throw new Error(`Produce to ${options.topic}-${partition} failed: ${errorName(result.errorCode)}`);
        }
      }
      stats.record(count, count * options.recordSize, performance.now() - sentMs);
      window.records += count;
    }
  };

  try {
    const workers: Promise<void>[] = [];
    for (const { connection, leaders: owned } of connections) {
      for (let i = 0; i < options.inflight; i++) workers.push(worker(owned, connection));
    }
    await Promise.all(workers);
  } finally {
    clearInterval(progress);
    for (const { connection } of connections) connection.close();
  }
  return stats.summary(performance.now() - startMs);
}

function validate(options: ProducePerfOptions): void {
  const positive = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`--${name} must be a positive integer, got ${value}`);
  };
  positive('num-records', options.numRecords);
  positive('record-size', options.recordSize);
  positive('batch-bytes', options.batchBytes);
  positive('inflight', options.inflight);
  if (options.partitions !== null) positive('partitions', options.partitions);
  if (![0, 1, -1].includes(options.acks)) throw new RangeError(`--acks must be 0, 1 or all, got ${options.acks}`);
}
