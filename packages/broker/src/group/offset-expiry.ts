/**
 * offsets.retention.ms (KIP-211, KIP-496): which committed offsets of a group have expired at `nowMs`.
 * - an Empty consumer group's offsets expire retention after it became Empty;
 * - a simple group's (no protocol type) offsets expire retention after their commit;
 * - a Stable consumer group's offsets of topics no member subscribes to expire retention after their commit;
 * - a commit with an explicit expire timestamp (OffsetCommit v1-4 retention) expires then, whatever the state.
 * Partitions with a commit in flight never expire.
 */
import { type ClassicGroup, CONSUMER_PROTOCOL_TYPE } from './classic-group.js';
import { groupSubscribedTopics } from './consumer-subscription.js';
import type { OffsetCommitRecord } from './group-records.js';
import { pendingKey } from './offset-commit.js';

export function expiredOffsets(group: ClassicGroup, nowMs: number, retentionMs: number): OffsetCommitRecord[] {
  let baseOf: ((r: OffsetCommitRecord) => number) | null = null;
  let subscribed: Set<string> | null = null;
  if (group.protocolType === null || group.protocolType === '') {
    if (group.is('Empty')) baseOf = (r) => r.commitTimestampMs;
  } else if (group.is('Empty')) {
    baseOf = () => group.stateTimestampMs;
  } else if (group.protocolType === CONSUMER_PROTOCOL_TYPE && group.is('Stable')) {
    subscribed = groupSubscribedTopics(group);
    if (subscribed !== null) baseOf = (r) => r.commitTimestampMs;
  }
  const expired: OffsetCommitRecord[] = [];
  for (const byPartition of group.offsets.values()) {
    for (const record of byPartition.values()) {
      if (group.pendingOffsetCommits.has(pendingKey(record.topic, record.partition))) continue;
      if (record.expireTimestampMs >= 0) {
        if (nowMs >= record.expireTimestampMs) expired.push(record);
        continue;
      }
      if (baseOf === null || subscribed?.has(record.topic)) continue;
      if (nowMs - baseOf(record) >= retentionMs) expired.push(record);
    }
  }
  return expired;
}
