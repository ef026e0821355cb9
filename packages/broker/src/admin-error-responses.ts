/**
 * Error responses (error code in every slot, Kafka's AbstractRequest.getErrorResponse) of the admin APIs in
 * alter-configs-handler.ts, elect-leaders-handler.ts, delete-records-handler.ts, describe-log-dirs-handler.ts and
 * describe-quorum-handler.ts, for error-responses.ts.
 */
import { ApiKey } from '@tributary/protocol';
import { describeQuorumError } from './describe-quorum-handler.js';

type Body = any;
type Builder = (request: Body, errorCode: number, errorMessage: string) => object | null;

const alterConfigsError: Builder = (r, errorCode, errorMessage) => ({
  throttleTimeMs: 0,
  responses: r.resources.map((res: Body) => ({
    errorCode,
    errorMessage,
    resourceType: res.resourceType,
    resourceName: res.resourceName,
  })),
});

export const ADMIN_BUILDERS: [number, Builder][] = [
  [ApiKey.IncrementalAlterConfigs, alterConfigsError],
  [ApiKey.AlterConfigs, alterConfigsError],
  [
    ApiKey.ElectLeaders,
    (r, errorCode, errorMessage) => ({
      throttleTimeMs: 0,
      errorCode,
      replicaElectionResults: (r.topicPartitions ?? []).map((t: Body) => ({
        topic: t.topic,
        partitionResult: t.partitions.map((partitionId: number) => ({ partitionId, errorCode, errorMessage })),
      })),
    }),
  ],
  [
    ApiKey.DeleteRecords,
    (r, errorCode) => ({
      throttleTimeMs: 0,
      topics: r.topics.map((t: Body) => ({
        name: t.name,
        partitions: t.partitions.map((p: Body) => ({ partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode })),
      })),
    }),
  ],
  [ApiKey.DescribeLogDirs, (_r, errorCode) => ({ throttleTimeMs: 0, errorCode, results: [] })],
  [ApiKey.DescribeQuorum, (r, errorCode, errorMessage) => describeQuorumError(r, errorCode, errorMessage)],
];
