/**
 * The coordinator's view of `__consumer_offsets`: which partition owns a group, durable appends, and leadership
 * changes with the partition's records to replay. The runtime implementation sits on the broker's own replicated
 * partitions (ReplicaManager); the coordinator core never touches a log directly.
 */
import type { GroupRecord } from './group-records.js';

export interface GroupLogLeadership {
  /**
   * This broker became leader of `partition` (at `leaderEpoch`). `records` is everything in the partition up to
   * its log end, oldest first; the coordinator rebuilds its groups from them before serving the partition (until
   * then requests for its groups get COORDINATOR_LOAD_IN_PROGRESS).
   */
  elected(partition: number, leaderEpoch: number, records: readonly GroupRecord[]): void;
  /** This broker no longer leads `partition`: its groups are dropped from memory (requests get NOT_COORDINATOR). */
  resigned(partition: number): void;
}

export interface GroupLog {
  /** offsets.topic.num.partitions */
  readonly partitionCount: number;
  /** The partition owning `groupId`: Kafka's `Utils.abs(groupId.hashCode()) % partitionCount` (Java String hash). */
  partitionFor(groupId: string): number;
  /**
   * Appends `records` as one batch to `partition` on this broker as its leader and resolves once they are committed
   * (high watermark past them, i.e. acks=all with the topic's min.insync.replicas). Rejects with a KafkaError:
   * NOT_COORDINATOR (not the leader any more), NOT_ENOUGH_REPLICAS(_AFTER_APPEND), REQUEST_TIMED_OUT, ...
   */
  append(partition: number, records: readonly GroupRecord[]): Promise<void>;
  /** Leadership callbacks; the current leaderships are reported at once. Returns the unsubscribe function. */
  subscribe(listener: GroupLogLeadership): () => void;
  /**
   * Creates `__consumer_offsets` (offsets.topic.num.partitions, offsets.topic.replication.factor, cleanup.policy
   * compact, segment.bytes per offsets.topic.segment.bytes) if it does not exist yet; FindCoordinator calls it the
   * first time, as Kafka does. Resolves false while it can't be created yet (e.g. fewer live brokers than the
   * replication factor) so the caller answers COORDINATOR_NOT_AVAILABLE.
   */
  ensureTopic(): Promise<boolean>;
}
