/**
 * When a handler fails unexpectedly, Kafka answers with the request's error response (AbstractRequest
 * .getErrorResponse): the error code in every slot the schema has for one. These builders do the same; an API
 * without such a slot (Metadata for all topics) returns null and the connection is closed instead.
 */
import { ApiKey, ZERO_UUID } from '@tributary/protocol';
import { ADMIN_BUILDERS } from './admin-error-responses.js';
import { partitionError } from './produce-handler.js';

type Body = any;
type Builder = (request: Body, errorCode: number, errorMessage: string) => object | null;

const noCoordinator = (errorCode: number, errorMessage: string) => ({
  errorCode,
  errorMessage,
  nodeId: -1,
  host: '',
  port: -1,
});
const offsetError = (errorCode: number) => (p: number) => ({
  partitionIndex: p,
  committedOffset: -1n,
  committedLeaderEpoch: -1,
  metadata: '',
  errorCode,
});

/** The group APIs' error bodies; fields of other versions are ignored by the encoder. */
const GROUP_BUILDERS: [number, Builder][] = [
  [
    ApiKey.FindCoordinator,
    (r, errorCode, errorMessage) => ({
      throttleTimeMs: 0,
      ...noCoordinator(errorCode, errorMessage),
      coordinators: r.coordinatorKeys.map((key: string) => ({ key, ...noCoordinator(errorCode, errorMessage) })),
    }),
  ],
  [
    ApiKey.JoinGroup,
    (r, errorCode) => ({
      throttleTimeMs: 0,
      errorCode,
      generationId: -1,
      protocolType: null,
      protocolName: '',
      leader: '',
      skipAssignment: false,
      memberId: r.memberId,
      members: [],
    }),
  ],
  [
    ApiKey.SyncGroup,
    (_r, errorCode) => ({
      throttleTimeMs: 0,
      errorCode,
      protocolType: null,
      protocolName: null,
      assignment: Buffer.alloc(0),
    }),
  ],
  [ApiKey.Heartbeat, (_r, errorCode) => ({ throttleTimeMs: 0, errorCode })],
  [ApiKey.LeaveGroup, (_r, errorCode) => ({ throttleTimeMs: 0, errorCode, members: [] })],
  [
    ApiKey.OffsetCommit,
    (r, errorCode) => ({
      throttleTimeMs: 0,
      topics: r.topics.map((t: Body) => ({
        name: t.name,
        partitions: partitionsOf(t.partitions, (p) => ({ partitionIndex: p.partitionIndex, errorCode })),
      })),
    }),
  ],
  [
    ApiKey.OffsetFetch,
    (r, errorCode) => ({
      throttleTimeMs: 0,
      errorCode,
      topics: (r.topics ?? []).map((t: Body) => ({
        name: t.name,
        partitions: t.partitionIndexes.map(offsetError(errorCode)),
      })),
      groups: r.groups.map((g: Body) => ({ groupId: g.groupId, topics: [], errorCode })),
    }),
  ],
  [ApiKey.OffsetDelete, (_r, errorCode) => ({ errorCode, throttleTimeMs: 0, topics: [] })],
  [
    ApiKey.DescribeGroups,
    (r, errorCode) => ({
      throttleTimeMs: 0,
      groups: r.groups.map((groupId: string) => ({
        errorCode,
        groupId,
        groupState: '',
        protocolType: '',
        protocolData: '',
        members: [],
        authorizedOperations: -2147483648,
      })),
    }),
  ],
  [ApiKey.ListGroups, (_r, errorCode) => ({ throttleTimeMs: 0, errorCode, groups: [] })],
  [
    ApiKey.DeleteGroups,
    (r, errorCode) => ({
      throttleTimeMs: 0,
      results: r.groupsNames.map((groupId: string) => ({ groupId, errorCode })),
    }),
  ],
];

const partitionsOf = (partitions: Body[], build: (p: Body) => object) => partitions.map(build);

const BUILDERS = new Map<number, Builder>([
  [
    ApiKey.Produce,
    (r, errorCode, errorMessage) => ({
      responses: r.topicData.map((t: Body) => ({
        name: t.name,
        partitionResponses: partitionsOf(t.partitionData, (p) => partitionError(p.index, errorCode, errorMessage)),
      })),
      throttleTimeMs: 0,
    }),
  ],
  [
    ApiKey.Fetch,
    (r, errorCode) => ({
      throttleTimeMs: 0,
      errorCode,
      sessionId: 0,
      responses: r.topics.map((t: Body) => ({
        topic: t.topic,
        topicId: t.topicId ?? ZERO_UUID,
        partitions: partitionsOf(t.partitions, (p) => ({
          partitionIndex: p.partition,
          errorCode,
          highWatermark: -1n,
          lastStableOffset: -1n,
          logStartOffset: -1n,
          abortedTransactions: null,
          preferredReadReplica: -1,
          records: Buffer.alloc(0),
        })),
      })),
    }),
  ],
  [
    ApiKey.ListOffsets,
    (r, errorCode) => ({
      throttleTimeMs: 0,
      topics: r.topics.map((t: Body) => ({
        name: t.name,
        partitions: partitionsOf(t.partitions, (p) => ({
          partitionIndex: p.partitionIndex,
          errorCode,
          oldStyleOffsets: [],
          timestamp: -1n,
          offset: -1n,
          leaderEpoch: -1,
        })),
      })),
    }),
  ],
  [
    ApiKey.Metadata,
    (r, errorCode) =>
      r.topics === null || r.topics.length === 0
        ? null
        : {
            throttleTimeMs: 0,
            brokers: [],
            clusterId: null,
            controllerId: -1,
            topics: r.topics.map((t: Body) => ({
              errorCode,
              name: t.name,
              topicId: t.topicId ?? ZERO_UUID,
              isInternal: false,
              partitions: [],
            })),
          },
  ],
  [
    ApiKey.CreateTopics,
    (r, errorCode, errorMessage) => ({
      throttleTimeMs: 0,
      topics: r.topics.map((t: Body) => ({
        name: t.name,
        topicId: ZERO_UUID,
        errorCode,
        errorMessage,
        numPartitions: -1,
        replicationFactor: -1,
        configs: null,
      })),
    }),
  ],
  [
    ApiKey.DeleteTopics,
    (r, errorCode, errorMessage) => ({
      throttleTimeMs: 0,
      responses: [
        ...r.topicNames.map((name: string) => ({ name, topicId: ZERO_UUID, errorCode, errorMessage })),
        ...r.topics.map((t: Body) => ({ name: t.name, topicId: t.topicId, errorCode, errorMessage })),
      ],
    }),
  ],
  [
    ApiKey.CreatePartitions,
    (r, errorCode, errorMessage) => ({
      throttleTimeMs: 0,
      results: r.topics.map((t: Body) => ({ name: t.name, errorCode, errorMessage })),
    }),
  ],
  [
    ApiKey.DescribeConfigs,
    (r, errorCode, errorMessage) => ({
      throttleTimeMs: 0,
      results: r.resources.map((res: Body) => ({
        errorCode,
        errorMessage,
        resourceType: res.resourceType,
        resourceName: res.resourceName,
        configs: [],
      })),
    }),
  ],
  [
    ApiKey.DescribeCluster,
    (_r, errorCode, errorMessage) => ({
      throttleTimeMs: 0,
      errorCode,
      errorMessage,
      clusterId: '',
      controllerId: -1,
      brokers: [],
    }),
  ],
  [ApiKey.InitProducerId, (_r, errorCode) => ({ throttleTimeMs: 0, errorCode, producerId: -1n, producerEpoch: -1 })],
  [ApiKey.ApiVersions, (_r, errorCode) => ({ errorCode, apiKeys: [], throttleTimeMs: 0 })],
  ...GROUP_BUILDERS,
  ...ADMIN_BUILDERS,
]);

/** The error response for `request`, or null when the API has no place for an error code. */
export function errorResponse(apiKey: number, request: Body, errorCode: number, errorMessage: string): object | null {
  const build = BUILDERS.get(apiKey);
  return build === undefined ? null : build(request, errorCode, errorMessage);
}
