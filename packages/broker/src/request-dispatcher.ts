/**
 * Turns one request frame into one outcome: decode the header, route to the handler of the API, encode the
 * response. Client input never crashes the broker: undecodable frames, unknown APIs and unsupported versions
 * close the connection with a log line (Kafka's behaviour), except ApiVersions, which answers an unknown version
 * with a v0 body carrying UNSUPPORTED_VERSION and its own supported range (KIP-511).
 */
import {
  ApiKey,
  decodeRequest,
  decodeRequestHeader,
  ErrorCode,
  encodeResponse,
  encodeResponseChunks,
  type ProduceRequest,
} from '@tributary/protocol';
import { handleCreatePartitions, handleCreateTopics, handleDeleteTopics } from './admin-handlers.js';
import { handleAlterConfigs, handleIncrementalAlterConfigs } from './alter-configs-handler.js';
import { handleApiVersions } from './api-versions-handler.js';
import type { BrokerContext } from './broker-context.js';
import type { ConnectionInfo } from './connection.js';
import { handleDeleteRecords } from './delete-records-handler.js';
import { handleDescribeCluster } from './describe-cluster-handler.js';
import { handleDescribeConfigs } from './describe-configs-handler.js';
import { handleDescribeLogDirs } from './describe-log-dirs-handler.js';
import { handleDescribeQuorum } from './describe-quorum-handler.js';
import { handleElectLeaders } from './elect-leaders-handler.js';
import { errorCodeOf } from './error-mapping.js';
import { errorResponse } from './error-responses.js';
import { handleFetch } from './fetch-handler.js';
import {
  handleDeleteGroups,
  handleDescribeGroups,
  handleFindCoordinator,
  handleListGroups,
} from './group/group-admin-handlers.js';
import { handleHeartbeat, handleJoinGroup, handleLeaveGroup, handleSyncGroup } from './group/membership-handlers.js';
import { handleOffsetCommit, handleOffsetDelete, handleOffsetFetch } from './group/offset-handlers.js';
import type { RequestInfo } from './group/request-info.js';
import { handleInitProducerId } from './init-producer-id-handler.js';
import { handleListOffsets } from './list-offsets-handler.js';
import { handleMetadata } from './metadata-handler.js';
import { handleOffsetForLeaderEpoch } from './offset-for-leader-epoch-handler.js';
import { handleProduce } from './produce-handler.js';
import type { RequestOutcome } from './response-queue.js';
import { isAdvertised, supportedRange } from './supported-apis.js';

type Handler = (ctx: BrokerContext, body: any, apiVersion: number, info: RequestInfo) => Promise<object>;

const HANDLERS = new Map<number, Handler>([
  [ApiKey.Metadata, handleMetadata],
  [ApiKey.Fetch, handleFetch],
  [ApiKey.ListOffsets, handleListOffsets],
  [ApiKey.CreateTopics, handleCreateTopics],
  [ApiKey.DeleteTopics, handleDeleteTopics],
  [ApiKey.CreatePartitions, handleCreatePartitions],
  [ApiKey.DescribeConfigs, handleDescribeConfigs],
  [ApiKey.DescribeCluster, (ctx) => handleDescribeCluster(ctx)],
  [ApiKey.InitProducerId, handleInitProducerId],
  [ApiKey.OffsetForLeaderEpoch, handleOffsetForLeaderEpoch],
  [ApiKey.ApiVersions, async () => handleApiVersions()],
  [ApiKey.FindCoordinator, handleFindCoordinator],
  [ApiKey.JoinGroup, handleJoinGroup],
  [ApiKey.SyncGroup, handleSyncGroup],
  [ApiKey.Heartbeat, handleHeartbeat],
  [ApiKey.LeaveGroup, handleLeaveGroup],
  [ApiKey.OffsetCommit, handleOffsetCommit],
  [ApiKey.OffsetFetch, handleOffsetFetch],
  [ApiKey.OffsetDelete, handleOffsetDelete],
  [ApiKey.DescribeGroups, handleDescribeGroups],
  [ApiKey.ListGroups, handleListGroups],
  [ApiKey.DeleteGroups, handleDeleteGroups],
  [ApiKey.IncrementalAlterConfigs, handleIncrementalAlterConfigs],
  [ApiKey.AlterConfigs, handleAlterConfigs],
  [ApiKey.ElectLeaders, handleElectLeaders],
  [ApiKey.DeleteRecords, handleDeleteRecords],
  [ApiKey.DescribeLogDirs, handleDescribeLogDirs],
  [ApiKey.DescribeQuorum, handleDescribeQuorum],
]);

/** Kafka records a client's host as "/address" (InetAddress.toString without a host name). */
function clientHostOf(remoteAddress: string): string {
  const colon = remoteAddress.lastIndexOf(':');
  return `/${colon < 0 ? remoteAddress : remoteAddress.slice(0, colon)}`;
}

const close = (reason: string): RequestOutcome => ({ kind: 'close', reason });

export async function dispatchRequest(
  ctx: BrokerContext,
  frame: Buffer,
  connection: ConnectionInfo,
): Promise<RequestOutcome> {
  if (frame.length < 8) return close(`request of ${frame.length} bytes is too short for a header`);
  const apiKey = frame.readInt16BE(0);
  const apiVersion = frame.readInt16BE(2);
  const correlationId = frame.readInt32BE(4);
  if (apiKey === ApiKey.ApiVersions && !isAdvertised(apiKey, apiVersion)) {
    // KIP-511: do not parse the body; answer in v0 so any client version can read it.
    const range = supportedRange(ApiKey.ApiVersions)!;
    const body = { errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: [range], throttleTimeMs: 0 };
    return { kind: 'response', frame: encodeResponse(ApiKey.ApiVersions, 0, correlationId, body) };
  }
  if (!isAdvertised(apiKey, apiVersion)) {
    return close(`unsupported request api key ${apiKey} version ${apiVersion} from ${connection.remoteAddress}`);
  }
  let header: ReturnType<typeof decodeRequestHeader>;
  let body: unknown;
  try {
    header = decodeRequestHeader(frame);
    body = decodeRequest(apiKey, apiVersion, frame, header.headerBytes);
  } catch (err) {
    return close(`undecodable request api key ${apiKey} version ${apiVersion}: ${(err as Error).message}`);
  }
  let response: object;
  try {
    if (apiKey === ApiKey.Produce) {
      const outcome = await handleProduce(ctx, body as ProduceRequest, apiVersion);
      if ((body as ProduceRequest).acks === 0) {
        // acks=0 gets no response; an error can only be signalled by closing (KafkaApis.handleProduceRequest).
        return outcome.anyError ? close('error in an acks=0 produce request') : { kind: 'none' };
      }
      response = outcome.response;
    } else {
      const info = { clientId: header.clientId ?? '', clientHost: clientHostOf(connection.remoteAddress) };
      response = await HANDLERS.get(apiKey)!(ctx, body, apiVersion, info);
    }
  } catch (err) {
    const errorCode = errorCodeOf(err, ErrorCode.UNKNOWN_SERVER_ERROR);
    ctx.logger.warn({ err, apiKey, apiVersion, clientId: header.clientId }, 'request handler failed');
    const fallback = errorResponse(apiKey, body, errorCode, (err as Error)?.message ?? String(err));
    if (fallback === null || (apiKey === ApiKey.Produce && (body as ProduceRequest).acks === 0)) {
      return close(`request handler failed: ${(err as Error)?.message ?? String(err)}`);
    }
    response = fallback;
  }
  return { kind: 'response', frame: encodeResponseChunks(apiKey, apiVersion, correlationId, response) };
}
