// Intent: when a group API handler fails unexpectedly, the broker can still answer with that API's error response at
// every advertised version (the body encodes, carries the error code, and decodes back), instead of closing.
import {
  ApiKey,
  decodeRequest,
  decodeRequestHeader,
  decodeResponse,
  ErrorCode,
  encodeRequest,
  encodeResponse,
} from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { errorResponse } from '../error-responses.js';
import { SUPPORTED_APIS } from '../supported-apis.js';

const GROUP_APIS = [
  ApiKey.FindCoordinator,
  ApiKey.JoinGroup,
  ApiKey.SyncGroup,
  ApiKey.Heartbeat,
  ApiKey.LeaveGroup,
  ApiKey.OffsetCommit,
  ApiKey.OffsetFetch,
  ApiKey.OffsetDelete,
  ApiKey.DescribeGroups,
  ApiKey.ListGroups,
  ApiKey.DeleteGroups,
];

/** A request of `apiKey` at `version` as the broker would decode it, with one entry in its main list. */
function sampleRequest(apiKey: number, version: number): unknown {
  const body = {
    groupId: 'g',
    key: 'g',
    coordinatorKeys: ['g'],
    groups: version >= 8 && apiKey === ApiKey.OffsetFetch ? [{ groupId: 'g', topics: null }] : ['g'],
    groupsNames: ['g'],
    topics: [{ name: 't', partitions: [{ partitionIndex: 0 }], partitionIndexes: [0] }],
    memberId: 'm',
    members: [{ memberId: 'm' }],
    protocolType: 'consumer',
    protocols: [],
    assignments: [],
  };
  const frame = encodeRequest(apiKey, version, 1, 'test', body);
  const payload = frame.subarray(4);
  return decodeRequest(apiKey, version, payload, decodeRequestHeader(payload).headerBytes);
}

describe('group API error responses', () => {
  for (const apiKey of GROUP_APIS) {
    const range = SUPPORTED_APIS.find((r) => r.apiKey === apiKey)!;
    it(`api key ${apiKey}: v${range.minVersion}-${range.maxVersion} encode NOT_COORDINATOR`, () => {
      for (let version = range.minVersion; version <= range.maxVersion; version++) {
        const request = sampleRequest(apiKey, version);
        const body = errorResponse(apiKey, request, ErrorCode.NOT_COORDINATOR, 'boom');
        expect(body, `v${version}`).not.toBeNull();
        const frame = encodeResponse(apiKey, version, 7, body!);
        const decoded = decodeResponse(apiKey, version, frame.subarray(4));
        expect(decoded.correlationId).toBe(7);
        expect(JSON.stringify(decoded.body, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toContain(
          `"errorCode":${ErrorCode.NOT_COORDINATOR}`,
        );
      }
    });
  }
});
