/**
 * InitProducerId (v0-5) for idempotent producers: like Kafka's TransactionCoordinator with a null transactional id,
 * every call gets a fresh producer id with epoch 0 (also for the KIP-360 bump request from v3+).
 * Transactions need a transaction coordinator, which this broker does not have: a transactional id is refused with
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED, a fatal (non-retriable) error in every client, so a transactional
 * producer fails fast instead of retrying forever.
 */
import { ErrorCode, type InitProducerIdRequest, type InitProducerIdResponse } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';

export async function handleInitProducerId(
  ctx: BrokerContext,
  request: InitProducerIdRequest,
): Promise<InitProducerIdResponse> {
  if (request.transactionalId !== null) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
      producerId: -1n,
      producerEpoch: -1,
    };
  }
  const producerId = await ctx.producerIds.nextProducerId();
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch: 0 };
}
