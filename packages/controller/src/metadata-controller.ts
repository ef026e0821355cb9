/**
 * The controller's command loop, independent of how records become durable: a command reads the current image,
 * a pure decision from @tributary/metadata returns { records, response }, the records are appended to the
 * MetadataLog (fsync locally, a Raft commit later), replayed into the image, listeners are told, and only then is
 * the response returned (KIP-631: nothing is visible before it is durable).
 */
import {
  type AllocateProducerIdsResponse,
  type AlterConfigsResource,
  type AlterConfigsResult,
  type AlterPartitionRequest,
  type AlterPartitionResponse,
  allocateProducerIds,
  alterPartition,
  type BrokerHeartbeatRequest,
  type BrokerHeartbeatResponse,
  type BrokerRegistrationRequest,
  type BrokerRegistrationResponse,
  BrokerSessions,
  brokerHeartbeat,
  type ControllerResult,
  type CreateTopicResult,
  type CreateTopicSpec,
  controlledShutdown,
  createPartitions,
  createTopics,
  deleteTopics,
  type ElectLeadersResult,
  electLeaders,
  electPreferredLeaders,
  fenceExpiredBrokers,
  ImageDelta,
  imageFromSnapshot,
  imageToRecords,
  incrementalAlterConfigs,
  type LegacyAlterConfigsResource,
  legacyAlterConfigs,
  MetadataErrorCode,
  type MetadataImage,
  type RandomSource,
  registerBroker,
  replayAll,
  type TopicDefaults,
  ZERO_UUID,
} from '@tributary/metadata';
import type { Logger } from 'pino';
import { CommandQueue } from './command-queue.js';
import type {
  ControllerClient,
  CreatePartitionsResult,
  CreatePartitionsSpec,
  DeleteTopicsResult,
  ElectLeadersOutcome,
} from './controller-client.js';
import { ControllerQueueFullError } from './errors.js';
import type { MetadataLog } from './metadata-log.js';
import type { QuorumDescription } from './quorum/quorum-description.js';

/** Records between snapshots by default; replay at start then reads at most about this many batches' records. */
export const DEFAULT_SNAPSHOT_INTERVAL_RECORDS = 10_000;

export interface MetadataControllerOptions {
  log: MetadataLog;
  clusterId: string;
  nodeId: number;
  defaults: TopicDefaults;
  logger: Logger;
  random: RandomSource;
  clock?: () => number;
  maxPendingCommands?: number;
  snapshotIntervalRecords?: number;
  brokerSessionTimeoutMs?: number;
}

export class MetadataController implements ControllerClient {
  private current: MetadataImage;
  private readonly listeners = new Set<(image: MetadataImage) => void>();
  private readonly queue: CommandQueue;
  private readonly sessions: BrokerSessions;
  private readonly clock: () => number;
  private recordsSinceSnapshot = 0;

  private constructor(
    private readonly options: MetadataControllerOptions,
    image: MetadataImage,
  ) {
    this.current = image;
    this.queue = new CommandQueue(options.maxPendingCommands);
    this.sessions = new BrokerSessions(options.brokerSessionTimeoutMs);
    this.clock = options.clock ?? Date.now;
  }

  /** Loads the log (snapshot + tail) into an image and returns a controller ready for commands. */
  static async load(options: MetadataControllerOptions): Promise<MetadataController> {
    const { snapshot, batches } = await options.log.load();
    const start =
      snapshot === null
        ? imageFromSnapshot(options.clusterId, [], -1n)
        : imageFromSnapshot(options.clusterId, snapshot.records, snapshot.lastOffset);
    // One delta over the whole tail keeps startup linear in the log size.
    const delta = new ImageDelta(start);
    let lastOffset = start.offset;
    for (const batch of batches) {
      for (const record of batch.records) delta.apply(record);
      lastOffset = batch.baseOffset + BigInt(batch.records.length) - 1n;
    }
    const image = delta.build(lastOffset);
    const controller = new MetadataController(options, image);
    controller.recordsSinceSnapshot = batches.reduce((sum, batch) => sum + batch.records.length, 0);
    return controller;
  }

  image(): MetadataImage {
    return this.current;
  }

  onImage(listener: (image: MetadataImage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  activeControllerId(): number {
    return this.options.nodeId;
  }

  /** Pending + running commands, for metrics and tests of the bound. */
  queuedCommands(): number {
    return this.queue.size;
  }

  /**
   * Runs one command: decide on the current image, make the records durable, replay, notify, respond.
   * `validateOnly` decisions only compute.
   */
  execute<T>(name: string, decide: (image: MetadataImage) => ControllerResult<T>): Promise<T> {
    return this.queue.run(
      async () => {
        const { records, response } = decide(this.current);
        if (records.length === 0) return response;
        const baseOffset = await this.options.log.append(records);
        this.current = replayAll(this.current, records, baseOffset);
        this.recordsSinceSnapshot += records.length;
        this.options.logger.debug(
          { command: name, records: records.length, offset: this.current.offset.toString() },
          'applied',
        );
        this.notify();
        return response;
      },
      () => this.maybeSnapshot(),
    );
  }

  private notify(): void {
    for (const listener of this.listeners) {
      try {
        listener(this.current);
      } catch (error) {
        this.options.logger.error({ err: error }, 'metadata image listener failed');
      }
    }
  }

  private async maybeSnapshot(): Promise<void> {
    const interval = this.options.snapshotIntervalRecords ?? DEFAULT_SNAPSHOT_INTERVAL_RECORDS;
    if (this.recordsSinceSnapshot < interval) return;
    try {
      await this.options.log.writeSnapshot({ lastOffset: this.current.offset, records: imageToRecords(this.current) });
      this.recordsSinceSnapshot = 0;
      this.options.logger.info({ offset: this.current.offset.toString() }, 'wrote metadata snapshot');
    } catch (error) {
      this.options.logger.error({ err: error }, 'metadata snapshot failed');
    }
  }

  async createTopics(topics: CreateTopicSpec[], options: { validateOnly: boolean }): Promise<CreateTopicResult[]> {
    const { defaults, random } = this.options;
    return this.orRefused(
      this.execute('createTopics', (image) => createTopics(image, topics, { ...options, defaults, random })),
      (message) =>
        topics.map((topic) => ({
          name: topic.name,
          topicId: ZERO_UUID,
          errorCode: MetadataErrorCode.REQUEST_TIMED_OUT,
          errorMessage: message,
          numPartitions: -1,
          replicationFactor: -1,
          configs: [],
        })),
    );
  }

  async deleteTopics(names: string[]): Promise<DeleteTopicsResult[]> {
    return this.orRefused(
      this.execute('deleteTopics', (image) => deleteTopics(image, names)),
      (message) =>
        names.map((name) => ({
          name,
          topicId: ZERO_UUID,
          errorCode: MetadataErrorCode.REQUEST_TIMED_OUT,
          errorMessage: message,
        })),
    );
  }

  async createPartitions(
    requests: CreatePartitionsSpec[],
    options: { validateOnly: boolean },
  ): Promise<CreatePartitionsResult[]> {
    const { random } = this.options;
    return this.orRefused(
      this.execute('createPartitions', (image) => createPartitions(image, requests, { ...options, random })),
      (message) =>
        requests.map((request) => ({
          name: request.name,
          errorCode: MetadataErrorCode.REQUEST_TIMED_OUT,
          errorMessage: message,
        })),
    );
  }

  /** A full queue is an expected overload: answer with a retriable Kafka error instead of failing the request. */
  private async orRefused<T>(result: Promise<T>, refused: (message: string) => T): Promise<T> {
    try {
      return await result;
    } catch (error) {
      if (error instanceof ControllerQueueFullError) return refused(error.message);
      throw error;
    }
  }

  registerBroker(request: BrokerRegistrationRequest): Promise<BrokerRegistrationResponse> {
    return this.execute('registerBroker', (image) =>
      registerBroker(image, request, { sessionActive: this.sessions.isActive(request.brokerId, this.clock()) }),
    ).then((response) => {
      if (response.errorCode === MetadataErrorCode.NONE) this.sessions.touch(request.brokerId, this.clock());
      return response;
    });
  }

  brokerHeartbeat(request: BrokerHeartbeatRequest): Promise<BrokerHeartbeatResponse> {
    return this.execute('brokerHeartbeat', (image) => brokerHeartbeat(image, request)).then((response) => {
      if (response.errorCode === MetadataErrorCode.NONE) this.sessions.touch(request.brokerId, this.clock());
      return response;
    });
  }

  /** Fences brokers whose session lapsed; a caller with remote brokers runs this on a timer. */
  fenceExpiredBrokers(): Promise<number[]> {
    return this.execute('fenceExpiredBrokers', (image) => fenceExpiredBrokers(image, this.sessions, this.clock()));
  }

  alterPartition(request: AlterPartitionRequest): Promise<AlterPartitionResponse> {
    return this.execute('alterPartition', (image) => alterPartition(image, request));
  }

  allocateProducerIds(request: { brokerId: number; brokerEpoch: bigint }): Promise<AllocateProducerIdsResponse> {
    return this.execute('allocateProducerIds', (image) => allocateProducerIds(image, request));
  }

  incrementalAlterConfigs(
    resources: AlterConfigsResource[],
    options: { validateOnly: boolean },
  ): Promise<AlterConfigsResult[]> {
    return this.execute('incrementalAlterConfigs', (image) => incrementalAlterConfigs(image, resources, options));
  }

  alterConfigs(
    resources: LegacyAlterConfigsResource[],
    options: { validateOnly: boolean },
  ): Promise<AlterConfigsResult[]> {
    return this.execute('alterConfigs', (image) => legacyAlterConfigs(image, resources, options));
  }

  async electLeaders(
    electionType: number,
    partitions: { topic: string; partition: number }[] | null,
  ): Promise<ElectLeadersOutcome> {
    const results = await this.execute('electLeaders', (image) => electLeaders(image, electionType, partitions));
    return { errorCode: 0, results };
  }

  /**
   * A single-node control plane is a quorum of itself: this node is the only voter and the leader, always caught up.
   * There is no Raft term here, so the epoch is 1 (the first and only leadership); offsets are the metadata log's
   * exclusive end offset, as Kafka reports them.
   */
  async describeQuorum(): Promise<QuorumDescription> {
    const endOffset = Number(this.image().offset + 1n);
    const now = this.clock();
    const self = {
      replicaId: this.options.nodeId,
      logEndOffset: endOffset,
      lastFetchTimestamp: now,
      lastCaughtUpTimestamp: now,
      endpoint: null,
    };
    return {
      clusterId: this.options.clusterId,
      leaderId: this.options.nodeId,
      leaderEpoch: 1,
      highWatermark: endOffset,
      currentVoters: [self],
      observers: [],
      answeredBy: this.options.nodeId,
    };
  }

  electPreferredLeaders(partitions: { topic: string; partition: number }[] | null): Promise<ElectLeadersResult[]> {
    return this.execute('electPreferredLeaders', (image) => electPreferredLeaders(image, partitions));
  }

  controlledShutdown(brokerId: number): Promise<{ errorCode: number }> {
    return this.execute('controlledShutdown', (image) => controlledShutdown(image, brokerId));
  }

  /** Waits for queued commands, then refuses new ones. The log is the caller's to close. */
  async close(): Promise<void> {
    await this.queue.close();
  }
}
