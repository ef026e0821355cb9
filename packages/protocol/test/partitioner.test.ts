// Intent: murmur2 and javaPartition match Java's Utils.murmur2 on the librdkafka/kafkajs test vectors.
import { expect, test } from 'vitest';
import { javaPartition, murmur2 } from '../src/index.js';

const vectors: [string, number][] = [
  ['kafka', 0xd067cf64],
  ['giberish123456789', 0x8f552b0c],
  ['1234', 0x9fc97b14],
  ['234', 0xe7c009ca],
  ['34', 0x873930da],
  ['4', 0x5a4b5ca1],
  ['', 0x106e08d9],
  ['PreAmbleWillBeRemoved,ThePrePartThatIs', 0x78424f1c],
];

test.each(vectors)('murmur2(%j)', (key, expected) => {
  expect(murmur2(Buffer.from(key))).toBe(expected | 0);
});

test('kafkajs vector and Java partition choice', () => {
  expect(murmur2(Buffer.from('1'))).toBe(-1993445489);
  // toPositive, not Math.abs: 0xd067cf64 & 0x7fffffff = 1348980580, % 12 = 4 (the reference notes' example).
  expect(javaPartition(Buffer.from('kafka'), 12)).toBe(4);
  expect(() => javaPartition(Buffer.from('x'), 0)).toThrow(RangeError);
});
