/**
 * GroupRecord <-> the key and value bytes of a `__consumer_offsets` record, in Kafka's format so Kafka's own tools
 * (OffsetsMessageFormatter, GroupMetadataMessageFormatter) read what this broker writes and vice versa.
 *
 * Versions written are the ones Kafka 3.x/4.x writes (GroupCoordinatorRecordHelpers): OffsetCommitKey v1;
 * OffsetCommitValue v4 (flexible, as Kafka 4.1 writes it; 3.x wrote v3, same fields), or v1 when the commit carries
 * an explicit expire timestamp (OffsetCommit v1 clients); GroupMetadataKey v2; GroupMetadataValue v3. Every version is read. A value version newer than this broker knows
 * is read with the newest known schema: KIP-915 makes later versions add tagged fields only.
 */
import { decodeMessage, encodeMessage, type MessageSchema, ProtocolDecodeError } from '@tributary/protocol';
import type { GroupMemberRecord, GroupRecord } from '../group-records.js';
import {
  type GroupMetadataKey,
  GroupMetadataKeySchema,
  type GroupMetadataValue,
  GroupMetadataValueSchema,
  type OffsetCommitKey,
  OffsetCommitKeySchema,
  type OffsetCommitValue,
  OffsetCommitValueSchema,
} from './offsets-record-schemas.js';

export const OFFSET_COMMIT_KEY_VERSION = 1;
export const GROUP_METADATA_KEY_VERSION = 2;
export const OFFSET_COMMIT_VALUE_VERSION = 4;
/** What Kafka writes when the commit has an expire timestamp (the only version with the field). */
export const OFFSET_COMMIT_VALUE_VERSION_WITH_EXPIRE = 1;
export const GROUP_METADATA_VALUE_VERSION = 3;
const VALUE_VERSION_MAX = 4;

export interface EncodedGroupRecord {
  readonly key: Buffer;
  /** null: a tombstone, deleting the key. */
  readonly value: Buffer | null;
}

function versioned(schema: MessageSchema, version: number, body: object): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeInt16BE(version, 0);
  return Buffer.concat([prefix, encodeMessage(schema, version, body)]);
}

export function encodeGroupRecord(record: GroupRecord): EncodedGroupRecord {
  switch (record.kind) {
    case 'offset':
    case 'offset-tombstone': {
      const keyBody: OffsetCommitKey = { group: record.groupId, topic: record.topic, partition: record.partition };
      const key = versioned(OffsetCommitKeySchema, OFFSET_COMMIT_KEY_VERSION, keyBody);
      if (record.kind === 'offset-tombstone') return { key, value: null };
      const value: OffsetCommitValue = {
        offset: record.offset,
        leaderEpoch: record.leaderEpoch,
        metadata: record.metadata,
        commitTimestamp: BigInt(record.commitTimestampMs),
        expireTimestamp: BigInt(record.expireTimestampMs),
      };
      const version =
        record.expireTimestampMs === -1 ? OFFSET_COMMIT_VALUE_VERSION : OFFSET_COMMIT_VALUE_VERSION_WITH_EXPIRE;
      return { key, value: versioned(OffsetCommitValueSchema, version, value) };
    }
    case 'group':
    case 'group-tombstone': {
      const keyBody: GroupMetadataKey = { group: record.groupId };
      const key = versioned(GroupMetadataKeySchema, GROUP_METADATA_KEY_VERSION, keyBody);
      if (record.kind === 'group-tombstone') return { key, value: null };
      const value: GroupMetadataValue = {
        protocolType: record.protocolType,
        generation: record.generationId,
        protocol: record.protocolName,
        leader: record.leaderId,
        currentStateTimestamp: BigInt(record.currentStateTimestampMs),
        members: record.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          rebalanceTimeout: m.rebalanceTimeoutMs,
          sessionTimeout: m.sessionTimeoutMs,
          subscription: m.subscription,
          assignment: m.assignment,
        })),
      };
      return { key, value: versioned(GroupMetadataValueSchema, GROUP_METADATA_VALUE_VERSION, value) };
    }
  }
}

function readVersion(buf: Buffer, what: string): number {
  if (buf.length < 2) throw new ProtocolDecodeError(`${what} of ${buf.length} bytes has no version`);
  return buf.readInt16BE(0);
}

function decodeValue<T>(schema: MessageSchema, value: Buffer): T {
  const version = readVersion(value, schema.name);
  if (version < 0) throw new ProtocolDecodeError(`${schema.name} has negative version ${version}`);
  return decodeMessage<T>(schema, Math.min(version, VALUE_VERSION_MAX), value, 2);
}

/**
 * The GroupRecord a `__consumer_offsets` record holds, or null for records this broker does not use (key version
 * 3 and above: KIP-848 consumer-group and share-group records). Throws ProtocolDecodeError on malformed bytes.
 */
export function decodeGroupRecord(key: Buffer, value: Buffer | null): GroupRecord | null {
  const keyVersion = readVersion(key, 'record key');
  if (keyVersion === 0 || keyVersion === 1) {
    const k = decodeMessage<OffsetCommitKey>(OffsetCommitKeySchema, keyVersion, key, 2);
    if (value === null) return { kind: 'offset-tombstone', groupId: k.group, topic: k.topic, partition: k.partition };
    const v = decodeValue<OffsetCommitValue>(OffsetCommitValueSchema, value);
    return {
      kind: 'offset',
      groupId: k.group,
      topic: k.topic,
      partition: k.partition,
      offset: v.offset,
      leaderEpoch: v.leaderEpoch,
      metadata: v.metadata,
      commitTimestampMs: Number(v.commitTimestamp),
      expireTimestampMs: Number(v.expireTimestamp),
    };
  }
  if (keyVersion === GROUP_METADATA_KEY_VERSION) {
    const k = decodeMessage<GroupMetadataKey>(GroupMetadataKeySchema, keyVersion, key, 2);
    if (value === null) return { kind: 'group-tombstone', groupId: k.group };
    const v = decodeValue<GroupMetadataValue>(GroupMetadataValueSchema, value);
    return {
      kind: 'group',
      groupId: k.group,
      protocolType: v.protocolType,
      generationId: v.generation,
      protocolName: v.protocol,
      leaderId: v.leader,
      currentStateTimestampMs: Number(v.currentStateTimestamp),
      members: v.members.map(
        (m): GroupMemberRecord => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          rebalanceTimeoutMs: m.rebalanceTimeout,
          sessionTimeoutMs: m.sessionTimeout,
          subscription: m.subscription,
          assignment: m.assignment,
        }),
      ),
    };
  }
  if (keyVersion < 0) throw new ProtocolDecodeError(`record key has negative version ${keyVersion}`);
  return null;
}

/** The identity of the key a record writes: records with equal identities replace each other on replay. */
export function groupRecordKeyId(record: GroupRecord): string {
  return record.kind === 'group' || record.kind === 'group-tombstone'
    ? `g\u0000${record.groupId}`
    : `o\u0000${record.groupId}\u0000${record.topic}\u0000${record.partition}`;
}
