/**
 * The cluster-metadata log on a Raft quorum: a MetadataLog whose append resolves once the batch is COMMITTED (not
 * merely written locally), and the Raft state machine that turns committed entries into metadata batches with
 * dense offsets on every node. Storage is LevelStorage under `<dir>/__cluster_metadata-0/raft/`.
 *
 * Offsets: the proposer writes the batch's base offset into the entry (metadata-entry.ts). On apply every node
 * checks it is exactly the next offset; an entry proposed on a stale view (possible only if leadership was lost and
 * regained between proposing and appending) fails that check on EVERY node alike, so it is skipped everywhere and
 * its proposer gets STALE_PROPOSAL: deterministic, and offsets stay dense.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetadataRecord } from '@tributary/metadata';
import { type Entry, LevelStorage, type Message, type Snapshot } from '@tributary/raft';
import type { Logger } from 'pino';
import { METADATA_LOG_DIR_NAME } from '../file-metadata-log.js';
import type { LoadedBatch, LoadedSnapshot, MetadataLog } from '../metadata-log.js';
import {
  decodeMetadataEntry,
  decodeMetadataSnapshot,
  encodeMetadataEntry,
  encodeMetadataSnapshot,
} from './metadata-entry.js';
import { checkQuorumMetaProperties } from './quorum-meta-properties.js';
import { ProposalError, RaftNode, type RaftStateMachine } from './raft-node.js';

export interface RaftMetadataLogOptions {
  /** metadata.log.dir or the first log dir; the log lives in `<dataDir>/__cluster_metadata-0/`. */
  dataDir: string;
  clusterId: string;
  nodeId: number;
  voters: readonly number[];
  send: (messages: readonly Message[]) => void;
  logger: Logger;
  tickMs?: number;
  electionTicks?: number;
  heartbeatTicks?: number;
  snapshotEveryEntries?: number;
  random?: () => number;
}

/** A committed batch as the controller sees it, with the Raft index that carried it. */
export interface CommittedBatch extends LoadedBatch {
  readonly index: number;
}

export class RaftMetadataLog implements MetadataLog, RaftStateMachine {
  readonly node: RaftNode;
  private nextOffset: bigint;
  /** Raft index of the last entry applied here (with or without records); pairs with nextOffset. */
  private appliedIndex: number;
  private appending = false;
  private readonly staleIndexes = new Set<number>();
  private readonly batchListeners = new Set<(batch: CommittedBatch) => void>();
  private readonly snapshotListeners = new Set<(snapshot: LoadedSnapshot) => void>();
  private snapshotSource: (() => LoadedSnapshot) | null = null;

  private constructor(
    options: RaftMetadataLogOptions,
    readonly storage: LevelStorage,
    private readonly loaded: { snapshot: LoadedSnapshot | null; batches: LoadedBatch[] },
    initial: Awaited<ReturnType<LevelStorage['load']>>,
    nextOffset: bigint,
  ) {
    this.nextOffset = nextOffset;
    this.appliedIndex = initial.applied ?? 0;
    this.node = new RaftNode({
      nodeId: options.nodeId,
      voters: options.voters,
      storage,
      initial,
      stateMachine: this,
      send: options.send,
      logger: options.logger,
      tickMs: options.tickMs,
      electionTicks: options.electionTicks,
      heartbeatTicks: options.heartbeatTicks,
      snapshotEveryEntries: options.snapshotEveryEntries,
      random: options.random,
    });
  }

  /** Opens the Raft storage and reads the committed state (snapshot + committed entries); call start() next. */
  static async open(options: RaftMetadataLogOptions): Promise<RaftMetadataLog> {
    const directory = join(options.dataDir, METADATA_LOG_DIR_NAME, 'raft');
    await mkdir(directory, { recursive: true });
    await checkQuorumMetaProperties(directory, options.clusterId, options.nodeId);
    const storage = await LevelStorage.open(directory);
    try {
      const initial = await storage.load();
      const commit = initial.hardState.commit;
      let snapshot: LoadedSnapshot | null = null;
      let nextOffset = 0n;
      if (initial.snapshot !== null) {
        snapshot = decodeMetadataSnapshot(initial.snapshot.data);
        nextOffset = snapshot.lastOffset + 1n;
      }
      const batches: LoadedBatch[] = [];
      for (const entry of initial.entries) {
        if (entry.index > commit) break;
        const decoded = entry.type === 'Normal' ? decodeMetadataEntry(entry.data) : null;
        if (decoded === null || decoded.baseOffset !== nextOffset) continue;
        batches.push(decoded);
        nextOffset += BigInt(decoded.records.length);
      }
      // Entries up to the durable commit index are handed to the controller by load(); the core must not apply
      // them a second time.
      const applied = Math.max(commit, initial.snapshot?.meta.index ?? 0);
      return new RaftMetadataLog(options, storage, { snapshot, batches }, { ...initial, applied }, nextOffset);
    } catch (error) {
      await storage.close();
      throw error;
    }
  }

  start(): void {
    this.node.start();
  }

  async load(): Promise<{ snapshot: LoadedSnapshot | null; batches: LoadedBatch[] }> {
    return this.loaded;
  }

  /** Offset the next committed record will get. */
  get logEndOffset(): bigint {
    return this.nextOffset;
  }

  /** Where the image for compaction comes from (the controller's image after the last applied batch). */
  setSnapshotSource(source: () => LoadedSnapshot): void {
    this.snapshotSource = source;
  }

  onBatch(listener: (batch: CommittedBatch) => void): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  onSnapshot(listener: (snapshot: LoadedSnapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  /**
   * Proposes `records` as one entry and resolves with the offset of the first once the entry is committed and
   * applied here. Only the active leader appends, one batch at a time (the controller's command queue is serial).
   */
  async append(records: readonly MetadataRecord[]): Promise<bigint> {
    if (this.appending) throw new Error('RaftMetadataLog.append is serial: another append is in flight');
    if (!this.node.isActiveLeader()) {
      const leaderId = this.node.core.basicStatus().leaderId;
      throw new ProposalError('NOT_LEADER_OR_FOLLOWER', 'not the active controller', true, leaderId);
    }
    this.appending = true;
    try {
      const baseOffset = this.nextOffset;
      const { index } = await this.node.propose(encodeMetadataEntry({ baseOffset, records }));
      if (this.staleIndexes.delete(index)) {
        throw new ProposalError('STALE_PROPOSAL', `entry ${index} was proposed on a stale view`, true, 0);
      }
      return baseOffset;
    } finally {
      this.appending = false;
    }
  }

  async writeSnapshot(snapshot: LoadedSnapshot): Promise<void> {
    if (snapshot.lastOffset !== this.nextOffset - 1n) {
      throw new Error(`snapshot at ${snapshot.lastOffset} is not the applied state (${this.nextOffset - 1n})`);
    }
    this.node.requestSnapshot(this.appliedIndex, encodeMetadataSnapshot(snapshot));
  }

  // ---- RaftStateMachine (called by the node's loop) ----

  apply(entry: Entry): void {
    this.appliedIndex = entry.index;
    if (entry.type !== 'Normal') return;
    const decoded = decodeMetadataEntry(entry.data);
    if (decoded === null) return;
    if (decoded.baseOffset !== this.nextOffset) {
      this.staleIndexes.add(entry.index);
      return;
    }
    this.nextOffset += BigInt(decoded.records.length);
    const batch: CommittedBatch = { index: entry.index, baseOffset: decoded.baseOffset, records: decoded.records };
    for (const listener of this.batchListeners) listener(batch);
  }

  restore(snapshot: Snapshot): void {
    const decoded = decodeMetadataSnapshot(snapshot.data);
    this.nextOffset = decoded.lastOffset + 1n;
    this.appliedIndex = snapshot.meta.index;
    this.staleIndexes.clear();
    for (const listener of this.snapshotListeners) listener(decoded);
  }

  snapshot(): Uint8Array {
    if (this.snapshotSource === null) throw new Error('no snapshot source registered');
    const snapshot = this.snapshotSource();
    if (snapshot.lastOffset !== this.nextOffset - 1n) {
      throw new Error(`snapshot source at ${snapshot.lastOffset}, applied ${this.nextOffset - 1n}`);
    }
    return encodeMetadataSnapshot(snapshot);
  }

  /** Committed entries after `fromIndex` as metadata batches, for FetchMetadata (null when compacted away). */
  async committedAfter(
    fromIndex: number,
    maxBytes: number,
  ): Promise<{ batches: CommittedBatch[]; lastIndex: number } | null> {
    const commit = this.node.core.basicStatus().commitIndex;
    if (fromIndex + 1 < this.storage.firstIndex()) return null;
    if (fromIndex >= commit) return { batches: [], lastIndex: fromIndex };
    const entries = await this.storage.entries(fromIndex + 1, commit + 1, maxBytes);
    const batches: CommittedBatch[] = [];
    for (const entry of entries) {
      const decoded = entry.type === 'Normal' ? decodeMetadataEntry(entry.data) : null;
      if (decoded !== null) batches.push({ index: entry.index, ...decoded });
    }
    return { batches, lastIndex: entries.length === 0 ? fromIndex : entries[entries.length - 1].index };
  }

  /** Stops the Raft node, then closes storage. */
  async close(): Promise<void> {
    await this.node.close();
    await this.storage.close();
  }
}
