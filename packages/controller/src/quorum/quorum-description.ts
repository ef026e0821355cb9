/**
 * What DescribeQuorum reports (KIP-595 DescribeQuorumResponse, as kafka-metadata-quorum.sh prints it). Offsets are
 * Raft log positions: logEndOffset is a replica's last log index and highWatermark the commit index — with 1-based
 * Raft indexes these are exactly Kafka's exclusive end offsets of a 0-based log.
 */
export interface ReplicaDescription {
  readonly replicaId: number;
  readonly logEndOffset: number;
  /** Wall-clock ms of the replica's last fetch / append response; -1 when unknown. */
  readonly lastFetchTimestamp: number;
  /** Wall-clock ms when the replica last had the leader's whole log; -1 when unknown. */
  readonly lastCaughtUpTimestamp: number;
  /** Controller endpoint for voters; null for observers. */
  readonly endpoint: { host: string; port: number } | null;
}

export interface QuorumDescription {
  readonly clusterId: string;
  readonly leaderId: number;
  /** The Raft term (KRaft's leader epoch). */
  readonly leaderEpoch: number;
  readonly highWatermark: number;
  readonly currentVoters: readonly ReplicaDescription[];
  readonly observers: readonly ReplicaDescription[];
  /** The controller that built this view: the leader, or a follower that could not reach it. */
  readonly answeredBy: number;
}
