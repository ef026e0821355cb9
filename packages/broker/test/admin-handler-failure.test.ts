// Intent: when the controller fails underneath the broker, the admin APIs (IncrementalAlterConfigs, AlterConfigs,
// ElectLeaders) answer with an error code in every slot and the connection stays usable; every admin error response
// (DeleteRecords, DescribeLogDirs, DescribeQuorum included) encodes at every advertised version.
import {
  ApiKey,
  decodeRequest,
  decodeRequestHeader,
  ErrorCode,
  encodeRequest,
  encodeResponse,
} from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponse } from '../src/error-responses.js';
import { supportedRange } from '../src/supported-apis.js';
import { RawClient, type SingleNode, startSingleNode } from './single-node.js';

let node: SingleNode;

beforeAll(async () => {
  node = await startSingleNode();
});

afterAll(async () => {
  await node?.stop();
});

const REQUESTS: [number, object][] = [
  [
    ApiKey.IncrementalAlterConfigs,
    {
      resources: [
        { resourceType: 2, resourceName: 't', configs: [{ name: 'retention.ms', configOperation: 0, value: '1' }] },
      ],
      validateOnly: false,
    },
  ],
  [
    ApiKey.AlterConfigs,
    {
      resources: [{ resourceType: 2, resourceName: 't', configs: [{ name: 'retention.ms', value: '1' }] }],
      validateOnly: false,
    },
  ],
  [ApiKey.ElectLeaders, { electionType: 0, topicPartitions: [{ topic: 't', partitions: [0, 1] }], timeoutMs: 1000 }],
  [ApiKey.DeleteRecords, { topics: [{ name: 't', partitions: [{ partitionIndex: 0, offset: 1n }] }], timeoutMs: 1000 }],
  [ApiKey.DescribeLogDirs, { topics: null }],
  [ApiKey.DescribeQuorum, { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] }],
];

describe('admin API failures', () => {
  it('answers error codes per resource and per partition when the controller is gone', async () => {
    const client = await RawClient.connect(node.port);
    await node.controller.close();
    const [incremental, legacy, elect] = REQUESTS;
    const altered = await client.request(incremental[0], 1, incremental[1]);
    expect(altered.responses).toEqual([
      {
        resourceType: 2,
        resourceName: 't',
        errorCode: ErrorCode.UNKNOWN_SERVER_ERROR,
        errorMessage: expect.any(String),
      },
    ]);
    const replaced = await client.request(legacy[0], 0, legacy[1]);
    expect(replaced.responses[0].errorCode).toBe(ErrorCode.UNKNOWN_SERVER_ERROR);
    const elected = await client.request(elect[0], 2, elect[1]);
    expect(elected.errorCode).toBe(ErrorCode.UNKNOWN_SERVER_ERROR);
    expect(elected.replicaElectionResults[0].partitionResult.map((p: { errorCode: number }) => p.errorCode)).toEqual([
      ErrorCode.UNKNOWN_SERVER_ERROR,
      ErrorCode.UNKNOWN_SERVER_ERROR,
    ]);
    const versions = await client.request(ApiKey.ApiVersions, 3, {
      clientSoftwareName: 'a',
      clientSoftwareVersion: '1',
    });
    expect(versions.errorCode).toBe(0);
    client.close();
  });

  it('builds an encodable error response for every admin API at every advertised version', () => {
    for (const [apiKey, body] of REQUESTS) {
      const range = supportedRange(apiKey)!;
      for (let version = range.minVersion; version <= range.maxVersion; version++) {
        // The request as the dispatcher sees it: decoded at this version (fields of other versions dropped).
        const frame = encodeRequest(apiKey, version, 7, 'test', body).subarray(4);
        const decoded = decodeRequest(apiKey, version, frame, decodeRequestHeader(frame).headerBytes);
        const response = errorResponse(apiKey, decoded, ErrorCode.NOT_CONTROLLER, 'no controller');
        expect(response, `api ${apiKey} v${version}`).not.toBeNull();
        expect(() => encodeResponse(apiKey, version, 7, response!)).not.toThrow();
      }
    }
  });
});
