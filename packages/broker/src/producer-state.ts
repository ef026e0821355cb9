/**
 * Idempotent-producer state of one partition, modelled on Kafka's ProducerStateManager and
 * ProducerAppendInfo (apache/kafka 3.9 storage/.../log/ProducerStateManager.java, ProducerAppendInfo.java).
 *
 * Pure: the caller supplies times and offsets. For each producer id it keeps the epoch and the metadata of
 * the last NUM_BATCHES_TO_RETAIN (5) batches, which is how many a client may have in flight
 * (max.in.flight.requests.per.connection <= 5 for idempotence), so a retried batch is recognised.
 */
import { ErrorCode } from '@tributary/protocol';

export const NUM_BATCHES_TO_RETAIN = 5;
const NO_PRODUCER_EPOCH = -1;
const INT32_MAX = 0x7fffffff;

export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  baseOffset: bigint;
  lastOffset: bigint;
  maxTimestampMs: bigint;
}

export interface ProducerStateEntry {
  producerId: bigint;
  producerEpoch: number;
  /** Oldest first; at most NUM_BATCHES_TO_RETAIN. */
  batches: BatchMetadata[];
  lastUpdateMs: number;
}

/** The idempotence-relevant fields of a batch header. */
export interface ProducerBatchInfo {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
}

export type SequenceCheck =
  | { kind: 'append' }
  | { kind: 'duplicate'; batch: BatchMetadata }
  | { kind: 'error'; errorCode: number; message: string };

/** Sequence numbers wrap at Int32.MAX (DefaultRecordBatch.incrementSequence). */
export function lastSequence(baseSequence: number, lastOffsetDelta: number): number {
  return baseSequence > INT32_MAX - lastOffsetDelta
    ? lastOffsetDelta - (INT32_MAX - baseSequence) - 1
    : baseSequence + lastOffsetDelta;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

export class ProducerStateManager {
  private readonly producers = new Map<bigint, ProducerStateEntry>();

  /** Upper bound on tracked producers; expiry (producer.id.expiration.ms) normally keeps far below it. */
  constructor(private readonly maxProducers = 100_000) {}

  get size(): number {
    return this.producers.size;
  }

  entry(producerId: bigint): ProducerStateEntry | undefined {
    return this.producers.get(producerId);
  }

  entries(): IterableIterator<ProducerStateEntry> {
    return this.producers.values();
  }

  /**
   * Decides what to do with a client batch (AppendOrigin.CLIENT): a retry of one of the retained batches is a
   * duplicate answered with its original offsets; otherwise the epoch and the sequence must follow on.
   */
  check(batch: ProducerBatchInfo): SequenceCheck {
    const current = this.producers.get(batch.producerId);
    const firstSeq = batch.baseSequence;
    const lastSeq = lastSequence(firstSeq, batch.lastOffsetDelta);
    if (current === undefined) {
      // Unknown producer (new, or its state expired/was deleted): Kafka 2.5+ (KIP-360) accepts any sequence.
      return { kind: 'append' };
    }
    if (batch.producerEpoch === current.producerEpoch) {
      const duplicate = current.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
      if (duplicate !== undefined) return { kind: 'duplicate', batch: duplicate };
    }
    if (batch.producerEpoch < current.producerEpoch) {
      return {
        kind: 'error',
        errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
        message: `epoch ${batch.producerEpoch} is older than the current epoch ${current.producerEpoch} of producer ${batch.producerId}`,
      };
    }
    if (batch.producerEpoch !== current.producerEpoch) {
      // A bumped epoch restarts sequences at 0 (current epoch is never NO_PRODUCER_EPOCH for a stored entry).
      if (firstSeq !== 0 && current.producerEpoch !== NO_PRODUCER_EPOCH) {
        return {
          kind: 'error',
          errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
          message: `sequence ${firstSeq} for new epoch ${batch.producerEpoch} of producer ${batch.producerId} must be 0`,
        };
      }
      return { kind: 'append' };
    }
    const currentLastSeq = current.batches.length > 0 ? current.batches[current.batches.length - 1].lastSeq : -1;
    if (current.batches.length > 0 && !inSequence(currentLastSeq, firstSeq)) {
      return {
        kind: 'error',
        errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `out of order sequence ${firstSeq} for producer ${batch.producerId}, last was ${currentLastSeq}`,
      };
    }
    return { kind: 'append' };
  }

  /** Records an appended batch (after `check` said append, or while rebuilding from the log). */
  update(batch: ProducerBatchInfo, baseOffset: bigint, maxTimestampMs: bigint, nowMs: number): void {
    let entry = this.producers.get(batch.producerId);
    if (entry === undefined) {
      if (this.producers.size >= this.maxProducers) this.evictOldest();
      entry = { producerId: batch.producerId, producerEpoch: batch.producerEpoch, batches: [], lastUpdateMs: nowMs };
      this.producers.set(batch.producerId, entry);
    }
    if (batch.producerEpoch !== entry.producerEpoch) {
      entry.producerEpoch = batch.producerEpoch;
      entry.batches = [];
    }
    entry.batches.push({
      firstSeq: batch.baseSequence,
      lastSeq: lastSequence(batch.baseSequence, batch.lastOffsetDelta),
      baseOffset,
      lastOffset: baseOffset + BigInt(batch.lastOffsetDelta),
      maxTimestampMs,
    });
    if (entry.batches.length > NUM_BATCHES_TO_RETAIN) entry.batches.shift();
    entry.lastUpdateMs = nowMs;
  }

  /** Drops producers idle for longer than producer.id.expiration.ms. */
  removeExpired(nowMs: number, expirationMs: number): number {
    let removed = 0;
    for (const [id, entry] of this.producers) {
      if (nowMs - entry.lastUpdateMs >= expirationMs) {
        this.producers.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** Forgets batches at or above `offset` (log truncation); producers left without batches are dropped. */
  /** Forgets every producer: the log they were rebuilt from is gone (a follower restarting at the leader's log start). */
  clear(): void {
    this.producers.clear();
  }

  truncateFrom(offset: bigint): void {
    for (const [id, entry] of this.producers) {
      entry.batches = entry.batches.filter((b) => b.lastOffset < offset);
      if (entry.batches.length === 0) this.producers.delete(id);
    }
  }

  /** Loads entries from a snapshot (replaces current state). */
  load(entries: Iterable<ProducerStateEntry>): void {
    this.producers.clear();
    for (const e of entries) this.producers.set(e.producerId, e);
  }

  private evictOldest(): void {
    let oldest: ProducerStateEntry | undefined;
    for (const e of this.producers.values())
      if (oldest === undefined || e.lastUpdateMs < oldest.lastUpdateMs) oldest = e;
    if (oldest !== undefined) this.producers.delete(oldest.producerId);
  }
}
