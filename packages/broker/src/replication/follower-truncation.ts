/**
 * Where a follower truncates before fetching from a new leader (KIP-101, refined by KIP-279). Pure.
 *
 * The follower asks the leader for the end offset of its own latest epoch E. The leader answers (L, endOffset): the
 * largest epoch L <= E it knows and where L ended in its log. If L == E both logs agree up to min(endOffset, LEO).
 * If L < E the follower's epochs above L never reached the leader, so it truncates to the smaller of the leader's
 * end of L and its own end of L (KIP-279: this is what fixes the "diverging logs of the same length" case).
 * An undefined answer (the leader has no epoch <= E) falls back to the high watermark, Kafka's pre-KIP-101 rule.
 */

export const UNDEFINED_EPOCH = -1;

export interface EpochEndOffset {
  readonly epoch: number;
  readonly endOffset: bigint;
}

export interface FollowerLogView {
  readonly logEndOffset: bigint;
  readonly highWatermark: bigint;
  latestEpoch(): number;
  endOffsetFor(epoch: number): EpochEndOffset;
}

export function truncationOffset(log: FollowerLogView, leaderAnswer: EpochEndOffset): bigint {
  const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
  if (leaderAnswer.epoch === UNDEFINED_EPOCH || leaderAnswer.endOffset < 0n) {
    return min(log.highWatermark, log.logEndOffset);
  }
  if (leaderAnswer.epoch === log.latestEpoch()) return min(leaderAnswer.endOffset, log.logEndOffset);
  const local = log.endOffsetFor(leaderAnswer.epoch);
  // The follower never had epoch L: everything it has after the epochs it shares with the leader goes.
  const localEnd = local.epoch === UNDEFINED_EPOCH ? log.logEndOffset : local.endOffset;
  return min(min(leaderAnswer.endOffset, localEnd), log.logEndOffset);
}
