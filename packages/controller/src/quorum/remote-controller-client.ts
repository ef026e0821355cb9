/**
 * The ControllerClient of a broker-only process: an observer of the metadata quorum. It pulls committed metadata
 * with FetchMetadata long-polls and keeps its own MetadataImage by replay (it never votes), registers and
 * heartbeats through BrokerLifecycle, and sends admin commands to the controllers, which forward them to the
 * active one. Any voter can be asked; the known leader is asked first.
 */
import * as grpc from '@grpc/grpc-js';
import {
  type AlterConfigsResource,
  type AlterConfigsResult,
  type AlterPartitionRequest,
  type AlterPartitionResponse,
  type BrokerHeartbeatRequest,
  type BrokerHeartbeatResponse,
  type BrokerRegistrationRequest,
  type BrokerRegistrationResponse,
  type CreateTopicResult,
  type CreateTopicSpec,
  decodeRecord,
  imageFromSnapshot,
  type LegacyAlterConfigsResource,
  type MetadataImage,
  replayAll,
} from '@tributary/metadata';
import type { Logger } from 'pino';
import type {
  ControllerClient,
  CreatePartitionsResult,
  CreatePartitionsSpec,
  DeleteTopicsResult,
  ElectLeadersOutcome,
} from '../controller-client.js';
import type { FetchMetadataResponse__Output } from '../generated/tributary/controller/FetchMetadataResponse.js';
import type { BrokerEndpointConfig } from '../local-controller.js';
import { BrokerLifecycle } from './broker-lifecycle.js';
import { ControllerCommandsRpc, notController } from './controller-commands-rpc.js';
import { ControllerRpcPool } from './controller-rpc-client.js';
import { describeQuorumAt } from './quorum-describe.js';
import type { QuorumDescription } from './quorum-description.js';
import { parseBootstrapControllers, parseQuorumVoters, voterAddress } from './quorum-voters.js';

export interface RemoteControllerClientOptions {
  clusterId: string;
  /** This broker's node id. */
  nodeId: number;
  /** `controller.quorum.voters` (`1@host:9093,...`) or `controller.quorum.bootstrap.servers` (`host:9093,...`). */
  controllers: string;
  brokerEndpoint: BrokerEndpointConfig;
  logger: Logger;
  /** broker.heartbeat.interval.ms (default 2000). */
  heartbeatIntervalMs?: number;
  /** Long-poll wait of one FetchMetadata (default 500 ms, KRaft's MAX_FETCH_WAIT_MS). */
  fetchMaxWaitMs?: number;
  /** Deadline of one admin / lifecycle RPC (default 10000 ms: the controller itself retries for up to 5000). */
  requestTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RemoteControllerClient implements ControllerClient {
  private current: MetadataImage;
  private appliedIndex = 0;
  private leaderId = -1;
  private next = 0;
  private closed = false;
  private fetching: Promise<void> | null = null;
  private sessionFailures = 0;
  private readonly listeners = new Set<(image: MetadataImage) => void>();
  private readonly pool = new ControllerRpcPool();
  private readonly addresses: string[];
  private readonly addressById = new Map<number, string>();
  private readonly logger: Logger;
  readonly lifecycle: BrokerLifecycle;

  constructor(private readonly options: RemoteControllerClientOptions) {
    this.logger = options.logger.child({ component: 'controller-client', nodeId: options.nodeId });
    this.current = imageFromSnapshot(options.clusterId, [], -1n);
    this.addresses = parseBootstrapControllers(options.controllers);
    if (this.addresses.length === 0) throw new Error('no controller addresses given');
    if (/^\d+@/.test(options.controllers.trim())) {
      for (const voter of parseQuorumVoters(options.controllers)) {
        this.addressById.set(voter.nodeId, voterAddress(voter));
      }
    }
    const channel = {
      registerBroker: (request: BrokerRegistrationRequest) => this.registerBroker(request),
      brokerHeartbeat: (request: BrokerHeartbeatRequest) => this.brokerHeartbeat(request),
      holdBrokerSession: (brokerId: number, brokerEpoch: bigint, signal: AbortSignal, onOpen: () => void) =>
        this.holdBrokerSession(brokerId, brokerEpoch, signal, onOpen),
    };
    this.lifecycle = new BrokerLifecycle({
      channel,
      clusterId: options.clusterId,
      brokerId: options.nodeId,
      endpoint: options.brokerEndpoint,
      metadataOffset: () => this.current.offset,
      logger: this.logger,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
    });
  }

  /** Starts pulling metadata and the register/heartbeat loop. */
  start(): void {
    if (this.fetching !== null) return;
    this.fetching = this.fetchLoop();
    this.lifecycle.start();
  }

  image(): MetadataImage {
    return this.current;
  }

  onImage(listener: (image: MetadataImage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  activeControllerId(): number {
    return this.leaderId;
  }

  /** The address to try next: the known leader first, else the bootstrap list in turn. */
  private address(attempt: number): string {
    const leader = attempt === 0 ? this.addressById.get(this.leaderId) : undefined;
    return leader ?? this.addresses[(this.next + attempt) % this.addresses.length];
  }

  private async fetchLoop(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      const address = this.address(failures === 0 ? 0 : 1);
      try {
        const response = await this.pool.get(address).call(
          'FetchMetadata',
          {
            clusterId: this.options.clusterId,
            replicaId: this.options.nodeId,
            fromIndex: this.appliedIndex,
            maxWaitMs: this.options.fetchMaxWaitMs ?? 500,
          },
          { timeoutMs: (this.options.fetchMaxWaitMs ?? 500) + 5000 },
        );
        failures = 0;
        this.leaderId = response.leaderId;
        this.applyFetch(response);
      } catch (error) {
        if (this.closed) return;
        if (failures++ === 0) this.logger.warn({ address, err: (error as Error).message }, 'metadata fetch failed');
        this.next++;
        await sleep(Math.min(1000, 50 * failures));
      }
    }
  }

  private applyFetch(response: FetchMetadataResponse__Output): void {
    let image = this.current;
    if (response.hasSnapshot && response.snapshot !== null) {
      const snapshot = response.snapshot;
      image = imageFromSnapshot(
        this.options.clusterId,
        snapshot.records.map(decodeRecord),
        BigInt(snapshot.lastOffset),
      );
      this.appliedIndex = Number(snapshot.index);
    }
    for (const batch of response.batches) {
      if (Number(batch.index) <= this.appliedIndex) continue;
      const baseOffset = BigInt(batch.baseOffset);
      // The controllers' rule for an entry proposed on a stale view: skipped by everyone (raft-metadata-log.ts).
      if (baseOffset === image.offset + 1n) image = replayAll(image, batch.records.map(decodeRecord), baseOffset);
      this.appliedIndex = Number(batch.index);
    }
    this.appliedIndex = Math.max(this.appliedIndex, Number(response.lastIndex));
    if (image === this.current) return;
    this.current = image;
    for (const listener of this.listeners) {
      try {
        listener(image);
      } catch (error) {
        this.logger.error({ err: error }, 'metadata image listener failed');
      }
    }
  }

  /**
   * One command to the controllers: the known leader first, then each bootstrap address; transport failures move on
   * to the next address. The controllers forward to the active one themselves; NOT_CONTROLLER after their own retries
   * is returned to the caller as per-item NOT_CONTROLLER.
   */
  private async callAny<T>(
    what: string,
    call: (controller: ControllerCommandsRpc) => Promise<T | null>,
    notControllerAnswer: () => T,
  ): Promise<T> {
    const tried: string[] = [];
    const options = { timeoutMs: this.options.requestTimeoutMs ?? 10_000, forwarded: false };
    for (let attempt = 0; attempt <= this.addresses.length; attempt++) {
      const address = this.address(attempt);
      try {
        const answer = await call(new ControllerCommandsRpc(this.pool.get(address), this.options.clusterId, options));
        return answer ?? notControllerAnswer();
      } catch (error) {
        const code = (error as grpc.ServiceError).code;
        if (code !== grpc.status.UNAVAILABLE && code !== grpc.status.DEADLINE_EXCEEDED) throw error;
        tried.push(`${address} (${(error as Error).message})`);
        this.next++;
      }
    }
    throw new Error(`${what}: no controller reachable; tried ${tried.join(', ')}`);
  }

  registerBroker(request: BrokerRegistrationRequest): Promise<BrokerRegistrationResponse> {
    return this.callAny('BrokerRegistration', (c) => c.registerBroker(request), notController.registration);
  }

  brokerHeartbeat(request: BrokerHeartbeatRequest): Promise<BrokerHeartbeatResponse> {
    return this.callAny('BrokerHeartbeat', (c) => c.brokerHeartbeat(request), notController.heartbeat);
  }

  /**
   * This broker's BrokerSession: the known leader first; after a failure (refused by a non-active controller, or
   * unreachable) the next bootstrap address, so a leader change is found even before FetchMetadata learns of it.
   */
  private async holdBrokerSession(
    brokerId: number,
    brokerEpoch: bigint,
    signal: AbortSignal,
    onOpen: () => void,
  ): Promise<void> {
    const address = this.address(this.sessionFailures === 0 ? 0 : 1);
    const request = { clusterId: this.options.clusterId, brokerId, brokerEpoch: brokerEpoch.toString() };
    try {
      await this.pool.get(address).holdBrokerSession(request, signal, () => {
        this.sessionFailures = 0;
        onOpen();
      });
    } catch (error) {
      this.sessionFailures++;
      this.next++;
      throw error;
    }
  }

  createTopics(topics: CreateTopicSpec[], options: { validateOnly: boolean }): Promise<CreateTopicResult[]> {
    return this.callAny(
      'CreateTopics',
      (c) => c.createTopics(topics, options),
      () => notController.createTopics(topics),
    );
  }

  deleteTopics(names: string[]): Promise<DeleteTopicsResult[]> {
    return this.callAny(
      'DeleteTopics',
      (c) => c.deleteTopics(names),
      () => notController.deleteTopics(names),
    );
  }

  createPartitions(
    requests: CreatePartitionsSpec[],
    options: { validateOnly: boolean },
  ): Promise<CreatePartitionsResult[]> {
    return this.callAny(
      'CreatePartitions',
      (c) => c.createPartitions(requests, options),
      () => notController.createPartitions(requests),
    );
  }

  alterPartition(request: AlterPartitionRequest): Promise<AlterPartitionResponse> {
    return this.callAny(
      'AlterPartition',
      (c) => c.alterPartition(request),
      () => notController.alterPartition(request),
    );
  }

  incrementalAlterConfigs(
    resources: AlterConfigsResource[],
    options: { validateOnly: boolean },
  ): Promise<AlterConfigsResult[]> {
    return this.callAny(
      'IncrementalAlterConfigs',
      (c) => c.alterConfigs(resources, { ...options, replace: false }),
      () => notController.alterConfigs(resources),
    );
  }

  alterConfigs(
    resources: LegacyAlterConfigsResource[],
    options: { validateOnly: boolean },
  ): Promise<AlterConfigsResult[]> {
    return this.callAny(
      'AlterConfigs',
      (c) => c.alterConfigs(resources, { ...options, replace: true }),
      () => notController.alterConfigs(resources),
    );
  }

  electLeaders(
    electionType: number,
    partitions: { topic: string; partition: number }[] | null,
  ): Promise<ElectLeadersOutcome> {
    return this.callAny(
      'ElectLeaders',
      (c) => c.electLeaders(electionType, partitions),
      () => notController.electLeaders(partitions),
    );
  }

  /** DescribeQuorum from the controllers, the known leader first; a follower asked forwards to the leader. */
  async describeQuorum(): Promise<QuorumDescription> {
    const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
    const tried: string[] = [];
    for (let attempt = 0; attempt <= this.addresses.length; attempt++) {
      const address = this.address(attempt);
      try {
        return await describeQuorumAt(this.pool.get(address), this.options.clusterId, timeoutMs);
      } catch (error) {
        tried.push(`${address} (${(error as Error).message})`);
        this.next++;
      }
    }
    throw new Error(`DescribeQuorum: no controller reachable; tried ${tried.join(', ')}`);
  }

  /** Stops heartbeating (the controller fences this broker after its session) and pulling metadata. */
  async close(): Promise<void> {
    this.closed = true;
    await this.lifecycle.close();
    this.pool.close();
    await this.fetching?.catch(() => undefined);
  }
}
