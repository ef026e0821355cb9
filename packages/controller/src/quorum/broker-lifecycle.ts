/**
 * A broker's side of KIP-631's lifecycle: register (fenced, new broker epoch), then heartbeat every
 * broker.heartbeat.interval.ms (2000) with the metadata offset it has applied; the active controller unfences it
 * once that offset reaches its registration, and fences it when heartbeats stop for broker.session.timeout.ms.
 * A stale epoch or an unknown registration (e.g. after a fence and a controller change) re-registers.
 * When the channel offers sessions, a registered broker also holds a BrokerSession open on the active controller
 * (broker-session-keeper.ts), so its death is noticed within broker.session.disconnect.grace.ms.
 *
 * The channel is anything that answers registration and heartbeat: a RemoteControllerClient's gRPC channel for a
 * broker-only process, or the QuorumController itself for the broker of a combined node (same command path).
 */
import { randomBytes } from 'node:crypto';
import {
  type BrokerHeartbeatRequest,
  type BrokerHeartbeatResponse,
  type BrokerRegistrationRequest,
  type BrokerRegistrationResponse,
  MetadataErrorCode,
  type MetadataImage,
  type RandomSource,
  randomUuid,
} from '@tributary/metadata';
import type { Logger } from 'pino';
import type { BrokerEndpointConfig } from '../local-controller.js';
import { type BrokerSessionChannel, BrokerSessionKeeper } from './broker-session-keeper.js';

export interface BrokerControlChannel extends Partial<BrokerSessionChannel> {
  registerBroker(request: BrokerRegistrationRequest): Promise<BrokerRegistrationResponse>;
  brokerHeartbeat(request: BrokerHeartbeatRequest): Promise<BrokerHeartbeatResponse>;
}

export interface BrokerLifecycleOptions {
  channel: BrokerControlChannel;
  clusterId: string;
  brokerId: number;
  endpoint: BrokerEndpointConfig;
  /** Offset of the last metadata record this broker has applied (its image's offset). */
  metadataOffset: () => bigint;
  logger: Logger;
  /** broker.heartbeat.interval.ms (default 2000). While fenced, heartbeats go at most every 250 ms. */
  heartbeatIntervalMs?: number;
  random?: RandomSource;
}

export const DEFAULT_BROKER_HEARTBEAT_INTERVAL_MS = 2000;
const FENCED_HEARTBEAT_MS = 250;
/** How long a controlled shutdown waits for the controller to move this broker's leaderships (bounded). */
export const DEFAULT_CONTROLLED_SHUTDOWN_TIMEOUT_MS = 5000;
/** Gap between shutdown heartbeats while the controller still finds leaderships to move. */
const SHUTDOWN_HEARTBEAT_MS = 100;

export interface ControlledShutdownOutcome {
  /** True once the controller answered shouldShutDown and the local image shows no partition led by this broker. */
  completed: boolean;
  /** Partitions the local image still shows led by this broker when the wait ended (0 when completed). */
  leadershipsLeft: number;
  elapsedMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function partitionsLedBy(image: MetadataImage, brokerId: number): number {
  let led = 0;
  for (const topic of image.topicsByName.values()) {
    for (const state of topic.partitions.values()) if (state.leader === brokerId) led++;
  }
  return led;
}

export class BrokerLifecycle {
  private epoch = -1n;
  private fenced = true;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly incarnationId: string;
  private readonly listeners = new Set<(fenced: boolean) => void>();
  private readonly session: BrokerSessionKeeper | null;

  constructor(private readonly options: BrokerLifecycleOptions) {
    this.incarnationId = randomUuid(options.random ?? ((n: number) => randomBytes(n)));
    const { channel } = options;
    this.session =
      channel.holdBrokerSession === undefined
        ? null
        : new BrokerSessionKeeper(
            { holdBrokerSession: channel.holdBrokerSession.bind(channel) },
            options.brokerId,
            options.logger,
          );
  }

  get brokerEpoch(): bigint {
    return this.epoch;
  }

  isFenced(): boolean {
    return this.fenced;
  }

  /** Called with the new fenced state whenever it changes. */
  onFencedChange(listener: (fenced: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running === null && !this.closed) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.running = this.beat().finally(() => {
        this.running = null;
        const interval = this.options.heartbeatIntervalMs ?? DEFAULT_BROKER_HEARTBEAT_INTERVAL_MS;
        this.schedule(this.fenced ? Math.min(interval, FENCED_HEARTBEAT_MS) : interval);
      });
    }, delayMs);
  }

  private async beat(): Promise<void> {
    const { channel, brokerId, clusterId, endpoint, logger } = this.options;
    try {
      if (this.epoch < 0n) {
        const response = await channel.registerBroker({
          brokerId,
          clusterId,
          incarnationId: this.incarnationId,
          endpoints: [{ name: 'PLAINTEXT', host: endpoint.host, port: endpoint.port, securityProtocol: 0 }],
          rack: endpoint.rack,
        });
        if (response.errorCode !== MetadataErrorCode.NONE) {
          logger.warn({ errorCode: response.errorCode, why: response.errorMessage }, 'broker registration refused');
          return;
        }
        this.epoch = response.brokerEpoch;
        logger.info({ brokerEpoch: this.epoch.toString() }, 'broker registered');
      }
      if (!this.closed) this.session?.hold(this.epoch);
      const response = await channel.brokerHeartbeat({
        brokerId,
        brokerEpoch: this.epoch,
        currentMetadataOffset: this.options.metadataOffset(),
        wantFence: false,
        wantShutDown: false,
      });
      if (
        response.errorCode === MetadataErrorCode.STALE_BROKER_EPOCH ||
        response.errorCode === MetadataErrorCode.BROKER_ID_NOT_REGISTERED
      ) {
        logger.info({ errorCode: response.errorCode }, 'broker registration lost; registering again');
        this.epoch = -1n;
        this.setFenced(true);
        return;
      }
      if (response.errorCode !== MetadataErrorCode.NONE) return;
      this.setFenced(response.isFenced);
    } catch (error) {
      logger.debug({ err: (error as Error).message }, 'broker heartbeat failed');
    }
  }

  private setFenced(fenced: boolean): void {
    if (fenced === this.fenced) return;
    this.fenced = fenced;
    this.options.logger.info({ fenced }, fenced ? 'broker fenced' : 'broker unfenced');
    for (const listener of this.listeners) listener(fenced);
  }

  /**
   * KIP-631 controlled shutdown, Kafka's way: heartbeats with wantShutDown until the active controller answers
   * shouldShutDown (it has moved every leadership and ISR membership of this broker to other replicas and fenced it),
   * then waits until `image()` (this node's own view) shows no partition led here, so clients and followers have
   * somewhere to go before the broker stops. Bounded by timeoutMs; the regular heartbeat loop stops either way (a
   * normal heartbeat would unfence the broker again). Call it before Broker.stop().
   */
  async controlledShutdown(options: {
    image: () => MetadataImage;
    timeoutMs?: number;
  }): Promise<ControlledShutdownOutcome> {
    const started = Date.now();
    const deadline = started + (options.timeoutMs ?? DEFAULT_CONTROLLED_SHUTDOWN_TIMEOUT_MS);
    const { channel, brokerId, logger } = this.options;
    // The session stays open until the controller answers shouldShutDown (it drops the session then): closing it
    // first would have the broker fenced for a disconnect halfway through moving its leaderships.
    await this.stopHeartbeats();
    const outcome = (completed: boolean): ControlledShutdownOutcome => ({
      completed,
      leadershipsLeft: partitionsLedBy(options.image(), brokerId),
      elapsedMs: Date.now() - started,
    });
    if (this.epoch < 0n) {
      await this.session?.stop();
      return outcome(partitionsLedBy(options.image(), brokerId) === 0);
    }
    let shouldShutDown = false;
    while (!shouldShutDown && Date.now() < deadline) {
      try {
        const response = await channel.brokerHeartbeat({
          brokerId,
          brokerEpoch: this.epoch,
          currentMetadataOffset: this.options.metadataOffset(),
          wantFence: false,
          wantShutDown: true,
        });
        if (response.errorCode === MetadataErrorCode.NONE) {
          shouldShutDown = response.shouldShutDown;
          this.setFenced(response.isFenced);
        } else if (
          response.errorCode === MetadataErrorCode.STALE_BROKER_EPOCH ||
          response.errorCode === MetadataErrorCode.BROKER_ID_NOT_REGISTERED
        ) {
          // Another registration replaced ours: the controller already treats this incarnation as gone.
          break;
        }
      } catch (error) {
        logger.debug({ err: (error as Error).message }, 'controlled shutdown heartbeat failed');
      }
      if (!shouldShutDown) await sleep(SHUTDOWN_HEARTBEAT_MS);
    }
    await this.session?.stop();
    while (partitionsLedBy(options.image(), brokerId) > 0 && Date.now() < deadline) await sleep(20);
    const result = outcome(shouldShutDown && partitionsLedBy(options.image(), brokerId) === 0);
    logger[result.completed ? 'info' : 'warn'](result, 'controlled shutdown');
    return result;
  }

  /** Stops heartbeating and closes the session (the controller fences this broker after the disconnect grace). */
  async close(): Promise<void> {
    await this.stopHeartbeats();
    await this.session?.stop();
  }

  private async stopHeartbeats(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.running;
  }
}
