/**
 * GroupLog on the broker's own replicated partitions of `__consumer_offsets`: appends go through the replica
 * manager as leader appends with acks=all semantics, and leadership of an offsets partition (from the metadata
 * image, via the replica manager's image-applied hook) is turned into elected/resigned callbacks carrying the
 * partition's records read from the log start to the log end, as Kafka's coordinator loader does for a new leader.
 *
 * The topic is created with cleanup.policy=compact: the log cleaner (packages/log) keeps it to the last value per
 * key, and the reader folds whatever history is left on load.
 */
import type { ControllerClient } from '@tributary/controller';
import { ErrorCode, encodeRecordBatchSync, KafkaError } from '@tributary/protocol';
import type { Logger } from 'pino';
import { type BrokerConfig, type GroupConfig, resolveGroupConfig } from '../../broker-config.js';
import type { Partition } from '../../partition.js';
import type { ReplicaManager } from '../../replica-manager.js';
import type { GroupLog, GroupLogLeadership } from '../group-log.js';
import type { GroupRecord } from '../group-records.js';
import { encodeGroupRecord } from './group-record-codec.js';
import { OFFSETS_TOPIC, offsetsPartitionFor } from './offsets-partition.js';
import { readOffsetsPartition } from './offsets-partition-reader.js';

export interface ReplicatedGroupLogOptions {
  readonly nodeId: number;
  readonly replicaManager: ReplicaManager;
  readonly controller: ControllerClient;
  readonly config: BrokerConfig;
  readonly logger: Logger;
  readonly clock: () => number;
}

/** One offsets partition this broker leads: loading until its records were handed to the listeners. */
interface Leadership {
  readonly partition: Partition;
  readonly leaderEpoch: number;
  loaded: boolean;
  /** Settles when the first load ends (loaded, abandoned or failed). */
  loading: Promise<void>;
}

/**
 * After creating the topic, how long ensureTopic waits for this broker to host and load its own offsets partitions,
 * so the FindCoordinator that created it does not name a coordinator still loading (clients would retry anyway).
 */
export const CREATED_TOPIC_LOAD_WAIT_MS = 5_000;

export class ReplicatedGroupLog implements GroupLog {
  private readonly replicaManager: ReplicaManager;
  private readonly controller: ControllerClient;
  private readonly config: BrokerConfig;
  private readonly offsets: GroupConfig;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly listeners = new Set<GroupLogLeadership>();
  /** Offsets partitions this broker leads, by partition index. */
  private readonly leaderships = new Map<number, Leadership>();
  /** Appends in flight, failed with NOT_COORDINATOR by close(). */
  private readonly pendingAppends = new Set<(err: KafkaError) => void>();
  private creating: Promise<boolean> | null = null;
  private unsubscribeImages: (() => void) | null = null;
  private closed = false;

  constructor(options: ReplicatedGroupLogOptions) {
    this.replicaManager = options.replicaManager;
    this.controller = options.controller;
    this.config = options.config;
    this.offsets = resolveGroupConfig(options.config);
    this.logger = options.logger.child({ component: 'group-log', nodeId: options.nodeId });
    this.clock = options.clock;
  }

  /**
   * The existing topic's partition count, else offsets.topic.num.partitions (Kafka's BrokerServer starts the
   * coordinator with the topic's count when the topic exists, so a changed config never remaps groups).
   */
  get partitionCount(): number {
    const topic = this.controller.image().topicsByName.get(OFFSETS_TOPIC);
    return topic !== undefined && topic.partitions.size > 0
      ? topic.partitions.size
      : this.offsets.offsetsTopicNumPartitions;
  }

  partitionFor(groupId: string): number {
    return offsetsPartitionFor(groupId, this.partitionCount);
  }

  start(): void {
    if (this.closed || this.unsubscribeImages !== null) return;
    this.unsubscribeImages = this.replicaManager.onImageApplied(() => this.syncLeaderships());
    this.syncLeaderships();
  }

  close(): void {
    this.closed = true;
    this.unsubscribeImages?.();
    this.unsubscribeImages = null;
    this.leaderships.clear();
    const pending = [...this.pendingAppends];
    this.pendingAppends.clear();
    for (const reject of pending) reject(new KafkaError(ErrorCode.NOT_COORDINATOR, 'group log closed'));
  }

  subscribe(listener: GroupLogLeadership): () => void {
    this.listeners.add(listener);
    for (const [index, leadership] of this.leaderships) {
      if (leadership.loaded) void this.load(index, leadership, [listener]);
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  async append(partitionIndex: number, records: readonly GroupRecord[]): Promise<void> {
    if (this.closed) throw new KafkaError(ErrorCode.NOT_COORDINATOR, 'group log closed');
    const leadership = this.leaderships.get(partitionIndex);
    if (leadership === undefined) {
      throw new KafkaError(ErrorCode.NOT_COORDINATOR, `not the leader of ${OFFSETS_TOPIC}-${partitionIndex}`);
    }
    if (!leadership.loaded) {
      throw new KafkaError(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, `${OFFSETS_TOPIC}-${partitionIndex} is loading`);
    }
    if (records.length === 0) return;
    const partition = leadership.partition;
    if (!partition.isLeader || partition.leaderEpoch !== leadership.leaderEpoch) {
      throw new KafkaError(ErrorCode.NOT_COORDINATOR, `no longer the leader of ${OFFSETS_TOPIC}-${partitionIndex}`);
    }
    const batch = encodeRecordBatchSync({ records: records.map(encodeGroupRecord), timestamp: this.clock() });
    const minInsyncReplicas = Number(
      partition.topicConfigs.get('min.insync.replicas') ?? this.config.minInsyncReplicas,
    );
    const appended = this.replicaManager.appendRecordsAsLeader(partition, batch, {
      minInsyncReplicas,
      timeoutMs: this.offsets.offsetCommitTimeoutMs,
    });
    let reject: (err: KafkaError) => void = () => undefined;
    const closedWhilePending = new Promise<never>((_, rejectPromise) => {
      reject = rejectPromise;
    });
    this.pendingAppends.add(reject);
    try {
      const outcome = await Promise.race([appended, closedWhilePending]);
      if (outcome.errorCode === ErrorCode.NONE) return;
      const code =
        outcome.errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER ? ErrorCode.NOT_COORDINATOR : outcome.errorCode;
      throw new KafkaError(code, outcome.errorMessage ?? undefined);
    } finally {
      this.pendingAppends.delete(reject);
    }
  }

  ensureTopic(): Promise<boolean> {
    if (this.controller.image().topicsByName.has(OFFSETS_TOPIC)) return Promise.resolve(true);
    if (this.creating !== null) return this.creating;
    const creating = this.createTopic().finally(() => {
      this.creating = null;
    });
    this.creating = creating;
    return creating;
  }

  private async createTopic(): Promise<boolean> {
    const offsets = this.offsets;
    try {
      const [result] = await this.controller.createTopics(
        [
          {
            name: OFFSETS_TOPIC,
            numPartitions: offsets.offsetsTopicNumPartitions,
            replicationFactor: offsets.offsetsTopicReplicationFactor,
            assignments: [],
            configs: {
              'cleanup.policy': 'compact',
              'compression.type': 'producer',
              'segment.bytes': String(offsets.offsetsTopicSegmentBytes),
            },
          },
        ],
        { validateOnly: false },
      );
      if (result === undefined) return false;
      if (result.errorCode === ErrorCode.NONE || result.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS) {
        this.logger.info(
          { partitions: offsets.offsetsTopicNumPartitions, replicationFactor: offsets.offsetsTopicReplicationFactor },
          `created ${OFFSETS_TOPIC}`,
        );
        await this.awaitLocalLoads();
        return true;
      }
      this.logger.info(
        { errorCode: result.errorCode, errorMessage: result.errorMessage },
        `cannot create ${OFFSETS_TOPIC} yet`,
      );
      return false;
    } catch (err) {
      this.logger.warn({ err }, `creating ${OFFSETS_TOPIC} failed`);
      return false;
    }
  }

  /** Waits (bounded) until the current image is applied locally and the partitions this broker leads are loaded. */
  private async awaitLocalLoads(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CREATED_TOPIC_LOAD_WAIT_MS);
      timer.unref();
    });
    const loaded = (async () => {
      await this.replicaManager.applyImage(this.controller.image());
      await Promise.all([...this.leaderships.values()].map((leadership) => leadership.loading));
    })();
    try {
      await Promise.race([loaded.catch(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Compares the offsets partitions this broker leads now with the ones it led, and loads or resigns. */
  private syncLeaderships(): void {
    if (this.closed) return;
    const led = new Map<number, Partition>();
    for (const partition of this.replicaManager.all()) {
      if (partition.topic === OFFSETS_TOPIC && partition.isLeader) led.set(partition.index, partition);
    }
    for (const [index, leadership] of this.leaderships) {
      const partition = led.get(index);
      if (partition === leadership.partition && partition.leaderEpoch === leadership.leaderEpoch) continue;
      this.leaderships.delete(index);
      if (leadership.loaded) this.notifyResigned(index);
    }
    for (const [index, partition] of led) {
      if (this.leaderships.has(index)) continue;
      const leadership: Leadership = {
        partition,
        leaderEpoch: partition.leaderEpoch,
        loaded: false,
        loading: Promise.resolve(),
      };
      this.leaderships.set(index, leadership);
      leadership.loading = this.load(index, leadership, this.listeners);
    }
  }

  /**
   * Reads the partition up to its log end and hands the records to `listeners`. A new leader appends nothing of
   * its own before the coordinator has loaded (append refuses while loading), so the log end read here is stable.
   */
  private async load(index: number, leadership: Leadership, listeners: Iterable<GroupLogLeadership>): Promise<void> {
    const startMs = this.clock();
    const isCurrent = () => !this.closed && this.leaderships.get(index) === leadership;
    const log = leadership.partition.log;
    try {
      const records = await readOffsetsPartition(log, log.logEndOffset, () => !isCurrent());
      if (records === null || !isCurrent()) return;
      const firstLoad = !leadership.loaded;
      leadership.loaded = true;
      for (const listener of [...listeners]) {
        try {
          listener.elected(index, leadership.leaderEpoch, records);
        } catch (err) {
          this.logger.error({ err, partition: index }, 'group log listener failed on election');
        }
      }
      if (firstLoad) {
        this.logger.info(
          {
            partition: index,
            leaderEpoch: leadership.leaderEpoch,
            records: records.length,
            ms: this.clock() - startMs,
          },
          `loaded ${OFFSETS_TOPIC} partition`,
        );
      }
    } catch (err) {
      // Left unloaded: its groups answer NOT_COORDINATOR until a later image makes this broker load it again.
      this.logger.error(
        { err, partition: index, leaderEpoch: leadership.leaderEpoch },
        `failed to load ${OFFSETS_TOPIC} partition`,
      );
      if (this.leaderships.get(index) === leadership && !leadership.loaded) this.leaderships.delete(index);
    }
  }

  private notifyResigned(index: number): void {
    this.logger.info({ partition: index }, `resigned ${OFFSETS_TOPIC} partition`);
    for (const listener of [...this.listeners]) {
      try {
        listener.resigned(index);
      } catch (err) {
        this.logger.error({ err, partition: index }, 'group log listener failed on resignation');
      }
    }
  }
}
