/**
 * Where `consumer-groups --reset-offsets` moves each partition (Kafka's GroupOffsetsResetter): earliest, latest,
 * current, an absolute offset or a shift (both clamped into [log start, log end] as Kafka does), or the first offset
 * at a datetime or at now minus a duration (an empty partition falls back to its log end, with Kafka's warning).
 */
import {
  type CommittedOffset,
  type ConsumerGroupsClient,
  ConsumerGroupsUsageError,
  type TopicPartition,
  tpKey,
} from './consumer-groups-client.js';

export type ResetScenario =
  | { kind: 'to-earliest' }
  | { kind: 'to-latest' }
  | { kind: 'to-current' }
  | { kind: 'to-offset'; offset: bigint }
  | { kind: 'shift-by'; shift: bigint }
  | { kind: 'to-datetime'; timestampMs: number }
  | { kind: 'by-duration'; durationMs: number }
  /** --from-file: the offsets the plan names for the group (clamped like --to-offset). */
  | { kind: 'from-file'; offsets: ReadonlyMap<string, bigint> };

const EARLIEST = -2n;
/** ListOffsets' UNKNOWN_OFFSET: no record at or after the timestamp. */
const UNKNOWN_OFFSET = -1n;

/**
 * Kafka's Utils.getDateTime: `yyyy-MM-ddTHH:mm:ss.SSS` with an optional zone (`Z`, `+hh:mm`, `+hhmm`, `+hh`);
 * without one the time is UTC. Returns epoch milliseconds.
 */
export function parseKafkaDateTime(text: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text);
  if (match === null)
    throw new ConsumerGroupsUsageError(`Error parsing timestamp '${text}': expected yyyy-MM-ddTHH:mm:ss.SSS`);
  let zone = match[2] ?? 'Z';
  if (zone !== 'Z')
    zone = zone.length === 3 ? `${zone}:00` : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${match[1]}${zone}`);
  if (Number.isNaN(ms)) throw new ConsumerGroupsUsageError(`Error parsing timestamp '${text}'`);
  return ms;
}

/** java.time.Duration.parse (`PnDTnHnMn.nS`, each part optional and signed) in milliseconds. */
export function parseIsoDuration(text: string): number {
  const match =
    /^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/i.exec(text);
  if (match === null || text.toUpperCase().endsWith('T') || /^[-+]?P$/i.test(text)) {
    throw new ConsumerGroupsUsageError(`Text cannot be parsed to a Duration: ${text}`);
  }
  const [, sign, days, hours, minutes, seconds, fraction] = match;
  const secondsMs = Number(seconds ?? 0) * 1000;
  const fractionMs = Number((fraction ?? '').padEnd(3, '0').slice(0, 3)) * (seconds?.startsWith('-') ? -1 : 1);
  const ms =
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    secondsMs +
    fractionMs;
  return sign === '-' ? -ms : ms;
}

/** The new offset of every partition for `scenario`; `warn` gets Kafka's stdout warnings. */
export async function resetTargets(
  client: ConsumerGroupsClient,
  scenario: ResetScenario,
  partitions: readonly TopicPartition[],
  committed: ReadonlyMap<string, CommittedOffset>,
  warn: (text: string) => void,
  nowMs: number = Date.now(),
): Promise<(TopicPartition & { offset: bigint })[]> {
  const earliest = await client.listOffsets(partitions, EARLIEST);
  const latest = await client.logEndOffsets(partitions);
  const timestampMs =
    scenario.kind === 'to-datetime'
      ? scenario.timestampMs
      : scenario.kind === 'by-duration'
        ? nowMs - scenario.durationMs
        : null;
  const byTime =
    timestampMs === null ? new Map<string, bigint>() : await client.listOffsets(partitions, BigInt(timestampMs));
  return partitions.map((tp) => {
    const key = tpKey(tp);
    const start = earliest.get(key);
    const end = latest.get(key);
    if (start === undefined)
      throw new ConsumerGroupsUsageError(
        `Error getting starting offset of topic partition: ${tp.topic}-${tp.partition}`,
      );
    if (end === undefined)
      throw new ConsumerGroupsUsageError(`Error getting ending offset of topic partition: ${tp.topic}-${tp.partition}`);
    let offset: bigint;
    switch (scenario.kind) {
      case 'to-earliest':
        return { ...tp, offset: start };
      case 'to-latest':
        return { ...tp, offset: end };
      case 'to-current':
        return { ...tp, offset: committed.get(key)?.offset ?? end };
      case 'to-datetime':
      case 'by-duration': {
        const found = byTime.get(key);
        if (found === undefined) {
          throw new ConsumerGroupsUsageError(
            `Error getting offset by timestamp of topic partition: ${tp.topic}-${tp.partition}`,
          );
        }
        if (found !== UNKNOWN_OFFSET) return { ...tp, offset: found };
        warn(
          `\nWarn: Partition ${tp.partition} from topic ${tp.topic} is empty. Falling back to latest known offset.\n`,
        );
        return { ...tp, offset: end };
      }
      case 'to-offset':
        offset = scenario.offset;
        break;
      case 'from-file':
        offset = scenario.offsets.get(key) ?? end;
        break;
      case 'shift-by': {
        const current = committed.get(key);
        if (current === undefined) {
          throw new ConsumerGroupsUsageError(
            `Cannot shift offset for partition ${tp.topic}-${tp.partition} since there is no current committed offset`,
          );
        }
        offset = current.offset + scenario.shift;
        break;
      }
    }
    return { ...tp, offset: offset > end ? end : offset < start ? start : offset };
  });
}

/** The reset scenario options as given on the command line (absent = undefined or false). */
export interface ResetScenarioArgs {
  toEarliest?: boolean;
  toLatest?: boolean;
  toCurrent?: boolean;
  toOffset?: string;
  shiftBy?: string;
  toDatetime?: string;
  byDuration?: string;
}

/** The one scenario the arguments name, or null for none; more than one, or a malformed value, is a usage error. */
export function parseResetScenario(args: ResetScenarioArgs): ResetScenario | null {
  const integer = (name: string, value: string): bigint => {
    if (!/^-?\d+$/.test(value)) throw new ConsumerGroupsUsageError(`--${name} needs an integer, got '${value}'`);
    return BigInt(value);
  };
  const given: ResetScenario[] = [];
  if (args.toEarliest) given.push({ kind: 'to-earliest' });
  if (args.toLatest) given.push({ kind: 'to-latest' });
  if (args.toCurrent) given.push({ kind: 'to-current' });
  if (args.toOffset !== undefined) given.push({ kind: 'to-offset', offset: integer('to-offset', args.toOffset) });
  if (args.shiftBy !== undefined) given.push({ kind: 'shift-by', shift: integer('shift-by', args.shiftBy) });
  if (args.toDatetime !== undefined)
    given.push({ kind: 'to-datetime', timestampMs: parseKafkaDateTime(args.toDatetime) });
  if (args.byDuration !== undefined) given.push({ kind: 'by-duration', durationMs: parseIsoDuration(args.byDuration) });
  if (given.length > 1) {
    throw new ConsumerGroupsUsageError(
      `Option [reset-offsets] takes only one scenario, got ${given.map((s) => `[${s.kind}]`).join(', ')}`,
    );
  }
  return given[0] ?? null;
}
