import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncDirectory } from './checkpoint-file.js';
import { segmentFileName } from './log-segment.js';
import type { LoggerLike } from './logger.js';

// Crash-safe replacement of a segment by its cleaned copy, as Kafka's LogCleaner does it:
//   1. the cleaner writes `<base>.log.cleaned` (+ `.index.cleaned`, `.timeindex.cleaned`) and fsyncs them;
//   2. commit: rename every `.cleaned` to `.swap`, the indexes first and the log last, then fsync the directory.
//      `<base>.log.swap` existing is the commit point: from then on the cleaned segment wins;
//   3. complete: rename the `.swap` files over the old ones (indexes first, log last), fsync the directory.
// At open (`recoverInterruptedCleaning`), `.cleaned` files are deleted (cleaning never committed), a
// `<base>.log.swap` completes step 3 (an index whose `.swap` is missing is deleted, to be rebuilt from the log,
// since it may be the old segment's), and index `.swap` files without a `<base>.log.swap` are deleted. A crash
// at any point thus leaves either the old or the new segment, whole.

export const CLEANED_SUFFIX = '.cleaned';
export const SWAP_SUFFIX = '.swap';
/** The log file goes last: its rename is what commits (step 2) and completes (step 3) a swap. */
const SEGMENT_FILE_TYPES = ['.index', '.timeindex', '.log'] as const;

function segmentPath(dir: string, baseOffset: bigint, type: string, suffix = ''): string {
  return path.join(dir, `${segmentFileName(baseOffset, type)}${suffix}`);
}

/** Step 2: `.cleaned` -> `.swap` for the segment at `baseOffset`. */
export function commitCleanedSegment(dir: string, baseOffset: bigint): void {
  for (const type of SEGMENT_FILE_TYPES) {
    fs.renameSync(segmentPath(dir, baseOffset, type, CLEANED_SUFFIX), segmentPath(dir, baseOffset, type, SWAP_SUFFIX));
  }
  fsyncDirectory(dir);
}

/** Step 3: the `.swap` files replace the segment's files. */
export function completeSwap(dir: string, baseOffset: bigint): void {
  for (const type of SEGMENT_FILE_TYPES) {
    const swap = segmentPath(dir, baseOffset, type, SWAP_SUFFIX);
    const final = segmentPath(dir, baseOffset, type);
    if (fs.existsSync(swap)) fs.renameSync(swap, final);
    else fs.rmSync(final, { force: true });
  }
  fsyncDirectory(dir);
}

/** Removes the `.cleaned` files of an abandoned cleaning of the segment at `baseOffset`. */
export function deleteCleanedFiles(dir: string, baseOffset: bigint): void {
  for (const type of SEGMENT_FILE_TYPES) fs.rmSync(segmentPath(dir, baseOffset, type, CLEANED_SUFFIX), { force: true });
}

/** At open, before segments are listed: finishes committed swaps and drops uncommitted cleanings. Returns the swaps completed. */
export function recoverInterruptedCleaning(dir: string, logger: LoggerLike): number {
  const names = fs.readdirSync(dir);
  let completed = 0;
  let changed = false;
  for (const name of names) {
    if (name.endsWith(CLEANED_SUFFIX)) {
      fs.rmSync(path.join(dir, name), { force: true });
      changed = true;
    }
  }
  const committed = new Set<string>();
  for (const name of names) {
    const match = /^(\d{20})\.log\.swap$/.exec(name);
    if (match === null) continue;
    committed.add(match[1]);
    completeSwap(dir, BigInt(match[1]));
    completed += 1;
    logger.warn({ dir, baseOffset: match[1] }, 'completed a segment swap interrupted by a crash');
  }
  for (const name of names) {
    const match = /^(\d{20})\.(index|timeindex)\.swap$/.exec(name);
    if (match !== null && !committed.has(match[1])) {
      fs.rmSync(path.join(dir, name), { force: true });
      changed = true;
    }
  }
  if (changed) fsyncDirectory(dir);
  return completed;
}
