// Intent: header versions follow Kafka's rules (ApiVersions always answers with header v0, ControlledShutdown v0
// has no client id) and whole frames round-trip in both directions with a correct size prefix.
import { expect, test } from 'vitest';
import {
  ApiKey,
  apiName,
  decodeRequest,
  decodeRequestHeader,
  decodeResponse,
  ErrorCode,
  encodeRequest,
  encodeResponse,
  encodeResponseChunks,
  isSupported,
  type MetadataResponse,
  requestHeaderVersion,
  responseHeaderVersion,
  ZERO_UUID,
} from '../src/index.js';

test('request and response header versions', () => {
  expect(requestHeaderVersion(ApiKey.ApiVersions, 3)).toBe(2);
  expect(requestHeaderVersion(ApiKey.ApiVersions, 2)).toBe(1);
  expect(requestHeaderVersion(ApiKey.ApiVersions, 9)).toBe(2); // unknown future versions stay flexible
  expect(requestHeaderVersion(ApiKey.ControlledShutdown, 0)).toBe(0);
  expect(requestHeaderVersion(ApiKey.Produce, 8)).toBe(1);
  expect(requestHeaderVersion(ApiKey.Produce, 9)).toBe(2);
  expect(requestHeaderVersion(12345, 0)).toBe(1);
  expect(responseHeaderVersion(ApiKey.ApiVersions, 3)).toBe(0);
  expect(responseHeaderVersion(ApiKey.ApiVersions, 4)).toBe(0);
  expect(responseHeaderVersion(ApiKey.Metadata, 8)).toBe(0);
  expect(responseHeaderVersion(ApiKey.Metadata, 9)).toBe(1);
});

test('isSupported follows the generated validVersions; apiName names keys', () => {
  expect(apiName(ApiKey.Fetch)).toBe('Fetch');
  expect(apiName(9999)).toBe('Unknown(9999)');
  expect(isSupported(ApiKey.Produce, 11)).toBe(true);
  expect(isSupported(ApiKey.Produce, 12)).toBe(false);
  expect(isSupported(ApiKey.Fetch, 17)).toBe(true);
  expect(isSupported(-1, 0)).toBe(false);
});

test('ApiVersions v3 response: size prefix, header v0 (no tagged fields), then the body', () => {
  const frame = encodeResponse(ApiKey.ApiVersions, 3, 0x01020304, {
    errorCode: 0,
    apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 11 }],
  });
  expect(frame.readInt32BE(0)).toBe(frame.length - 4);
  expect(frame.readInt32BE(4)).toBe(0x01020304);
  expect(frame.readInt16BE(8)).toBe(0); // errorCode follows the correlation id directly
  const { correlationId, body } = decodeResponse(ApiKey.ApiVersions, 3, frame.subarray(4));
  expect(correlationId).toBe(0x01020304);
  expect(body.apiKeys).toEqual([{ apiKey: 0, minVersion: 0, maxVersion: 11 }]);
});

test('the UNSUPPORTED_VERSION answer to an unknown ApiVersions version is a v0 body (franz-go reads byte 1)', () => {
  const frame = encodeResponse(ApiKey.ApiVersions, 0, 5, {
    errorCode: ErrorCode.UNSUPPORTED_VERSION,
    apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }],
  });
  const body = frame.subarray(8);
  expect(body[1]).toBe(35);
});

test('ControlledShutdown v0 request has header v0 (no client id)', () => {
  const frame = encodeRequest(ApiKey.ControlledShutdown, 0, 9, 'ignored', { brokerId: 4 }).subarray(4);
  const header = decodeRequestHeader(frame);
  expect(header).toEqual({ apiKey: 7, apiVersion: 0, correlationId: 9, clientId: null, headerBytes: 8 });
  expect(decodeRequest(7, 0, frame, header.headerBytes)).toMatchObject({ brokerId: 4 });
});

test('flexible Metadata response with uuids, nulls and tagged header round-trips through a frame', () => {
  const body = {
    throttleTimeMs: 0,
    brokers: [{ nodeId: 1, host: 'h', port: 9092, rack: null }],
    clusterId: 'c',
    controllerId: 1,
    topics: [
      {
        errorCode: 0,
        name: 't',
        topicId: 'AAECAwQFBgcICQoLDA0ODw',
        isInternal: false,
        partitions: [],
        topicAuthorizedOperations: -2147483648,
      },
    ],
  };
  const frame = encodeResponse(ApiKey.Metadata, 12, 3, body);
  const decoded = decodeResponse<MetadataResponse>(ApiKey.Metadata, 12, frame.subarray(4));
  expect(decoded.correlationId).toBe(3);
  expect(decoded.body.topics[0]).toMatchObject({ name: 't', topicId: 'AAECAwQFBgcICQoLDA0ODw' });
  expect(decoded.body.brokers[0].rack).toBeNull();
  // A version without topic ids ignores the field; decoding gives the zero uuid default.
  const old = decodeResponse<MetadataResponse>(ApiKey.Metadata, 9, encodeResponse(3, 9, 3, body).subarray(4));
  expect(old.body.topics[0].topicId).toBe(ZERO_UUID);
});

test('encoding tolerates server-side slips: unknown properties, null for non-nullable, missing nested fields', () => {
  const frame = encodeResponse(ApiKey.Produce, 7, 1, {
    responses: [{ name: 't', partitionResponses: [{ index: 0, extra: 'ignored' }] }],
    notAField: 1,
  });
  const { body } = decodeResponse(ApiKey.Produce, 7, frame.subarray(4));
  expect(body.responses[0].partitionResponses[0]).toMatchObject({
    index: 0,
    errorCode: 0,
    baseOffset: 0n,
    logStartOffset: -1n,
  });
  const nulls = encodeResponse(ApiKey.Metadata, 1, 1, { brokers: null, topics: [{ name: null, partitions: null }] });
  expect(decodeResponse(ApiKey.Metadata, 1, nulls.subarray(4)).body).toMatchObject({
    brokers: [],
    topics: [{ name: '' }],
  });
});

test('encodeResponseChunks writes the same bytes as encodeResponse, referencing large record batches uncopied', () => {
  const big = Buffer.alloc(64 * 1024, 7);
  const small = Buffer.alloc(100, 3);
  const body = {
    responses: [
      {
        topic: 't',
        partitions: [big, small, big].map((records, partitionIndex) => ({ partitionIndex, records })),
      },
    ],
  };
  for (const version of [4, 11, 12, 16]) {
    const chunks = encodeResponseChunks(ApiKey.Fetch, version, 42, body);
    expect(Buffer.concat(chunks)).toEqual(encodeResponse(ApiKey.Fetch, version, 42, body));
    expect(chunks.filter((c) => c.buffer === big.buffer && c.byteOffset === big.byteOffset)).toHaveLength(2);
  }
  // Without large batches the frame is one piece.
  const metadata = encodeResponseChunks(ApiKey.Metadata, 12, 7, { brokers: [], topics: [] });
  expect(metadata).toHaveLength(1);
  expect(metadata[0]).toEqual(encodeResponse(ApiKey.Metadata, 12, 7, { brokers: [], topics: [] }));
});
