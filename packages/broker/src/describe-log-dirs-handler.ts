/**
 * DescribeLogDirs (v0-4; kafka-log-dirs.sh, Admin.describeLogDirs): every log dir of this broker with the partitions
 * it holds (all, or those asked for), each partition's size in bytes and offsetLag, and (v4) the volume's total and
 * usable bytes from statfs. offsetLag is Kafka's getLogEndOffsetLag for a current (not future) log:
 * max(highWatermark - logEndOffset, 0), which is 0 since the high watermark never passes the log end. Tributary has
 * no future logs (no replica movement between dirs), so isFutureKey is always false.
 */
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { type DescribeLogDirsRequest, type DescribeLogDirsResponse, ErrorCode } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';
import type { Partition } from './partition.js';

type LogDirResult = DescribeLogDirsResponse['results'][number];
type TopicResult = LogDirResult['topics'][number];

/** DescribeLogDirsResponse.UNKNOWN_VOLUME_BYTES: the volume could not be measured. */
const UNKNOWN_VOLUME_BYTES = -1n;

async function volumeBytes(dir: string): Promise<{ totalBytes: bigint; usableBytes: bigint }> {
  try {
    const stats = await statfs(dir, { bigint: true });
    return { totalBytes: stats.blocks * stats.bsize, usableBytes: stats.bavail * stats.bsize };
  } catch {
    return { totalBytes: UNKNOWN_VOLUME_BYTES, usableBytes: UNKNOWN_VOLUME_BYTES };
  }
}

function wanted(request: DescribeLogDirsRequest): (partition: Partition) => boolean {
  if (request.topics === null) return () => true;
  const asked = new Set(request.topics.flatMap((t) => t.partitions.map((p) => `${t.topic}\u0000${p}`)));
  return (partition) => asked.has(`${partition.topic}\u0000${partition.index}`);
}

function partitionEntry(partition: Partition) {
  const lag = partition.highWatermark - partition.log.logEndOffset;
  return {
    partitionIndex: partition.index,
    partitionSize: BigInt(partition.log.sizeInBytes()),
    offsetLag: lag > 0n ? lag : 0n,
    isFutureKey: false,
  };
}

export async function handleDescribeLogDirs(
  ctx: BrokerContext,
  request: DescribeLogDirsRequest,
): Promise<DescribeLogDirsResponse> {
  const include = wanted(request);
  const byDir = new Map<string, Map<string, TopicResult>>(ctx.replicaManager.logDirs.map((dir) => [dir, new Map()]));
  for (const partition of ctx.replicaManager.all()) {
    if (!include(partition) || partition.log.isClosed) continue;
    const dir = path.dirname(partition.log.dir);
    let topics = byDir.get(dir);
    if (topics === undefined) {
      topics = new Map();
      byDir.set(dir, topics);
    }
    let topic = topics.get(partition.topic);
    if (topic === undefined) {
      topic = { name: partition.topic, partitions: [] };
      topics.set(partition.topic, topic);
    }
    topic.partitions.push(partitionEntry(partition));
  }
  const results = await Promise.all(
    [...byDir].map(
      async ([logDir, topics]): Promise<LogDirResult> => ({
        errorCode: ErrorCode.NONE,
        logDir,
        topics: [...topics.values()].map((t) => ({
          ...t,
          partitions: t.partitions.sort((a, b) => a.partitionIndex - b.partitionIndex),
        })),
        ...(await volumeBytes(logDir)),
      }),
    ),
  );
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, results };
}
