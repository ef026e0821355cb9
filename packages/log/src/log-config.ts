/** Per-log configuration; Kafka's topic-level config names in camelCase. */
export interface LogConfig {
  /** segment.bytes: roll to a new segment when the active one would grow past this. */
  segmentBytes: number;
  /** segment.ms: roll when the active segment's first batch is older than this. */
  segmentMs: number;
  /** retention.ms: delete whole segments whose newest timestamp is older than this; -1 = unlimited. */
  retentionMs: number;
  /** retention.bytes: delete the oldest whole segments while the log is bigger than this; -1 = unlimited. */
  retentionBytes: number;
  /** index.interval.bytes: bytes of log between two sparse offset-index entries. */
  indexIntervalBytes: number;
  /** segment.index.bytes: maximum size of an offset or time index; a full index rolls the segment. */
  segmentIndexBytes: number;
  /** flush.messages: fsync after this many records (Number.MAX_SAFE_INTEGER = leave it to the OS). */
  flushMessages: number;
  /** flush.ms: fsync when the last flush is older than this (Number.MAX_SAFE_INTEGER = leave it to the OS). */
  flushMs: number;
  /** max.message.bytes: the largest record batch accepted. */
  maxMessageBytes: number;
  /** delete.retention.ms: how long a tombstone outlives compaction (by its record timestamp, see log-cleaner.ts). */
  deleteRetentionMs: number;
  /** min.compaction.lag.ms: records newer than this (by segment max timestamp) are never compacted. */
  minCompactionLagMs: number;
  /** cleanup.policy: 'delete' (retention), 'compact' (the log cleaner), or both. */
  cleanupPolicy: CleanupPolicy;
  /** min.cleanable.dirty.ratio: dirty bytes / cleanable bytes at which the cleaner rewrites the log (0..1). */
  minCleanableDirtyRatio: number;
}

/** Kafka's cleanup.policy values. */
export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';

/** The integer-valued fields, which map one to one onto Kafka topic configs holding integers. */
type IntegerLogConfigField = Exclude<keyof LogConfig, 'cleanupPolicy' | 'minCleanableDirtyRatio'>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Kafka's defaults; Long.MAX_VALUE becomes Number.MAX_SAFE_INTEGER. */
export const defaultLogConfig: LogConfig = Object.freeze({
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * DAY_MS,
  retentionMs: 7 * DAY_MS,
  retentionBytes: -1,
  indexIntervalBytes: 4096,
  segmentIndexBytes: 10 * 1024 * 1024,
  flushMessages: Number.MAX_SAFE_INTEGER,
  flushMs: Number.MAX_SAFE_INTEGER,
  maxMessageBytes: 1048588,
  deleteRetentionMs: DAY_MS,
  minCompactionLagMs: 0,
  cleanupPolicy: 'delete',
  minCleanableDirtyRatio: 0.5,
});

/** Kafka's topic config names for each integer field, for mapping topic configs onto a LogConfig. */
export const logConfigKafkaNames: Readonly<Record<IntegerLogConfigField, string>> = Object.freeze({
  segmentBytes: 'segment.bytes',
  segmentMs: 'segment.ms',
  retentionMs: 'retention.ms',
  retentionBytes: 'retention.bytes',
  indexIntervalBytes: 'index.interval.bytes',
  segmentIndexBytes: 'segment.index.bytes',
  flushMessages: 'flush.messages',
  flushMs: 'flush.ms',
  maxMessageBytes: 'max.message.bytes',
  deleteRetentionMs: 'delete.retention.ms',
  minCompactionLagMs: 'min.compaction.lag.ms',
});

/** Whether the cleaner compacts this log (cleanup.policy contains compact). */
export function isCompacted(config: LogConfig): boolean {
  return config.cleanupPolicy !== 'delete';
}

/** Whether retention deletes this log's old segments (cleanup.policy contains delete). */
export function isDeleteRetained(config: LogConfig): boolean {
  return config.cleanupPolicy !== 'compact';
}

/** Parses Kafka's cleanup.policy list ("compact", "delete", "compact,delete" in any order and spacing). */
export function parseCleanupPolicy(raw: string): CleanupPolicy {
  const parts = new Set(raw.split(',').map((part) => part.trim().toLowerCase()));
  for (const part of parts) {
    if (part !== 'compact' && part !== 'delete') throw new RangeError(`cleanup.policy=${raw}: unknown policy ${part}`);
  }
  if (parts.has('compact')) return parts.has('delete') ? 'compact,delete' : 'compact';
  if (parts.has('delete')) return 'delete';
  throw new RangeError(`cleanup.policy=${raw} names no policy`);
}

/**
 * Picks the log-related entries out of Kafka topic configs (`segment.bytes` -> segmentBytes, ...).
 * Values above Number.MAX_SAFE_INTEGER (Kafka's Long.MAX_VALUE) clamp to it; non-numeric values throw.
 */
export function logConfigFromTopicConfigs(
  configs: ReadonlyMap<string, string> | Record<string, string>,
): Partial<LogConfig> {
  const get = (name: string) =>
    configs instanceof Map ? configs.get(name) : (configs as Record<string, string>)[name];
  const result: Partial<LogConfig> = {};
  const policy = get('cleanup.policy');
  if (policy !== undefined) result.cleanupPolicy = parseCleanupPolicy(policy);
  const ratio = get('min.cleanable.dirty.ratio');
  if (ratio !== undefined) {
    const value = Number(ratio);
    if (ratio.trim() === '' || !Number.isFinite(value))
      throw new RangeError(`min.cleanable.dirty.ratio=${ratio} is not a number`);
    result.minCleanableDirtyRatio = value;
  }
  for (const [field, name] of Object.entries(logConfigKafkaNames) as [IntegerLogConfigField, string][]) {
    const raw = get(name);
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || !Number.isInteger(value)) throw new RangeError(`${name}=${raw} is not an integer`);
    result[field] = Math.min(value, Number.MAX_SAFE_INTEGER);
  }
  return result;
}

/** Merges overrides onto a base, checks every field once, and freezes the result. */
export function resolveLogConfig(base: LogConfig, overrides: Partial<LogConfig> = {}): LogConfig {
  const config: LogConfig = { ...base, ...overrides };
  // Kafka's Long.MAX_VALUE ("never") arrives as a float above 2^53; clamp it to the largest safe integer.
  for (const field of Object.keys(logConfigKafkaNames) as IntegerLogConfigField[]) {
    if (Number.isInteger(config[field]) && config[field] > Number.MAX_SAFE_INTEGER)
      config[field] = Number.MAX_SAFE_INTEGER;
  }
  const atLeast = (field: IntegerLogConfigField, minimum: number) => {
    const value = config[field];
    if (!Number.isSafeInteger(value) || value < minimum) {
      throw new RangeError(`${logConfigKafkaNames[field]} must be an integer >= ${minimum}, got ${value}`);
    }
  };
  // Minimums follow Kafka's LogConfig validators where they exist.
  atLeast('segmentBytes', 14);
  atLeast('segmentMs', 1);
  atLeast('retentionMs', -1);
  atLeast('retentionBytes', -1);
  atLeast('indexIntervalBytes', 0);
  atLeast('segmentIndexBytes', 12);
  atLeast('flushMessages', 1);
  atLeast('flushMs', 0);
  atLeast('maxMessageBytes', 0);
  atLeast('deleteRetentionMs', 0);
  atLeast('minCompactionLagMs', 0);
  parseCleanupPolicy(config.cleanupPolicy);
  const ratio = config.minCleanableDirtyRatio;
  if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1))
    throw new RangeError(`min.cleanable.dirty.ratio must be between 0 and 1, got ${ratio}`);
  // Relative positions in the offset index are int32.
  if (config.segmentBytes > 0x7fffffff) throw new RangeError('segment.bytes must fit in an int32');
  return Object.freeze(config);
}
