// The queue checker (after jepsen.tests.kafka's analysis, see /work/shared/reference/kraft-raft-jepsen-notes.md §4.4),
// a pure function of the history: what the producers were told and what the final read found. Idempotent producers
// writing to partitions with acks=all and min.insync.replicas=2, one fault at a time, must leave no anomaly at all.
//
// Values are `<tag>-<partition>-<producer>-<n>`: one producer sends n = 0, 1, 2, ... in order to one partition, so a
// producer's values must appear in the log in increasing n (the idempotent producer's ordering promise).

/** Anomalies listed per kind in the report; the count is always exact. */
export const EXAMPLES_MAX = 10;

/** `{ producer: '<tag>-<partition>-<producer>', n }`, or null for a value no producer of this run sent. */
export function parseValue(value) {
  const match = /^(.+-\d+-\d+)-(\d+)$/.exec(value);
  return match ? { producer: match[1], n: Number(match[2]) } : null;
}

/**
 * history: {
 *   acks: [{ partition, offset, value }]           - acknowledged (acks=all, error NONE) at that offset
 *   failures: [{ partition, value, error, definite }] - not acknowledged; definite: the broker refused every attempt
 *                                                        with an error meaning "not appended"
 *   reads: { [partition]: [{ offset, value }] }     - the final read of every partition from offset 0, in log order
 *   polls?: same shape                              - what consumers were given while the faults happened
 *   groupReads?: same shape                         - the same records as a consumer group saw them
 *   replicas?: [{ partition, identical, detail }]   - the replicas' segment bytes compared after settling
 * }
 * Returns { anomalies: { [kind]: { count, examples } }, counts } where an empty `anomalies` means valid.
 */
export function checkHistory(history) {
  const anomalies = {};
  const report = (kind, example) => {
    anomalies[kind] ??= { count: 0, examples: [] };
    anomalies[kind].count++;
    if (anomalies[kind].examples.length < EXAMPLES_MAX) anomalies[kind].examples.push(example);
  };

  // Where every value was read (partition, offset), and the log itself checked for gaps and doubled offsets.
  const readAt = new Map();
  let readCount = 0;
  for (const [partitionKey, records] of Object.entries(history.reads)) {
    const partition = Number(partitionKey);
    let expectedOffset = 0;
    const lastNByProducer = new Map();
    for (const { offset, value } of records) {
      readCount++;
      if (offset < expectedOffset)
        report('inconsistent-offset', { partition, offset, value, note: 'offset read twice' });
      else if (offset > expectedOffset) report('gap', { partition, fromOffset: expectedOffset, toOffset: offset - 1 });
      expectedOffset = offset + 1;
      const seen = readAt.get(value);
      if (seen) report('duplicate', { value, first: seen, again: { partition, offset } });
      else readAt.set(value, { partition, offset });
      const parsed = parseValue(value);
      if (parsed === null) {
        report('phantom', { partition, offset, value });
        continue;
      }
      const lastN = lastNByProducer.get(parsed.producer);
      if (lastN !== undefined && parsed.n <= lastN) {
        report('reorder', { partition, offset, value, afterN: lastN });
      }
      lastNByProducer.set(parsed.producer, Math.max(parsed.n, lastN ?? -1));
    }
  }

  // Acknowledged values: present, at the offset the producer was told, in the partition it was sent to.
  const ackedAt = new Map();
  const lastAckByProducer = new Map();
  for (const ack of history.acks) {
    const read = readAt.get(ack.value);
    if (read === undefined) report('lost', ack);
    else if (read.partition !== ack.partition || read.offset !== ack.offset) {
      report('inconsistent-offset', { value: ack.value, acknowledged: ack, read });
    }
    const earlier = ackedAt.get(ack.value);
    if (earlier) report('acknowledged-twice', { value: ack.value, first: earlier, again: ack });
    ackedAt.set(ack.value, ack);
    // One producer's acknowledgements come in send order; their offsets must increase with n.
    const parsed = parseValue(ack.value);
    if (parsed) {
      const last = lastAckByProducer.get(parsed.producer);
      if (last && parsed.n > last.n && ack.offset <= last.offset) {
        report('nonmonotonic-send', { value: ack.value, offset: ack.offset, previous: last });
      }
      if (!last || parsed.n > last.n) lastAckByProducer.set(parsed.producer, { n: parsed.n, offset: ack.offset });
    }
  }

  // A send the broker definitely refused must never be read (Jepsen's aborted read).
  for (const failure of history.failures) {
    if (failure.definite && readAt.has(failure.value)) {
      report('aborted-read', { ...failure, read: readAt.get(failure.value) });
    }
  }

  if (history.polls) checkPolls(history.reads, history.polls, report);
  if (history.groupReads) compareGroupRead(history.reads, history.groupReads, report);
  for (const replica of history.replicas ?? []) {
    if (!replica.identical) report('replica-divergence', replica);
  }

  const definite = history.failures.filter((f) => f.definite).length;
  return {
    anomalies,
    counts: {
      acknowledged: history.acks.length,
      failedDefinite: definite,
      failedIndeterminate: history.failures.length - definite,
      read: readCount,
      // Indeterminate sends that made it into the log anyway (allowed: the client could not know).
      indeterminateRead: history.failures.filter((f) => !f.definite && readAt.has(f.value)).length,
      polled: Object.values(history.polls ?? {}).reduce((sum, polls) => sum + polls.length, 0),
    },
  };
}

/**
 * A record a consumer was given must stay: the final log holds it at the same offset (else the broker served a
 * record that was not committed - above the high watermark - and later lost it). One consumer's polls of a partition
 * start at 0 and never skip an offset.
 */
function checkPolls(reads, polls, report) {
  for (const [partitionKey, polled] of Object.entries(polls)) {
    const partition = Number(partitionKey);
    const logged = new Map((reads[partitionKey] ?? []).map((r) => [r.offset, r.value]));
    let expectedOffset = 0;
    for (const { offset, value } of polled) {
      if (offset !== expectedOffset) report('poll-skip', { partition, expectedOffset, offset });
      expectedOffset = offset + 1;
      if (logged.get(offset) !== value) {
        report('unstable-read', { partition, offset, polled: value, final: logged.get(offset) ?? null });
      }
    }
  }
}

/** The consumer group must have seen exactly the records the direct read found, at the same offsets. */
function compareGroupRead(reads, groupReads, report) {
  for (const [partitionKey, records] of Object.entries(reads)) {
    const partition = Number(partitionKey);
    const byOffset = new Map((groupReads[partitionKey] ?? []).map((r) => [r.offset, r.value]));
    for (const { offset, value } of records) {
      const groupValue = byOffset.get(offset);
      if (groupValue !== value) report('group-read-mismatch', { partition, offset, value, groupValue });
      byOffset.delete(offset);
    }
    for (const [offset, value] of byOffset) {
      report('group-read-mismatch', { partition, offset, value: undefined, groupValue: value });
    }
  }
}
