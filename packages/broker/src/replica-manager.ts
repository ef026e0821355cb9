/**
 * The partitions this broker hosts, kept in step with the metadata image: a partition whose replicas include this
 * node gets a local log; a partition of a removed topic (or moved away) loses it. Also owns the fetch purgatory,
 * because appends and high-watermark moves are what wake parked fetches.
 */
import { type LogManager, logConfigFromTopicConfigs } from '@tributary/log';
import type { MetadataImage } from '@tributary/metadata';
import type { Logger } from 'pino';
import { Partition } from './partition.js';
import { restoreProducerState, writeProducerStateSnapshot } from './producer-state-snapshot.js';
import { Purgatory } from './purgatory.js';

/** Parked long-poll fetches across all connections (each connection also caps its own in-flight requests). */
export const PURGATORY_MAX_WAITERS = 10_000;

export class ReplicaManager {
  readonly purgatory = new Purgatory(PURGATORY_MAX_WAITERS);
  private readonly partitions = new Map<string, Partition>();
  /** Image applications run one at a time, in image order. */
  private syncTail: Promise<void> = Promise.resolve();

  constructor(
    private readonly nodeId: number,
    private readonly logManager: LogManager,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

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

  /** Wakes fetches parked on a partition after its log or high watermark changed. */
  onPartitionChanged(partition: Partition): void {
    this.purgatory.notify(partition.key);
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
          existing.updateState(state);
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
        const partition = new Partition(topic.name, topic.topicId, state.partition, log, state, this.nodeId);
        partition.topicConfigs = topic.configs;
        await restoreProducerState(partition, this.clock(), this.logger);
        this.partitions.set(key, partition);
        this.logger.info({ topic: topic.name, partition: state.partition, leader: state.leader }, 'hosting partition');
      }
    }
    for (const [key, partition] of this.partitions) {
      if (!wanted.has(key)) await this.remove(partition);
    }
  }

  private async remove(partition: Partition): Promise<void> {
    this.partitions.delete(partition.key);
    this.purgatory.notify(partition.key);
    await this.logManager.delete(partition.topic, partition.index);
    this.logger.info({ topic: partition.topic, partition: partition.index }, 'deleted local partition');
  }
}
