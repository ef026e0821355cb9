// Intent: the producer-state manager applies Kafka's idempotence rules (duplicates of the last 5 batches,
// sequence gaps, stale and bumped epochs, unknown producers, sequence wrap-around) exactly as ProducerAppendInfo.
import { ErrorCode } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { lastSequence, ProducerStateManager } from './producer-state.js';

const PID = 1000n;

function batch(epoch: number, baseSequence: number, count: number) {
  return { producerId: PID, producerEpoch: epoch, baseSequence, lastOffsetDelta: count - 1 };
}

/** Appends batches in order, each assigned the next offsets, and returns the manager. */
function withAppended(...batches: ReturnType<typeof batch>[]): ProducerStateManager {
  const m = new ProducerStateManager();
  let offset = 0n;
  for (const b of batches) {
    expect(m.check(b).kind).toBe('append');
    m.update(b, offset, 0n, 0);
    offset += BigInt(b.lastOffsetDelta + 1);
  }
  return m;
}

describe('ProducerStateManager.check', () => {
  const cases: {
    name: string;
    history: ReturnType<typeof batch>[];
    next: ReturnType<typeof batch>;
    expect: string | number;
  }[] = [
    { name: 'unknown producer starting at 0', history: [], next: batch(0, 0, 3), expect: 'append' },
    { name: 'unknown producer at any sequence (KIP-360)', history: [], next: batch(0, 42, 1), expect: 'append' },
    { name: 'next in sequence', history: [batch(0, 0, 3)], next: batch(0, 3, 2), expect: 'append' },
    {
      name: 'gap in sequence',
      history: [batch(0, 0, 3)],
      next: batch(0, 4, 1),
      expect: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    },
    {
      name: 'older non-retained sequence',
      history: [batch(0, 0, 3), batch(0, 3, 3)],
      next: batch(0, 1, 1),
      expect: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    },
    { name: 'exact retry of the last batch', history: [batch(0, 0, 3)], next: batch(0, 0, 3), expect: 'duplicate' },
    {
      name: 'retry of an earlier retained batch',
      history: [batch(0, 0, 1), batch(0, 1, 1), batch(0, 2, 1)],
      next: batch(0, 1, 1),
      expect: 'duplicate',
    },
    { name: 'stale epoch', history: [batch(2, 0, 1)], next: batch(1, 1, 1), expect: ErrorCode.INVALID_PRODUCER_EPOCH },
    { name: 'bumped epoch at sequence 0', history: [batch(0, 0, 5)], next: batch(1, 0, 1), expect: 'append' },
    {
      name: 'bumped epoch not at sequence 0',
      history: [batch(0, 0, 5)],
      next: batch(1, 5, 1),
      expect: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    },
    {
      name: 'sequence wraps after Int32.MAX',
      history: [batch(0, 0x7ffffffe, 2)],
      next: batch(0, 0, 1),
      expect: 'append',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = withAppended(...c.history).check(c.next);
      if (typeof c.expect === 'string') expect(result.kind).toBe(c.expect);
      else expect(result).toMatchObject({ kind: 'error', errorCode: c.expect });
    });
  }

  it('answers a duplicate with the original offsets', () => {
    const m = withAppended(batch(0, 0, 2), batch(0, 2, 3));
    expect(m.check(batch(0, 2, 3))).toMatchObject({ kind: 'duplicate', batch: { baseOffset: 2n, lastOffset: 4n } });
  });

  it('retains only the last 5 batches', () => {
    const m = withAppended(...[0, 1, 2, 3, 4, 5].map((s) => batch(0, s, 1)));
    expect(m.entry(PID)!.batches.length).toBe(5);
    expect(m.check(batch(0, 0, 1)).kind).toBe('error');
    expect(m.check(batch(0, 1, 1)).kind).toBe('duplicate');
  });

  it('expires idle producers and forgets truncated batches', () => {
    const m = withAppended(batch(0, 0, 1), batch(0, 1, 1));
    m.truncateFrom(1n);
    expect(m.entry(PID)!.batches.length).toBe(1);
    expect(m.removeExpired(1000, 500)).toBe(1);
    expect(m.size).toBe(0);
  });

  it('computes the wrapped last sequence', () => {
    expect(lastSequence(0x7fffffff, 1)).toBe(0);
    expect(lastSequence(5, 4)).toBe(9);
  });
});
