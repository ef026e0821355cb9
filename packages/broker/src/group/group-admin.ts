/** DescribeGroups, ListGroups and DeleteGroups views of a group (Kafka's GroupMetadata.summary / overview). */
import { ErrorCode } from '@tributary/protocol';
import type { ClassicGroup } from './classic-group.js';
import type { DescribedGroup, ListedGroup } from './group-results.js';

const EMPTY = Buffer.alloc(0);

/** Member metadata and assignments are shown only for a Stable group, as Kafka does. */
export function describeGroup(group: ClassicGroup): DescribedGroup {
  const stable = group.is('Stable');
  const protocolName = stable ? (group.protocolName ?? '') : '';
  return {
    groupId: group.groupId,
    errorCode: ErrorCode.NONE,
    state: group.state,
    protocolType: group.protocolType ?? '',
    protocolName,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      metadata: stable && protocolName !== '' ? m.metadataFor(protocolName) : EMPTY,
      assignment: stable ? m.assignment : EMPTY,
    })),
  };
}

export function describeMissingGroup(groupId: string, errorCode: number): DescribedGroup {
  return {
    groupId,
    errorCode,
    state: errorCode === ErrorCode.NONE ? 'Dead' : '',
    protocolType: '',
    protocolName: '',
    members: [],
  };
}

export function listedGroup(group: ClassicGroup): ListedGroup {
  return { groupId: group.groupId, protocolType: group.protocolType ?? '', state: group.state };
}
