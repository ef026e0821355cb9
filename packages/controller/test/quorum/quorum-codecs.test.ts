// Intent: the wire and storage encodings of the quorum round-trip exactly (Raft messages through protobuf, metadata
// entries and snapshots), voters strings parse strictly, and a data dir refuses another cluster or node.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import type { MetadataRecord } from '@tributary/metadata';
import type { Message, MessageType } from '@tributary/raft';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InconsistentClusterIdError, parseQuorumVoters } from '../../src/index.js';
import {
  decodeMetadataEntry,
  decodeMetadataSnapshot,
  encodeMetadataEntry,
  encodeMetadataSnapshot,
} from '../../src/quorum/metadata-entry.js';
import { protoPath } from '../../src/quorum/proto-loader.js';
import { checkQuorumMetaProperties } from '../../src/quorum/quorum-meta-properties.js';
import { messageFromWire, messageToWire, RaftWireError } from '../../src/quorum/raft-wire.js';

const TYPES: MessageType[] = [
  'MsgApp',
  'MsgAppResp',
  'MsgVote',
  'MsgVoteResp',
  'MsgPreVote',
  'MsgPreVoteResp',
  'MsgSnap',
  'MsgHeartbeat',
  'MsgHeartbeatResp',
  'MsgTimeoutNow',
];

const index = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const bytes = fc.uint8Array({ maxLength: 64 });
const message: fc.Arbitrary<Message> = fc
  .record({
    type: fc.constantFrom(...TYPES),
    from: fc.integer({ min: 1, max: 1000 }),
    to: fc.integer({ min: 1, max: 1000 }),
    term: index,
    logTerm: index,
    index,
    entries: fc.array(
      fc.record({ term: index, index, type: fc.constantFrom('Normal' as const, 'VotersChange' as const), data: bytes }),
      { maxLength: 4 },
    ),
    commit: index,
    reject: fc.boolean(),
    rejectHint: index,
    snapshot: fc.option(
      fc.record({
        meta: fc.record({
          index,
          term: index,
          voters: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }),
          observers: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }),
        }),
        data: bytes,
      }),
      { nil: null },
    ),
    transfer: fc.boolean(),
  })
  .map((m) => (m.type === 'MsgSnap' && m.snapshot === null ? { ...m, type: 'MsgApp' as const } : m));

// The Append method's own serializers, with the loader options the transport uses: real protobuf bytes.
const append = (
  protoLoader.loadSync(protoPath('raft'), {
    keepCase: false,
    longs: String,
    enums: String,
    bytes: Buffer,
    defaults: true,
    oneofs: true,
  })['tributary.raft.Raft'] as protoLoader.ServiceDefinition
).Append;

describe('raft wire codec', () => {
  it('round-trips every core message through protobuf bytes', () => {
    fc.assert(
      fc.property(message, (m) => {
        const encoded = append.requestSerialize({
          clusterId: 'c',
          fromNodeId: 1,
          toNodeId: 2,
          message: messageToWire(m),
        });
        const decoded = append.requestDeserialize(encoded) as { message: never };
        expect(messageFromWire(decoded.message)).toEqual(m);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects unknown types and a MsgSnap without a snapshot', () => {
    const wire = { ...messageToWire({ ...fc.sample(message, 1)[0], snapshot: null }), hasSnapshot: false };
    expect(() => messageFromWire({ ...wire, type: 'MsgBogus' } as never)).toThrow(RaftWireError);
    expect(() => messageFromWire({ ...wire, type: 'MsgSnap' } as never)).toThrow(RaftWireError);
  });
});

describe('metadata entries and snapshots', () => {
  const records: MetadataRecord[] = [
    { type: 'Topic', name: 'orders', topicId: 'AAAAAAAAAAAAAAAAAAAAAg' } as MetadataRecord,
    { type: 'FeatureLevel', name: 'metadata.version', featureLevel: 7 } as MetadataRecord,
  ];
  it('round-trips base offset and records', () => {
    const entry = decodeMetadataEntry(encodeMetadataEntry({ baseOffset: 41n, records }));
    expect(entry).toEqual({ baseOffset: 41n, records });
    expect(decodeMetadataEntry(new Uint8Array(0))).toBeNull();
    expect(decodeMetadataSnapshot(encodeMetadataSnapshot({ lastOffset: -1n, records: [] }))).toEqual({
      lastOffset: -1n,
      records: [],
    });
  });
  it('refuses a truncated entry', () => {
    const data = encodeMetadataEntry({ baseOffset: 0n, records });
    expect(() => decodeMetadataEntry(data.subarray(0, data.byteLength - 1))).toThrow(/truncated/);
  });
});

describe('controller.quorum.voters', () => {
  it('parses id@host:port lists, IPv6 included', () => {
    expect(parseQuorumVoters('1@a:9093, 2@b.example:9094,3@[::1]:9095')).toEqual([
      { nodeId: 1, host: 'a', port: 9093 },
      { nodeId: 2, host: 'b.example', port: 9094 },
      { nodeId: 3, host: '::1', port: 9095 },
    ]);
  });
  it.each(['', '1@a', 'x@a:1', '0@a:9093', '1@a:9093,1@b:9093', '1@a:70000'])('refuses %j', (text) => {
    expect(() => parseQuorumVoters(text)).toThrow();
  });
});

describe('meta.properties', () => {
  it('binds a data dir to one cluster id and node id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quorum-meta-'));
    try {
      await checkQuorumMetaProperties(dir, 'cluster-a', 1);
      await checkQuorumMetaProperties(dir, 'cluster-a', 1);
      await expect(checkQuorumMetaProperties(dir, 'cluster-b', 1)).rejects.toBeInstanceOf(InconsistentClusterIdError);
      await expect(checkQuorumMetaProperties(dir, 'cluster-a', 2)).rejects.toBeInstanceOf(InconsistentClusterIdError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
