// Intent: every metadata record survives encode/decode unchanged, and corrupt bytes are rejected, never half-decoded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, type MetadataRecord, RecordDecodeError, uuidFromBytes } from '../src/index.js';

const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const uuid = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(uuidFromBytes);
const int64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
const text = fc.string({ maxLength: 40 });
const ids = fc.array(int32, { maxLength: 6 });

const recordArbitrary: fc.Arbitrary<MetadataRecord> = fc.oneof(
  fc.record({
    type: fc.constant('RegisterBroker' as const),
    brokerId: int32,
    incarnationId: uuid,
    brokerEpoch: int64,
    endPoints: fc.array(
      fc.record({
        name: text,
        host: text,
        port: fc.integer({ min: 0, max: 65535 }),
        securityProtocol: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 3 },
    ),
    rack: fc.option(text, { nil: null }),
    fenced: fc.boolean(),
    inControlledShutdown: fc.boolean(),
  }),
  fc.record({ type: fc.constant('UnregisterBroker' as const), brokerId: int32, brokerEpoch: int64 }),
  fc.record({ type: fc.constant('FenceBroker' as const), id: int32, epoch: int64 }),
  fc.record({ type: fc.constant('UnfenceBroker' as const), id: int32, epoch: int64 }),
  fc.record({
    type: fc.constant('BrokerRegistrationChange' as const),
    brokerId: int32,
    brokerEpoch: int64,
    fenced: fc.constantFrom(-1 as const, 0 as const, 1 as const),
    inControlledShutdown: fc.constantFrom(0 as const, 1 as const),
  }),
  fc.record({ type: fc.constant('Topic' as const), name: text, topicId: uuid }),
  fc.record({
    type: fc.constant('Partition' as const),
    partitionId: int32,
    topicId: uuid,
    replicas: ids,
    isr: ids,
    leader: int32,
    leaderRecoveryState: fc.constantFrom(0 as const, 1 as const),
    leaderEpoch: int32,
    partitionEpoch: int32,
  }),
  fc.record({
    type: fc.constant('PartitionChange' as const),
    partitionId: int32,
    topicId: uuid,
    isr: fc.option(ids, { nil: null }),
    leader: int32,
    replicas: fc.option(ids, { nil: null }),
    leaderRecoveryState: fc.constantFrom(-1 as const, 0 as const, 1 as const),
  }),
  fc.record({ type: fc.constant('RemoveTopic' as const), topicId: uuid }),
  fc.record({
    type: fc.constant('Config' as const),
    resourceType: fc.constantFrom(2, 4),
    resourceName: text,
    name: text,
    value: fc.option(text, { nil: null }),
  }),
  fc.record({
    type: fc.constant('FeatureLevel' as const),
    name: text,
    featureLevel: fc.integer({ min: -32768, max: 32767 }),
  }),
  fc.record({ type: fc.constant('ProducerIds' as const), brokerId: int32, brokerEpoch: int64, nextProducerId: int64 }),
  fc.constant({ type: 'NoOp' as const }),
);

describe('record codec', () => {
  it('round-trips every record type (property)', () => {
    fc.assert(
      fc.property(recordArbitrary, (record) => {
        expect(decodeRecord(encodeRecord(record))).toEqual(record);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic: equal records encode to equal bytes', () => {
    fc.assert(
      fc.property(recordArbitrary, (record) => {
        const copy = decodeRecord(encodeRecord(record));
        expect(encodeRecord(copy).equals(encodeRecord(record))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects every truncation of a valid record', () => {
    const bytes = encodeRecord({
      type: 'Partition',
      partitionId: 3,
      topicId: 'AAAAAAAAAAAAAAAAAAAAAg',
      replicas: [1, 2, 3],
      isr: [1, 2],
      leader: 1,
      leaderRecoveryState: 0,
      leaderEpoch: 4,
      partitionEpoch: 9,
    });
    for (let length = 0; length < bytes.length; length++) {
      expect(() => decodeRecord(bytes.subarray(0, length))).toThrow();
    }
  });

  it('rejects trailing bytes, unknown apiKeys and unknown format versions', () => {
    const bytes = encodeRecord({ type: 'RemoveTopic', topicId: 'AAAAAAAAAAAAAAAAAAAAAg' });
    expect(() => decodeRecord(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(RecordDecodeError);
    expect(() => decodeRecord(Buffer.from([1, 99]))).toThrow(/unknown metadata record apiKey 99/);
    expect(() => decodeRecord(Buffer.from([2, 20]))).toThrow(/format version 2/);
  });

  it('refuses to encode out-of-range fields instead of wrapping them', () => {
    expect(() => encodeRecord({ type: 'FenceBroker', id: 2 ** 31, epoch: 1n })).toThrow(/not an integer/);
    expect(() => encodeRecord({ type: 'Topic', name: 't', topicId: 'not-a-uuid' })).toThrow(/malformed uuid/);
  });
});
