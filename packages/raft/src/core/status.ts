import type { ProgressState } from './progress.js';
import type { NodeId, Role } from './types.js';

export interface FollowerStatus {
  nodeId: NodeId;
  isVoter: boolean;
  matchIndex: number;
  nextIndex: number;
  state: ProgressState;
  /** Core tick count when the leader last heard from this follower; compare with `Status.tick` for lag in ticks. */
  lastContactTick: number;
}

/** A snapshot of the node's Raft state for operators (`metadata-quorum describe --status|--replication`). */
export interface Status {
  nodeId: NodeId;
  role: Role;
  leaderId: NodeId;
  term: number;
  vote: NodeId;
  commitIndex: number;
  appliedIndex: number;
  lastIndex: number;
  snapshotIndex: number;
  /** Membership in force (the latest VotersChange in the log, committed or not: KIP-853). */
  voters: readonly NodeId[];
  observers: readonly NodeId[];
  /** Logical clock: ticks since this core was created. */
  tick: number;
  /** Non-empty only on the leader, one per peer (self included, lastContactTick = tick). */
  followers: FollowerStatus[];
  leadTransferee: NodeId;
}
