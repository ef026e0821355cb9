// The chaos checker flags each kind of anomaly in a synthetic history (loss, duplicate, reorder, gap, moved offset,
// aborted read, unstable or skipping polls, divergent replicas, a group read that differs) and none in a clean one; the fault schedule is a pure
// function of its seed.
import { createPrng } from '@tributary/raft';
import { describe, expect, it } from 'vitest';
// @ts-expect-error - plain ESM script without type declarations
import { checkHistory, parseValue } from '../../scripts/chaos/checker.mjs';
// @ts-expect-error - plain ESM script without type declarations
import { COOLDOWN_MS, planFaults, WARMUP_MS } from '../../scripts/chaos/schedule.mjs';

interface Ack {
  partition: number;
  offset: number;
  value: string;
}

/** Producer 0 sends n = 0..count-1 to partition 0, each acknowledged at offset n, and the read finds them all. */
function cleanHistory(count = 6) {
  const acks: Ack[] = Array.from({ length: count }, (_, n) => ({ partition: 0, offset: n, value: `s1-0-0-${n}` }));
  return {
    acks,
    failures: [] as { partition: number; value: string; error: string; definite: boolean }[],
    reads: { 0: acks.map(({ offset, value }) => ({ offset, value })) } as Record<
      number,
      { offset: number; value: string }[]
    >,
  };
}

const kinds = (history: object) => Object.keys(checkHistory(history).anomalies).sort();

describe('chaos checker', () => {
  it('finds nothing wrong in a clean history, and counts it', () => {
    const result = checkHistory(cleanHistory());
    expect(result.anomalies).toEqual({});
    expect(result.counts).toMatchObject({ acknowledged: 6, read: 6, failedDefinite: 0 });
  });

  it('parses values into producer and sequence', () => {
    expect(parseValue('s42-3-1-17')).toEqual({ producer: 's42-3-1', n: 17 });
    expect(parseValue('garbage')).toBeNull();
  });

  it('detects an acknowledged value that is missing from the log (lost write)', () => {
    const history = cleanHistory();
    // The log lost offset 5 (the tail): the read ends at offset 4.
    history.reads[0] = history.reads[0].slice(0, 5);
    const result = checkHistory(history);
    expect(Object.keys(result.anomalies)).toEqual(['lost']);
    expect(result.anomalies.lost.examples[0]).toMatchObject({ value: 's1-0-0-5', offset: 5 });
  });

  it('detects a value written twice (duplicate)', () => {
    const history = cleanHistory();
    history.reads[0].push({ offset: 6, value: 's1-0-0-3' });
    // The re-written copy also breaks the producer's order; both are reported.
    expect(kinds(history)).toEqual(['duplicate', 'reorder']);
  });

  it('detects values of one producer out of order in the log (reorder)', () => {
    const history = cleanHistory();
    const [a, b] = [history.reads[0][2].value, history.reads[0][3].value];
    history.reads[0][2].value = b;
    history.reads[0][3].value = a;
    // The producer was told n=2 is at offset 2; the log has it at 3.
    expect(kinds(history)).toEqual(['inconsistent-offset', 'reorder']);
  });

  it('detects acknowledgements whose offsets go backwards in send order (nonmonotonic send)', () => {
    const history = cleanHistory(2);
    history.acks = [
      { partition: 0, offset: 1, value: 's1-0-0-0' },
      { partition: 0, offset: 0, value: 's1-0-0-1' },
    ];
    history.reads[0] = [
      { offset: 0, value: 's1-0-0-1' },
      { offset: 1, value: 's1-0-0-0' },
    ];
    expect(kinds(history)).toEqual(['nonmonotonic-send', 'reorder']);
  });

  it('detects a hole in the offsets of the read (gap) and an offset read twice', () => {
    const history = cleanHistory();
    history.reads[0] = history.reads[0].map((r) => (r.offset >= 3 ? { ...r, offset: r.offset + 2 } : r));
    history.acks = history.acks.map((a) => (a.offset >= 3 ? { ...a, offset: a.offset + 2 } : a));
    expect(kinds(history)).toEqual(['gap']);
    const doubled = cleanHistory();
    doubled.reads[0][3].offset = 2;
    expect(kinds(doubled)).toContain('inconsistent-offset');
  });

  it('detects a definitely refused value that was read anyway (aborted read), but not an indeterminate one', () => {
    const history = cleanHistory();
    history.acks.pop();
    history.failures.push({ partition: 0, value: 's1-0-0-5', error: 'NOT_ENOUGH_REPLICAS', definite: true });
    expect(kinds(history)).toEqual(['aborted-read']);
    history.failures[0].definite = false;
    const result = checkHistory(history);
    expect(result.anomalies).toEqual({});
    expect(result.counts.indeterminateRead).toBe(1);
  });

  it('detects a polled record that is not in the final log (unstable read) and a poll that skips an offset', () => {
    const history = cleanHistory();
    // A consumer was given offsets 0-5 and an offset-6 record the final log does not hold (served, then truncated).
    const polls = { 0: [...history.reads[0], { offset: 6, value: 's1-0-1-0' }] };
    const result = checkHistory({ ...history, polls });
    expect(Object.keys(result.anomalies)).toEqual(['unstable-read']);
    expect(result.counts.polled).toBe(7);
    const skipping = { 0: history.reads[0].filter((r) => r.offset !== 2) };
    expect(kinds({ ...history, polls: skipping })).toEqual(['poll-skip']);
  });

  it('detects a record no producer sent (phantom)', () => {
    const history = cleanHistory();
    history.reads[0].push({ offset: 6, value: 'not-a-chaos-value' });
    expect(kinds(history)).toEqual(['phantom']);
  });

  it('detects replicas whose bytes differ and a group read that differs from the direct read', () => {
    const history = cleanHistory();
    const groupReads = { 0: history.reads[0].slice(0, 4) };
    const replicas = [{ partition: 0, identical: false, detail: 'node 1 and node 2 differ from byte 61' }];
    const result = checkHistory({ ...history, groupReads, replicas });
    expect(Object.keys(result.anomalies).sort()).toEqual(['group-read-mismatch', 'replica-divergence']);
    expect(result.anomalies['group-read-mismatch'].count).toBe(2);
  });
});

describe('chaos fault schedule', () => {
  const options = { durationMs: 120_000, faults: ['kill', 'pause', 'partition'], nodeIds: [1, 2, 3] };

  it('replays exactly from its seed and differs between seeds', () => {
    expect(planFaults({ ...options, random: createPrng(7) })).toEqual(
      planFaults({ ...options, random: createPrng(7) }),
    );
    expect(planFaults({ ...options, random: createPrng(7) })).not.toEqual(
      planFaults({ ...options, random: createPrng(8) }),
    );
  });

  it('runs one fault at a time, inside the run, after a warm-up and before a cool-down', () => {
    for (let seed = 0; seed < 50; seed++) {
      const schedule = planFaults({ ...options, random: createPrng(seed) });
      expect(schedule.length).toBeGreaterThan(5);
      let previousEndMs = WARMUP_MS;
      for (const step of schedule) {
        expect(step.startMs).toBeGreaterThan(previousEndMs);
        expect(options.nodeIds).toContain(step.nodeId);
        expect(options.faults).toContain(step.kind);
        previousEndMs = step.startMs + step.faultMs;
      }
      expect(previousEndMs).toBeLessThanOrEqual(options.durationMs - COOLDOWN_MS);
    }
  });

  it('refuses an unknown fault', () => {
    expect(() => planFaults({ ...options, faults: ['slow'], random: createPrng(1) })).toThrow(/unknown fault slow/);
  });
});
