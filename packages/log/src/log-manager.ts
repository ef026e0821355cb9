import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanLog } from './log-cleaner.js';
import { type LogConfig, resolveLogConfig } from './log-config.js';
import { type LoggerLike, silentLogger } from './logger.js';
import { DELETE_DIR_SUFFIX, parsePartitionDirName, partitionDirName } from './partition-dir-name.js';
import { PartitionLog } from './partition-log.js';

// Owns `log.dirs`: discovers and recovers partition directories at start, places new partitions on
// the directory holding the fewest, and deletes them Kafka-style (rename to `<dir>.<uuid>-delete`,
// then remove), so a crash mid-deletion never resurrects a half-deleted log.

/** Directories in a log dir that are not partition logs owned here (the KRaft metadata log). */
const RESERVED_DIR_NAMES = new Set(['__cluster_metadata-0']);

export interface LogManagerOptions {
  logDirs: string[];
  defaultConfig: LogConfig;
  logger?: LoggerLike;
  clock?: () => number;
  /** Bound on the log cleaner's key -> offset map per pass (Kafka's log.cleaner.dedupe.buffer.size, 128 MiB). */
  cleanerOffsetMapBytes?: number;
}

const DEFAULT_CLEANER_OFFSET_MAP_BYTES = 128 * 1024 * 1024;

export class LogManager {
  readonly logDirs: readonly string[];
  private readonly defaultConfig: LogConfig;
  private readonly logger: LoggerLike;
  private readonly clock: () => number;
  private readonly logs = new Map<string, PartitionLog>();
  private readonly creating = new Map<string, Promise<PartitionLog>>();
  private closed = false;
  private readonly cleanerOffsetMapBytes: number;
  /** The cleaner pass in progress; passes never overlap and close() waits for it. */
  private cleaning: Promise<number> | null = null;

  private constructor(options: LogManagerOptions) {
    if (options.logDirs.length === 0) throw new RangeError('log.dirs must name at least one directory');
    this.logDirs = Object.freeze(options.logDirs.map((dir) => path.resolve(dir)));
    this.defaultConfig = resolveLogConfig(options.defaultConfig);
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? Date.now;
    this.cleanerOffsetMapBytes = options.cleanerOffsetMapBytes ?? DEFAULT_CLEANER_OFFSET_MAP_BYTES;
  }

  /** Opens every partition directory found in `logDirs`, running recovery on each. */
  static async open(options: LogManagerOptions): Promise<LogManager> {
    const manager = new LogManager(options);
    await manager.loadLogs();
    return manager;
  }

  get(topic: string, partition: number): PartitionLog | undefined {
    return this.logs.get(partitionDirName(topic, partition));
  }

  /** The existing log, with `config` applied if given, or a new one on the least loaded log dir. */
  async getOrCreate(topic: string, partition: number, config?: Partial<LogConfig>): Promise<PartitionLog> {
    this.ensureOpen();
    const key = partitionDirName(topic, partition);
    const existing = this.logs.get(key);
    if (existing !== undefined) {
      if (config !== undefined) existing.updateConfig(resolveLogConfig(this.defaultConfig, config));
      return existing;
    }
    const pending = this.creating.get(key);
    if (pending !== undefined) return pending;
    // Kafka's legal topic names; anything else could escape the log dir ('..', '/').
    if (
      !/^[a-zA-Z0-9._-]{1,249}$/.test(topic) ||
      topic === '.' ||
      topic === '..' ||
      !Number.isInteger(partition) ||
      partition < 0
    ) {
      throw new RangeError(`invalid topic partition ${topic}-${partition}`);
    }
    const creation = PartitionLog.open({
      dir: path.join(this.leastLoadedLogDir(), key),
      topic,
      partition,
      config: resolveLogConfig(this.defaultConfig, config),
      logger: this.logger,
      clock: this.clock,
    });
    this.creating.set(key, creation);
    try {
      const log = await creation;
      this.logs.set(key, log);
      return log;
    } finally {
      this.creating.delete(key);
    }
  }

  all(): PartitionLog[] {
    return [...this.logs.values()];
  }

  /** Renames the partition directory to `<topic>-<p>.<uuid>-delete`, then removes it. */
  async delete(topic: string, partition: number): Promise<void> {
    const key = partitionDirName(topic, partition);
    const log = this.logs.get(key);
    if (log === undefined) return;
    this.logs.delete(key);
    await log.close();
    const doomed = `${log.dir}.${randomUUID().replaceAll('-', '')}${DELETE_DIR_SUFFIX}`;
    fs.renameSync(log.dir, doomed);
    fs.rmSync(doomed, { recursive: true, force: true });
    this.logger.info({ topic, partition, dir: log.dir }, 'deleted partition log');
  }

  /**
   * Periodic housekeeping for the node's scheduler: time rolls, flush.ms, retention. One failing log
   * is logged and does not stop the others. Returns the number of segments deleted.
   */
  runRetention(nowMs: number = this.clock()): number {
    let deleted = 0;
    for (const log of this.logs.values()) {
      if (log.isClosed) continue;
      try {
        log.maybeRoll(nowMs);
        log.maybeFlush(nowMs);
        deleted += log.applyRetention(nowMs);
      } catch (error) {
        this.logger.error({ err: error, dir: log.dir }, 'log housekeeping failed');
      }
    }
    return deleted;
  }

  /**
   * Log compaction for the node's scheduler (every log.cleaner.backoff.ms): one pass over each log whose
   * cleanup.policy includes compact and whose dirty ratio reaches min.cleanable.dirty.ratio, one log and one
   * segment at a time, yielding to the event loop as it reads. A call while a pass runs joins that pass. One
   * failing log is logged and does not stop the others. Returns the number of segments rewritten.
   */
  runCleaner(nowMs: number = this.clock()): Promise<number> {
    if (this.cleaning === null) {
      this.cleaning = this.cleanAll(nowMs).finally(() => {
        this.cleaning = null;
      });
    }
    return this.cleaning;
  }

  private async cleanAll(nowMs: number): Promise<number> {
    let rewritten = 0;
    for (const log of [...this.logs.values()]) {
      if (log.isClosed || this.closed) continue;
      try {
        const result = await cleanLog(log, { nowMs, offsetMapBytes: this.cleanerOffsetMapBytes, logger: this.logger });
        if (result === null) continue;
        rewritten += result.segmentsRewritten;
        this.logger.info({ dir: log.dir, ...result }, 'log cleaner pass');
      } catch (error) {
        this.logger.error({ err: error, dir: log.dir }, 'log cleaning failed');
      }
    }
    return rewritten;
  }

  /** Writes every log's offsets checkpoint (high watermark, log start, recovery point) without fsyncing data. */
  checkpointHighWatermarks(): void {
    for (const log of this.logs.values()) if (!log.isClosed) log.checkpointHighWatermark();
  }

  /** fsyncs every log; all are attempted, and failures are logged and rethrown together. */
  async flushAll(): Promise<void> {
    await this.forEachLog([...this.logs.values()], (log) => log.flush(), 'flush');
  }

  /** Closes every log cleanly (each writes its clean-shutdown marker); all are attempted. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.creating.values());
    const logs = [...this.logs.values()];
    this.logs.clear();
    // Closing a log stops a cleaner pass on it at its next step (the swap is refused, its .cleaned files removed),
    // so shutdown does not wait for a long pass; the pass is awaited afterwards so nothing outlives close().
    const cleaning = this.cleaning;
    try {
      await this.forEachLog(logs, (log) => log.close(), 'close');
    } finally {
      if (cleaning !== null) await cleaning.catch(() => 0);
    }
  }

  private async forEachLog(
    logs: PartitionLog[],
    action: (log: PartitionLog) => Promise<void>,
    name: string,
  ): Promise<void> {
    const results = await Promise.allSettled(logs.map(action));
    const errors: unknown[] = [];
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') return;
      errors.push(result.reason);
      this.logger.error({ err: result.reason, dir: logs[index].dir }, `log ${name} failed`);
    });
    if (errors.length > 0) throw new AggregateError(errors, `${errors.length} log(s) failed to ${name}`);
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('log manager is closed');
  }

  private leastLoadedLogDir(): string {
    const counts = new Map(this.logDirs.map((dir) => [dir, 0]));
    for (const log of this.logs.values()) {
      const parent = path.dirname(log.dir);
      counts.set(parent, (counts.get(parent) ?? 0) + 1);
    }
    return this.logDirs.reduce((best, dir) => (counts.get(dir)! < counts.get(best)! ? dir : best));
  }

  private async loadLogs(): Promise<void> {
    for (const logDir of this.logDirs) {
      fs.mkdirSync(logDir, { recursive: true });
      for (const entry of fs.readdirSync(logDir, { withFileTypes: true })) {
        if (!entry.isDirectory() || RESERVED_DIR_NAMES.has(entry.name)) continue;
        const dir = path.join(logDir, entry.name);
        if (entry.name.endsWith(DELETE_DIR_SUFFIX)) {
          // A deletion interrupted by a crash: finish it.
          fs.rmSync(dir, { recursive: true, force: true });
          continue;
        }
        const parsed = parsePartitionDirName(entry.name);
        if (parsed === null) {
          this.logger.info({ dir }, 'ignoring directory that is not <topic>-<partition>');
          continue;
        }
        const key = partitionDirName(parsed.topic, parsed.partition);
        const duplicate = this.logs.get(key);
        if (duplicate !== undefined) {
          throw new Error(`partition ${key} exists in two log dirs: ${duplicate.dir} and ${dir}`);
        }
        const log = await PartitionLog.open({
          dir,
          ...parsed,
          config: this.defaultConfig,
          logger: this.logger,
          clock: this.clock,
        });
        this.logs.set(key, log);
      }
    }
    this.logger.info({ logDirs: this.logDirs, partitions: this.logs.size }, 'loaded log dirs');
  }
}
