/**
 * The acks=all wait (Kafka's DelayedProduce + Partition.checkEnoughReplicasReachOffset), shared by client Produce
 * and the broker's internal writers: an append counts once the high watermark passes its last offset while this
 * broker still leads in the epoch it appended in. If by then the ISR has shrunk below min.insync.replicas the
 * answer is NOT_ENOUGH_REPLICAS_AFTER_APPEND (written, but not as durable as asked); a lost leadership is
 * NOT_LEADER_OR_FOLLOWER; no progress within the timeout is REQUEST_TIMED_OUT.
 */
import { ErrorCode } from '@tributary/protocol';
import { awaitCondition } from './delayed-operation.js';
import type { Partition } from './partition.js';
import type { Purgatory } from './purgatory.js';

export interface CommitWait {
  /** Last appended offset + 1: the high watermark must reach it. */
  readonly requiredOffset: bigint;
  /** The leader epoch the records were appended in. */
  readonly leaderEpoch: number;
  readonly minInsyncReplicas: number;
  readonly timeoutMs: number;
}

export interface CommitOutcome {
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

export function insufficientIsrMessage(isrSize: number, minInsync: number): string {
  return `The size of the current ISR ${isrSize} is insufficient to satisfy min.isr ${minInsync}`;
}

export async function awaitCommit(
  purgatory: Purgatory,
  partition: Partition,
  wait: CommitWait,
): Promise<CommitOutcome> {
  const leadershipLost = () => !partition.isLeader || partition.leaderEpoch !== wait.leaderEpoch;
  const settled = await awaitCondition(purgatory, [partition.key], wait.timeoutMs, () => {
    return leadershipLost() || partition.highWatermark >= wait.requiredOffset;
  });
  if (!settled) return { errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: null };
  if (leadershipLost()) return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, errorMessage: null };
  if (partition.isr.length < wait.minInsyncReplicas) {
    return {
      errorCode: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
      errorMessage: insufficientIsrMessage(partition.isr.length, wait.minInsyncReplicas),
    };
  }
  return { errorCode: ErrorCode.NONE, errorMessage: null };
}
