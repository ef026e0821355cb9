/**
 * What the group coordinator persists in `__consumer_offsets`, as typed values. The storage layer encodes them with
 * Kafka's own key/value schemas (OffsetCommitKey/Value, GroupMetadataKey/Value in kafka-records), so Kafka's tools
 * can read the topic; the coordinator core only ever sees these types. A tombstone deletes its key (compaction
 * semantics on replay: the last record per key wins).
 */

export interface OffsetCommitRecord {
  readonly kind: 'offset';
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** -1 when the client sent none. */
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly commitTimestampMs: number;
  /** -1 unless an old client (OffsetCommit v1) set a retention. */
  readonly expireTimestampMs: number;
}

export interface OffsetTombstoneRecord {
  readonly kind: 'offset-tombstone';
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
}

export interface GroupMemberRecord {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  /** The member's protocol metadata for the chosen protocol (e.g. ConsumerProtocolSubscription bytes). */
  readonly subscription: Buffer;
  /** What SyncGroup handed this member (e.g. ConsumerProtocolAssignment bytes). */
  readonly assignment: Buffer;
}

export interface GroupMetadataRecord {
  readonly kind: 'group';
  readonly groupId: string;
  readonly protocolType: string;
  readonly generationId: number;
  readonly protocolName: string | null;
  readonly leaderId: string | null;
  readonly currentStateTimestampMs: number;
  readonly members: readonly GroupMemberRecord[];
}

export interface GroupTombstoneRecord {
  readonly kind: 'group-tombstone';
  readonly groupId: string;
}

export type GroupRecord = OffsetCommitRecord | OffsetTombstoneRecord | GroupMetadataRecord | GroupTombstoneRecord;
