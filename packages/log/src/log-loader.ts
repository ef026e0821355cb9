import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCheckpointFile, writeCheckpointFile } from './checkpoint-file.js';
import { CorruptSegmentError } from './errors.js';
import { type EpochEntry, LeaderEpochCache } from './leader-epoch-cache.js';
import { LogSegment, type SegmentSettings } from './log-segment.js';
import type { LoggerLike } from './logger.js';
import { recoverInterruptedCleaning } from './segment-swap.js';

// Loading a partition directory at open: find segments, decide which need recovery, recover them.
//
// Recovery policy (Kafka's LogLoader): after a clean shutdown only segments whose index files are
// missing or inconsistent are rescanned. Otherwise every segment from the one holding the recovery
// point onwards is validated batch by batch (framing, magic 2, CRC-32C, increasing offsets), its
// indexes rebuilt, and the file truncated at the first invalid batch; every later segment is then
// deleted, since offsets after a hole cannot be trusted. A bad batch that runs into the end of the
// last segment is a torn write (warn). Anything else is corruption: it is logged at error level as a
// CorruptSegmentError with the file and position and listed in the RecoveryReport, and, as in
// Kafka, the log is truncated there rather than refusing to open, so the broker can refetch the
// lost suffix from another replica.

export const CLEAN_SHUTDOWN_FILE = '.clean-shutdown';
export const OFFSETS_CHECKPOINT_FILE = 'offsets-checkpoint';
export const LEADER_EPOCH_CHECKPOINT_FILE = 'leader-epoch-checkpoint';
export const CLEANER_CHECKPOINT_FILE = 'cleaner-offset-checkpoint';
const CHECKPOINT_VERSION = 0;

export interface OffsetsCheckpoint {
  recoveryPoint: bigint;
  logStartOffset: bigint;
  highWatermark: bigint;
}

export interface RecoveryReport {
  cleanShutdown: boolean;
  segmentsRecovered: number;
  truncatedBytes: number;
  segmentsDeleted: number;
  tornTail: { path: string; position: number; reason: string } | null;
  corruptions: CorruptSegmentError[];
}

export function readOffsetsCheckpoint(dir: string): OffsetsCheckpoint | null {
  const lines = readCheckpointFile(path.join(dir, OFFSETS_CHECKPOINT_FILE), CHECKPOINT_VERSION);
  if (lines === null) return null;
  const values = new Map(lines.map((line) => line.split(' ') as [string, string]));
  const value = (name: string) => {
    const text = values.get(name);
    if (text === undefined || !/^-?\d+$/.test(text))
      throw new Error(`offsets checkpoint in ${dir} lacks a valid ${name}`);
    return BigInt(text);
  };
  return {
    recoveryPoint: value('recoveryPoint'),
    logStartOffset: value('logStartOffset'),
    highWatermark: value('highWatermark'),
  };
}

export function writeOffsetsCheckpoint(dir: string, checkpoint: OffsetsCheckpoint): void {
  writeCheckpointFile(path.join(dir, OFFSETS_CHECKPOINT_FILE), CHECKPOINT_VERSION, [
    `recoveryPoint ${checkpoint.recoveryPoint}`,
    `logStartOffset ${checkpoint.logStartOffset}`,
    `highWatermark ${checkpoint.highWatermark}`,
  ]);
}

/**
 * The log cleaner's checkpoint (Kafka keeps one `cleaner-offset-checkpoint` per log dir; here one per partition,
 * like offsets-checkpoint): everything below `firstDirtyOffset` has been compacted. Null when absent.
 */
export function readCleanerCheckpoint(dir: string): bigint | null {
  const lines = readCheckpointFile(path.join(dir, CLEANER_CHECKPOINT_FILE), CHECKPOINT_VERSION);
  if (lines === null) return null;
  const match = lines.length === 1 ? /^firstDirtyOffset (\d+)$/.exec(lines[0]) : null;
  if (match === null) throw new Error(`malformed cleaner checkpoint in ${dir}`);
  return BigInt(match[1]);
}

export function writeCleanerCheckpoint(dir: string, firstDirtyOffset: bigint): void {
  writeCheckpointFile(path.join(dir, CLEANER_CHECKPOINT_FILE), CHECKPOINT_VERSION, [
    `firstDirtyOffset ${firstDirtyOffset}`,
  ]);
}

/** The checkpointed epochs, or null when the file does not exist. */
export function readLeaderEpochCheckpoint(dir: string): EpochEntry[] | null {
  const lines = readCheckpointFile(path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE), CHECKPOINT_VERSION);
  if (lines === null) return null;
  return lines.map((line) => {
    const match = /^(\d+)\s+(\d+)$/.exec(line.trim());
    if (match === null) throw new Error(`malformed leader-epoch checkpoint line in ${dir}: ${line}`);
    return { epoch: Number(match[1]), startOffset: BigInt(match[2]) };
  });
}

export function writeLeaderEpochCheckpoint(dir: string, entries: EpochEntry[]): void {
  writeCheckpointFile(
    path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE),
    CHECKPOINT_VERSION,
    entries.map((entry) => `${entry.epoch} ${entry.startOffset}`),
  );
}

/**
 * Reads both checkpoint files. A malformed one is logged and ignored; a missing epoch file next to segments
 * is rebuilt. Either makes the checkpoints untrusted, which forces recovery of every segment.
 */
export function readCheckpoints(
  dir: string,
  logger: LoggerLike,
  logEndOffset: () => bigint,
): { checkpoint: OffsetsCheckpoint | null; epochCache: LeaderEpochCache; trusted: boolean } {
  let checkpoint: OffsetsCheckpoint | null = null;
  let trusted = true;
  try {
    checkpoint = readOffsetsCheckpoint(dir);
  } catch (error) {
    trusted = false;
    logger.error({ err: error, dir }, 'unreadable offsets checkpoint; recovering every segment');
  }
  let epochCache: LeaderEpochCache;
  try {
    const entries = readLeaderEpochCheckpoint(dir);
    epochCache = new LeaderEpochCache(entries ?? [], logEndOffset);
    if (entries === null && fs.readdirSync(dir).some((name) => name.endsWith('.log'))) {
      // Segments without the epoch file (it is written at every open): rebuild it from the batches.
      trusted = false;
      logger.warn({ dir }, 'leader-epoch checkpoint missing; recovering every segment to rebuild it');
    }
  } catch (error) {
    trusted = false;
    epochCache = new LeaderEpochCache([], logEndOffset);
    logger.error({ err: error, dir }, 'unreadable leader-epoch checkpoint; rebuilding it from the batches');
  }
  // Untrusted: keep the log start offset but recover from offset 0, which also rebuilds the epochs.
  return {
    checkpoint: trusted || checkpoint === null ? checkpoint : { ...checkpoint, recoveryPoint: 0n },
    epochCache,
    trusted,
  };
}

/** Base offsets of the `<20 digits>.log` files, ascending; removes leftovers of interrupted writes. */
function listSegmentBaseOffsets(dir: string): bigint[] {
  const names = fs.readdirSync(dir);
  const logs = new Set<string>();
  for (const name of names) {
    if (name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true });
    const match = /^(\d{20})\.log$/.exec(name);
    if (match) logs.add(match[1]);
  }
  // Index files whose log is gone (a retention deletion cut short by a crash).
  for (const name of names) {
    const match = /^(\d{20})\.(index|timeindex)$/.exec(name);
    if (match && !logs.has(match[1])) fs.rmSync(path.join(dir, name), { force: true });
  }
  return [...logs].map((digits) => BigInt(digits)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface LoadedLog {
  segments: LogSegment[];
  report: RecoveryReport;
}

export function loadSegments(options: {
  dir: string;
  settings: SegmentSettings;
  checkpoint: OffsetsCheckpoint | null;
  cleanShutdown: boolean;
  epochCache: LeaderEpochCache;
  logger: LoggerLike;
  nowMs: number;
}): LoadedLog {
  const { dir, settings, checkpoint, cleanShutdown, epochCache, logger, nowMs } = options;
  const report: RecoveryReport = {
    cleanShutdown,
    segmentsRecovered: 0,
    truncatedBytes: 0,
    segmentsDeleted: 0,
    tornTail: null,
    corruptions: [],
  };
  recoverInterruptedCleaning(dir, logger);
  const segments = listSegmentBaseOffsets(dir).map((base) => LogSegment.open(dir, base, settings, nowMs));
  const recoveryPoint = cleanShutdown ? null : (checkpoint?.recoveryPoint ?? 0n);
  // The segment holding the recovery point: the last one whose base offset is <= it.
  let firstUnflushed = segments.length;
  if (recoveryPoint !== null) {
    firstUnflushed = 0;
    segments.forEach((segment, index) => {
      if (segment.baseOffset <= recoveryPoint) firstUnflushed = index;
    });
  }
  let previousNext = 0n;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if (index > 0 && segment.baseOffset !== previousNext) {
      // Segments are contiguous by construction (a roll starts the new one at the log end offset), so
      // an overlap or a hole means a damaged earlier segment: keep what precedes the break.
      const error = new CorruptSegmentError(
        segment.logPath,
        0,
        `segment base offset ${segment.baseOffset} does not continue the previous segment ending at ${previousNext}`,
      );
      report.corruptions.push(error);
      logger.error(
        { err: error, path: segment.logPath },
        'segments are not contiguous; deleting this and later segments',
      );
      for (const later of segments.splice(index)) {
        later.deleteFiles();
        report.segmentsDeleted += 1;
      }
      break;
    }
    // The active segment's indexes are checked in full now; older ones on their first search.
    const mustRecover = index >= firstUnflushed || !segment.loadIndexes(index === segments.length - 1);
    if (!mustRecover) {
      previousNext = segment.nextOffset;
      continue;
    }
    const result = segment.recover(previousNext, (epoch, baseOffset) => {
      if (epoch >= 0 && epoch >= epochCache.latestEpoch()) epochCache.assign(epoch, baseOffset);
    });
    segment.flush();
    report.segmentsRecovered += 1;
    report.truncatedBytes += result.truncatedBytes;
    previousNext = segment.nextOffset;
    if (result.problem === null) continue;
    const isLast = index === segments.length - 1;
    if (isLast && result.problem.runsPastEnd) {
      report.tornTail = { path: segment.logPath, position: result.problem.position, reason: result.problem.reason };
      logger.warn(
        {
          path: segment.logPath,
          position: result.problem.position,
          truncatedBytes: result.truncatedBytes,
          reason: result.problem.reason,
        },
        'truncated a torn write at the end of the log',
      );
    } else {
      const error = new CorruptSegmentError(segment.logPath, result.problem.position, result.problem.reason);
      report.corruptions.push(error);
      logger.error(
        {
          err: error,
          path: segment.logPath,
          position: result.problem.position,
          truncatedBytes: result.truncatedBytes,
          nextOffset: segment.nextOffset,
        },
        'corrupt record batch found during recovery; log truncated to the last valid batch',
      );
    }
    for (const later of segments.splice(index + 1)) {
      logger.error({ path: later.logPath }, 'deleting segment after a truncated segment');
      later.deleteFiles();
      report.segmentsDeleted += 1;
    }
  }
  return { segments, report };
}
