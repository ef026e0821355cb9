// The queue workload's writers (jepsen.tests.kafka, adapted): for every partition, several idempotent acks=all
// producers, each with its own producer id, sending small batches of unique values `<tag>-<partition>-<producer>-<n>`
// one batch at a time. A batch is retried with the same producer id and sequence until the broker answers it (the
// idempotent producer's contract: a retry of a batch that did land is answered with its original offset), so every
// value ends up acknowledged at an offset, definitely refused, or - when the run ends first - indeterminate.

import { LeaderCache } from './kafka-client.mjs';

/** Error codes meaning the broker did not append the batch in that attempt. */
const NOT_APPENDED = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'LEADER_NOT_AVAILABLE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'FENCED_LEADER_EPOCH',
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'INVALID_PRODUCER_EPOCH',
  'UNKNOWN_PRODUCER_ID',
  'CORRUPT_MESSAGE',
  'INVALID_RECORD',
  'MESSAGE_TOO_LARGE',
  'UNKNOWN_LEADER_EPOCH',
]);
const RETRY_BACKOFF_MS = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class QueueWorkload {
  acks = [];
  failures = [];
  /** error name -> attempts that ended with it (retried or not), for the summary. */
  attemptErrors = new Map();
  stopping = false;
  /** Set once the stop grace is over: batches still unanswered become indeterminate. */
  abandoned = false;

  /** `valuesPerSecMax` caps the send rate over all producers (0: as fast as acknowledgements come back). */
  constructor({
    client,
    protocol,
    addresses,
    topic,
    partitions,
    producersPerPartition,
    batchRecords,
    tag,
    clock,
    valuesPerSecMax,
  }) {
    Object.assign(this, { client, protocol, addresses, topic, partitions, producersPerPartition, batchRecords, tag });
    // Each producer loop gets an equal share of the rate: one batch per batchIntervalMs at most.
    const loops = partitions * producersPerPartition;
    this.batchIntervalMs = valuesPerSecMax > 0 ? (1000 * batchRecords * loops) / valuesPerSecMax : 0;
    this.clock = clock;
    this.leaders = new LeaderCache(client, addresses, topic);
  }

  start() {
    this.loops = [];
    for (let partition = 0; partition < this.partitions; partition++) {
      for (let producer = 0; producer < this.producersPerPartition; producer++) {
        this.loops.push(this.producerLoop(partition, producer));
      }
    }
  }

  /** No new batches; in-flight ones keep retrying for graceMs, then count as indeterminate. */
  async stop(graceMs) {
    this.stopping = true;
    const timer = setTimeout(() => {
      this.abandoned = true;
    }, graceMs);
    await Promise.all(this.loops);
    clearTimeout(timer);
  }

  countError(name) {
    this.attemptErrors.set(name, (this.attemptErrors.get(name) ?? 0) + 1);
  }

  async producerLoop(partition, producerIndex) {
    let producer = null;
    let baseSequence = 0;
    let n = 0;
    const state = { connection: null, address: null };
    let nextBatchAtMs = performance.now();
    while (!this.stopping) {
      // The rate cap bounds the runner's memory (every value is kept for the check) and its share of the machine.
      const waitMs = nextBatchAtMs - performance.now();
      if (waitMs > 0) await sleep(waitMs);
      nextBatchAtMs = Math.max(nextBatchAtMs, performance.now() - this.batchIntervalMs) + this.batchIntervalMs;
      if (this.stopping) break;
      if (producer === null) {
        producer = await this.newProducerId();
        if (producer === null) break;
        baseSequence = 0;
      }
      const values = [];
      for (let i = 0; i < this.batchRecords; i++) values.push(`${this.tag}-${partition}-${producerIndex}-${n++}`);
      const outcome = await this.sendUntilAnswered(state, partition, producer, baseSequence, values);
      if (outcome.ok) {
        const atMs = this.clock();
        values.forEach((value, i) => {
          this.acks.push({ partition, offset: outcome.baseOffset + i, value, atMs });
        });
        baseSequence += values.length;
      } else {
        for (const value of values) {
          this.failures.push({ partition, value, error: outcome.error, definite: outcome.definite });
        }
        // The sequence cannot be reused safely after a batch the broker may or may not hold: a new producer id.
        producer = null;
      }
    }
    state.connection?.close();
  }

  async newProducerId() {
    for (let attempt = 0; !this.abandoned; attempt++) {
      const address = this.addresses[attempt % this.addresses.length];
      try {
        return await this.client.initProducerId(address);
      } catch (error) {
        this.countError(`InitProducerId: ${error.message}`);
        if (this.stopping) return null;
        await sleep(RETRY_BACKOFF_MS);
      }
    }
    return null;
  }

  /** { ok, baseOffset } or { ok: false, error, definite }. */
  async sendUntilAnswered(state, partition, producer, baseSequence, values) {
    let maybeAppended = false;
    let lastError = 'never sent';
    while (!this.abandoned) {
      const address = this.leaders.addressOf(partition);
      if (!address) {
        await this.leaders.refresh();
        if (!this.leaders.addressOf(partition)) await sleep(RETRY_BACKOFF_MS);
        continue;
      }
      try {
        if (state.address !== address || state.connection === null) {
          state.connection?.close();
          state.connection = null;
          state.address = address;
          state.connection = await this.client.open(address);
        }
        const response = await this.client.produce(state.connection, {
          topic: this.topic,
          partition,
          producer,
          baseSequence,
          values,
          timeoutMs: 2000,
        });
        if (response.errorCode === 0) return { ok: true, baseOffset: Number(response.baseOffset) };
        lastError = this.protocol.errorName(response.errorCode);
        this.countError(lastError);
        if (!NOT_APPENDED.has(lastError)) maybeAppended = true;
        if (!this.protocol.isRetriable(response.errorCode)) {
          return { ok: false, error: lastError, definite: !maybeAppended };
        }
      } catch (error) {
        // Connection refused, reset or timed out: the request may have been appended before the connection broke.
        lastError = error.code ?? error.message;
        this.countError(lastError);
        maybeAppended ||= state.connection !== null;
        state.connection?.close();
        state.connection = null;
      }
      await this.leaders.refresh();
      await sleep(RETRY_BACKOFF_MS);
    }
    return { ok: false, error: `unanswered when the run ended (last: ${lastError})`, definite: false };
  }
}
