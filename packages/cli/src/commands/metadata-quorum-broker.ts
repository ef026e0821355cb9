/**
 * `metadata-quorum --bootstrap-server HOST:PORT`: DescribeQuorum through a broker (which forwards it to the controller
 * quorum), as kafka-metadata-quorum.sh --bootstrap-server does; the cluster id comes from DescribeCluster, since
 * DescribeQuorum does not carry it. Voter endpoints come from DescribeQuorum v2's nodes.
 */
import type { QuorumDescription, ReplicaDescription } from '@tributary/controller';
import { ApiKey, ErrorCode, errorName } from '@tributary/protocol';
import { KafkaConnection } from '../perf/kafka-connection.js';
import { apiVersions, parseHostPort, pickVersion } from '../perf/topic-leaders.js';

const METADATA_TOPIC = '__cluster_metadata';

interface WireReplica {
  replicaId: number;
  logEndOffset: bigint;
  lastFetchTimestamp: bigint;
  lastCaughtUpTimestamp: bigint;
}

async function withDeadline<T>(what: string, timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function describeQuorumViaBroker(bootstrapServer: string, timeoutMs: number): Promise<QuorumDescription> {
  const { host, port } = parseHostPort(bootstrapServer);
  const connection = await KafkaConnection.open(host, port, timeoutMs);
  try {
    const ranges = await withDeadline('ApiVersions', timeoutMs, apiVersions(connection));
    const cluster = await withDeadline(
      'DescribeCluster',
      timeoutMs,
      connection.send(ApiKey.DescribeCluster, pickVersion(ranges, ApiKey.DescribeCluster, 0, 1), {
        includeClusterAuthorizedOperations: false,
        endpointType: 1,
      }),
    );
    if (cluster.errorCode !== ErrorCode.NONE)
      throw new Error(`DescribeCluster failed: ${errorName(cluster.errorCode)}`);
    const version = pickVersion(ranges, ApiKey.DescribeQuorum, 0, 2);
    const response = await withDeadline(
      'DescribeQuorum',
      timeoutMs,
      connection.send(ApiKey.DescribeQuorum, version, {
        topics: [{ topicName: METADATA_TOPIC, partitions: [{ partitionIndex: 0 }] }],
      }),
    );
    const partition = response.topics?.[0]?.partitions?.[0];
    const errorCode = response.errorCode !== ErrorCode.NONE ? response.errorCode : partition?.errorCode;
    if (partition === undefined || errorCode !== ErrorCode.NONE) {
      throw new Error(`DescribeQuorum failed: ${errorName(errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR)}`);
    }
    const endpoints = new Map<number, { host: string; port: number }>(
      (response.nodes ?? []).flatMap((node: { nodeId: number; listeners: { host: string; port: number }[] }) =>
        node.listeners.length === 0
          ? []
          : [[node.nodeId, { host: node.listeners[0].host, port: node.listeners[0].port }]],
      ),
    );
    const replica = (r: WireReplica): ReplicaDescription => ({
      replicaId: r.replicaId,
      logEndOffset: Number(r.logEndOffset),
      lastFetchTimestamp: Number(r.lastFetchTimestamp),
      lastCaughtUpTimestamp: Number(r.lastCaughtUpTimestamp),
      endpoint: endpoints.get(r.replicaId) ?? null,
    });
    return {
      clusterId: cluster.clusterId,
      leaderId: partition.leaderId,
      leaderEpoch: partition.leaderEpoch,
      highWatermark: Number(partition.highWatermark),
      currentVoters: partition.currentVoters.map(replica),
      observers: partition.observers.map(replica),
      answeredBy: partition.leaderId,
    };
  } finally {
    connection.close();
  }
}
