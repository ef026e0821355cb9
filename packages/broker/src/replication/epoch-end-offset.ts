/**
 * The leader's answer to OffsetForLeaderEpoch for `requestedEpoch` (KIP-101). Pure, shared by the request handler
 * and the replication simulation so both run the same rule.
 *
 * The log's epoch cache learns an epoch with its first append. Kafka caches a new leader's epoch at the log end on
 * election instead, so until this leader appends, an epoch between the cache's latest and the current one ends at
 * the log end offset; we answer that without writing the entry early.
 */
import type { EpochEndOffset } from './follower-truncation.js';

export interface EpochCacheView {
  latestEpoch(): number;
  endOffsetFor(epoch: number): EpochEndOffset;
}

export function leaderEpochEndOffset(
  cache: EpochCacheView,
  logEndOffset: bigint,
  currentLeaderEpoch: number,
  requestedEpoch: number,
): EpochEndOffset {
  const latest = cache.latestEpoch();
  if (requestedEpoch === currentLeaderEpoch) return { epoch: requestedEpoch, endOffset: logEndOffset };
  if (requestedEpoch > latest && requestedEpoch < currentLeaderEpoch) {
    return { epoch: latest < 0 ? requestedEpoch : latest, endOffset: logEndOffset };
  }
  return cache.endOffsetFor(requestedEpoch);
}
