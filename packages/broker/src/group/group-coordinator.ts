/**
 * The runtime group coordinator of one broker: feeds GroupLog leadership changes into the pure core (replay on
 * election, drop on resignation), turns parked JoinGroup/SyncGroup callbacks into promises, runs the deadline tick
 * and the offsets retention task, and answers FindCoordinator from the metadata image.
 */
import { randomUUID } from 'node:crypto';
import type { ControllerClient } from '@tributary/controller';
import { ErrorCode } from '@tributary/protocol';
import type { Logger } from 'pino';
import { errorCodeOf } from '../error-mapping.js';
import type { GroupCoordinatorConfig } from './group-config.js';
import { GroupCoordinatorCore } from './group-coordinator-core.js';
import type { GroupLog } from './group-log.js';
import type { GroupRecord } from './group-records.js';
import type {
  DeleteGroupResult,
  JoinGroupResult,
  OffsetDeleteResult,
  PartitionResult,
  SyncGroupResult,
} from './group-results.js';
import type { JoinGroupRequestData } from './join-group.js';
import type { OffsetCommitRequestData } from './offset-commit.js';
import type { TopicPartitions } from './offset-fetch.js';
import type { SyncGroupRequestData } from './sync-group.js';

export const OFFSETS_TOPIC_NAME = '__consumer_offsets';
/** Deadlines (sessions, joins, syncs) are checked this often; Kafka's purgatory is finer, clients never notice. */
export const GROUP_TICK_INTERVAL_MS = 100;

export interface GroupCoordinatorOptions {
  readonly nodeId: number;
  readonly groupLog: GroupLog;
  readonly controller: ControllerClient;
  readonly config: GroupCoordinatorConfig & { readonly offsetsRetentionCheckIntervalMs: number };
  readonly logger: Logger;
  readonly clock: () => number;
}

export interface CoordinatorLocation {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export class GroupCoordinator {
  readonly core: GroupCoordinatorCore;
  private readonly logger: Logger;
  private unsubscribe: (() => void) | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: GroupCoordinatorOptions) {
    this.logger = options.logger.child({ component: 'group-coordinator' });
    const { groupLog } = options;
    this.core = new GroupCoordinatorCore({
      config: options.config,
      clock: options.clock,
      newUuid: randomUUID,
      partitionFor: (groupId) => groupLog.partitionFor(groupId),
      append: (partition, records, done) => this.append(partition, records, done),
      isLoading: (partition) => this.leaderOf(partition) === options.nodeId,
      log: (message, fields) => this.logger.info(fields, message),
    });
  }

  start(): void {
    if (this.unsubscribe !== null) return;
    this.unsubscribe = this.options.groupLog.subscribe({
      elected: (partition, leaderEpoch, records) => {
        this.core.load(partition, records);
        this.logger.debug({ partition, leaderEpoch, records: records.length }, 'loaded group partition');
      },
      resigned: (partition) => {
        this.core.unload(partition);
        this.logger.debug({ partition }, 'resigned group partition');
      },
    });
    this.tickTimer = setInterval(() => this.core.tick(), GROUP_TICK_INTERVAL_MS);
    this.tickTimer.unref();
    this.retentionTimer = setInterval(() => this.expireOffsets(), this.options.config.offsetsRetentionCheckIntervalMs);
    this.retentionTimer.unref();
  }

  /** Stops timers and answers every parked request NOT_COORDINATOR (their clients find the next coordinator). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.tickTimer !== null) clearInterval(this.tickTimer);
    if (this.retentionTimer !== null) clearInterval(this.retentionTimer);
    this.tickTimer = null;
    this.retentionTimer = null;
    for (const partition of this.core.ownedPartitions()) this.core.unload(partition);
  }

  private append(partition: number, records: readonly GroupRecord[], done: (errorCode: number) => void): void {
    this.options.groupLog.append(partition, records).then(
      () => done(ErrorCode.NONE),
      (err: unknown) => {
        const errorCode = errorCodeOf(err, ErrorCode.UNKNOWN_SERVER_ERROR);
        this.logger.warn({ err, partition, errorCode }, 'group log append failed');
        done(errorCode);
      },
    );
  }

  private expireOffsets(): void {
    const expired = this.core.expireOffsets();
    if (expired > 0) this.logger.info({ expired }, 'expired committed offsets');
  }

  private leaderOf(partition: number): number {
    const topic = this.options.controller.image().topicsByName.get(OFFSETS_TOPIC_NAME);
    return topic?.partitions.get(partition)?.leader ?? -1;
  }

  /** How many offsets partitions this broker leads but has not loaded yet (ListGroups reports them). */
  loadingPartitionCount(): number {
    const topic = this.options.controller.image().topicsByName.get(OFFSETS_TOPIC_NAME);
    if (topic === undefined) return 0;
    const owned = new Set(this.core.ownedPartitions());
    let count = 0;
    for (const p of topic.partitions.values()) if (p.leader === this.options.nodeId && !owned.has(p.partition)) count++;
    return count;
  }

  joinGroup(request: JoinGroupRequestData): Promise<JoinGroupResult> {
    return new Promise((resolve) => this.core.joinGroup(request, resolve));
  }

  syncGroup(request: SyncGroupRequestData): Promise<SyncGroupResult> {
    return new Promise((resolve) => this.core.syncGroup(request, resolve));
  }

  commitOffsets(request: OffsetCommitRequestData): Promise<PartitionResult[]> {
    return new Promise((resolve) => this.core.commitOffsets(request, resolve));
  }

  deleteOffsets(groupId: string, topics: readonly TopicPartitions[]): Promise<OffsetDeleteResult> {
    return new Promise((resolve) => this.core.deleteOffsets(groupId, topics, resolve));
  }

  deleteGroup(groupId: string): Promise<DeleteGroupResult> {
    return new Promise((resolve) => this.core.deleteGroup(groupId, resolve));
  }

  /**
   * FindCoordinator for a group: the leader of the group's `__consumer_offsets` partition. The first lookup creates
   * the topic (as Kafka does); until it exists with a live leader the answer is COORDINATOR_NOT_AVAILABLE.
   */
  async findGroupCoordinator(groupId: string): Promise<CoordinatorLocation> {
    const unavailable = (message: string): CoordinatorLocation => ({
      errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
      errorMessage: message,
      nodeId: -1,
      host: '',
      port: -1,
    });
    let image = this.options.controller.image();
    if (!image.topicsByName.has(OFFSETS_TOPIC_NAME)) {
      let created: boolean;
      try {
        created = await this.options.groupLog.ensureTopic();
      } catch (err) {
        this.logger.warn({ err }, `could not create ${OFFSETS_TOPIC_NAME}`);
        created = false;
      }
      if (!created) return unavailable(`${OFFSETS_TOPIC_NAME} cannot be created yet`);
      image = this.options.controller.image();
    }
    const partition = this.options.groupLog.partitionFor(groupId);
    const leader = image.topicsByName.get(OFFSETS_TOPIC_NAME)?.partitions.get(partition)?.leader ?? -1;
    const broker = leader < 0 ? undefined : image.brokers.get(leader);
    if (broker === undefined || broker.fenced) {
      return unavailable(`${OFFSETS_TOPIC_NAME}-${partition} has no available leader`);
    }
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      nodeId: broker.brokerId,
      host: broker.host,
      port: broker.port,
    };
  }
}
