/**
 * Keeps one ReplicaFetcher per source broker (Kafka's ReplicaFetcherManager, with num.replica.fetchers = 1): every
 * partition this broker follows is assigned to the fetcher of its leader's current endpoint; a partition whose
 * leader changed moves, and a fetcher left without partitions stops.
 */
import type { MetadataImage } from '@tributary/metadata';
import type { Logger } from 'pino';
import type { ReplicationConfig } from '../broker-config.js';
import type { Partition } from '../partition.js';
import { ReplicaFetcher, type SourceBroker } from './replica-fetcher.js';

export interface ReplicaFetcherManagerOptions {
  nodeId: number;
  config: ReplicationConfig;
  logger: Logger;
  clock: () => number;
  onPartitionChanged: (partition: Partition) => void;
}

function sourceKey(source: SourceBroker): string {
  return `${source.brokerId}@${source.host}:${source.port}`;
}

export class ReplicaFetcherManager {
  private readonly fetchers = new Map<string, ReplicaFetcher>();
  private stopped = false;

  constructor(private readonly options: ReplicaFetcherManagerOptions) {}

  /** Fetchers by source key, for tests and metrics. */
  sources(): string[] {
    return [...this.fetchers.keys()];
  }

  /**
   * Reassigns `partitions` after an image change: followers with a live leader go to that leader's fetcher (a
   * changed leader epoch restarts truncation); leaders and leaderless partitions are removed from every fetcher.
   */
  async reconcile(image: MetadataImage, partitions: Iterable<Partition>): Promise<void> {
    if (this.stopped) return;
    const wanted = new Map<string, string>();
    for (const partition of partitions) {
      if (partition.isLeader || partition.leaderId < 0) continue;
      const leader = image.brokers.get(partition.leaderId);
      if (leader === undefined) continue;
      const source: SourceBroker = { brokerId: leader.brokerId, host: leader.host, port: leader.port };
      const key = sourceKey(source);
      wanted.set(partition.key, key);
      let fetcher = this.fetchers.get(key);
      if (fetcher === undefined) {
        fetcher = new ReplicaFetcher({
          nodeId: this.options.nodeId,
          source,
          config: this.options.config,
          logger: this.options.logger.child({ component: 'replica-fetcher', sourceBroker: source.brokerId }),
          clock: this.options.clock,
          onPartitionChanged: this.options.onPartitionChanged,
        });
        this.fetchers.set(key, fetcher);
      }
      fetcher.addPartition(partition);
    }
    const idle: Promise<void>[] = [];
    for (const [key, fetcher] of this.fetchers) {
      for (const partitionKey of this.partitionKeysOf(fetcher, partitions)) {
        if (wanted.get(partitionKey) !== key) fetcher.removePartition(partitionKey);
      }
      if (fetcher.partitionCount === 0) {
        this.fetchers.delete(key);
        idle.push(fetcher.stop());
      }
    }
    await Promise.all(idle);
  }

  /** Stops following one partition at once (it is being deleted or this broker now leads it). */
  removePartition(key: string): void {
    for (const fetcher of this.fetchers.values()) fetcher.removePartition(key);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.fetchers.values()];
    this.fetchers.clear();
    await Promise.all(all.map((fetcher) => fetcher.stop()));
  }

  private partitionKeysOf(fetcher: ReplicaFetcher, partitions: Iterable<Partition>): string[] {
    const keys: string[] = [];
    for (const partition of partitions) if (fetcher.hasPartition(partition.key)) keys.push(partition.key);
    return keys;
  }
}
