// Intent: a group maps to the same __consumer_offsets partition as in Kafka (values computed with Java 17's
// String.hashCode and Kafka's Utils.abs, modulo 50).
import { describe, expect, it } from 'vitest';
import { javaStringHashCode, kafkaAbs, offsetsPartitionFor } from './offsets-partition.js';

// [groupId, Java hashCode, Utils.abs(hash) % 50], printed by a Java program.
const JAVA: [string, number, number][] = [
  ['', 0, 0],
  ['hello', 99162322, 22],
  ['polygenelubricants', -2147483648, 0],
  ['my-group', -1906497762, 12],
  ['console-consumer-12345', 158455506, 6],
  ['groupé-ü', 506492473, 23],
  ['\u{1F600}grp', 1276929186, 36],
  ['test-group-1', 2060176936, 36],
  ['Aa', 2112, 12],
  ['BB', 2112, 12],
];

describe('offsetsPartitionFor', () => {
  it.each(JAVA)('%j hashes like Java and lands in the same partition', (groupId, hash, partition) => {
    expect(javaStringHashCode(groupId)).toBe(hash);
    expect(offsetsPartitionFor(groupId, 50)).toBe(partition);
  });

  it('maps Integer.MIN_VALUE to 0 as Utils.abs does', () => {
    expect(kafkaAbs(-2147483648)).toBe(0);
    expect(kafkaAbs(-5)).toBe(5);
  });

  it('refuses a partition count below 1', () => {
    expect(() => offsetsPartitionFor('g', 0)).toThrow(RangeError);
  });
});
