/**
 * LogValidator's per-record pass over a client batch that already passed the header checks (produce-validation.ts):
 * every record must parse (decompressed first, bounded), inner offsets of a compressed batch must be 0..n-1,
 * compacted topics need a key on every record, and CreateTime timestamps must lie within
 * [now - message.timestamp.before.max.ms, now + message.timestamp.after.max.ms] (Kafka 4 defaults: unbounded in the
 * past, one hour ahead). Per-record problems are reported as Kafka does: an error code plus the batch index of the
 * offending record (ProduceResponse recordErrors, v8+).
 */
import { ErrorCode, KafkaError, type RecordBatchHeader, summarizeRecords, TimestampType } from '@tributary/protocol';

/** Kafka 4.0's default of message.timestamp.after.max.ms (KIP-937): one hour. */
export const DEFAULT_TIMESTAMP_AFTER_MAX_MS = 3_600_000n;
/** Kafka's default of message.timestamp.before.max.ms: Long.MAX_VALUE, no bound. */
export const DEFAULT_TIMESTAMP_BEFORE_MAX_MS = 9_223_372_036_854_775_807n;
/**
 * Decompressed size beyond which a client batch is refused as CORRUPT_MESSAGE (a compression bomb inside an
 * otherwise legal message.max.bytes batch). Kafka streams records instead; we hold one batch's records at a time.
 */
export const PRODUCE_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

export interface RecordRules {
  readonly compacted: boolean;
  readonly logAppendTime: boolean;
  readonly timestampBeforeMaxMs: bigint;
  readonly timestampAfterMaxMs: bigint;
}

export type RecordValidation =
  | { ok: true }
  | {
      ok: false;
      errorCode: number;
      message: string;
      recordErrors: { batchIndex: number; batchIndexErrorMessage: string }[];
    };

export function recordRulesFromTopicConfigs(configs: ReadonlyMap<string, string>): RecordRules {
  return {
    compacted: (configs.get('cleanup.policy') ?? 'delete').split(',').some((p) => p.trim() === 'compact'),
    logAppendTime: configs.get('message.timestamp.type') === 'LogAppendTime',
    timestampBeforeMaxMs: bigintConfig(configs.get('message.timestamp.before.max.ms'), DEFAULT_TIMESTAMP_BEFORE_MAX_MS),
    timestampAfterMaxMs: bigintConfig(configs.get('message.timestamp.after.max.ms'), DEFAULT_TIMESTAMP_AFTER_MAX_MS),
  };
}

function bigintConfig(value: string | undefined, fallback: bigint): bigint {
  if (value === undefined || !/^\d+$/.test(value.trim())) return fallback;
  return BigInt(value.trim());
}

export async function validateRecords(
  records: Buffer,
  header: RecordBatchHeader,
  rules: RecordRules,
  nowMs: number,
  topicPartition: string,
): Promise<RecordValidation> {
  let summary: Awaited<ReturnType<typeof summarizeRecords>>;
  try {
    summary = await summarizeRecords(records, PRODUCE_MAX_DECOMPRESSED_BYTES);
  } catch (err) {
    const errorCode = err instanceof KafkaError ? err.code : ErrorCode.CORRUPT_MESSAGE;
    return { ok: false, errorCode, message: (err as Error).message, recordErrors: [] };
  }
  if (header.compression !== 0 && summary.firstMisplacedIndex >= 0) {
    return single(ErrorCode.INVALID_RECORD, summary.firstMisplacedIndex, 'Inner record has an unexpected offset delta');
  }
  if (rules.compacted && summary.firstKeylessIndex >= 0) {
    return single(
      ErrorCode.INVALID_RECORD,
      summary.firstKeylessIndex,
      `Compacted topic cannot accept message without key in topic partition ${topicPartition}.`,
    );
  }
  if (!rules.logAppendTime && header.timestampType === TimestampType.CreateTime && summary.count > 0) {
    const now = BigInt(nowMs);
    const lowest = now - rules.timestampBeforeMaxMs;
    const highest = now + rules.timestampAfterMaxMs;
    // NO_TIMESTAMP (-1) records are exempt, as in Kafka.
    const tooOld = summary.minTimestamp !== -1n && summary.minTimestamp < lowest;
    if (tooOld || summary.maxTimestamp > highest) {
      const timestamp = tooOld ? summary.minTimestamp : summary.maxTimestamp;
      const index = tooOld ? summary.minTimestampIndex : summary.maxTimestampIndex;
      return single(
        ErrorCode.INVALID_TIMESTAMP,
        index,
        `Timestamp ${timestamp} of message with offset ${index} is out of range. The timestamp should be within [${lowest}, ${highest}]`,
      );
    }
  }
  return { ok: true };
}

function single(errorCode: number, batchIndex: number, message: string): RecordValidation {
  return { ok: false, errorCode, message, recordErrors: [{ batchIndex, batchIndexErrorMessage: message }] };
}
