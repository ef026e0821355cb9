// Intent: perf statistics weight latency by records and print Kafka's producer-perf line.
import { describe, expect, it } from 'vitest';
import { formatProducerLine, PerfStats } from '../src/perf/perf-stats.js';

describe('PerfStats', () => {
  it('computes throughput, record-weighted latency and percentiles', () => {
    const stats = new PerfStats();
    stats.record(90, 9000, 1);
    stats.record(9, 900, 10);
    stats.record(1, 100, 100);
    const summary = stats.summary(2000);
    expect(summary.records).toBe(100);
    expect(summary.recordsPerSec).toBe(50);
    expect(summary.latencyMsAvg).toBeCloseTo((90 * 1 + 9 * 10 + 100) / 100);
    expect(summary.latencyMsMax).toBe(100);
    expect(summary.latencyMsP50).toBe(1);
    expect(summary.latencyMsP95).toBe(10);
    expect(summary.latencyMsP999).toBe(100);
    expect(formatProducerLine(summary)).toBe(
      '100 records sent, 50.0 records/sec (0.00 MB/sec), 2.80 ms avg latency, 100.00 ms max latency, ' +
        '1 ms 50th, 10 ms 95th, 10 ms 99th, 100 ms 99.9th.',
    );
  });

  it('reports zeros, not NaN, when nothing was sent', () => {
    const summary = new PerfStats().summary(0);
    expect(summary.latencyMsAvg).toBe(0);
    expect(summary.recordsPerSec).toBe(0);
  });
});
