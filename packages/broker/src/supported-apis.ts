/**
 * The APIs and version ranges this broker implements and therefore advertises in ApiVersions
 * (ranges from /work/shared/reference/kafka-protocol-notes.md table 1.2). The classic group APIs cover every
 * client there: librdkafka needs FindCoordinator and JoinGroup v0 in range, kafka-python uses OffsetCommit v2 and
 * OffsetFetch v1, Java 3.9 goes up to FindCoordinator v6 / JoinGroup v9 / OffsetCommit and OffsetFetch v9.
 * KIP-848 (ConsumerGroupHeartbeat) and transactions (TxnOffsetCommit) are not implemented, so not advertised.
 */
import { ApiKey } from '@tributary/protocol';

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export const SUPPORTED_APIS: readonly ApiVersionRange[] = Object.freeze([
  // Produce min 0 is advertised for librdkafka <= 2.10 (KAFKA-18659); v0-2 are answered UNSUPPORTED_VERSION.
  { apiKey: ApiKey.Produce, minVersion: 0, maxVersion: 11 },
  { apiKey: ApiKey.Fetch, minVersion: 4, maxVersion: 17 },
  { apiKey: ApiKey.ListOffsets, minVersion: 1, maxVersion: 9 },
  { apiKey: ApiKey.Metadata, minVersion: 0, maxVersion: 12 },
  { apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: 4 },
  { apiKey: ApiKey.CreateTopics, minVersion: 2, maxVersion: 7 },
  { apiKey: ApiKey.DeleteTopics, minVersion: 1, maxVersion: 6 },
  { apiKey: ApiKey.InitProducerId, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.DescribeConfigs, minVersion: 1, maxVersion: 4 },
  { apiKey: ApiKey.CreatePartitions, minVersion: 0, maxVersion: 3 },
  { apiKey: ApiKey.DescribeCluster, minVersion: 0, maxVersion: 1 },
  { apiKey: ApiKey.OffsetForLeaderEpoch, minVersion: 2, maxVersion: 4 },
  { apiKey: ApiKey.OffsetCommit, minVersion: 0, maxVersion: 9 },
  { apiKey: ApiKey.OffsetFetch, minVersion: 0, maxVersion: 9 },
  { apiKey: ApiKey.FindCoordinator, minVersion: 0, maxVersion: 6 },
  { apiKey: ApiKey.JoinGroup, minVersion: 0, maxVersion: 9 },
  { apiKey: ApiKey.Heartbeat, minVersion: 0, maxVersion: 4 },
  { apiKey: ApiKey.LeaveGroup, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.SyncGroup, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.DescribeGroups, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.ListGroups, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.DeleteGroups, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.OffsetDelete, minVersion: 0, maxVersion: 0 },
  // Admin APIs: the full ranges of Kafka 4.1's message definitions.
  { apiKey: ApiKey.DeleteRecords, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.AlterConfigs, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.DescribeLogDirs, minVersion: 0, maxVersion: 4 },
  { apiKey: ApiKey.ElectLeaders, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.IncrementalAlterConfigs, minVersion: 0, maxVersion: 1 },
  { apiKey: ApiKey.DescribeQuorum, minVersion: 0, maxVersion: 2 },
]);

const byKey = new Map(SUPPORTED_APIS.map((r) => [r.apiKey, r]));

export function supportedRange(apiKey: number): ApiVersionRange | undefined {
  return byKey.get(apiKey);
}

export function isAdvertised(apiKey: number, apiVersion: number): boolean {
  const range = byKey.get(apiKey);
  return range !== undefined && apiVersion >= range.minVersion && apiVersion <= range.maxVersion;
}
