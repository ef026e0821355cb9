/**
 * The partitions this broker hosts, kept in step with the metadata image: a partition whose replicas include this
 * node gets a local log; a partition of a removed topic (or moved away) loses it. Also owns the fetch purgatory,
 * because appends and high-watermark moves are what wake parked fetches, the replica fetchers of the partitions it
 * follows, and the ISR changes (AlterPartition) of the partitions it leads.
 */
import type { ControllerClient } from '@tributary/controller';
import { type LogManager, logConfigFromTopicConfigs } from '@tributary/log';
import { isBrokerEligible, type MetadataImage } from '@tributary/metadata';
import { ErrorCode } from '@tributary/protocol';
import type { Logger } from 'pino';
import { defaultReplicationConfig, type ReplicationConfig } from './broker-config.js';
import { awaitCommit, insufficientIsrMessage } from './commit-wait.js';
import { errorCodeOf } from './error-mapping.js';
import { Partition } from './partition.js';
import { restoreProducerState, writeProducerStateSnapshot } from './producer-state-snapshot.js';
import { Purgatory } from './purgatory.js';
import { ReplicaFetcherManager } from './replication/replica-fetcher-manager.js';

/** Parked long-poll fetches across all connections (each connection also caps its own in-flight requests). */
export const PURGATORY_MAX_WAITERS = 10_000;
/** Pause before proposing again after the controller refused or failed an ISR change (Kafka's retry.backoff.ms). */
export const ISR_CHANGE_RETRY_BACKOFF_MS = 100;

/** What an internal leader append (appendRecordsAsLeader) came to. */
export interface LeaderAppendOutcome {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  /** Offset of the first appended record; -1n when nothing was appended. */
  readonly baseOffset: bigint;
}

const appendFailed = (errorCode: number, errorMessage: string | null = null): LeaderAppendOutcome => ({
  errorCode,
  errorMessage,
  baseOffset: -1n,
});

/**
 * AlterPartition answers that prove the controller did not apply the change (Kafka's handleAlterPartitionError):
 * anything else - NOT_CONTROLLER, FENCED_LEADER_EPOCH, INVALID_UPDATE_VERSION, a timeout - may hide an applied one.
 */
function isrChangeNotApplied(errorCode: number): boolean {
  return errorCode === ErrorCode.INELIGIBLE_REPLICA || errorCode === ErrorCode.OPERATION_NOT_ATTEMPTED;
}

export class ReplicaManager {
  readonly purgatory = new Purgatory(PURGATORY_MAX_WAITERS);
  private readonly partitions = new Map<string, Partition>();
  /** Image applications run one at a time, in image order. */
  private syncTail: Promise<void> = Promise.resolve();
  private readonly fetcherManager: ReplicaFetcherManager;
  private readonly replication: ReplicationConfig;
  private controller: ControllerClient | null = null;
  /** Told after every applied image, once local partitions (and their leaderships) match it. */
  private readonly imageAppliedListeners = new Set<() => void>();

  constructor(
    private readonly nodeId: number,
    private readonly logManager: LogManager,
    private readonly logger: Logger,
    private readonly clock: () => number,
    replication: ReplicationConfig = defaultReplicationConfig,
  ) {
    this.replication = replication;
    this.fetcherManager = new ReplicaFetcherManager({
      nodeId,
      config: replication,
      logger,
      clock,
      onPartitionChanged: (partition) => this.onPartitionChanged(partition),
    });
  }

  /** Where ISR changes go; without it this broker never proposes one (single-node tests of the manager alone). */
  setController(controller: ControllerClient): void {
    this.controller = controller;
  }

  /** The broker's log dirs (log.dirs), for DescribeLogDirs. */
  get logDirs(): readonly string[] {
    return this.logManager.logDirs;
  }

  get replicationConfig(): ReplicationConfig {
    return this.replication;
  }

  partition(topic: string, index: number): Partition | undefined {
    return this.partitions.get(`${topic}:${index}`);
  }

  all(): IterableIterator<Partition> {
    return this.partitions.values();
  }

  /** Queues the reconciliation of local logs with `image`; the returned promise settles when it is done. */
  applyImage(image: MetadataImage): Promise<void> {
    const run = this.syncTail.then(() => this.reconcile(image));
    this.syncTail = run.catch((err: unknown) => {
      this.logger.error({ err }, 'failed to apply metadata image to local partitions');
    });
    return run;
  }

  /**
   * Calls `listener` after each metadata image has been applied to the local partitions, i.e. whenever this
   * broker may have become or stopped being leader of a partition (the group coordinator's offsets partitions).
   * Returns the unsubscribe function.
   */
  onImageApplied(listener: () => void): () => void {
    this.imageAppliedListeners.add(listener);
    return () => this.imageAppliedListeners.delete(listener);
  }

  /**
   * For the broker's internal writers (the group coordinator's `__consumer_offsets`): appends `records` (whole v2
   * batches; offsets are assigned here) as leader in the current leader epoch and waits as an acks=all produce
   * does. NOT_LEADER_OR_FOLLOWER when this broker does not lead (or stops leading before commit),
   * NOT_ENOUGH_REPLICAS when the ISR is below `minInsyncReplicas` before the append,
   * NOT_ENOUGH_REPLICAS_AFTER_APPEND when it shrank below it by the commit, REQUEST_TIMED_OUT after `timeoutMs`.
   */
  async appendRecordsAsLeader(
    partition: Partition,
    records: Buffer,
    options: { minInsyncReplicas: number; timeoutMs: number },
  ): Promise<LeaderAppendOutcome> {
    if (!partition.isLeader) return appendFailed(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    if (partition.isr.length < options.minInsyncReplicas) {
      return appendFailed(
        ErrorCode.NOT_ENOUGH_REPLICAS,
        insufficientIsrMessage(partition.isr.length, options.minInsyncReplicas),
      );
    }
    const leaderEpoch = partition.leaderEpoch;
    let appended: { baseOffset: bigint; lastOffset: bigint } | null;
    try {
      appended = await partition.serialize(async () => {
        if (!partition.isLeader || partition.leaderEpoch !== leaderEpoch) return null;
        const result = partition.log.append(records, { assignOffsets: true, leaderEpoch });
        partition.advanceHighWatermark();
        this.onPartitionChanged(partition);
        return result;
      });
    } catch (err) {
      this.logger.warn({ err, topic: partition.topic, partition: partition.index }, 'internal append failed');
      return appendFailed(errorCodeOf(err), (err as Error).message ?? null);
    }
    if (appended === null) return appendFailed(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    const committed = await awaitCommit(this.purgatory, partition, {
      requiredOffset: appended.lastOffset + 1n,
      leaderEpoch,
      minInsyncReplicas: options.minInsyncReplicas,
      timeoutMs: options.timeoutMs,
    });
    if (committed.errorCode !== ErrorCode.NONE) return appendFailed(committed.errorCode, committed.errorMessage);
    return { errorCode: ErrorCode.NONE, errorMessage: null, baseOffset: appended.baseOffset };
  }

  /** Wakes fetches parked on a partition after its log or high watermark changed. */
  onPartitionChanged(partition: Partition): void {
    this.purgatory.notify(partition.key);
  }

  /**
   * Leader: a follower fetched `fetchOffset`. Moves the high watermark (waking parked fetches and acks=all
   * produces) and proposes an ISR expansion if the follower has caught up.
   */
  recordFollowerFetch(partition: Partition, followerId: number, fetchOffset: bigint, logStartOffset = -1n): void {
    if (partition.recordFollowerFetch(followerId, fetchOffset, logStartOffset)) this.onPartitionChanged(partition);
    this.maybeAlterIsr(partition);
  }

  /** Periodic ISR check of every led partition (Kafka's isr-expiration task, every replica.lag.time.max.ms / 2). */
  checkIsr(): void {
    for (const partition of this.partitions.values()) this.maybeAlterIsr(partition);
  }

  /**
   * Sends the ISR change the leader state proposes, if any, as an AlterPartition. The new ISR takes effect when
   * the image carrying it arrives (updateState). Only answers proving the change was not applied clear it; any
   * other outcome keeps it pending (so the high watermark still counts the replica being added) and sends it again.
   */
  maybeAlterIsr(partition: Partition): void {
    const leader = partition.leaderState;
    const controller = this.controller;
    if (leader === null || controller === null) return;
    const image = controller.image();
    const proposal = leader.proposeIsrChange(this.clock(), this.replication.replicaLagTimeMaxMs, (id) =>
      isBrokerEligible(image, id),
    );
    if (proposal === null) return;
    const broker = image.brokers.get(this.nodeId);
    if (broker === undefined) {
      leader.clearPending();
      return;
    }
    const fields = { topic: partition.topic, partition: partition.index, from: partition.isr, to: proposal.isr };
    this.logger.info(fields, 'proposing ISR change');
    controller
      .alterPartition({
        brokerId: this.nodeId,
        brokerEpoch: broker.epoch,
        topicId: partition.topicId,
        partitionIndex: partition.index,
        leaderEpoch: leader.leaderEpoch,
        partitionEpoch: proposal.partitionEpoch,
        newIsr: [...proposal.isr],
        leaderRecoveryState: 0,
      })
      .then(
        (response) => {
          if (leader.pendingIsrChange !== proposal) return;
          const retryAt = this.clock() + ISR_CHANGE_RETRY_BACKOFF_MS;
          if (response.errorCode === ErrorCode.NONE) {
            // Applied: the image carrying it clears the pending change. A no-op answer (same partition epoch)
            // never reaches the image as a change: clear it here.
            if (response.partitionEpoch <= proposal.partitionEpoch) leader.clearPending(retryAt);
            return;
          }
          this.logger.warn({ ...fields, errorCode: response.errorCode }, 'ISR change refused');
          if (isrChangeNotApplied(response.errorCode)) leader.clearPending(retryAt);
          else leader.retryPendingAt(retryAt);
        },
        (err: unknown) => {
          this.logger.warn({ ...fields, err }, 'ISR change failed; will send it again');
          if (leader.pendingIsrChange === proposal) leader.retryPendingAt(this.clock() + ISR_CHANGE_RETRY_BACKOFF_MS);
        },
      );
  }

  /** Stops the replica fetchers (broker shutdown). */
  async stopFetchers(): Promise<void> {
    await this.fetcherManager.stop();
  }

  /** Writes producer-state snapshots so a restart need not rescan the logs. */
  async checkpointProducerState(): Promise<void> {
    for (const p of this.partitions.values()) {
      const offset = p.log.logEndOffset;
      if (offset === p.snapshotOffset || p.log.isClosed) continue;
      await writeProducerStateSnapshot(p.log.dir, offset, p.producerState.entries());
      p.snapshotOffset = offset;
    }
  }

  removeExpiredProducers(expirationMs: number): void {
    const now = this.clock();
    for (const p of this.partitions.values()) p.producerState.removeExpired(now, expirationMs);
  }

  private async reconcile(image: MetadataImage): Promise<void> {
    const wanted = new Set<string>();
    for (const topic of image.topicsByName.values()) {
      for (const state of topic.partitions.values()) {
        if (!state.replicas.includes(this.nodeId)) continue;
        const key = `${topic.name}:${state.partition}`;
        wanted.add(key);
        const existing = this.partitions.get(key);
        if (existing !== undefined && existing.topicId === topic.topicId) {
          const wasLeader = existing.isLeader;
          existing.updateState(state);
          // A former follower's producer state came from the fetched batch headers (Partition.appendAsFollower).
          if (!wasLeader && existing.isLeader) this.fetcherManager.removePartition(key);
          // Leadership or ISR changes settle parked acks=all produces (NOT_LEADER, NOT_ENOUGH_REPLICAS_AFTER_APPEND).
          this.purgatory.notify(key);
          if (existing.topicConfigs !== topic.configs) {
            // Images share unchanged maps, so a new map means an AlterConfigs: push the new limits into the log.
            await this.logManager.getOrCreate(topic.name, state.partition, logConfigFromTopicConfigs(topic.configs));
            existing.topicConfigs = topic.configs;
          }
          continue;
        }
        if (existing !== undefined) await this.remove(existing);
        const log = await this.logManager.getOrCreate(
          topic.name,
          state.partition,
          logConfigFromTopicConfigs(topic.configs),
        );
        const partition = new Partition(
          topic.name,
          topic.topicId,
          state.partition,
          log,
          state,
          this.nodeId,
          this.clock,
        );
        partition.topicConfigs = topic.configs;
        await restoreProducerState(partition, this.clock(), this.logger);
        this.partitions.set(key, partition);
        this.logger.info({ topic: topic.name, partition: state.partition, leader: state.leader }, 'hosting partition');
      }
    }
    for (const [key, partition] of this.partitions) {
      if (!wanted.has(key)) await this.remove(partition);
    }
    await this.fetcherManager.reconcile(image, this.partitions.values());
    for (const listener of this.imageAppliedListeners) {
      try {
        listener();
      } catch (err) {
        this.logger.error({ err }, 'image-applied listener failed');
      }
    }
  }

  private async remove(partition: Partition): Promise<void> {
    this.partitions.delete(partition.key);
    this.fetcherManager.removePartition(partition.key);
    this.purgatory.notify(partition.key);
    await this.logManager.delete(partition.topic, partition.index);
    this.logger.info({ topic: partition.topic, partition: partition.index }, 'deleted local partition');
  }
}
