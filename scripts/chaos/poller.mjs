// The queue workload's readers, running while the faults happen: one consumer per partition fetching from its current
// leader from offset 0 onwards (read_uncommitted, so up to the high watermark), recording every record it is given.
// What a consumer was given must never change afterwards: every polled record must be in the final log at the same
// offset (a record served above the high watermark and then truncated away would not be), and one consumer's polls
// of a partition must be contiguous (no skipped offset).
import { LeaderCache, recordsFrom } from './kafka-client.mjs';

const FETCH_MAX_BYTES = 1024 * 1024;
const RETRY_BACKOFF_MS = 100;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class QueuePollers {
  /** partition -> [{ offset, value }] in the order polled. */
  polls = {};
  /** error name -> fetch attempts that ended with it. */
  errors = new Map();
  stopping = false;

  constructor({ client, protocol, addresses, topic, partitions }) {
    Object.assign(this, { client, protocol, topic, partitions });
    this.leaders = new LeaderCache(client, addresses, topic);
  }

  start() {
    this.loops = Array.from({ length: this.partitions }, (_, partition) => this.pollLoop(partition));
  }

  async stop() {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  countError(name) {
    this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
  }

  async pollLoop(partition) {
    const polled = [];
    this.polls[partition] = polled;
    let next = 0;
    let connection = null;
    let connectedTo = null;
    while (!this.stopping) {
      const address = this.leaders.addressOf(partition);
      try {
        if (address === null) throw new Error('no leader known');
        if (connection === null || connectedTo !== address) {
          connection?.close();
          connection = null;
          connection = await this.client.open(address);
          connectedTo = address;
        }
        const response = await this.client.fetch(connection, {
          topic: this.topic,
          partition,
          offset: next,
          maxBytes: FETCH_MAX_BYTES,
          maxWaitMs: 200,
        });
        if (response.errorCode !== 0) throw new Error(this.protocol.errorName(response.errorCode));
        for (const record of recordsFrom(this.protocol, response.records, next)) {
          polled.push(record);
          next = record.offset + 1;
        }
      } catch (error) {
        // Not the leader any more, a broker down or frozen, or (after a failover) OFFSET_OUT_OF_RANGE while the new
        // leader's high watermark catches up with what the old one had exposed: keep the position and retry.
        this.countError(error.code ?? error.message);
        connection?.close();
        connection = null;
        await this.leaders.refresh();
        await sleep(RETRY_BACKOFF_MS);
      }
    }
    connection?.close();
  }
}
