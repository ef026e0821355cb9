/**
 * The iteration order of a java.util.HashMap, for output Kafka's tool prints straight out of one (group listings,
 * deleted groups, reset plans): to print the same lines in the same order, iterate the way HashMap does. A HashMap
 * of default capacity 16 doubles while size > 0.75 x capacity; it iterates bucket by bucket, a bucket's entries in
 * insertion order (resizes split buckets without reordering), bucket = (h ^ (h >>> 16)) & (capacity - 1).
 * (Buckets of more than 8 colliding keys become trees with another order; not reproduced.)
 */

/** java.lang.String#hashCode (int32). */
export function javaStringHash(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) hash = (Math.imul(hash, 31) + value.charCodeAt(i)) | 0;
  return hash;
}

/** org.apache.kafka.common.TopicPartition#hashCode. */
export function topicPartitionHash(topic: string, partition: number): number {
  return (Math.imul(31, 31 + partition) + javaStringHash(topic)) | 0;
}

const DEFAULT_CAPACITY = 16;
const LOAD_FACTOR = 0.75;

/** `items` (in insertion order, distinct keys) in the order a HashMap holding them iterates. */
export function javaHashMapOrder<T>(items: readonly T[], hashOf: (item: T) => number): T[] {
  let capacity = DEFAULT_CAPACITY;
  while (items.length > capacity * LOAD_FACTOR) capacity *= 2;
  const bucketOf = (item: T) => {
    const h = hashOf(item);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return items
    .map((item, index) => ({ item, index, bucket: bucketOf(item) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.item);
}
