// Intent: a follower truncates exactly to the point where its log stops agreeing with the new leader's (KIP-101,
// KIP-279), including the same-length divergence KIP-279 fixed, and falls back to the high watermark otherwise.
import { describe, expect, it } from 'vitest';
import { type FollowerLogView, truncationOffset } from './follower-truncation.js';

/** A log described by its epoch start offsets, like the leader-epoch cache. */
function logView(epochs: [number, bigint][], logEndOffset: bigint, highWatermark = 0n): FollowerLogView {
  return {
    logEndOffset,
    highWatermark,
    latestEpoch: () => (epochs.length === 0 ? -1 : epochs[epochs.length - 1][0]),
    endOffsetFor(epoch) {
      const index = epochs.findIndex(([e]) => e > epoch);
      if (index === -1)
        return epochs.some(([e]) => e === epoch) ? { epoch, endOffset: logEndOffset } : { epoch: -1, endOffset: -1n };
      if (index === 0) return { epoch, endOffset: epochs[0][1] };
      return { epoch: epochs[index - 1][0], endOffset: epochs[index][1] };
    },
  };
}

describe('truncationOffset', () => {
  it('keeps a log that is a prefix of the leader log', () => {
    expect(truncationOffset(logView([[1, 0n]], 5n), { epoch: 1, endOffset: 9n })).toBe(5n);
  });

  it('drops records the old leader wrote that the new leader never had', () => {
    // Follower (old leader) wrote offsets 5..7 in epoch 1; the new leader's epoch 1 ended at 5.
    expect(truncationOffset(logView([[1, 0n]], 8n), { epoch: 1, endOffset: 5n })).toBe(5n);
  });

  it('KIP-279: an epoch the leader never saw is cut back to the end of the shared epoch', () => {
    // Follower: epoch 1 at 0, epoch 3 at 4 (its own short-lived leadership), LEO 6. Leader knows epochs up to 2:
    // it answers (1, 4) for our epoch 3 -> we keep the common part of epoch 1 only.
    const follower = logView(
      [
        [1, 0n],
        [3, 4n],
      ],
      6n,
    );
    expect(truncationOffset(follower, { epoch: 1, endOffset: 3n })).toBe(3n);
    expect(truncationOffset(follower, { epoch: 1, endOffset: 5n })).toBe(4n);
  });

  it('falls back to the high watermark when the leader knows no such epoch', () => {
    expect(truncationOffset(logView([[4, 0n]], 6n, 2n), { epoch: -1, endOffset: -1n })).toBe(2n);
  });
});
