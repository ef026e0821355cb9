// Intent: --reset-offsets arguments parse as Kafka's tool parses them (Utils.getDateTime, java.time.Duration.parse,
// exactly one scenario).
import { describe, expect, it } from 'vitest';
import { parseIsoDuration, parseKafkaDateTime, parseResetScenario } from '../src/commands/consumer-groups-reset.js';

describe('parseKafkaDateTime', () => {
  it('reads yyyy-MM-ddTHH:mm:ss.SSS as UTC unless a zone is given', () => {
    expect(parseKafkaDateTime('2024-01-02T03:04:05.678')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(parseKafkaDateTime('2024-01-02T03:04:05.678Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(parseKafkaDateTime('2024-01-02T03:04:05.678+02:00')).toBe(Date.UTC(2024, 0, 2, 1, 4, 5, 678));
    expect(parseKafkaDateTime('2024-01-02T03:04:05.678-0130')).toBe(Date.UTC(2024, 0, 2, 4, 34, 5, 678));
    expect(parseKafkaDateTime('2024-01-02T03:04:05.678+05')).toBe(Date.UTC(2024, 0, 1, 22, 4, 5, 678));
  });

  it('refuses other shapes', () => {
    for (const bad of ['2024-01-02', '2024-01-02T03:04:05', 'yesterday', '2024-01-02T03:04:05.678+2']) {
      expect(() => parseKafkaDateTime(bad)).toThrow(/Error parsing timestamp/);
    }
  });
});

describe('parseIsoDuration', () => {
  it('reads java.time.Duration text in milliseconds', () => {
    expect(parseIsoDuration('PT1H')).toBe(3_600_000);
    expect(parseIsoDuration('P1DT2H3M4.5S')).toBe(86_400_000 + 7_200_000 + 180_000 + 4_500);
    expect(parseIsoDuration('-PT5M')).toBe(-300_000);
    expect(parseIsoDuration('PT-1.5S')).toBe(-1_500);
    expect(parseIsoDuration('p2d')).toBe(172_800_000);
  });

  it('refuses text Duration.parse refuses', () => {
    for (const bad of ['P', 'PT', '1H', 'PT1X', 'P1H']) expect(() => parseIsoDuration(bad)).toThrow(/cannot be parsed/);
  });
});

describe('parseResetScenario', () => {
  it('takes exactly one scenario, with integer offsets', () => {
    expect(parseResetScenario({})).toBeNull();
    expect(parseResetScenario({ toLatest: true })).toEqual({ kind: 'to-latest' });
    expect(parseResetScenario({ shiftBy: '-3' })).toEqual({ kind: 'shift-by', shift: -3n });
    expect(parseResetScenario({ byDuration: 'PT1M' })).toEqual({ kind: 'by-duration', durationMs: 60_000 });
    expect(() => parseResetScenario({ toOffset: '1.5' })).toThrow(/--to-offset needs an integer/);
    expect(() => parseResetScenario({ toEarliest: true, toOffset: '3' })).toThrow(/only one scenario/);
  });
});
