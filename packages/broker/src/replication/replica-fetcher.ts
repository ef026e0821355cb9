/**
 * One fetcher per source broker (Kafka's ReplicaFetcherThread): a loop that keeps this broker's follower replicas
 * of many partitions in step with their leader over one connection.
 *
 * Per partition: first `truncating` — ask the leader (OffsetForLeaderEpoch) where our latest epoch ends in its log
 * and drop any divergent tail (KIP-101/KIP-279) — then `fetching` — Fetch with replicaId = our node id from our log
 * end offset, append the leader's batches unchanged (offsets and epochs kept) and take its high watermark.
 * A leader-epoch error parks the partition for replica.fetch.backoff.ms until the metadata image catches up; a
 * connection failure reconnects with doubling backoff.
 */
import { ApiKey, ErrorCode, type FetchResponse, type OffsetForLeaderEpochResponse } from '@tributary/protocol';
import type { Logger } from 'pino';
import type { ReplicationConfig } from '../broker-config.js';
import type { Partition } from '../partition.js';
import { BrokerClient } from './broker-client.js';
import { truncationOffset } from './follower-truncation.js';

/** Fetch v11: replica id in the body, currentLeaderEpoch (v9+), topics by name (v13+ would need topic ids). */
const FETCH_VERSION = 11;
const OFFSET_FOR_LEADER_EPOCH_VERSION = 4;
const RECONNECT_BACKOFF_MAX_MS = 10_000;
/** Beyond the leader's long-poll wait, how long a request may take before the connection is considered dead. */
const REQUEST_TIMEOUT_MARGIN_MS = 30_000;

export interface SourceBroker {
  readonly brokerId: number;
  readonly host: string;
  readonly port: number;
}

interface FetchState {
  readonly partition: Partition;
  readonly leaderEpoch: number;
  phase: 'truncating' | 'fetching';
  retryAtMs: number;
}

export interface ReplicaFetcherOptions {
  nodeId: number;
  source: SourceBroker;
  config: ReplicationConfig;
  logger: Logger;
  clock: () => number;
  /** Called after records were appended or the high watermark moved. */
  onPartitionChanged: (partition: Partition) => void;
}

export class ReplicaFetcher {
  private readonly states = new Map<string, FetchState>();
  private client: BrokerClient | null = null;
  private running = true;
  private wake: (() => void) | null = null;
  private reconnectBackoffMs = 0;
  readonly done: Promise<void>;

  constructor(private readonly options: ReplicaFetcherOptions) {
    this.done = this.run();
  }

  get source(): SourceBroker {
    return this.options.source;
  }

  get partitionCount(): number {
    return this.states.size;
  }

  /** Starts (or restarts, after a leader epoch change) replicating `partition` from this source. */
  addPartition(partition: Partition): void {
    const current = this.states.get(partition.key);
    if (current?.partition === partition && current.leaderEpoch === partition.leaderEpoch) return;
    this.states.set(partition.key, {
      partition,
      leaderEpoch: partition.leaderEpoch,
      phase: 'truncating',
      retryAtMs: 0,
    });
    this.poke();
  }

  removePartition(key: string): void {
    this.states.delete(key);
  }

  hasPartition(key: string): boolean {
    return this.states.has(key);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.client?.close();
    this.poke();
    await this.done;
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const worked = await this.doWork();
        if (!worked && this.running) await this.sleep(this.nextRetryDelayMs());
        this.reconnectBackoffMs = 0;
      } catch (error) {
        this.client?.close();
        this.client = null;
        if (!this.running) break;
        this.reconnectBackoffMs = Math.min(
          Math.max(this.reconnectBackoffMs * 2, 50),
          Math.min(RECONNECT_BACKOFF_MAX_MS, this.options.config.replicaFetchBackoffMs * 10),
        );
        this.options.logger.debug(
          { err: error, source: this.options.source.brokerId, backoffMs: this.reconnectBackoffMs },
          'replica fetch failed; reconnecting',
        );
        await this.sleep(this.reconnectBackoffMs);
      }
    }
    this.client?.close();
  }

  /** How long to idle when nothing is ready: until the earliest retry, or a long time if there is nothing at all. */
  private nextRetryDelayMs(): number {
    const now = this.options.clock();
    let earliest = Number.POSITIVE_INFINITY;
    for (const state of this.states.values()) earliest = Math.min(earliest, state.retryAtMs);
    if (earliest === Number.POSITIVE_INFINITY) return 60_000;
    return Math.max(1, earliest - now);
  }

  private async connection(): Promise<BrokerClient> {
    if (this.client !== null && !this.client.isClosed) return this.client;
    const { host, port } = this.options.source;
    this.client = await BrokerClient.connect({
      host,
      port,
      clientId: `replica-fetcher-${this.options.nodeId}`,
      maxResponseBytes:
        this.options.config.replicaFetchResponseMaxBytes + this.options.config.replicaFetchMaxBytes + 1024 * 1024,
      connectTimeoutMs: 10_000,
    });
    return this.client;
  }

  /** One round: truncate what needs it, else one Fetch. Returns false when nothing was ready. */
  private async doWork(): Promise<boolean> {
    const now = this.options.clock();
    const ready = [...this.states.values()].filter((s) => s.retryAtMs <= now);
    if (ready.length === 0) return false;
    const truncating = ready.filter((s) => s.phase === 'truncating');
    if (truncating.length > 0) {
      await this.truncate(truncating);
      // A partition the leader did not answer for, or one that changed epoch meanwhile, would otherwise be asked
      // again at once, forever: a busy loop between two brokers until the image moves on.
      this.backOffUnchanged(truncating, (s) => s.phase === 'truncating');
      return true;
    }
    await this.fetch(ready);
    return true;
  }

  /** Backs off every state still `stuck` after a round whose retry time has come (it made no progress). */
  private backOffUnchanged(states: FetchState[], stuck: (state: FetchState) => boolean): void {
    const now = this.options.clock();
    for (const state of states) {
      if (state.retryAtMs <= now && stuck(state)) this.backOff(state, ErrorCode.NONE);
    }
  }

  private isCurrent(state: FetchState): boolean {
    return this.states.get(state.partition.key) === state && state.partition.leaderEpoch === state.leaderEpoch;
  }

  private backOff(state: FetchState, errorCode: number): void {
    state.retryAtMs = this.options.clock() + this.options.config.replicaFetchBackoffMs;
    this.options.logger.debug(
      { topic: state.partition.topic, partition: state.partition.index, errorCode },
      'replica fetch partition error; backing off',
    );
  }

  private async truncate(states: FetchState[]): Promise<void> {
    const client = await this.connection();
    const withoutEpochs = states.filter((s) => s.partition.log.leaderEpochCache.latestEpoch() < 0);
    for (const state of withoutEpochs) {
      // No epochs: nothing to compare. An empty log cannot diverge; otherwise keep only what was committed.
      await state.partition.serialize(async () => {
        if (!this.isCurrent(state)) return;
        state.partition.truncateTo(state.partition.highWatermark);
        state.phase = 'fetching';
      });
    }
    const asking = states.filter((s) => !withoutEpochs.includes(s));
    if (asking.length === 0) return;
    const response = await client.request<OffsetForLeaderEpochResponse>(
      ApiKey.OffsetForLeaderEpoch,
      OFFSET_FOR_LEADER_EPOCH_VERSION,
      {
        replicaId: this.options.nodeId,
        topics: groupByTopic(asking, (s) => ({
          partition: s.partition.index,
          currentLeaderEpoch: s.leaderEpoch,
          leaderEpoch: s.partition.log.leaderEpochCache.latestEpoch(),
        })),
      },
      REQUEST_TIMEOUT_MARGIN_MS,
    );
    for (const topic of response.topics) {
      for (const answer of topic.partitions) {
        const state = this.states.get(`${topic.topic}:${answer.partition}`);
        if (state === undefined || !asking.includes(state)) continue;
        if (answer.errorCode !== ErrorCode.NONE) {
          this.backOff(state, answer.errorCode);
          continue;
        }
        await state.partition.serialize(async () => {
          if (!this.isCurrent(state)) return;
          const log = state.partition.log;
          const offset = truncationOffset(
            {
              logEndOffset: log.logEndOffset,
              highWatermark: state.partition.highWatermark,
              latestEpoch: () => log.leaderEpochCache.latestEpoch(),
              endOffsetFor: (epoch) => log.leaderEpochCache.endOffsetFor(epoch),
            },
            { epoch: answer.leaderEpoch, endOffset: answer.endOffset },
          );
          if (offset < log.logEndOffset) {
            this.options.logger.info(
              {
                topic: state.partition.topic,
                partition: state.partition.index,
                leaderEpoch: state.leaderEpoch,
                truncateTo: offset.toString(),
                logEndOffset: log.logEndOffset.toString(),
              },
              'truncating divergent follower log',
            );
            state.partition.truncateTo(offset);
          }
          state.phase = 'fetching';
        });
      }
    }
  }

  private async fetch(states: FetchState[]): Promise<void> {
    const client = await this.connection();
    const { config } = this.options;
    const response = await client.request<FetchResponse>(
      ApiKey.Fetch,
      FETCH_VERSION,
      {
        replicaId: this.options.nodeId,
        maxWaitMs: config.replicaFetchWaitMaxMs,
        minBytes: config.replicaFetchMinBytes,
        maxBytes: config.replicaFetchResponseMaxBytes,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: groupByTopic(states, (s) => ({
          partition: s.partition.index,
          currentLeaderEpoch: s.leaderEpoch,
          fetchOffset: s.partition.log.logEndOffset,
          logStartOffset: s.partition.log.logStartOffset,
          partitionMaxBytes: config.replicaFetchMaxBytes,
        })),
        forgottenTopicsData: [],
        rackId: '',
      },
      config.replicaFetchWaitMaxMs + REQUEST_TIMEOUT_MARGIN_MS,
    );
    for (const topic of response.responses) {
      for (const data of topic.partitions) {
        const state = this.states.get(`${topic.topic}:${data.partitionIndex}`);
        if (state === undefined || !states.includes(state)) continue;
        await this.applyFetched(state, data);
      }
    }
  }

  private async applyFetched(
    state: FetchState,
    data: FetchResponse['responses'][number]['partitions'][number],
  ): Promise<void> {
    if (data.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
      const partition = state.partition;
      if (data.logStartOffset > partition.log.logEndOffset) {
        // Everything we lack was deleted on the leader (retention, DeleteRecords): nothing to fetch it from, so
        // empty the log and start again at the leader's log start (Kafka's ReplicaFetcherThread does the same).
        await partition.serialize(async () => {
          if (!this.isCurrent(state) || data.logStartOffset <= partition.log.logEndOffset) return;
          this.options.logger.warn(
            {
              topic: partition.topic,
              partition: partition.index,
              leaderLogStartOffset: data.logStartOffset.toString(),
              logEndOffset: partition.log.logEndOffset.toString(),
            },
            'follower fell behind the leader log start; restarting its log there',
          );
          partition.restartLogAt(data.logStartOffset);
          this.options.onPartitionChanged(partition);
        });
        return;
      }
      // Our end is past the leader's (a divergence not yet resolved): find the divergence point again.
      state.phase = 'truncating';
      this.backOff(state, data.errorCode);
      return;
    }
    if (data.errorCode !== ErrorCode.NONE) {
      this.backOff(state, data.errorCode);
      return;
    }
    const partition = state.partition;
    await partition.serialize(async () => {
      if (!this.isCurrent(state)) return;
      const records = data.records === null ? null : trimPartialBatch(data.records);
      if (records !== null && records.length > 0) partition.appendAsFollower(records);
      // The leader's log start moves with its retention and DeleteRecords; replicas follow it (Kafka's
      // maybeIncrementLogStartOffset), never past their own end.
      const leaderLogStart = data.logStartOffset;
      if (leaderLogStart > partition.log.logStartOffset && leaderLogStart <= partition.log.logEndOffset) {
        partition.log.deleteRecordsBefore(leaderLogStart);
      }
      partition.updateFollowerHighWatermark(data.highWatermark);
      this.options.onPartitionChanged(partition);
    });
  }
}

/** A response cut at maxBytes may end in a partial batch (old brokers); keep whole batches only. */
function trimPartialBatch(records: Buffer): Buffer {
  let position = 0;
  while (position + 12 <= records.length) {
    const size = 12 + records.readInt32BE(position + 8);
    if (position + size > records.length) break;
    position += size;
  }
  return position === records.length ? records : records.subarray(0, position);
}

function groupByTopic<P>(
  states: FetchState[],
  toPartition: (state: FetchState) => P,
): { topic: string; partitions: P[] }[] {
  const byTopic = new Map<string, P[]>();
  for (const state of states) {
    const list = byTopic.get(state.partition.topic) ?? [];
    list.push(toPartition(state));
    byTopic.set(state.partition.topic, list);
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}
