/** DescribeCluster (v0-1): the unfenced brokers of the image, the active controller and the cluster id. */
import { type DescribeClusterResponse, ErrorCode } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';
import { advertisedControllerId } from './controller-id.js';
import { liveBrokers } from './metadata-handler.js';

/** Kafka's "authorized operations not requested" marker (Integer.MIN_VALUE). */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

export async function handleDescribeCluster(ctx: BrokerContext): Promise<DescribeClusterResponse> {
  const image = ctx.controller.image();
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    endpointType: 1,
    clusterId: image.clusterId,
    controllerId: advertisedControllerId(ctx.controller),
    brokers: liveBrokers(image).map((b) => ({ brokerId: b.nodeId, host: b.host, port: b.port, rack: b.rack })),
    clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}
