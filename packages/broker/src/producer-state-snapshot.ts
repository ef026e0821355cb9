/**
 * Producer state survives restarts (Kafka's <offset>.snapshot files): a snapshot is written per partition on
 * clean shutdown and periodically; on start the snapshot is loaded and only the log after its offset is scanned
 * (batch headers carry producerId, producerEpoch, baseSequence and lastOffsetDelta). Without a usable snapshot the
 * scan covers at most the last PRODUCER_STATE_SCAN_OFFSETS_MAX offsets, bounding start-up work after a crash.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { readBatchHeader, splitBatches } from '@tributary/protocol';
import type { Logger } from 'pino';
import type { Partition } from './partition.js';
import type { ProducerStateEntry } from './producer-state.js';

export const PRODUCER_STATE_SNAPSHOT_FILE = 'producer-state.snapshot';
export const PRODUCER_STATE_SCAN_OFFSETS_MAX = 1_000_000n;
const SCAN_READ_BYTES = 4 * 1024 * 1024;

interface SnapshotFile {
  version: 1;
  offset: string;
  producers: { id: string; epoch: number; lastUpdateMs: number; batches: [number, number, string, string, string][] }[];
}

export async function writeProducerStateSnapshot(
  dir: string,
  offset: bigint,
  entries: Iterable<ProducerStateEntry>,
): Promise<void> {
  const file: SnapshotFile = {
    version: 1,
    offset: offset.toString(),
    producers: [...entries].map((e) => ({
      id: e.producerId.toString(),
      epoch: e.producerEpoch,
      lastUpdateMs: e.lastUpdateMs,
      batches: e.batches.map((b) => [
        b.firstSeq,
        b.lastSeq,
        b.baseOffset.toString(),
        b.lastOffset.toString(),
        b.maxTimestampMs.toString(),
      ]),
    })),
  };
  const body = JSON.stringify(file);
  const text = `${crc32(body)}\n${body}`;
  const path = join(dir, PRODUCER_STATE_SNAPSHOT_FILE);
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}

async function readSnapshot(dir: string): Promise<{ offset: bigint; entries: ProducerStateEntry[] } | null> {
  let text: string;
  try {
    text = await readFile(join(dir, PRODUCER_STATE_SNAPSHOT_FILE), 'utf8');
  } catch {
    return null;
  }
  const newline = text.indexOf('\n');
  const body = text.slice(newline + 1);
  if (newline < 0 || Number(text.slice(0, newline)) !== crc32(body)) return null;
  const file = JSON.parse(body) as SnapshotFile;
  if (file.version !== 1) return null;
  return {
    offset: BigInt(file.offset),
    entries: file.producers.map((p) => ({
      producerId: BigInt(p.id),
      producerEpoch: p.epoch,
      lastUpdateMs: p.lastUpdateMs,
      batches: p.batches.map(([firstSeq, lastSeq, baseOffset, lastOffset, maxTimestampMs]) => ({
        firstSeq,
        lastSeq,
        baseOffset: BigInt(baseOffset),
        lastOffset: BigInt(lastOffset),
        maxTimestampMs: BigInt(maxTimestampMs),
      })),
    })),
  };
}

/** Loads the snapshot (if it is not ahead of the log) and replays batch headers from its offset to the log end. */
export async function restoreProducerState(partition: Partition, nowMs: number, logger: Logger): Promise<void> {
  const log = partition.log;
  const logEndOffset = log.logEndOffset;
  const snapshot = await readSnapshot(log.dir);
  let from: bigint;
  if (snapshot !== null && snapshot.offset <= logEndOffset && snapshot.offset >= log.logStartOffset) {
    partition.producerState.load(snapshot.entries);
    partition.producerState.truncateFrom(snapshot.offset);
    from = snapshot.offset;
  } else {
    const earliest = logEndOffset - PRODUCER_STATE_SCAN_OFFSETS_MAX;
    from = earliest > log.logStartOffset ? earliest : log.logStartOffset;
  }
  let scanned = 0;
  while (from < logEndOffset) {
    const { records } = log.read(from, SCAN_READ_BYTES);
    if (records.length === 0) break;
    let next = from;
    for (const batch of splitBatches(records).batches) {
      const h = readBatchHeader(batch);
      next = h.baseOffset + BigInt(h.lastOffsetDelta) + 1n;
      if (h.producerId < 0n || next <= from) continue;
      partition.producerState.update(h, h.baseOffset, h.maxTimestamp, nowMs);
      scanned++;
    }
    if (next <= from) break;
    from = next;
  }
  if (scanned > 0 || snapshot !== null) {
    logger.debug({ topic: partition.topic, partition: partition.index, scanned }, 'restored producer state');
  }
}
