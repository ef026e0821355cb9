/**
 * The single-node MetadataLog: length+CRC framed batches (log-frame.ts) in segment files
 * `<dataDir>/__cluster_metadata-0/<baseOffset>.log`, each append fsynced (fdatasync) before it resolves, so an
 * acknowledged command survives kill -9 and power loss. Snapshots are `<lastOffset>.snapshot`, written to a temp
 * file, fsynced and renamed; each snapshot rolls to a new segment and deletes what it covers.
 *
 * Recovery: frames are read in order; an invalid frame in the LAST segment is a torn tail from a crash mid-append
 * (never acknowledged) and is truncated away. An invalid frame anywhere else, or a gap in offsets, means the disk
 * lost acknowledged data, and open fails rather than serve a wrong image.
 */
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetadataRecord } from '@tributary/metadata';
import type { Logger } from 'pino';
import { CorruptMetadataLogError } from './errors.js';
import { decodeFrame, encodeFrame } from './log-frame.js';
import type { LoadedBatch, LoadedSnapshot, MetadataLog } from './metadata-log.js';

export const METADATA_LOG_DIR_NAME = '__cluster_metadata-0';

const SEGMENT_SUFFIX = '.log';
const SNAPSHOT_SUFFIX = '.snapshot';

function fileName(offset: bigint, suffix: string): string {
  return offset.toString().padStart(20, '0') + suffix;
}

function offsetsOf(names: string[], suffix: string): bigint[] {
  return names
    .filter((name) => /^\d{20}/.test(name) && name.endsWith(suffix) && name.length === 20 + suffix.length)
    .map((name) => BigInt(name.slice(0, 20)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class FileMetadataLog implements MetadataLog {
  private active: FileHandle | null = null;
  private activeBaseOffset = 0n;
  private nextOffset = 0n;
  private loaded = false;
  /** Set when a write failed midway: the file may hold a torn frame, so only a reopen (which truncates it) is safe. */
  private failure: Error | null = null;

  private constructor(
    readonly directory: string,
    private readonly logger: Logger,
  ) {}

  static async open(dataDir: string, logger: Logger): Promise<FileMetadataLog> {
    const directory = join(dataDir, METADATA_LOG_DIR_NAME);
    await mkdir(directory, { recursive: true });
    return new FileMetadataLog(directory, logger);
  }

  /** Offset the next appended record will get. */
  get endOffset(): bigint {
    return this.nextOffset;
  }

  async load(): Promise<{ snapshot: LoadedSnapshot | null; batches: LoadedBatch[] }> {
    if (this.loaded) throw new Error('metadata log already loaded');
    const names = await readdir(this.directory);
    const snapshot = await this.loadSnapshot(names);
    const segments = offsetsOf(names, SEGMENT_SUFFIX);
    this.nextOffset = snapshot === null ? 0n : snapshot.lastOffset + 1n;
    const batches: LoadedBatch[] = [];
    for (const [index, base] of segments.entries()) {
      await this.loadSegment(base, index === segments.length - 1, batches);
    }
    const activeBase = segments.at(-1) ?? this.nextOffset;
    await this.openActive(activeBase);
    this.loaded = true;
    this.logger.info(
      {
        snapshotOffset: snapshot?.lastOffset.toString() ?? null,
        batches: batches.length,
        endOffset: this.nextOffset.toString(),
      },
      'metadata log loaded',
    );
    return { snapshot, batches };
  }

  private async loadSnapshot(names: string[]): Promise<LoadedSnapshot | null> {
    for (const lastOffset of offsetsOf(names, SNAPSHOT_SUFFIX).reverse()) {
      const bytes = await readFile(join(this.directory, fileName(lastOffset, SNAPSHOT_SUFFIX)));
      const frame = decodeFrame(bytes, 0);
      if (frame !== null && frame.offset === lastOffset && frame.size === bytes.length) {
        return { lastOffset, records: frame.records };
      }
      this.logger.warn({ lastOffset: lastOffset.toString() }, 'ignoring invalid metadata snapshot');
    }
    return null;
  }

  private async loadSegment(base: bigint, isLast: boolean, batches: LoadedBatch[]): Promise<void> {
    const path = join(this.directory, fileName(base, SEGMENT_SUFFIX));
    const bytes = await readFile(path);
    let position = 0;
    while (position < bytes.length) {
      const frame = decodeFrame(bytes, position);
      if (frame === null) {
        if (!isLast) throw new CorruptMetadataLogError(`invalid frame at byte ${position} of ${path}`);
        this.logger.warn(
          { path, position, droppedBytes: bytes.length - position },
          'truncating torn metadata log tail',
        );
        const handle = await open(path, 'r+');
        try {
          await handle.truncate(position);
          await handle.sync();
        } finally {
          await handle.close();
        }
        return;
      }
      position += frame.size;
      const lastOffset = frame.offset + BigInt(frame.records.length) - 1n;
      if (lastOffset < this.nextOffset) continue; // covered by the snapshot
      if (frame.offset !== this.nextOffset) {
        throw new CorruptMetadataLogError(`expected offset ${this.nextOffset} in ${path}, found ${frame.offset}`);
      }
      batches.push({ baseOffset: frame.offset, records: frame.records });
      this.nextOffset = lastOffset + 1n;
    }
  }

  private async openActive(base: bigint): Promise<void> {
    this.active = await open(join(this.directory, fileName(base, SEGMENT_SUFFIX)), 'a');
    this.activeBaseOffset = base;
    await fsyncDirectory(this.directory);
  }

  private usable(): FileHandle {
    if (this.failure !== null)
      throw new Error('metadata log failed earlier; reopen to recover', { cause: this.failure });
    if (!this.loaded || this.active === null) throw new Error('metadata log is not loaded or is closed');
    return this.active;
  }

  async append(records: readonly MetadataRecord[]): Promise<bigint> {
    const handle = this.usable();
    if (records.length === 0) throw new Error('empty metadata batch');
    const baseOffset = this.nextOffset;
    const frame = encodeFrame(baseOffset, records);
    try {
      await handle.write(frame);
      await handle.datasync();
    } catch (error) {
      this.failure = error as Error;
      throw error;
    }
    this.nextOffset = baseOffset + BigInt(records.length);
    return baseOffset;
  }

  async writeSnapshot(snapshot: LoadedSnapshot): Promise<void> {
    const handle = this.usable();
    if (snapshot.lastOffset !== this.nextOffset - 1n) {
      throw new Error(`snapshot at ${snapshot.lastOffset} is not at the log end ${this.nextOffset - 1n}`);
    }
    const finalPath = join(this.directory, fileName(snapshot.lastOffset, SNAPSHOT_SUFFIX));
    const temporaryPath = `${finalPath}.tmp`;
    const file = await open(temporaryPath, 'w');
    try {
      await file.write(encodeFrame(snapshot.lastOffset, snapshot.records));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporaryPath, finalPath);
    await fsyncDirectory(this.directory);
    // Roll: later batches go to a new segment, so everything older is covered by the snapshot and can go.
    await handle.close();
    this.active = null;
    await this.openActive(this.nextOffset);
    const names = await readdir(this.directory);
    for (const base of offsetsOf(names, SEGMENT_SUFFIX)) {
      if (base < this.activeBaseOffset) await rm(join(this.directory, fileName(base, SEGMENT_SUFFIX)));
    }
    for (const lastOffset of offsetsOf(names, SNAPSHOT_SUFFIX)) {
      if (lastOffset < snapshot.lastOffset) await rm(join(this.directory, fileName(lastOffset, SNAPSHOT_SUFFIX)));
    }
  }

  async close(): Promise<void> {
    const handle = this.active;
    this.active = null;
    if (handle !== null) await handle.close();
  }
}
