/**
 * The topic-level configs Tributary knows, with Kafka's defaults and value checks (Kafka's LogConfig). Unknown names
 * and bad values are INVALID_CONFIG, as in Kafka's ControllerConfigurationValidator.
 */
type Check =
  | { kind: 'long'; min: bigint }
  | { kind: 'int'; min: number }
  | { kind: 'boolean' }
  | { kind: 'ratio' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'enumList'; values: readonly string[] };

interface TopicConfigDefinition {
  defaultValue: string;
  check: Check;
}

const LONG_MAX = '9223372036854775807';
const long = (min: bigint): Check => ({ kind: 'long', min });
const int = (min: number): Check => ({ kind: 'int', min });

export const TOPIC_CONFIGS: ReadonlyMap<string, TopicConfigDefinition> = new Map<string, TopicConfigDefinition>([
  ['cleanup.policy', { defaultValue: 'delete', check: { kind: 'enumList', values: ['delete', 'compact'] } }],
  [
    'compression.type',
    {
      defaultValue: 'producer',
      check: { kind: 'enum', values: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] },
    },
  ],
  ['delete.retention.ms', { defaultValue: '86400000', check: long(0n) }],
  ['file.delete.delay.ms', { defaultValue: '60000', check: long(0n) }],
  ['flush.messages', { defaultValue: LONG_MAX, check: long(1n) }],
  ['flush.ms', { defaultValue: LONG_MAX, check: long(0n) }],
  ['index.interval.bytes', { defaultValue: '4096', check: int(0) }],
  ['max.compaction.lag.ms', { defaultValue: LONG_MAX, check: long(1n) }],
  ['max.message.bytes', { defaultValue: '1048588', check: int(0) }],
  ['message.timestamp.after.max.ms', { defaultValue: LONG_MAX, check: long(0n) }],
  ['message.timestamp.before.max.ms', { defaultValue: LONG_MAX, check: long(0n) }],
  [
    'message.timestamp.type',
    { defaultValue: 'CreateTime', check: { kind: 'enum', values: ['CreateTime', 'LogAppendTime'] } },
  ],
  ['min.cleanable.dirty.ratio', { defaultValue: '0.5', check: { kind: 'ratio' } }],
  ['min.compaction.lag.ms', { defaultValue: '0', check: long(0n) }],
  ['min.insync.replicas', { defaultValue: '1', check: int(1) }],
  ['preallocate', { defaultValue: 'false', check: { kind: 'boolean' } }],
  ['retention.bytes', { defaultValue: '-1', check: long(-1n) }],
  ['retention.ms', { defaultValue: '604800000', check: long(-1n) }],
  ['segment.bytes', { defaultValue: '1073741824', check: int(14) }],
  ['segment.index.bytes', { defaultValue: '10485760', check: int(4) }],
  ['segment.jitter.ms', { defaultValue: '0', check: long(0n) }],
  ['segment.ms', { defaultValue: '604800000', check: long(1n) }],
  ['unclean.leader.election.enable', { defaultValue: 'false', check: { kind: 'boolean' } }],
]);

const INTEGER = /^-?\d+$/;

function checkValue(check: Check, value: string): boolean {
  switch (check.kind) {
    case 'long':
      return INTEGER.test(value) && BigInt(value) >= check.min && BigInt(value) <= BigInt(LONG_MAX);
    case 'int':
      return INTEGER.test(value) && Number(value) >= check.min && Number(value) <= 0x7fffffff;
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'ratio': {
      const ratio = Number(value);
      return value.trim() !== '' && Number.isFinite(ratio) && ratio >= 0 && ratio <= 1;
    }
    case 'enum':
      return check.values.includes(value);
    case 'enumList': {
      const items = value.split(',').map((item) => item.trim());
      return items.length > 0 && items.every((item) => check.values.includes(item));
    }
  }
}

/** null when `name=value` is a valid topic config; otherwise the INVALID_CONFIG message. */
export function validateTopicConfig(name: string, value: string | null): string | null {
  const definition = TOPIC_CONFIGS.get(name);
  if (definition === undefined) return `Unknown topic config name: ${name}`;
  if (value === null) return `Null value not supported for topic configs: ${name}`;
  if (!checkValue(definition.check, value)) return `Invalid value ${value} for configuration ${name}`;
  return null;
}

/** True for list-valued configs, the only ones APPEND and SUBTRACT apply to. */
export function isListTopicConfig(name: string): boolean {
  return TOPIC_CONFIGS.get(name)?.check.kind === 'enumList';
}
