// Intent: frames captured from real clients (kcat/librdkafka 2.0.2 and kafkajs 2.2.4, see
// test/support/capture-client-frames.mjs) decode to the fields those clients sent, and re-encode byte-identically.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import {
  ApiKey,
  decodeRecords,
  decodeRequest,
  decodeRequestHeader,
  encodeRequest,
  type MetadataRequest,
  type ProduceRequest,
  validateBatch,
} from '../src/index.js';

function fixture(name: string) {
  const whole = Buffer.from(readFileSync(new URL(`./fixtures/${name}.hex`, import.meta.url), 'utf8').trim(), 'hex');
  expect(whole.readInt32BE(0)).toBe(whole.length - 4);
  const frame = whole.subarray(4);
  const header = decodeRequestHeader(frame);
  const body = decodeRequest(header.apiKey, header.apiVersion, frame, header.headerBytes);
  // Our encoder produces the same bytes the client did (these clients send no tagged fields).
  const again = encodeRequest(header.apiKey, header.apiVersion, header.correlationId, header.clientId, body);
  expect(again.toString('hex')).toBe(whole.toString('hex'));
  return { header, body };
}

test('kcat ApiVersions v3 (flexible body, header v2 with int16 client id)', () => {
  const { header, body } = fixture('kcat-apiversions-v3');
  expect(header).toMatchObject({ apiKey: ApiKey.ApiVersions, apiVersion: 3, clientId: 'rdkafka', headerBytes: 18 });
  expect(body).toEqual({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
});

test('kcat Metadata v4', () => {
  const { header, body } = fixture('kcat-metadata-v4');
  expect(header).toMatchObject({ apiKey: ApiKey.Metadata, apiVersion: 4, clientId: 'rdkafka' });
  expect(body as MetadataRequest).toMatchObject({ topics: [], allowAutoTopicCreation: false });
});

test('kcat Produce v7 carries one librdkafka batch with the key and value', async () => {
  const { header, body } = fixture('kcat-produce-v7');
  expect(header).toMatchObject({ apiKey: ApiKey.Produce, apiVersion: 7, clientId: 'rdkafka' });
  const produce = body as ProduceRequest;
  expect(produce).toMatchObject({ transactionalId: null, timeoutMs: 30000 });
  expect(produce.topicData[0].name).toBe('golden');
  const batch = produce.topicData[0].partitionData[0].records!;
  expect(validateBatch(batch)).toBeNull();
  const [record] = await decodeRecords(batch);
  expect(record.key?.toString()).toBe('key-1');
  expect(record.value?.toString()).toBe('hello from kcat');
});

test('kafkajs ApiVersions v2 and Metadata v6', () => {
  const versions = fixture('kafkajs-apiversions-v2');
  expect(versions.header).toMatchObject({ apiKey: 18, apiVersion: 2, clientId: 'golden-kafkajs', headerBytes: 24 });
  expect(versions.body).toEqual({ clientSoftwareName: '', clientSoftwareVersion: '' });
  const metadata = fixture('kafkajs-metadata-v6');
  expect(metadata.header).toMatchObject({ apiKey: 3, apiVersion: 6 });
  // kafkajs's admin asks without auto-creation (the producer's refresh asks with it).
  expect(metadata.body).toMatchObject({ topics: [{ name: 'golden' }], allowAutoTopicCreation: false });
});

test('kafkajs Produce v7 with headers and a fixed timestamp', async () => {
  const { body } = fixture('kafkajs-produce-v7');
  const produce = body as ProduceRequest;
  expect(produce.acks).toBe(-1);
  const batch = produce.topicData[0].partitionData[0].records!;
  expect(validateBatch(batch)).toBeNull();
  expect(await decodeRecords(batch)).toEqual([
    {
      offset: 0n,
      timestamp: 1_700_000_000_000n,
      key: Buffer.from('key-1'),
      value: Buffer.from('hello from kafkajs'),
      headers: [{ key: 'h', value: Buffer.from('v') }],
    },
  ]);
});
