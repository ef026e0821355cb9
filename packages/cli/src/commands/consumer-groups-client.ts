/**
 * The wire-protocol side of `tributary consumer-groups`: what Kafka's Admin client does for
 * kafka-consumer-groups.sh, with only FindCoordinator, ListGroups, DescribeGroups, OffsetFetch, OffsetCommit,
 * ListOffsets, DeleteGroups, OffsetDelete and Metadata. Group requests go to the group's coordinator and are
 * retried (re-finding it) on the coordinator errors Kafka's client retries, until the command's timeout.
 */
import {
  ApiKey,
  type ConsumerProtocolAssignment,
  ConsumerProtocolAssignmentSchema,
  decodeMessage,
  ErrorCode,
  errorName,
} from '@tributary/protocol';
import { KafkaConnection } from '../perf/kafka-connection.js';
import { type ApiVersionRanges, apiVersions, parseHostPort, pickVersion } from '../perf/topic-leaders.js';

export interface BrokerNode {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** Map key of a topic partition. */
export const tpKey = (tp: TopicPartition): string => `${tp.topic}\u0000${tp.partition}`;

export interface ListedGroup {
  readonly groupId: string;
  readonly protocolType: string;
  /** Empty when the broker's ListGroups is older than v4. */
  readonly groupState: string;
  /** `classic`/`consumer` (ListGroups v5+); empty from older brokers. */
  readonly groupType: string;
}

export interface DescribedMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  /** The partitions of the member's assignment (consumer protocol groups only). */
  readonly assignment: readonly TopicPartition[];
}

export interface DescribedGroup {
  readonly groupId: string;
  readonly coordinator: BrokerNode;
  readonly state: string;
  readonly protocolType: string;
  /** The chosen protocol, i.e. the partition assignor for consumer groups; '' when none. */
  readonly protocol: string;
  readonly members: readonly DescribedMember[];
}

export interface CommittedOffset {
  readonly offset: bigint;
  /** -1 when none was committed. */
  readonly leaderEpoch: number;
}

export interface TopicMetadata {
  readonly errorCode: number;
  readonly partitions: readonly { partition: number; leader: number }[];
}

/** A Kafka error code a command reports to the user (Kafka's tool shows the matching exception). */
export class KafkaResponseError extends Error {
  constructor(readonly errorCode: number) {
    super(errorName(errorCode));
  }
}

/** A mistake in the arguments: Kafka prints it with the usage and exits 1. */
export class ConsumerGroupsUsageError extends Error {}

/** Coordinator answers after which Kafka's client finds the coordinator again and retries. */
const COORDINATOR_RETRIABLE = new Set<number>([
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
]);
const RETRY_BACKOFF_MS = 100;
const LIST_OFFSETS_LATEST = -1n;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Longest wait for one response (Kafka's request.timeout.ms default): a broker that never answers fails the command. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** One request on `connection`, failed after REQUEST_TIMEOUT_MS. */
async function send(connection: KafkaConnection, apiKey: number, version: number, body: object): Promise<any> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no response to API ${apiKey} v${version} within ${REQUEST_TIMEOUT_MS} ms`)),
      REQUEST_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([connection.send(apiKey, version, body), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Session {
  readonly connection: KafkaConnection;
  readonly ranges: ApiVersionRanges;
}

export class ConsumerGroupsClient {
  /** One connection per broker, opened on first use. */
  private readonly sessions = new Map<number, Promise<Session>>();

  private constructor(
    private readonly bootstrap: Session,
    private readonly timeoutMs: number,
  ) {}

  static async connect(bootstrapServer: string, timeoutMs: number): Promise<ConsumerGroupsClient> {
    const { host, port } = parseHostPort(bootstrapServer);
    const connection = await KafkaConnection.open(host, port);
    try {
      return new ConsumerGroupsClient({ connection, ranges: await apiVersions(connection) }, timeoutMs);
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  close(): void {
    this.bootstrap.connection.close();
    for (const session of this.sessions.values())
      session.then(
        (s) => s.connection.close(),
        () => undefined,
      );
  }

  /** Brokers and, for `topics` (null = all), partitions with their leaders. */
  async metadata(
    topics: readonly string[] | null,
  ): Promise<{ brokers: Map<number, BrokerNode>; topics: Map<string, TopicMetadata> }> {
    const { connection, ranges } = this.bootstrap;
    const version = pickVersion(ranges, ApiKey.Metadata, 1, 12);
    const response = await send(connection, ApiKey.Metadata, version, {
      topics: topics === null ? null : topics.map((name) => ({ name })),
      allowAutoTopicCreation: false,
    });
    const brokers = new Map<number, BrokerNode>(
      response.brokers.map((b: BrokerNode) => [b.nodeId, { nodeId: b.nodeId, host: b.host, port: b.port }]),
    );
    const result = new Map<string, TopicMetadata>();
    for (const t of response.topics) {
      if (t.name === null) continue;
      result.set(t.name, {
        errorCode: t.errorCode,
        partitions: t.partitions
          .map((p: { partitionIndex: number; leaderId: number }) => ({
            partition: p.partitionIndex,
            leader: p.leaderId,
          }))
          .sort((a: { partition: number }, b: { partition: number }) => a.partition - b.partition),
      });
    }
    return { brokers, topics: result };
  }

  /** Every group of the cluster: ListGroups goes to every broker, each answering for the groups it coordinates. */
  async listGroups(): Promise<ListedGroup[]> {
    const { brokers } = await this.metadata([]);
    const groups: ListedGroup[] = [];
    for (const broker of brokers.values()) {
      const { connection, ranges } = await this.session(broker);
      const version = pickVersion(ranges, ApiKey.ListGroups, 0, 5);
      const response = await send(connection, ApiKey.ListGroups, version, { statesFilter: [], typesFilter: [] });
      if (response.errorCode !== ErrorCode.NONE) throw new KafkaResponseError(response.errorCode);
      for (const g of response.groups) {
        groups.push({
          groupId: g.groupId,
          protocolType: g.protocolType,
          groupState: g.groupState ?? '',
          groupType: g.groupType ?? '',
        });
      }
    }
    return groups;
  }

  async findCoordinator(groupId: string): Promise<BrokerNode> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const { connection, ranges } = this.bootstrap;
      const version = pickVersion(ranges, ApiKey.FindCoordinator, 0, 6);
      const response = await send(connection, ApiKey.FindCoordinator, version, {
        key: groupId,
        keyType: 0,
        coordinatorKeys: [groupId],
      });
      const answer = version >= 4 ? response.coordinators[0] : response;
      if (answer.errorCode === ErrorCode.NONE) return { nodeId: answer.nodeId, host: answer.host, port: answer.port };
      if (!COORDINATOR_RETRIABLE.has(answer.errorCode) || Date.now() >= deadline) {
        throw new KafkaResponseError(answer.errorCode);
      }
      await sleep(RETRY_BACKOFF_MS);
    }
  }

  async describeGroup(groupId: string): Promise<DescribedGroup> {
    return this.withCoordinator(groupId, async (session, coordinator) => {
      const version = pickVersion(session.ranges, ApiKey.DescribeGroups, 0, 5);
      const response = await send(session.connection, ApiKey.DescribeGroups, version, {
        groups: [groupId],
        includeAuthorizedOperations: false,
      });
      const g = response.groups[0];
      const consumer = g.protocolType === 'consumer';
      return {
        errorCode: g.errorCode,
        value: {
          groupId,
          coordinator,
          state: g.groupState,
          protocolType: g.protocolType,
          protocol: g.protocolData,
          members: g.members.map((m: any) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId ?? null,
            clientId: m.clientId,
            clientHost: m.clientHost,
            assignment: consumer ? decodeAssignment(m.memberAssignment) : [],
          })),
        },
      };
    });
  }

  /** The group's committed offsets (all partitions it has one for). */
  async fetchOffsets(groupId: string): Promise<Map<string, CommittedOffset & TopicPartition>> {
    return this.withCoordinator(groupId, async (session) => {
      const version = pickVersion(session.ranges, ApiKey.OffsetFetch, 2, 9);
      const batched = version >= 8;
      const body = batched
        ? { groups: [{ groupId, memberId: null, memberEpoch: -1, topics: null }], requireStable: true }
        : { groupId, topics: null, requireStable: true };
      const response = await send(session.connection, ApiKey.OffsetFetch, version, body);
      const group = batched ? response.groups[0] : response;
      const offsets = new Map<string, CommittedOffset & TopicPartition>();
      for (const t of group.topics) {
        for (const p of t.partitions) {
          // Kafka's Admin drops partitions answered with an error; -1 means no committed offset.
          if (p.errorCode !== ErrorCode.NONE || p.committedOffset < 0n) continue;
          const tp = { topic: t.name, partition: p.partitionIndex };
          offsets.set(tpKey(tp), { ...tp, offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch ?? -1 });
        }
      }
      return { errorCode: group.errorCode, value: offsets };
    });
  }

  /** Commits `offsets` as an admin (no generation, no member); returns the error code per partition. */
  async commitOffsets(
    groupId: string,
    offsets: readonly (TopicPartition & { offset: bigint })[],
  ): Promise<Map<string, number>> {
    return this.withCoordinator(groupId, async (session) => {
      const version = pickVersion(session.ranges, ApiKey.OffsetCommit, 2, 9);
      const response = await send(session.connection, ApiKey.OffsetCommit, version, {
        groupId,
        generationIdOrMemberEpoch: -1,
        memberId: '',
        groupInstanceId: null,
        retentionTimeMs: -1n,
        topics: groupByTopic(offsets).map(([name, partitions]) => ({
          name,
          partitions: partitions.map((p) => ({
            partitionIndex: p.partition,
            committedOffset: p.offset,
            committedLeaderEpoch: -1,
            commitTimestamp: -1n,
            committedMetadata: '',
          })),
        })),
      });
      const errors = new Map<string, number>();
      let retriable = ErrorCode.NONE;
      for (const t of response.topics) {
        for (const p of t.partitions) {
          errors.set(tpKey({ topic: t.name, partition: p.partitionIndex }), p.errorCode);
          if (COORDINATOR_RETRIABLE.has(p.errorCode)) retriable = p.errorCode;
        }
      }
      return { errorCode: retriable, value: errors };
    });
  }

  async deleteGroup(groupId: string): Promise<number> {
    try {
      return await this.withCoordinator(groupId, async (session) => {
        const version = pickVersion(session.ranges, ApiKey.DeleteGroups, 0, 2);
        const response = await send(session.connection, ApiKey.DeleteGroups, version, { groupsNames: [groupId] });
        const errorCode = response.results[0]?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
        return { errorCode, value: ErrorCode.NONE };
      });
    } catch (error) {
      if (error instanceof KafkaResponseError) return error.errorCode;
      throw error;
    }
  }

  /** OffsetDelete: the group-level error code and one per partition. */
  async deleteOffsets(
    groupId: string,
    partitions: readonly TopicPartition[],
  ): Promise<{ errorCode: number; partitions: Map<string, number> }> {
    try {
      return await this.withCoordinator(groupId, async (session) => {
        const version = pickVersion(session.ranges, ApiKey.OffsetDelete, 0, 0);
        const response = await send(session.connection, ApiKey.OffsetDelete, version, {
          groupId,
          topics: groupByTopic(partitions).map(([name, ps]) => ({
            name,
            partitions: ps.map((p) => ({ partitionIndex: p.partition })),
          })),
        });
        const errors = new Map<string, number>();
        for (const t of response.topics) {
          for (const p of t.partitions) errors.set(tpKey({ topic: t.name, partition: p.partitionIndex }), p.errorCode);
        }
        return { errorCode: response.errorCode, value: { errorCode: response.errorCode, partitions: errors } };
      });
    } catch (error) {
      if (error instanceof KafkaResponseError) return { errorCode: error.errorCode, partitions: new Map() };
      throw error;
    }
  }

  /**
   * ListOffsets (`timestamp` -1 latest, -2 earliest) at each partition's leader. Partitions without a leader or
   * answered with an error are left out, as Kafka's Admin leaves them unknown.
   */
  async listOffsets(partitions: readonly TopicPartition[], timestamp: bigint): Promise<Map<string, bigint>> {
    const topics = [...new Set(partitions.map((p) => p.topic))];
    const { brokers, topics: metadata } = await this.metadata(topics);
    const byLeader = new Map<number, TopicPartition[]>();
    for (const tp of partitions) {
      const leader = metadata.get(tp.topic)?.partitions.find((p) => p.partition === tp.partition)?.leader ?? -1;
      if (!brokers.has(leader)) continue;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), tp]);
    }
    const offsets = new Map<string, bigint>();
    for (const [leader, owned] of byLeader) {
      const session = await this.session(brokers.get(leader)!);
      const version = pickVersion(session.ranges, ApiKey.ListOffsets, 1, 7);
      const response = await send(session.connection, ApiKey.ListOffsets, version, {
        replicaId: -1,
        isolationLevel: 0,
        topics: groupByTopic(owned).map(([name, ps]) => ({
          name,
          partitions: ps.map((p) => ({ partitionIndex: p.partition, currentLeaderEpoch: -1, timestamp })),
        })),
      });
      for (const t of response.topics) {
        for (const p of t.partitions) {
          if (p.errorCode === ErrorCode.NONE)
            offsets.set(tpKey({ topic: t.name, partition: p.partitionIndex }), p.offset);
        }
      }
    }
    return offsets;
  }

  logEndOffsets(partitions: readonly TopicPartition[]): Promise<Map<string, bigint>> {
    return this.listOffsets(partitions, LIST_OFFSETS_LATEST);
  }

  /**
   * Runs `request` against the group's coordinator; a coordinator error makes it find the coordinator again and
   * retry until the timeout. Any other error code is thrown as a KafkaResponseError.
   */
  private async withCoordinator<T>(
    groupId: string,
    request: (session: Session, coordinator: BrokerNode) => Promise<{ errorCode: number; value: T }>,
  ): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const coordinator = await this.findCoordinator(groupId);
      const { errorCode, value } = await request(await this.session(coordinator), coordinator);
      if (errorCode === ErrorCode.NONE) return value;
      if (!COORDINATOR_RETRIABLE.has(errorCode) || Date.now() >= deadline) throw new KafkaResponseError(errorCode);
      await sleep(RETRY_BACKOFF_MS);
    }
  }

  private session(broker: BrokerNode): Promise<Session> {
    let session = this.sessions.get(broker.nodeId);
    if (session === undefined) {
      session = (async () => {
        const connection = await KafkaConnection.open(broker.host, broker.port);
        return { connection, ranges: await apiVersions(connection) };
      })();
      // A failed connect is not cached: the next request tries again.
      session.catch(() => this.sessions.delete(broker.nodeId));
      this.sessions.set(broker.nodeId, session);
    }
    return session;
  }
}

/** The partitions of a ConsumerProtocolAssignment (int16 version, then the struct); none if undecodable. */
export function decodeAssignment(bytes: Buffer | null): TopicPartition[] {
  if (bytes === null || bytes.length < 2) return [];
  const version = Math.min(bytes.readInt16BE(0), 3);
  try {
    const assignment = decodeMessage<ConsumerProtocolAssignment>(ConsumerProtocolAssignmentSchema, version, bytes, 2);
    return assignment.assignedPartitions.flatMap((t) =>
      t.partitions.map((partition) => ({ topic: t.topic, partition })),
    );
  } catch {
    return [];
  }
}

function groupByTopic<T extends TopicPartition>(partitions: readonly T[]): [string, T[]][] {
  const byTopic = new Map<string, T[]>();
  for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
  return [...byTopic];
}
