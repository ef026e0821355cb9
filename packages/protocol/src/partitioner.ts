// Java's default partitioner for keyed records (Utils.murmur2 + toPositive, KafkaProducer/BuiltInPartitioner).
// All arithmetic is 32-bit wrapping, hence Math.imul.

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 of `buf`, as Java's signed 32-bit int. */
export function murmur2(buf: Uint8Array): number {
  const length = buf.length;
  let h = SEED ^ length;
  const words = length >> 2;
  for (let i = 0; i < words; i++) {
    const j = i << 2;
    let k = buf[j] | (buf[j + 1] << 8) | (buf[j + 2] << 16) | (buf[j + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = words << 2;
  // The tail bytes fall through in Java's switch: 3 takes all three steps, 2 the last two, 1 the last.
  const rest = length & 3;
  if (rest === 3) h ^= buf[tail + 2] << 16;
  if (rest >= 2) h ^= buf[tail + 1] << 8;
  if (rest >= 1) {
    h ^= buf[tail];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Partition Java's producer picks for a keyed record: toPositive(murmur2(key)) % numPartitions. */
export function javaPartition(key: Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions <= 0)
    throw new RangeError(`bad partition count ${numPartitions}`);
  return (murmur2(key) & 0x7fffffff) % numPartitions;
}
