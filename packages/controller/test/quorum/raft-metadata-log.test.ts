// Intent: RaftMetadataLog honours the MetadataLog contract under the log-agnostic MetadataController (single
// voter): appends resolve with dense offsets once committed, writeSnapshot compacts the Raft log, and a reopen
// loads snapshot + committed batches into the same image.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '@tributary/metadata';
import { afterEach, describe, expect, it } from 'vitest';
import { MetadataController, RaftMetadataLog } from '../../src/index.js';
import { CLUSTER_ID, logger, waitFor } from './cluster-fixture.js';

let dir: string | null = null;
afterEach(async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
  dir = null;
});

async function openLog(dataDir: string): Promise<RaftMetadataLog> {
  const log = await RaftMetadataLog.open({
    dataDir,
    clusterId: CLUSTER_ID,
    nodeId: 1,
    voters: [1],
    send: () => {},
    logger,
    tickMs: 20,
  });
  log.start();
  await waitFor('single voter active', () => log.node.isActiveLeader());
  return log;
}

async function openController(log: RaftMetadataLog): Promise<MetadataController> {
  return MetadataController.load({
    log,
    clusterId: CLUSTER_ID,
    nodeId: 1,
    defaults: { numPartitions: 1, defaultReplicationFactor: 1 },
    logger,
    random: seededRandom(7),
    snapshotIntervalRecords: 10,
  });
}

describe('RaftMetadataLog as a MetadataLog', () => {
  it('commits dense offsets, compacts on writeSnapshot and reloads the same image', async () => {
    dir = await mkdtemp(join(tmpdir(), 'raft-metadata-log-'));
    const log = await openLog(dir);
    const controller = await openController(log);
    const registration = await controller.registerBroker({
      brokerId: 1,
      clusterId: CLUSTER_ID,
      incarnationId: 'AAAAAAAAAAAAAAAAAAAAAw',
      endpoints: [{ name: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }],
      rack: null,
    });
    expect(registration.errorCode).toBe(0);
    await controller.brokerHeartbeat({
      brokerId: 1,
      brokerEpoch: registration.brokerEpoch,
      currentMetadataOffset: controller.image().offset,
      wantFence: false,
      wantShutDown: false,
    });
    for (let i = 0; i < 8; i++) {
      const [result] = await controller.createTopics(
        [{ name: `topic-${i}`, numPartitions: 2, replicationFactor: 1, assignments: [], configs: {} }],
        { validateOnly: false },
      );
      expect(result.errorCode).toBe(0);
    }
    const image = controller.image();
    expect(log.logEndOffset).toBe(image.offset + 1n);
    await waitFor('raft log compacted', () => log.node.status().snapshotIndex > 0);
    await controller.close();
    await log.close();

    const reopened = await openLog(dir);
    try {
      const loaded = await reopened.load();
      expect(loaded.snapshot).not.toBeNull();
      const again = await openController(reopened);
      expect(again.image().offset).toBe(image.offset);
      expect([...again.image().topicsByName.keys()].sort()).toEqual([...image.topicsByName.keys()].sort());
      expect(again.image().topicsByName.get('topic-3')?.topicId).toBe(image.topicsByName.get('topic-3')?.topicId);
      await again.close();
    } finally {
      await reopened.close();
    }
  });
});
