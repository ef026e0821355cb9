/**
 * Kafka's check of a request's currentLeaderEpoch against the partition's (Partition.checkCurrentLeaderEpoch):
 * -1 skips the check; an older epoch means the client is behind (FENCED_LEADER_EPOCH); a newer one means this
 * broker has not seen the change yet (UNKNOWN_LEADER_EPOCH). Both are retriable after a metadata refresh.
 */
import { ErrorCode } from '@tributary/protocol';

export function leaderEpochError(requestEpoch: number, partitionEpoch: number): number {
  if (requestEpoch === -1 || requestEpoch === partitionEpoch) return ErrorCode.NONE;
  return requestEpoch < partitionEpoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
}
