/**
 * Which `__consumer_offsets` partition owns a group: Kafka's `Utils.abs(groupId.hashCode()) % partitionCount`.
 * Every broker and every client-side tool must agree with Java bit for bit, so the hash is Java's String.hashCode
 * over UTF-16 code units with int32 wrap-around, and Utils.abs maps Integer.MIN_VALUE to 0 (not to itself).
 */

export const OFFSETS_TOPIC = '__consumer_offsets';

/** java.lang.String#hashCode: s[0]*31^(n-1) + ... + s[n-1], int32 arithmetic. */
export function javaStringHashCode(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) hash = (Math.imul(hash, 31) + value.charCodeAt(i)) | 0;
  return hash;
}

/** org.apache.kafka.common.utils.Utils#abs: Math.abs except that Integer.MIN_VALUE becomes 0. */
export function kafkaAbs(value: number): number {
  return value === -2147483648 ? 0 : Math.abs(value);
}

export function offsetsPartitionFor(groupId: string, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) {
    throw new RangeError(`offsets.topic.num.partitions must be >= 1, got ${partitionCount}`);
  }
  return kafkaAbs(javaStringHashCode(groupId)) % partitionCount;
}
