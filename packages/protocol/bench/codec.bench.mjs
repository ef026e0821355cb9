#!/usr/bin/env node
// Micro-benchmark of the hot codec paths (not a test). Run after `pnpm exec tsc -b packages/protocol`:
//   node packages/protocol/bench/codec.bench.mjs
import * as protocol from '../dist/index.js';

const {
  ApiKey,
  decodeRecordsSync,
  decodeRequest,
  decodeRequestHeader,
  decodeResponse,
  encodeRecordBatchSync,
  encodeRequest,
  encodeResponse,
  encodeResponseChunks,
} = protocol;

function bench(name, iterations, fn) {
  // Comparing against an older build: cases whose API it lacks are skipped.
  if (name.includes('pieces') && protocol.encodeResponseChunks === undefined) return;
  for (let i = 0; i < Math.min(1000, iterations); i++) fn(); // warm-up
  // CPU time rather than wall time: on a shared machine the process is descheduled unpredictably.
  const started = process.cpuUsage();
  for (let i = 0; i < iterations; i++) fn();
  const used = process.cpuUsage(started);
  const ns = ((used.user + used.system) * 1000) / iterations;
  console.log(
    `${name.padEnd(58)} ${(ns / 1000).toFixed(2).padStart(9)} µs CPU/op  ${Math.round(1e9 / ns).toLocaleString()} op/s`,
  );
}

const batch = encodeRecordBatchSync({
  records: Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: Buffer.alloc(100, i) })),
  timestamp: 1_700_000_000_000n,
});
const produceBody = {
  transactionalId: null,
  acks: -1,
  timeoutMs: 30000,
  topicData: Array.from({ length: 4 }, (_, t) => ({
    name: `topic-${t}`,
    partitionData: Array.from({ length: 8 }, (_, p) => ({ index: p, records: batch })),
  })),
};
for (const version of [7, 9]) {
  const frame = encodeRequest(ApiKey.Produce, version, 1, 'bench', produceBody).subarray(4);
  bench(`decode Produce v${version} (32 partitions x ${batch.length} B batch)`, 20_000, () => {
    const h = decodeRequestHeader(frame);
    decodeRequest(h.apiKey, h.apiVersion, frame, h.headerBytes);
  });
}

const fetchBody = (records) => ({
  throttleTimeMs: 0,
  errorCode: 0,
  sessionId: 0,
  responses: Array.from({ length: 4 }, (_, t) => ({
    topic: `topic-${t}`,
    partitions: Array.from({ length: 8 }, (_, p) => ({
      partitionIndex: p,
      errorCode: 0,
      highWatermark: 1000n,
      lastStableOffset: 1000n,
      logStartOffset: 0n,
      abortedTransactions: null,
      preferredReadReplica: -1,
      records,
    })),
  })),
});
for (const version of [11, 12]) {
  bench(`encode Fetch v${version} response (32 partitions x ${batch.length} B)`, 5_000, () =>
    encodeResponse(ApiKey.Fetch, version, 1, fetchBody(batch)),
  );
}
const big = Buffer.alloc(1024 * 1024, 1);
bench('encode Fetch v12 response (32 partitions x 1 MiB)', 50, () =>
  encodeResponse(ApiKey.Fetch, 12, 1, fetchBody(big)),
);
// The broker writes Fetch answers as pieces (writev): referenced batches are not joined into one frame.
bench(`encode Fetch v12 response pieces (32 partitions x ${batch.length} B)`, 5_000, () =>
  encodeResponseChunks(ApiKey.Fetch, 12, 1, fetchBody(batch)),
);
bench('encode Fetch v12 response pieces (32 partitions x 1 MiB)', 50, () =>
  encodeResponseChunks(ApiKey.Fetch, 12, 1, fetchBody(big)),
);
const fetchFrame = encodeResponse(ApiKey.Fetch, 12, 1, fetchBody(batch)).subarray(4);
bench('decode Fetch v12 response (32 partitions)', 20_000, () => decodeResponse(ApiKey.Fetch, 12, fetchFrame));
const fetchRequest = encodeRequest(ApiKey.Fetch, 12, 1, 'bench', {
  replicaId: -1,
  maxWaitMs: 500,
  minBytes: 1,
  maxBytes: 52428800,
  topics: Array.from({ length: 4 }, (_, t) => ({
    topic: `topic-${t}`,
    partitions: Array.from({ length: 8 }, (_, p) => ({ partition: p, fetchOffset: 100n, partitionMaxBytes: 1048576 })),
  })),
}).subarray(4);
bench('decode Fetch v12 request (32 partitions)', 50_000, () =>
  decodeRequest(ApiKey.Fetch, 12, fetchRequest, decodeRequestHeader(fetchRequest).headerBytes),
);

// The shapes of the end-to-end hot paths: producer-perf's Produce (3 partitions, 16 KiB batches) and its answer,
// a follower's Fetch v11 (3 partitions) and a leader's answer with one small batch per partition, a consumer's v12.
const small = encodeRecordBatchSync({
  records: Array.from({ length: 10 }, (_, i) => ({ value: Buffer.alloc(100, i) })),
  timestamp: 1_700_000_000_000n,
});
const produce3 = {
  transactionalId: null,
  acks: -1,
  timeoutMs: 30000,
  topicData: [{ name: 'bench', partitionData: [0, 1, 2].map((index) => ({ index, records: small })) }],
};
const produce3Frame = encodeRequest(ApiKey.Produce, 9, 1, 'producer-perf', produce3).subarray(4);
bench('decode Produce v9 request (3 partitions)', 200_000, () => {
  const h = decodeRequestHeader(produce3Frame);
  decodeRequest(h.apiKey, h.apiVersion, produce3Frame, h.headerBytes);
});
const produceResponse = {
  responses: [
    {
      name: 'bench',
      partitionResponses: [0, 1, 2].map((index) => ({
        index,
        errorCode: 0,
        baseOffset: 1000n,
        logAppendTimeMs: -1n,
        logStartOffset: 0n,
        recordErrors: [],
        errorMessage: null,
      })),
    },
  ],
  throttleTimeMs: 0,
};
bench('encode Produce v9 response (3 partitions)', 200_000, () =>
  encodeResponse(ApiKey.Produce, 9, 1, produceResponse),
);
const follower = {
  replicaId: 2,
  maxWaitMs: 500,
  minBytes: 1,
  maxBytes: 10485760,
  isolationLevel: 0,
  sessionId: 0,
  sessionEpoch: -1,
  topics: [
    {
      topic: 'bench',
      partitions: [0, 1, 2].map((partition) => ({
        partition,
        currentLeaderEpoch: 3,
        fetchOffset: 123456n,
        logStartOffset: 0n,
        partitionMaxBytes: 1048576,
      })),
    },
  ],
  forgottenTopicsData: [],
  rackId: '',
};
bench('encode Fetch v11 request (follower, 3 partitions)', 200_000, () =>
  encodeRequest(ApiKey.Fetch, 11, 1, 'replica-fetcher-2', follower),
);
const followerFrame = encodeRequest(ApiKey.Fetch, 11, 1, 'replica-fetcher-2', follower).subarray(4);
bench('decode Fetch v11 request (follower, 3 partitions)', 200_000, () =>
  decodeRequest(ApiKey.Fetch, 11, followerFrame, decodeRequestHeader(followerFrame).headerBytes),
);
const fetch3 = {
  throttleTimeMs: 0,
  errorCode: 0,
  sessionId: 0,
  responses: [
    {
      topic: 'bench',
      partitions: [0, 1, 2].map((partitionIndex) => ({
        partitionIndex,
        errorCode: 0,
        highWatermark: 1000n,
        lastStableOffset: 1000n,
        logStartOffset: 0n,
        divergingEpoch: { epoch: -1, endOffset: -1n },
        currentLeader: { leaderId: -1, leaderEpoch: -1 },
        snapshotId: { endOffset: -1n, epoch: -1 },
        abortedTransactions: null,
        preferredReadReplica: -1,
        records: small,
      })),
    },
  ],
  nodeEndpoints: [],
};
for (const version of [11, 12]) {
  bench(`encode Fetch v${version} response (3 partitions x ${small.length} B)`, 200_000, () =>
    encodeResponse(ApiKey.Fetch, version, 1, fetch3),
  );
}
const fetch3Frame = encodeResponse(ApiKey.Fetch, 11, 1, fetch3).subarray(4);
bench('decode Fetch v11 response (3 partitions)', 200_000, () => decodeResponse(ApiKey.Fetch, 11, fetch3Frame));

// Record batches: producer-perf's 16 KiB batches of 100-byte records, built by the client and walked by the broker's
// per-record validation (the same walker as decodeRecordsSync).
const producerRecords = Array.from({ length: 150 }, (_, i) => ({
  value: Buffer.alloc(100, i),
  timestamp: 1_700_000_000_000n + BigInt(i),
}));
bench('encodeRecordBatchSync (150 x 100 B records)', 20_000, () => encodeRecordBatchSync({ records: producerRecords }));
const producerBatch = encodeRecordBatchSync({ records: producerRecords });
bench(`decodeRecordsSync (${producerBatch.length} B batch, 150 records)`, 20_000, () =>
  decodeRecordsSync(producerBatch),
);
