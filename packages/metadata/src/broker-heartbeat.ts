/**
 * Broker heartbeats and liveness (Kafka's BrokerHeartbeatManager). Sessions are soft state kept by the active
 * controller only, never written to the log; time is a parameter. A heartbeat may unfence a caught-up broker, fence
 * one that asks, or start a controlled shutdown.
 */

import { addFenceRecords, addUnfenceRecords } from './broker-registration.js';
import type { ControllerResult } from './controller-result.js';
import { MetadataErrorCode } from './error-codes.js';
import type { MetadataImage } from './image.js';
import { partitionsOfBroker, removeBrokerFromPartition } from './partition-change.js';
import { RecordBuilder } from './record-builder.js';

/** Kafka's broker.session.timeout.ms default. */
export const DEFAULT_BROKER_SESSION_TIMEOUT_MS = 9000;

export interface BrokerHeartbeatRequest {
  brokerId: number;
  brokerEpoch: bigint;
  /** Offset of the last metadata record the broker has applied. */
  currentMetadataOffset: bigint;
  wantFence: boolean;
  wantShutDown: boolean;
}

export interface BrokerHeartbeatResponse {
  errorCode: number;
  isCaughtUp: boolean;
  isFenced: boolean;
  shouldShutDown: boolean;
}

/** Last-heartbeat times per broker, with injected time. Bounded by the number of registered brokers. */
export class BrokerSessions {
  private readonly lastHeartbeatMs = new Map<number, number>();

  constructor(readonly sessionTimeoutMs: number = DEFAULT_BROKER_SESSION_TIMEOUT_MS) {}

  touch(brokerId: number, nowMs: number): void {
    this.lastHeartbeatMs.set(brokerId, nowMs);
  }

  remove(brokerId: number): void {
    this.lastHeartbeatMs.delete(brokerId);
  }

  isActive(brokerId: number, nowMs: number): boolean {
    const last = this.lastHeartbeatMs.get(brokerId);
    return last !== undefined && nowMs - last <= this.sessionTimeoutMs;
  }

  /**
   * Unfenced brokers of `image` whose session has lapsed. A broker this controller has not heard from yet (it just
   * became active) gets a full session from now, as Kafka's BrokerHeartbeatManager does after a failover, instead
   * of being fenced for a silence that happened while another controller was in charge.
   */
  expired(image: MetadataImage, nowMs: number): number[] {
    const expired: number[] = [];
    for (const broker of image.brokers.values()) {
      if (broker.fenced) continue;
      if (!this.lastHeartbeatMs.has(broker.brokerId)) this.lastHeartbeatMs.set(broker.brokerId, nowMs);
      else if (!this.isActive(broker.brokerId, nowMs)) expired.push(broker.brokerId);
    }
    return expired;
  }
}

/** Fences every unfenced broker whose session expired; its partitions elect new leaders from their ISRs. */
export function fenceExpiredBrokers(
  image: MetadataImage,
  sessions: BrokerSessions,
  nowMs: number,
): ControllerResult<number[]> {
  const builder = new RecordBuilder(image);
  const expired = sessions.expired(image, nowMs);
  for (const brokerId of expired) addFenceRecords(builder, brokerId);
  return { records: builder.records, response: expired };
}

/** Marks the broker as shutting down and moves its leaderships and ISR memberships to the other replicas. */
export function addControlledShutdownRecords(builder: RecordBuilder, brokerId: number): void {
  const broker = builder.image.brokers.get(brokerId);
  if (broker === undefined) return;
  if (!broker.inControlledShutdown) {
    builder.add({
      type: 'BrokerRegistrationChange',
      brokerId,
      brokerEpoch: broker.epoch,
      fenced: 0,
      inControlledShutdown: 1,
    });
  }
  const image = builder.image;
  for (const [topic, state] of partitionsOfBroker(image, brokerId)) {
    const change = removeBrokerFromPartition(image, topic, state, brokerId);
    if (change !== null) builder.add(change);
  }
}

function leadsAnything(image: MetadataImage, brokerId: number): boolean {
  return partitionsOfBroker(image, brokerId).some(([, state]) => state.leader === brokerId);
}

/** The controller's answer to a heartbeat; the caller records the session (sessions.touch) when errorCode is 0. */
export function brokerHeartbeat(
  image: MetadataImage,
  request: BrokerHeartbeatRequest,
): ControllerResult<BrokerHeartbeatResponse> {
  const broker = image.brokers.get(request.brokerId);
  const reply = (errorCode: number) => ({
    records: [],
    response: { errorCode, isCaughtUp: false, isFenced: true, shouldShutDown: false },
  });
  if (broker === undefined) return reply(MetadataErrorCode.BROKER_ID_NOT_REGISTERED);
  if (broker.epoch !== request.brokerEpoch) return reply(MetadataErrorCode.STALE_BROKER_EPOCH);

  const isCaughtUp = request.currentMetadataOffset >= broker.epoch;
  const builder = new RecordBuilder(image);
  let shouldShutDown = false;
  if (broker.fenced) {
    if (request.wantShutDown) shouldShutDown = true;
    else if (!request.wantFence && isCaughtUp) addUnfenceRecords(builder, request.brokerId);
  } else if (request.wantFence) {
    addFenceRecords(builder, request.brokerId);
  } else if (request.wantShutDown) {
    addControlledShutdownRecords(builder, request.brokerId);
    if (!leadsAnything(builder.image, request.brokerId)) {
      addFenceRecords(builder, request.brokerId);
      shouldShutDown = true;
    }
  }
  const after = builder.image.brokers.get(request.brokerId)!;
  return {
    records: builder.records,
    response: { errorCode: MetadataErrorCode.NONE, isCaughtUp, isFenced: after.fenced, shouldShutDown },
  };
}

/** Controlled shutdown without a heartbeat (an operator, or a broker's ControlledShutdown request). */
export function controlledShutdown(image: MetadataImage, brokerId: number): ControllerResult<{ errorCode: number }> {
  if (!image.brokers.has(brokerId))
    return { records: [], response: { errorCode: MetadataErrorCode.BROKER_ID_NOT_REGISTERED } };
  const builder = new RecordBuilder(image);
  addControlledShutdownRecords(builder, brokerId);
  return { records: builder.records, response: { errorCode: MetadataErrorCode.NONE } };
}
