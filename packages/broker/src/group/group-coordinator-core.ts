/**
 * The group coordinator's pure core: the groups of every `__consumer_offsets` partition this broker leads, built
 * only by replaying that partition's records (`load`) and changed only by requests and `tick`. Synchronous and
 * deterministic: time, ids and appends are injected, and parked JoinGroup/SyncGroup requests are callbacks
 * answered from a later call. The runtime (GroupCoordinator) owns timers, promises and the GroupLog.
 */
import { ErrorCode } from '@tributary/protocol';
import { groupAppendError } from './append-errors.js';
import { ClassicGroup } from './classic-group.js';
import { describeGroup, describeMissingGroup, listedGroup } from './group-admin.js';
import type { GroupCoordinatorConfig } from './group-config.js';
import type { GroupContext } from './group-context.js';
import { GroupMember } from './group-member.js';
import type { GroupRecord } from './group-records.js';
import type {
  DeleteGroupResult,
  DescribedGroup,
  JoinGroupResult,
  LeaveGroupResult,
  ListGroupsResult,
  OffsetDeleteResult,
  OffsetFetchResult,
  PartitionResult,
  SyncGroupResult,
} from './group-results.js';
import { type HeartbeatRequestData, heartbeat } from './heartbeat.js';
import { type JoinGroupRequestData, joinGroup, validateJoin } from './join-group.js';
import { type LeavingMember, leaveGroup, leaveUnknownGroup } from './leave-group.js';
import { commitOffsets, type OffsetCommitRequestData } from './offset-commit.js';
import { expiredOffsets } from './offset-expiry.js';
import { deleteOffsets, fetchOffsets, type TopicPartitions } from './offset-fetch.js';
import { checkDeadlines, joinError, syncError } from './rebalance.js';
import { type SyncGroupRequestData, syncGroup } from './sync-group.js';

export interface GroupCoordinatorEnvironment {
  readonly config: GroupCoordinatorConfig;
  readonly clock: () => number;
  readonly newUuid: () => string;
  /** offsets.topic.num.partitions and the Java-hash partitioning of GroupLog. */
  partitionFor(groupId: string): number;
  /** Durable append (GroupLog.append); `done` once, with NONE or the append's error code. */
  append(partition: number, records: readonly GroupRecord[], done: (errorCode: number) => void): void;
  /** This broker leads `partition` but has not replayed it yet (answered COORDINATOR_LOAD_IN_PROGRESS). */
  isLoading(partition: number): boolean;
  /** Membership events for the operator's log (no-op in tests and simulations). */
  log?(message: string, fields: Readonly<Record<string, unknown>>): void;
}

type Lookup = { errorCode: number; groups: Map<string, ClassicGroup> | null };

export class GroupCoordinatorCore implements GroupContext {
  readonly config: GroupCoordinatorConfig;
  /** partition -> its groups; present exactly for the partitions this broker leads and has loaded. */
  private readonly partitions = new Map<number, Map<string, ClassicGroup>>();

  constructor(private readonly env: GroupCoordinatorEnvironment) {
    this.config = env.config;
  }

  now(): number {
    return this.env.clock();
  }

  newUuid(): string {
    return this.env.newUuid();
  }

  log(message: string, fields: Readonly<Record<string, unknown>>) {
    this.env.log?.(message, fields);
  }

  persist(group: ClassicGroup, records: readonly GroupRecord[], done: (errorCode: number) => void) {
    this.env.append(this.env.partitionFor(group.groupId), records, done);
  }

  removeGroup(group: ClassicGroup) {
    const groups = this.partitions.get(this.env.partitionFor(group.groupId));
    if (groups?.get(group.groupId) === group) groups.delete(group.groupId);
  }

  // ---- partition ownership -------------------------------------------------------------------------------------

  /** Becomes the coordinator of `partition`: its groups are rebuilt from `records` (last record per key wins). */
  load(partition: number, records: readonly GroupRecord[]) {
    this.unload(partition);
    const groups = new Map<string, ClassicGroup>();
    const groupOf = (groupId: string) => {
      let group = groups.get(groupId);
      if (group === undefined) {
        group = new ClassicGroup(groupId, this.now());
        groups.set(groupId, group);
      }
      return group;
    };
    for (const record of records) {
      switch (record.kind) {
        case 'offset':
          groupOf(record.groupId).putOffset(record);
          break;
        case 'offset-tombstone':
          groups.get(record.groupId)?.deleteOffset(record.topic, record.partition);
          break;
        case 'group':
          groups.set(record.groupId, this.replayGroup(record, groups.get(record.groupId)));
          break;
        case 'group-tombstone': {
          groups.delete(record.groupId);
          break;
        }
      }
    }
    for (const [groupId, group] of groups) {
      // A group tombstone followed by nothing else leaves nothing; an empty simple group without offsets is gone.
      if (group.members.size === 0 && group.offsets.size === 0 && group.protocolType === null) groups.delete(groupId);
    }
    this.partitions.set(partition, groups);
  }

  private replayGroup(record: Extract<GroupRecord, { kind: 'group' }>, previous: ClassicGroup | undefined) {
    const now = this.now();
    const group = new ClassicGroup(record.groupId, record.currentStateTimestampMs);
    if (previous !== undefined)
      for (const byPartition of previous.offsets.values()) for (const r of byPartition.values()) group.putOffset(r);
    group.protocolType = record.protocolType === '' && record.members.length === 0 ? null : record.protocolType;
    group.generationId = record.generationId;
    group.protocolName = record.protocolName;
    for (const m of record.members) {
      const member = new GroupMember(
        m.memberId,
        m.groupInstanceId,
        m.clientId,
        m.clientHost,
        m.rebalanceTimeoutMs,
        m.sessionTimeoutMs,
        [{ name: record.protocolName ?? '', metadata: m.subscription }],
        now,
      );
      member.assignment = m.assignment;
      member.isNew = false;
      group.add(member);
    }
    group.leaderId = record.leaderId;
    // A loaded group with members is Stable: its members keep their assignment and must heartbeat to stay. This is
    // construction from a record, not a transition, so it bypasses transitionTo.
    group.state = record.members.length === 0 ? 'Empty' : 'Stable';
    group.stateTimestampMs = record.currentStateTimestampMs;
    return group;
  }

  /** No longer the coordinator of `partition`: parked requests are answered NOT_COORDINATOR so clients move. */
  unload(partition: number) {
    const groups = this.partitions.get(partition);
    if (groups === undefined) return;
    this.partitions.delete(partition);
    for (const group of groups.values()) {
      for (const member of group.members.values()) {
        const join = member.awaitingJoin;
        const sync = member.awaitingSync;
        member.awaitingJoin = null;
        member.awaitingSync = null;
        join?.(joinError(member.memberId, ErrorCode.NOT_COORDINATOR));
        sync?.(syncError(ErrorCode.NOT_COORDINATOR));
      }
      group.transitionTo('Dead', this.now());
    }
  }

  ownedPartitions(): number[] {
    return [...this.partitions.keys()];
  }

  private lookup(groupId: string): Lookup {
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, groups: null };
    const partition = this.env.partitionFor(groupId);
    const groups = this.partitions.get(partition);
    if (groups !== undefined) return { errorCode: ErrorCode.NONE, groups };
    const errorCode = this.env.isLoading(partition)
      ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS
      : ErrorCode.NOT_COORDINATOR;
    return { errorCode, groups: null };
  }

  /** The group, for inspection (tests, simulation); undefined when unknown or not coordinated here. */
  group(groupId: string): ClassicGroup | undefined {
    return this.lookup(groupId).groups?.get(groupId);
  }

  /** NONE when `groupId` is coordinated (and loaded) here, else the error a request for it gets. */
  coordinatorError(groupId: string): number {
    return this.lookup(groupId).errorCode;
  }

  // ---- membership --------------------------------------------------------------------------------------------

  joinGroup(request: JoinGroupRequestData, respond: (result: JoinGroupResult) => void) {
    const { errorCode, groups } = this.lookup(request.groupId);
    if (groups === null) return respond(joinError(request.memberId, errorCode));
    const invalid = validateJoin(this, request);
    if (invalid !== ErrorCode.NONE) return respond(joinError(request.memberId, invalid));
    let group = groups.get(request.groupId);
    if (group === undefined) {
      // Only a member without an id may create a group; a known id with no group is stale.
      if (request.memberId !== '') return respond(joinError(request.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      group = new ClassicGroup(request.groupId, this.now());
      groups.set(request.groupId, group);
    }
    joinGroup(this, group, request, respond);
  }

  syncGroup(request: SyncGroupRequestData, respond: (result: SyncGroupResult) => void) {
    const { errorCode, groups } = this.lookup(request.groupId);
    if (groups === null) return respond(syncError(errorCode));
    const group = groups.get(request.groupId);
    if (group === undefined) return respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    syncGroup(this, group, request, respond);
  }

  heartbeat(request: HeartbeatRequestData): number {
    const { errorCode, groups } = this.lookup(request.groupId);
    if (groups === null) return errorCode;
    const group = groups.get(request.groupId);
    return group === undefined ? ErrorCode.UNKNOWN_MEMBER_ID : heartbeat(this, group, request);
  }

  leaveGroup(groupId: string, leaving: readonly LeavingMember[]): LeaveGroupResult {
    const { errorCode, groups } = this.lookup(groupId);
    if (groups === null) return { errorCode, members: [] };
    const group = groups.get(groupId);
    return group === undefined ? leaveUnknownGroup(leaving) : leaveGroup(this, group, leaving);
  }

  // ---- offsets -----------------------------------------------------------------------------------------------

  commitOffsets(request: OffsetCommitRequestData, respond: (results: PartitionResult[]) => void) {
    const failAll = (code: number) =>
      respond(request.partitions.map((p) => ({ topic: p.topic, partition: p.partition, errorCode: code })));
    const { errorCode, groups } = this.lookup(request.groupId);
    if (groups === null) return failAll(errorCode);
    let group = groups.get(request.groupId);
    if (group === undefined) {
      // A commit with a generation for a group we do not know comes from an older generation (or a lost group).
      if (request.generationId >= 0) return failAll(ErrorCode.ILLEGAL_GENERATION);
      group = new ClassicGroup(request.groupId, this.now());
      groups.set(request.groupId, group);
    }
    commitOffsets(this, group, request, respond);
  }

  fetchOffsets(groupId: string, topics: readonly TopicPartitions[] | null, requireStable: boolean): OffsetFetchResult {
    const { errorCode, groups } = this.lookup(groupId);
    if (groups === null) return { errorCode, offsets: [] };
    return fetchOffsets(groups.get(groupId), topics, requireStable);
  }

  deleteOffsets(groupId: string, topics: readonly TopicPartitions[], respond: (r: OffsetDeleteResult) => void) {
    const { errorCode, groups } = this.lookup(groupId);
    if (groups === null) return respond({ errorCode, partitions: [] });
    const group = groups.get(groupId);
    if (group === undefined) return respond({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, partitions: [] });
    deleteOffsets(this, group, topics, respond);
  }

  // ---- administration ----------------------------------------------------------------------------------------

  describeGroup(groupId: string): DescribedGroup {
    const { errorCode, groups } = this.lookup(groupId);
    if (groups === null) return describeMissingGroup(groupId, errorCode);
    const group = groups.get(groupId);
    return group === undefined ? describeMissingGroup(groupId, ErrorCode.NONE) : describeGroup(group);
  }

  /** Groups of every loaded partition, optionally filtered by state names (case-insensitive, as Kafka). */
  listGroups(statesFilter: readonly string[], loadingPartitions: number): ListGroupsResult {
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    const listed = [];
    for (const groups of this.partitions.values()) {
      for (const group of groups.values()) {
        if (group.is('Dead')) continue;
        if (states.size > 0 && !states.has(group.state.toLowerCase())) continue;
        listed.push(listedGroup(group));
      }
    }
    const errorCode = loadingPartitions > 0 ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS : ErrorCode.NONE;
    return { errorCode, groups: listed };
  }

  /** Deletes an Empty group with its offsets (tombstones first); a group with members is NON_EMPTY_GROUP. */
  deleteGroup(groupId: string, respond: (result: DeleteGroupResult) => void) {
    const answer = (errorCode: number) => respond({ groupId, errorCode });
    const { errorCode, groups } = this.lookup(groupId);
    if (groups === null) return answer(errorCode);
    const group = groups.get(groupId);
    if (group === undefined || group.is('Dead')) return answer(ErrorCode.GROUP_ID_NOT_FOUND);
    if (!group.is('Empty')) return answer(ErrorCode.NON_EMPTY_GROUP);
    group.transitionTo('Dead', this.now());
    groups.delete(groupId);
    this.log('deleting group', { groupId, offsets: group.offsets.size });
    this.persist(group, tombstonesOf(group), (appendError) =>
      answer(appendError === ErrorCode.NONE ? ErrorCode.NONE : groupAppendError(appendError)),
    );
  }

  // ---- time --------------------------------------------------------------------------------------------------

  /** Fires every expired deadline (session, join, sync). The runtime calls it on a short interval. */
  tick() {
    for (const groups of this.partitions.values()) {
      for (const group of [...groups.values()]) checkDeadlines(this, group);
    }
  }

  /**
   * offsets.retention.ms: appends tombstones for expired offsets, and removes Empty groups left without offsets
   * (with a group tombstone). Returns how many offsets expired.
   */
  expireOffsets(onAppended?: (errorCode: number) => void): number {
    const now = this.now();
    let count = 0;
    for (const groups of this.partitions.values()) {
      for (const group of [...groups.values()]) {
        const expired = expiredOffsets(group, now, this.config.offsetsRetentionMs);
        const records: GroupRecord[] = expired.map((r) => ({
          kind: 'offset-tombstone',
          groupId: r.groupId,
          topic: r.topic,
          partition: r.partition,
        }));
        for (const r of expired) group.deleteOffset(r.topic, r.partition);
        count += expired.length;
        if (group.is('Empty') && !group.hasOffsets()) {
          group.transitionTo('Dead', now);
          groups.delete(group.groupId);
          records.push({ kind: 'group-tombstone', groupId: group.groupId });
        }
        if (records.length > 0) this.persist(group, records, (errorCode) => onAppended?.(errorCode));
      }
    }
    return count;
  }
}

function tombstonesOf(group: ClassicGroup): GroupRecord[] {
  const records: GroupRecord[] = [];
  for (const byPartition of group.offsets.values()) {
    for (const r of byPartition.values()) {
      records.push({ kind: 'offset-tombstone', groupId: group.groupId, topic: r.topic, partition: r.partition });
    }
  }
  records.push({ kind: 'group-tombstone', groupId: group.groupId });
  return records;
}
