/**
 * Broker lifecycle decisions (KIP-631): register (always fenced at first), fence (leaves every ISR, leaderships
 * move), unfence (leaderless partitions it can lead get it back), unregister.
 */
import type { ControllerResult } from './controller-result.js';
import { MetadataErrorCode } from './error-codes.js';
import type { MetadataImage } from './image.js';
import { buildPartitionChange, partitionsOfBroker, removeBrokerFromPartition } from './partition-change.js';
import { RecordBuilder } from './record-builder.js';
import { type BrokerEndpoint, NO_LEADER } from './records.js';

export interface BrokerRegistrationRequest {
  brokerId: number;
  clusterId: string;
  incarnationId: string;
  endpoints: BrokerEndpoint[];
  rack: string | null;
}

export interface BrokerRegistrationResponse {
  errorCode: number;
  errorMessage: string | null;
  brokerEpoch: bigint;
}

/** Adds to `builder` the records that take `brokerId` out of every ISR and leadership, then fence it. */
export function addFenceRecords(builder: RecordBuilder, brokerId: number): void {
  const broker = builder.image.brokers.get(brokerId);
  if (broker === undefined || broker.fenced) return;
  builder.add({ type: 'FenceBroker', id: brokerId, epoch: broker.epoch });
  // Each partition changes at most once, so every change can be decided on the same image (no copy per partition).
  const image = builder.image;
  for (const [topic, state] of partitionsOfBroker(image, brokerId)) {
    const change = removeBrokerFromPartition(image, topic, state, brokerId);
    if (change !== null) builder.add(change);
  }
}

/** Adds the UnfenceBrokerRecord and elects leaders for leaderless partitions the broker can now lead. */
export function addUnfenceRecords(builder: RecordBuilder, brokerId: number): void {
  const broker = builder.image.brokers.get(brokerId);
  if (broker === undefined || !broker.fenced) return;
  builder.add({ type: 'UnfenceBroker', id: brokerId, epoch: broker.epoch });
  const image = builder.image;
  for (const topic of image.topicsByName.values()) {
    for (const state of topic.partitions.values()) {
      if (state.leader !== NO_LEADER || !state.replicas.includes(brokerId)) continue;
      const change = buildPartitionChange(image, topic, state, { isr: state.isr, election: 'online' });
      if (change !== null) builder.add(change);
    }
  }
}

/**
 * Registers a broker, fenced, with epoch = the offset its RegisterBrokerRecord will get. A live registration with a
 * different incarnation is a duplicate process (DUPLICATE_BROKER_REGISTRATION); a dead one is fenced first so its
 * partitions elect other leaders before the new incarnation appears.
 */
export function registerBroker(
  image: MetadataImage,
  request: BrokerRegistrationRequest,
  options: { sessionActive: boolean },
): ControllerResult<BrokerRegistrationResponse> {
  const fail = (errorCode: number, errorMessage: string) => ({
    records: [],
    response: { errorCode, errorMessage, brokerEpoch: -1n },
  });
  if (request.clusterId !== image.clusterId) {
    return fail(
      MetadataErrorCode.INCONSISTENT_CLUSTER_ID,
      `Expected cluster ID ${image.clusterId}, but got cluster ID ${request.clusterId}`,
    );
  }
  if (request.endpoints.length === 0)
    return fail(MetadataErrorCode.INVALID_REQUEST, 'A broker needs at least one endpoint.');
  const existing = image.brokers.get(request.brokerId);
  if (existing !== undefined && options.sessionActive && existing.incarnationId !== request.incarnationId) {
    return fail(
      MetadataErrorCode.DUPLICATE_BROKER_REGISTRATION,
      `Another broker is registered with that broker id (${request.brokerId}).`,
    );
  }
  const builder = new RecordBuilder(image);
  if (existing !== undefined) addFenceRecords(builder, request.brokerId);
  const brokerEpoch = builder.nextOffset();
  builder.add({
    type: 'RegisterBroker',
    brokerId: request.brokerId,
    incarnationId: request.incarnationId,
    brokerEpoch,
    endPoints: request.endpoints.map((endpoint) => ({ ...endpoint })),
    rack: request.rack,
    fenced: true,
    inControlledShutdown: false,
  });
  return { records: builder.records, response: { errorCode: MetadataErrorCode.NONE, errorMessage: null, brokerEpoch } };
}

/** Fences a broker (session expiry, or an operator); no records when it is unknown or already fenced. */
export function fenceBroker(image: MetadataImage, brokerId: number): ControllerResult<void> {
  const builder = new RecordBuilder(image);
  addFenceRecords(builder, brokerId);
  return { records: builder.records, response: undefined };
}

export function unfenceBroker(image: MetadataImage, brokerId: number): ControllerResult<void> {
  const builder = new RecordBuilder(image);
  addUnfenceRecords(builder, brokerId);
  return { records: builder.records, response: undefined };
}

/** Removes a broker's registration (Kafka's UnregisterBroker API); it is fenced first so no partition keeps it. */
export function unregisterBroker(image: MetadataImage, brokerId: number): ControllerResult<{ errorCode: number }> {
  const broker = image.brokers.get(brokerId);
  if (broker === undefined) return { records: [], response: { errorCode: MetadataErrorCode.BROKER_ID_NOT_REGISTERED } };
  const builder = new RecordBuilder(image);
  addFenceRecords(builder, brokerId);
  builder.add({ type: 'UnregisterBroker', brokerId, brokerEpoch: broker.epoch });
  return { records: builder.records, response: { errorCode: MetadataErrorCode.NONE } };
}
