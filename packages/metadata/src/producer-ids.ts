/**
 * Producer-id blocks (KIP-730 AllocateProducerIds): the controller hands a broker a block of ids and records the
 * next free id, so ids stay unique across restarts and across brokers.
 */
import type { ControllerResult } from './controller-result.js';
import { MetadataErrorCode } from './error-codes.js';
import type { MetadataImage } from './image.js';

/** Kafka's ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE. */
export const PRODUCER_ID_BLOCK_SIZE = 1000;
const PRODUCER_ID_MAX = 0x7fffffffffffffffn;

export interface AllocateProducerIdsResponse {
  errorCode: number;
  producerIdStart: bigint;
  producerIdLen: number;
}

export function allocateProducerIds(
  image: MetadataImage,
  request: { brokerId: number; brokerEpoch: bigint },
): ControllerResult<AllocateProducerIdsResponse> {
  const broker = image.brokers.get(request.brokerId);
  if (broker === undefined || broker.epoch !== request.brokerEpoch) {
    return {
      records: [],
      response: { errorCode: MetadataErrorCode.STALE_BROKER_EPOCH, producerIdStart: -1n, producerIdLen: 0 },
    };
  }
  const start = image.producerIds.nextProducerId;
  const next = start + BigInt(PRODUCER_ID_BLOCK_SIZE);
  if (next > PRODUCER_ID_MAX) {
    return {
      records: [],
      response: { errorCode: MetadataErrorCode.UNKNOWN_SERVER_ERROR, producerIdStart: -1n, producerIdLen: 0 },
    };
  }
  return {
    records: [
      { type: 'ProducerIds', brokerId: request.brokerId, brokerEpoch: request.brokerEpoch, nextProducerId: next },
    ],
    response: { errorCode: MetadataErrorCode.NONE, producerIdStart: start, producerIdLen: PRODUCER_ID_BLOCK_SIZE },
  };
}
