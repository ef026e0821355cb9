// Intent: the leader-epoch cache answers OffsetForLeaderEpoch and truncates exactly like Kafka's LeaderEpochFileCache (KIP-101/279).
import { describe, expect, it } from 'vitest';
import { LeaderEpochCache } from './leader-epoch-cache.js';

function cache(entries: [number, bigint][], logEndOffset = 100n) {
  return new LeaderEpochCache(
    entries.map(([epoch, startOffset]) => ({ epoch, startOffset })),
    () => logEndOffset,
  );
}

describe('LeaderEpochCache', () => {
  it('records the first offset of each new epoch and ignores later offsets of the same epoch', () => {
    const epochs = cache([]);
    expect(epochs.latestEpoch()).toBe(-1);
    expect(epochs.assign(1, 0n)).toBe(true);
    expect(epochs.assign(1, 5n)).toBe(false);
    expect(epochs.assign(3, 10n)).toBe(true);
    expect(epochs.entries()).toEqual([
      { epoch: 1, startOffset: 0n },
      { epoch: 3, startOffset: 10n },
    ]);
  });

  it('removes conflicting entries when an epoch moves earlier or a lower epoch arrives', () => {
    const epochs = cache([
      [1, 0n],
      [2, 10n],
      [3, 20n],
    ]);
    expect(epochs.assign(3, 15n)).toBe(true);
    expect(epochs.entries().at(-1)).toEqual({ epoch: 3, startOffset: 15n });
    expect(epochs.assign(2, 12n)).toBe(true);
    expect(epochs.entries()).toEqual([
      { epoch: 1, startOffset: 0n },
      { epoch: 2, startOffset: 12n },
    ]);
  });

  it('answers endOffsetFor like Kafka', () => {
    const epochs = cache(
      [
        [2, 10n],
        [4, 30n],
        [6, 50n],
      ],
      70n,
    );
    expect(epochs.endOffsetFor(6)).toEqual({ epoch: 6, endOffset: 70n });
    expect(epochs.endOffsetFor(4)).toEqual({ epoch: 4, endOffset: 50n });
    expect(epochs.endOffsetFor(5)).toEqual({ epoch: 4, endOffset: 50n });
    expect(epochs.endOffsetFor(1)).toEqual({ epoch: 1, endOffset: 10n });
    expect(epochs.endOffsetFor(7)).toEqual({ epoch: -1, endOffset: -1n });
    expect(epochs.endOffsetFor(-1)).toEqual({ epoch: -1, endOffset: -1n });
    expect(cache([]).endOffsetFor(0)).toEqual({ epoch: -1, endOffset: -1n });
  });

  it('truncates from the end and from the start', () => {
    const epochs = cache([
      [1, 0n],
      [2, 10n],
      [3, 20n],
    ]);
    expect(epochs.truncateFromEnd(20n)).toBe(true);
    expect(epochs.latestEpoch()).toBe(2);
    expect(epochs.truncateFromEnd(50n)).toBe(false);
    expect(epochs.truncateFromStart(15n)).toBe(true);
    expect(epochs.entries()).toEqual([{ epoch: 2, startOffset: 15n }]);
    expect(epochs.truncateFromStart(15n)).toBe(false);
    expect(epochs.truncateFromStart(5n)).toBe(false);
  });

  it('refuses entries that do not increase', () => {
    expect(() =>
      cache([
        [2, 10n],
        [1, 20n],
      ]),
    ).toThrow(/not increasing/);
  });
});
