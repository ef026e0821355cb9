/**
 * Kafka's key and value schemas of `__consumer_offsets` records (kafka-records OffsetCommitKey/Value,
 * GroupMetadataKey/Value) as declarative tables for @tributary/protocol's codec engine, so the bytes are exactly
 * Kafka's and no field is juggled by hand. Open-ended "N+" versions end at 0x7fff as in the generated tables.
 *
 * On disk each key and value is an int16 version followed by the struct at that version. The key version says
 * what the record is: 0 and 1 an offset commit, 2 group metadata, 3+ the KIP-848 consumer-group records (which
 * this broker neither writes nor reads).
 */
import type { FieldSchema, MessageSchema } from '@tributary/protocol';

const OPEN = 0x7fff;

/** A `data` schema (record keys and values have no API key and no request/response role). */
function dataSchema(
  name: string,
  validVersions: [number, number],
  flexibleVersions: [number, number] | null,
  fields: readonly FieldSchema[],
): MessageSchema {
  return { name, type: 'data', apiKey: null, validVersions, flexibleVersions, latestVersionUnstable: false, fields };
}

export const OffsetCommitKeySchema: MessageSchema = dataSchema('OffsetCommitKey', [0, 1], null, [
  { name: 'group', type: 'string', versions: [0, 1] },
  { name: 'topic', type: 'string', versions: [0, 1] },
  { name: 'partition', type: 'int32', versions: [0, 1] },
]);

export const OffsetCommitValueSchema: MessageSchema = dataSchema(
  'OffsetCommitValue',
  [0, 4],
  [4, OPEN],
  [
    { name: 'offset', type: 'int64', versions: [0, OPEN] },
    { name: 'leaderEpoch', type: 'int32', versions: [3, OPEN], default: -1, ignorable: true },
    { name: 'metadata', type: 'string', versions: [0, OPEN] },
    { name: 'commitTimestamp', type: 'int64', versions: [0, OPEN] },
    { name: 'expireTimestamp', type: 'int64', versions: [1, 1], default: -1n, ignorable: true },
  ],
);

export const GroupMetadataKeySchema: MessageSchema = dataSchema('GroupMetadataKey', [2, 2], null, [
  { name: 'group', type: 'string', versions: [2, 2] },
]);

const memberMetadataFields: readonly FieldSchema[] = [
  { name: 'memberId', type: 'string', versions: [0, OPEN] },
  {
    name: 'groupInstanceId',
    type: 'string',
    versions: [3, OPEN],
    nullableVersions: [3, OPEN],
    default: null,
    ignorable: true,
  },
  { name: 'clientId', type: 'string', versions: [0, OPEN] },
  { name: 'clientHost', type: 'string', versions: [0, OPEN] },
  { name: 'rebalanceTimeout', type: 'int32', versions: [1, OPEN], default: -1, ignorable: true },
  { name: 'sessionTimeout', type: 'int32', versions: [0, OPEN] },
  { name: 'subscription', type: 'bytes', versions: [0, OPEN] },
  { name: 'assignment', type: 'bytes', versions: [0, OPEN] },
];

export const GroupMetadataValueSchema: MessageSchema = dataSchema(
  'GroupMetadataValue',
  [0, 4],
  [4, OPEN],
  [
    { name: 'protocolType', type: 'string', versions: [0, OPEN] },
    { name: 'generation', type: 'int32', versions: [0, OPEN] },
    { name: 'protocol', type: 'string', versions: [0, OPEN], nullableVersions: [0, OPEN] },
    { name: 'leader', type: 'string', versions: [0, OPEN], nullableVersions: [0, OPEN] },
    { name: 'currentStateTimestamp', type: 'int64', versions: [2, OPEN], default: -1n, ignorable: true },
    {
      name: 'members',
      type: 'array',
      items: 'struct',
      versions: [0, OPEN],
      structName: 'MemberMetadata',
      fields: memberMetadataFields,
    },
  ],
);

/** Decoded shapes (field names as the codec engine produces them). */
export interface OffsetCommitKey {
  group: string;
  topic: string;
  partition: number;
}

export interface OffsetCommitValue {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: bigint;
  expireTimestamp: bigint;
}

export interface GroupMetadataKey {
  group: string;
}

export interface MemberMetadata {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeout: number;
  sessionTimeout: number;
  subscription: Buffer;
  assignment: Buffer;
}

export interface GroupMetadataValue {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  currentStateTimestamp: bigint;
  members: MemberMetadata[];
}
