// Intent: a real node serves kafkajs' admin config and record APIs end to end - alterConfigs (legacy AlterConfigs)
// then describeConfigs shows the change and produce obeys it, deleteTopicRecords moves the low watermark that
// fetchTopicOffsets reports - and `tributary metadata-quorum --bootstrap-server` describes the quorum through the broker.
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, kafkaClient } from './support/kafka-admin.js';
import { ensureBuilt, freePort, NodeProcess, tempDir } from './support/node-process.js';
import { parseReplication, parseStatus, runCli } from './support/quorum.js';

let node: NodeProcess;
let kafka: Kafka;

beforeAll(async () => {
  ensureBuilt();
  node = await NodeProcess.start({ dataDir: tempDir('admin-apis'), port: await freePort() });
  kafka = kafkaClient(node.bootstrap);
}, 120_000);

afterAll(async () => {
  await node?.stop();
  node?.cleanup();
});

describe('admin APIs with kafkajs and the tributary CLI', () => {
  it('alterConfigs replaces topic configs, describeConfigs shows them and produce obeys max.message.bytes', async () => {
    expect(await createTopic(node.bootstrap, 'admin-configs', 1)).toBe(true);
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
    await producer.connect();
    try {
      const resource = { type: ConfigResourceTypes.TOPIC, name: 'admin-configs' };
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            ...resource,
            configEntries: [
              { name: 'max.message.bytes', value: '1000' },
              { name: 'retention.ms', value: '3600000' },
            ],
          },
        ],
      });
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ ...resource, configNames: ['max.message.bytes', 'retention.ms'] }],
      });
      const entries = described.resources[0].configEntries.map((e) => [e.configName, e.configValue]);
      expect(entries).toEqual(
        expect.arrayContaining([
          ['max.message.bytes', '1000'],
          ['retention.ms', '3600000'],
        ]),
      );
      const big = producer.send({ topic: 'admin-configs', acks: -1, messages: [{ value: 'x'.repeat(2000) }] });
      await expect(big).rejects.toThrow(/larger than the max message size|MESSAGE_TOO_LARGE|too large/i);
      await expect(
        admin.alterConfigs({
          validateOnly: false,
          resources: [{ ...resource, configEntries: [{ name: 'retention.ms', value: 'soon' }] }],
        }),
      ).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  it('deleteTopicRecords moves the low watermark fetchTopicOffsets reports', async () => {
    expect(await createTopic(node.bootstrap, 'admin-records', 1)).toBe(true);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({
      topic: 'admin-records',
      acks: -1,
      messages: Array.from({ length: 10 }, (_, i) => ({ value: `r${i}` })),
    });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    try {
      // kafkajs' deleteTopicRecords needs the topic's metadata loaded, which fetchTopicOffsets does.
      expect(await admin.fetchTopicOffsets('admin-records')).toEqual([
        { partition: 0, offset: '10', high: '10', low: '0' },
      ]);
      await admin.deleteTopicRecords({ topic: 'admin-records', partitions: [{ partition: 0, offset: '4' }] });
      expect(await admin.fetchTopicOffsets('admin-records')).toEqual([
        { partition: 0, offset: '10', high: '10', low: '4' },
      ]);
      // -1 deletes up to the high watermark.
      await admin.deleteTopicRecords({ topic: 'admin-records', partitions: [{ partition: 0, offset: '-1' }] });
      expect((await admin.fetchTopicOffsets('admin-records'))[0].low).toBe('10');
    } finally {
      await admin.disconnect();
    }
  });

  it('metadata-quorum --bootstrap-server describes the quorum through the broker', async () => {
    const status = await runCli(['metadata-quorum', '--bootstrap-server', node.bootstrap, 'describe', '--status']);
    expect(status.code, status.stderr).toBe(0);
    const parsed = parseStatus(status.stdout);
    expect(parsed).toMatchObject({ leaderId: 1, currentVoters: [1] });
    const direct = await runCli([
      'metadata-quorum',
      '--bootstrap-controller',
      `127.0.0.1:${node.options.controllerPort}`,
      'describe',
      '--status',
    ]);
    expect(direct.code, direct.stderr).toBe(0);
    const viaController = parseStatus(direct.stdout);
    expect(parsed.clusterId).toBe(viaController.clusterId);
    expect(parsed.leaderEpoch).toBe(viaController.leaderEpoch);
    const replication = await runCli([
      'metadata-quorum',
      '--bootstrap-server',
      node.bootstrap,
      'describe',
      '--replication',
    ]);
    expect(replication.code, replication.stderr).toBe(0);
    expect(parseReplication(replication.stdout)[0]).toMatchObject({ nodeId: 1, status: 'Leader' });
    const neither = await runCli(['metadata-quorum', 'describe', '--status']);
    expect(neither.code).not.toBe(0);
  });
});
