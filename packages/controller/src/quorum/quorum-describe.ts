/**
 * Client side of `metadata-quorum describe`: ask any controller (a follower forwards to the leader) and format the
 * answer exactly like kafka-metadata-quorum.sh (Kafka 3.3-3.8 layout: no directory ids, since this quorum has
 * static voters without KIP-853 directory ids).
 */
import type { DescribeQuorumResponse } from '../generated/tributary/controller/DescribeQuorumResponse.js';
import type { ReplicaState__Output } from '../generated/tributary/controller/ReplicaState.js';
import { type ControllerRpcClient, ControllerRpcPool } from './controller-rpc-client.js';
import type { QuorumDescription, ReplicaDescription } from './quorum-description.js';
import { parseBootstrapControllers } from './quorum-voters.js';

export function descriptionToWire(description: QuorumDescription): DescribeQuorumResponse {
  const replica = (r: ReplicaDescription) => ({
    replicaId: r.replicaId,
    logEndOffset: r.logEndOffset,
    lastFetchTimestamp: r.lastFetchTimestamp,
    lastCaughtUpTimestamp: r.lastCaughtUpTimestamp,
    host: r.endpoint?.host ?? '',
    port: r.endpoint?.port ?? 0,
  });
  return {
    errorCode: 0,
    clusterId: description.clusterId,
    leaderId: description.leaderId,
    leaderEpoch: description.leaderEpoch,
    highWatermark: description.highWatermark,
    currentVoters: description.currentVoters.map(replica),
    observers: description.observers.map(replica),
    answeredBy: description.answeredBy,
  };
}

function replicaFromWire(r: ReplicaState__Output): ReplicaDescription {
  return {
    replicaId: r.replicaId,
    logEndOffset: Number(r.logEndOffset),
    lastFetchTimestamp: Number(r.lastFetchTimestamp),
    lastCaughtUpTimestamp: Number(r.lastCaughtUpTimestamp),
    endpoint: r.host === '' ? null : { host: r.host, port: r.port },
  };
}

/** One DescribeQuorum call. An empty clusterId is accepted by controllers for this read-only admin RPC. */
export async function describeQuorumAt(
  client: ControllerRpcClient,
  clusterId: string,
  timeoutMs: number,
  forwarded = false,
): Promise<QuorumDescription> {
  const wire = await client.call('DescribeQuorum', { clusterId, forwarded }, { timeoutMs });
  return {
    clusterId: wire.clusterId,
    leaderId: wire.leaderId,
    leaderEpoch: Number(wire.leaderEpoch),
    highWatermark: Number(wire.highWatermark),
    currentVoters: wire.currentVoters.map(replicaFromWire),
    observers: wire.observers.map(replicaFromWire),
    answeredBy: wire.answeredBy,
  };
}

export class NoControllerAnsweredError extends Error {
  readonly code = 'NO_CONTROLLER_ANSWERED';
  constructor(readonly tried: readonly { address: string; error: string }[]) {
    super(
      `no controller answered DescribeQuorum; tried ${tried.map((t) => `${t.address} (${t.error})`).join(', ') || 'nothing'}`,
    );
  }
}

/**
 * `--bootstrap-controller host:port[,host:port]` (voters syntax `id@host:port` works too): tries each address in
 * turn and returns the first answer; throws NoControllerAnsweredError naming every address tried.
 */
export async function describeQuorum(
  bootstrapControllers: string,
  options: { clusterId?: string; timeoutMs?: number } = {},
): Promise<QuorumDescription> {
  const pool = new ControllerRpcPool();
  const tried: { address: string; error: string }[] = [];
  try {
    for (const address of parseBootstrapControllers(bootstrapControllers)) {
      try {
        return await describeQuorumAt(pool.get(address), options.clusterId ?? '', options.timeoutMs ?? 5000);
      } catch (error) {
        tried.push({ address, error: (error as Error).message });
      }
    }
    throw new NoControllerAnsweredError(tried);
  } finally {
    pool.close();
  }
}

const label = (name: string) => name.padEnd(24);

function leaderOf(description: QuorumDescription): ReplicaDescription | undefined {
  return description.currentVoters.find((v) => v.replicaId === description.leaderId);
}

/** `describe --status` (MetadataQuorumCommand.handleDescribeStatus): labels padded to column 25. */
export function formatQuorumStatus(description: QuorumDescription): string {
  const leader = leaderOf(description);
  let maxFollowerLag = 0;
  let maxFollowerLagTimeMs = -1;
  if (leader !== undefined) {
    // The voter with the smallest log end offset; ties go to the leader, so a caught-up quorum reports 0.
    let laggard = leader;
    for (const voter of description.currentVoters) if (voter.logEndOffset < laggard.logEndOffset) laggard = voter;
    maxFollowerLag = leader.logEndOffset - laggard.logEndOffset;
    if (laggard === leader) maxFollowerLagTimeMs = 0;
    else if (leader.lastCaughtUpTimestamp >= 0 && laggard.lastCaughtUpTimestamp >= 0) {
      maxFollowerLagTimeMs = leader.lastCaughtUpTimestamp - laggard.lastCaughtUpTimestamp;
    }
  }
  const ids = (replicas: readonly ReplicaDescription[]) => `[${replicas.map((r) => r.replicaId).join(',')}]`;
  return [
    `${label('ClusterId:')}${description.clusterId}`,
    `${label('LeaderId:')}${description.leaderId}`,
    `${label('LeaderEpoch:')}${description.leaderEpoch}`,
    `${label('HighWatermark:')}${description.highWatermark}`,
    `${label('MaxFollowerLag:')}${maxFollowerLag}`,
    `${label('MaxFollowerLagTimeMs:')}${maxFollowerLagTimeMs}`,
    `${label('CurrentVoters:')}${ids(description.currentVoters)}`,
    `${label('CurrentObservers:')}${ids(description.observers)}`,
    '',
  ].join('\n');
}

/**
 * `describe --replication` (handleDescribeReplication + ToolsUtils.prettyPrintTable): every cell left-justified to
 * its column's width and followed by a tab; leader first, then followers, then observers.
 */
export function formatQuorumReplication(description: QuorumDescription): string {
  const leader = leaderOf(description);
  const leaderEnd = leader?.logEndOffset ?? 0;
  const row = (r: ReplicaDescription, status: string) => [
    String(r.replicaId),
    String(r.logEndOffset),
    String(Math.max(0, leaderEnd - r.logEndOffset)),
    String(r.lastFetchTimestamp),
    String(r.lastCaughtUpTimestamp),
    status,
  ];
  const rows = [['NodeId', 'LogEndOffset', 'Lag', 'LastFetchTimestamp', 'LastCaughtUpTimestamp', 'Status']];
  if (leader !== undefined) rows.push(row(leader, 'Leader'));
  for (const voter of description.currentVoters) if (voter !== leader) rows.push(row(voter, 'Follower'));
  for (const observer of description.observers) rows.push(row(observer, 'Observer'));
  const widths = rows[0].map((_, column) => Math.max(...rows.map((r) => r[column].length)));
  return rows.map((r) => `${r.map((cell, column) => `${cell.padEnd(widths[column])}\t`).join('')}\n`).join('');
}
