// Intent: log configs map from Kafka topic config names, clamp Long.MAX_VALUE, and reject invalid values once, up front.
import { describe, expect, it } from 'vitest';
import { defaultLogConfig, logConfigFromTopicConfigs, resolveLogConfig } from './log-config.js';

describe('log config', () => {
  it('maps Kafka topic config names and ignores unrelated ones', () => {
    const overrides = logConfigFromTopicConfigs(
      new Map([
        ['segment.bytes', '1048576'],
        ['retention.ms', '-1'],
        ['flush.messages', '9223372036854775807'],
        ['cleanup.policy', 'delete'],
      ]),
    );
    expect(overrides).toEqual({
      segmentBytes: 1048576,
      retentionMs: -1,
      flushMessages: Number.MAX_SAFE_INTEGER,
      cleanupPolicy: 'delete',
    });
    expect(logConfigFromTopicConfigs({ 'max.message.bytes': '2000' })).toEqual({ maxMessageBytes: 2000 });
    expect(() => logConfigFromTopicConfigs({ 'segment.ms': 'soon' })).toThrow(/segment.ms/);
  });

  it('maps the compaction configs (cleanup.policy list, dirty ratio, lags)', () => {
    expect(
      logConfigFromTopicConfigs({
        'cleanup.policy': 'delete, compact',
        'min.cleanable.dirty.ratio': '0.25',
        'delete.retention.ms': '1000',
        'min.compaction.lag.ms': '5',
      }),
    ).toEqual({
      cleanupPolicy: 'compact,delete',
      minCleanableDirtyRatio: 0.25,
      deleteRetentionMs: 1000,
      minCompactionLagMs: 5,
    });
    expect(() => logConfigFromTopicConfigs({ 'cleanup.policy': 'shred' })).toThrow(/cleanup.policy/);
    expect(() => resolveLogConfig(defaultLogConfig, { minCleanableDirtyRatio: 1.5 })).toThrow(/dirty.ratio/);
  });

  it('validates and freezes merged configs', () => {
    const config = resolveLogConfig(defaultLogConfig, { retentionBytes: 10, flushMs: 2 ** 63 });
    expect(config.retentionBytes).toBe(10);
    expect(config.flushMs).toBe(Number.MAX_SAFE_INTEGER);
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => resolveLogConfig(defaultLogConfig, { segmentBytes: 10 })).toThrow(/segment.bytes/);
    expect(() => resolveLogConfig(defaultLogConfig, { retentionMs: -2 })).toThrow(/retention.ms/);
    expect(() => resolveLogConfig(defaultLogConfig, { segmentBytes: 2 ** 31 })).toThrow(/int32/);
  });
});
