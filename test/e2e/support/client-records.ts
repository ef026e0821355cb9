/**
 * The records the client tests produce: keyed, 1-3 headers each, binary keys/values/header values (every byte value,
 * empty and null values included), from a seeded generator so a failure replays. On the wire to the client programs every
 * byte string is base64.
 */
import { randomBytes } from 'node:crypto';

/** Byte strings are base64; null is Kafka's null (length -1), kept apart from the empty string. */
export interface TestRecord {
  /** CreateTime, epoch ms. */
  t: number;
  k: string;
  v: string | null;
  h: { k: string; v: string | null }[];
}

/** A record as a client program prints it after reading it back. */
export interface ReadRecord extends TestRecord {
  p: number;
  o: number;
}

/** Fewer keys than records, so records sharing a key must share a partition and keep their order. */
const DISTINCT_KEYS = 500;
const VALUE_BYTES_MAX = 600;

/** xorshift32: small, seedable, and enough to vary lengths and bytes. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

function bytes(next: () => number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = next() & 0xff;
  return out;
}

export function recordSeed(): number {
  return Number(process.env.CLIENT_RECORDS_SEED ?? randomBytes(4).readUInt32LE(0));
}

/** Timestamps base, base+1, ... in production order; base an hour back (inside Kafka's default timestamp bounds). */
export function generateRecords(count: number, seed: number, baseTimestampMs: number): TestRecord[] {
  const next = generator(seed);
  const keys = Array.from({ length: DISTINCT_KEYS }, (_, i) =>
    Buffer.concat([Buffer.from(`key-${i}-`), bytes(next, i % 9)]),
  );
  return Array.from({ length: count }, (_, i) => {
    const headerCount = 1 + (next() % 3);
    return {
      t: baseTimestampMs + i,
      k: keys[next() % DISTINCT_KEYS].toString('base64'),
      v: i % 101 === 0 ? null : bytes(next, i % 97 === 0 ? 0 : next() % VALUE_BYTES_MAX).toString('base64'),
      h: Array.from({ length: headerCount }, (_, j) => ({
        k: j === 0 ? 'record-index' : `h${j}-${next() % 1000}`,
        v:
          j === 0
            ? Buffer.from(String(i)).toString('base64')
            : i % 89 === 0
              ? null
              : bytes(next, next() % 64).toString('base64'),
      })),
    };
  });
}

export function toJsonLines(records: TestRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** Byte-for-byte content of a record, for comparison: timestamp, key, value, every header in order. */
export function content(record: TestRecord): string {
  return JSON.stringify({ t: record.t, k: record.k, v: record.v, h: record.h.map((h) => ({ k: h.k, v: h.v })) });
}

/** partition -> records (offset, timestamp and content) in offset order. */
export type ExpectedRecords = Map<number, { o: number; t: number; content: string }[]>;

/** What `produce`'s {"i","p","o"} lines say each partition holds. */
export function expectedByPartition(
  records: TestRecord[],
  acks: { i: number; p: number; o: number }[],
): ExpectedRecords {
  const byPartition: ExpectedRecords = new Map();
  for (const ack of acks) {
    const list = byPartition.get(ack.p) ?? [];
    list.push({ o: ack.o, t: records[ack.i].t, content: content(records[ack.i]) });
    byPartition.set(ack.p, list);
  }
  for (const list of byPartition.values()) list.sort((a, b) => a.o - b.o);
  return byPartition;
}

/** partition -> records in the order the consumer returned them. */
export function readByPartition(read: ReadRecord[]): ExpectedRecords {
  const byPartition: ExpectedRecords = new Map();
  for (const record of read) {
    const list = byPartition.get(record.p) ?? [];
    list.push({ o: record.o, t: record.t, content: content(record) });
    byPartition.set(record.p, list);
  }
  return byPartition;
}

/** What ListOffsets by timestamp must answer per partition: the first record whose timestamp is >= probe. */
export function offsetsAtOrAfter(expected: ExpectedRecords, probeMs: number): Map<number, { o: number; t: number }> {
  const answers = new Map<number, { o: number; t: number }>();
  for (const [partition, list] of expected) {
    const first = list.find((r) => r.t >= probeMs);
    answers.set(partition, first === undefined ? { o: -1, t: -1 } : { o: first.o, t: first.t });
  }
  return answers;
}
