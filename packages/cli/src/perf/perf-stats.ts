/**
 * Throughput and latency accounting for the perf tools, printed in the format of Kafka's ProducerPerformance so
 * results compare line for line. Latency is per record: a record's latency is its batch's send-to-ack time.
 */

export interface PerfSummary {
  records: number;
  bytes: number;
  elapsedMs: number;
  recordsPerSec: number;
  mbPerSec: number;
  latencyMsAvg: number;
  latencyMsMax: number;
  latencyMsP50: number;
  latencyMsP95: number;
  latencyMsP99: number;
  latencyMsP999: number;
}

export class PerfStats {
  private records = 0;
  private bytes = 0;
  /** One entry per acknowledged batch: [latencyMs, recordCount]. Batches, not records, keep this small. */
  private readonly samples: [number, number][] = [];

  record(recordCount: number, byteCount: number, latencyMs: number): void {
    this.records += recordCount;
    this.bytes += byteCount;
    this.samples.push([latencyMs, recordCount]);
  }

  summary(elapsedMs: number): PerfSummary {
    const sorted = [...this.samples].sort((a, b) => a[0] - b[0]);
    const total = sorted.reduce((sum, [, count]) => sum + count, 0);
    const weighted = sorted.reduce((sum, [latency, count]) => sum + latency * count, 0);
    const percentile = (p: number) => {
      let seen = 0;
      for (const [latency, count] of sorted) {
        seen += count;
        if (seen >= total * p) return latency;
      }
      return sorted.length > 0 ? sorted[sorted.length - 1][0] : 0;
    };
    const seconds = Math.max(elapsedMs, 1) / 1000;
    return {
      records: this.records,
      bytes: this.bytes,
      elapsedMs,
      recordsPerSec: this.records / seconds,
      mbPerSec: this.bytes / seconds / (1024 * 1024),
      latencyMsAvg: total > 0 ? weighted / total : 0,
      latencyMsMax: sorted.length > 0 ? sorted[sorted.length - 1][0] : 0,
      latencyMsP50: percentile(0.5),
      latencyMsP95: percentile(0.95),
      latencyMsP99: percentile(0.99),
      latencyMsP999: percentile(0.999),
    };
  }
}

/** Kafka's ProducerPerformance final line. */
export function formatProducerLine(s: PerfSummary): string {
  return (
    `${s.records} records sent, ${s.recordsPerSec.toFixed(1)} records/sec (${s.mbPerSec.toFixed(2)} MB/sec), ` +
    `${s.latencyMsAvg.toFixed(2)} ms avg latency, ${s.latencyMsMax.toFixed(2)} ms max latency, ` +
    `${Math.round(s.latencyMsP50)} ms 50th, ${Math.round(s.latencyMsP95)} ms 95th, ` +
    `${Math.round(s.latencyMsP99)} ms 99th, ${Math.round(s.latencyMsP999)} ms 99.9th.`
  );
}
