/**
 * The Controller gRPC service's handlers: refuse a foreign cluster id (FAILED_PRECONDITION + log line), convert the
 * wire messages, and call the QuorumController, which answers or forwards to the active controller.
 */
import * as grpc from '@grpc/grpc-js';
import type { BrokerSessionEvent } from '../generated/tributary/controller/BrokerSessionEvent.js';
import type { BrokerSessionRequest__Output } from '../generated/tributary/controller/BrokerSessionRequest.js';
import type { ControllerHandlers } from '../generated/tributary/controller/Controller.js';
import {
  alterConfigsResourceFromWire,
  alterConfigsResultToWire,
  electLeadersResultToWire,
} from './admin-wire-convert.js';
import { FORWARDED_HEADER } from './controller-rpc-client.js';
import type { QuorumController } from './quorum-controller.js';
import { descriptionToWire } from './quorum-describe.js';
import {
  alterPartitionFromWire,
  creatableTopicFromWire,
  createPartitionsResultToWire,
  createPartitionsTopicFromWire,
  createTopicResultToWire,
  deleteTopicResultToWire,
  heartbeatFromWire,
  registrationFromWire,
  registrationResponseToWire,
} from './wire-convert.js';

type Call<Request> = grpc.ServerUnaryCall<Request, unknown>;

export function controllerHandlers(controller: QuorumController): ControllerHandlers {
  const unary =
    <Request extends { clusterId: string }, Response>(
      rpc: string,
      handle: (request: Request, forwarded: boolean) => Promise<Response>,
      anonymous = false,
    ): grpc.handleUnaryCall<Request, Response> =>
    (call, callback) => {
      const request = call.request;
      // Read-only admin tools (metadata-quorum describe) may not know the cluster id: an empty one is allowed there.
      const anonymousOk = anonymous && request.clusterId === '';
      if (request.clusterId !== controller.clusterId && !anonymousOk) {
        controller.logger.warn(
          { rpc, clusterId: request.clusterId, peer: call.getPeer() },
          'refused: foreign cluster id',
        );
        callback({
          code: grpc.status.FAILED_PRECONDITION,
          details: `cluster id ${JSON.stringify(request.clusterId)} does not match ${controller.clusterId}`,
        });
        return;
      }
      const forwarded = (call as Call<Request>).metadata.get(FORWARDED_HEADER).length > 0;
      // Conversion errors (a malformed int64 string, an out-of-range enum) surface as INVALID_ARGUMENT, never as a
      // throw out of the handler.
      let pending: Promise<Response>;
      try {
        pending = handle(request, forwarded);
      } catch (error) {
        controller.logger.warn({ rpc, err: (error as Error).message }, 'refused malformed controller rpc');
        callback({ code: grpc.status.INVALID_ARGUMENT, details: (error as Error).message });
        return;
      }
      pending.then(
        (response) => callback(null, response),
        (error: Error) => {
          controller.logger.error({ rpc, err: error }, 'controller rpc failed');
          callback({ code: grpc.status.INTERNAL, details: error.message });
        },
      );
    };

  return {
    BrokerRegistration: unary('BrokerRegistration', async (request, forwarded) =>
      registrationResponseToWire(await controller.registerBroker(registrationFromWire(request), forwarded)),
    ),
    BrokerHeartbeat: unary('BrokerHeartbeat', (request, forwarded) =>
      controller.brokerHeartbeat(heartbeatFromWire(request), forwarded),
    ),
    FetchMetadata: unary('FetchMetadata', (request) =>
      controller.fetchMetadata({
        replicaId: request.replicaId,
        fromIndex: Number(request.fromIndex),
        maxWaitMs: request.maxWaitMs,
        maxBytes: request.maxBytes,
      }),
    ),
    CreateTopics: unary('CreateTopics', async (request, forwarded) => {
      const results = await controller.createTopics(
        request.topics.map(creatableTopicFromWire),
        { validateOnly: request.validateOnly },
        forwarded,
      );
      return { errorCode: requestError(results), results: results.map(createTopicResultToWire) };
    }),
    DeleteTopics: unary('DeleteTopics', async (request, forwarded) => {
      const results = await controller.deleteTopics(request.names, forwarded);
      return { errorCode: requestError(results), results: results.map(deleteTopicResultToWire) };
    }),
    CreatePartitions: unary('CreatePartitions', async (request, forwarded) => {
      const results = await controller.createPartitions(
        request.topics.map(createPartitionsTopicFromWire),
        { validateOnly: request.validateOnly },
        forwarded,
      );
      return { errorCode: requestError(results), results: results.map(createPartitionsResultToWire) };
    }),
    AlterPartition: unary('AlterPartition', (request, forwarded) =>
      controller.alterPartition(alterPartitionFromWire(request), forwarded),
    ),
    AlterConfigs: unary('AlterConfigs', async (request, forwarded) => {
      const resources = request.resources.map(alterConfigsResourceFromWire);
      const options = { validateOnly: request.validateOnly };
      const results = request.replace
        ? await controller.alterConfigs(resources, options, forwarded)
        : await controller.incrementalAlterConfigs(resources, options, forwarded);
      return { errorCode: requestError(results), results: results.map(alterConfigsResultToWire) };
    }),
    ElectLeaders: unary('ElectLeaders', async (request, forwarded) => {
      const partitions = request.allPartitions ? null : request.partitions;
      const outcome = await controller.electLeaders(request.electionType, partitions, forwarded);
      return { errorCode: outcome.errorCode, results: outcome.results.map(electLeadersResultToWire) };
    }),
    BrokerSession: (call) => brokerSession(controller, call),
    DescribeQuorum: unary(
      'DescribeQuorum',
      async (request) => descriptionToWire(await controller.describeQuorum(request.forwarded)),
      true,
    ),
  };
}

/**
 * A broker's BrokerSession on this controller: accepted (first event) on the active controller, refused with
 * UNAVAILABLE elsewhere. A cancel or reset connection tells the controller the stream broke; a stream the controller
 * ends itself (replaced, not active any more) ends with UNAVAILABLE and is not reported as broken.
 */
function brokerSession(
  controller: QuorumController,
  call: grpc.ServerWritableStream<BrokerSessionRequest__Output, BrokerSessionEvent>,
): void {
  const { clusterId, brokerId } = call.request;
  let ended = false;
  const fail = (code: grpc.status, details: string) => {
    if (ended) return;
    ended = true;
    call.emit('error', { code, details });
  };
  if (clusterId !== controller.clusterId) {
    controller.logger.warn({ rpc: 'BrokerSession', clusterId, peer: call.getPeer() }, 'refused: foreign cluster id');
    fail(
      grpc.status.FAILED_PRECONDITION,
      `cluster id ${JSON.stringify(clusterId)} does not match ${controller.clusterId}`,
    );
    return;
  }
  let id: number;
  try {
    id = controller.acceptBrokerSession(brokerId, BigInt(call.request.brokerEpoch), {
      end: (reason) => fail(grpc.status.UNAVAILABLE, reason),
    });
  } catch (error) {
    // NOT_CONTROLLER: the broker looks for the active controller and comes back; anything else is a stale epoch.
    const notActive = (error as { code?: unknown }).code === 'NOT_CONTROLLER';
    const code = notActive ? grpc.status.UNAVAILABLE : grpc.status.FAILED_PRECONDITION;
    fail(code, (error as Error).message);
    return;
  }
  call.on('cancelled', () => {
    if (ended) return;
    ended = true;
    controller.brokerSessionBroken(brokerId, id);
  });
  call.write({ controllerId: controller.nodeId });
}

/** NOT_CONTROLLER when every result says so (the whole request was not served), else 0. */
function requestError(results: readonly { errorCode: number }[]): number {
  return results.length > 0 && results.every((r) => r.errorCode === 41) ? 41 : 0;
}
