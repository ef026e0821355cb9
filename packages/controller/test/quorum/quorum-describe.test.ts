// Intent: `metadata-quorum describe` output matches kafka-metadata-quorum.sh byte for byte (golden text), and
// describeQuorum works through a follower, naming every address tried when no controller answers.
import { afterEach, describe, expect, it } from 'vitest';
import {
  describeQuorum,
  formatQuorumReplication,
  formatQuorumStatus,
  NoControllerAnsweredError,
  type QuorumDescription,
} from '../../src/index.js';
import { freePorts, TestCluster } from './cluster-fixture.js';

const DESCRIPTION: QuorumDescription = {
  clusterId: 'fMCL8kv1SWm87L_Md-I2hg',
  leaderId: 2,
  leaderEpoch: 7,
  highWatermark: 25806,
  currentVoters: [
    {
      replicaId: 1,
      logEndOffset: 25800,
      lastFetchTimestamp: 1662500992700,
      lastCaughtUpTimestamp: 1662500992500,
      endpoint: { host: 'c1', port: 9093 },
    },
    {
      replicaId: 2,
      logEndOffset: 25806,
      lastFetchTimestamp: 1662500992757,
      lastCaughtUpTimestamp: 1662500992757,
      endpoint: { host: 'c2', port: 9093 },
    },
    {
      replicaId: 3,
      logEndOffset: 25806,
      lastFetchTimestamp: 1662500992750,
      lastCaughtUpTimestamp: 1662500992750,
      endpoint: { host: 'c3', port: 9093 },
    },
  ],
  observers: [
    { replicaId: 101, logEndOffset: 25806, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1, endpoint: null },
  ],
  answeredBy: 2,
};

describe('kafka-metadata-quorum formatters', () => {
  it('formats --status like MetadataQuorumCommand.handleDescribeStatus', () => {
    expect(formatQuorumStatus(DESCRIPTION)).toBe(
      [
        'ClusterId:              fMCL8kv1SWm87L_Md-I2hg',
        'LeaderId:               2',
        'LeaderEpoch:            7',
        'HighWatermark:          25806',
        'MaxFollowerLag:         6',
        'MaxFollowerLagTimeMs:   257',
        'CurrentVoters:          [1,2,3]',
        'CurrentObservers:       [101]',
        '',
      ].join('\n'),
    );
  });

  it('reports zero lag for a caught-up quorum and -1 with no leader', () => {
    const caughtUp = { ...DESCRIPTION, currentVoters: DESCRIPTION.currentVoters.slice(1), observers: [] };
    expect(formatQuorumStatus(caughtUp)).toContain('MaxFollowerLag:         0\nMaxFollowerLagTimeMs:   0\n');
    expect(formatQuorumStatus(caughtUp)).toContain('CurrentObservers:       []\n');
    expect(formatQuorumStatus({ ...DESCRIPTION, leaderId: -1 })).toContain('MaxFollowerLagTimeMs:   -1\n');
  });

  it('formats --replication like prettyPrintTable: padded cells each followed by a tab, leader first', () => {
    expect(formatQuorumReplication(DESCRIPTION)).toBe(
      'NodeId\tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t\n' +
        '2     \t25806       \t0  \t1662500992757     \t1662500992757        \tLeader  \t\n' +
        '1     \t25800       \t6  \t1662500992700     \t1662500992500        \tFollower\t\n' +
        '3     \t25806       \t0  \t1662500992750     \t1662500992750        \tFollower\t\n' +
        '101   \t25806       \t0  \t-1                \t-1                   \tObserver\t\n',
    );
  });
});

let cluster: TestCluster | null = null;
afterEach(async () => {
  await cluster?.close();
  cluster = null;
});

describe('describeQuorum', () => {
  it('answers through a follower with the leader view', async () => {
    cluster = await TestCluster.create([1, 2, 3]);
    await Promise.all([1, 2, 3].map((id) => cluster!.start(id)));
    const leader = await cluster.waitForActive();
    const follower = cluster.followers()[0];
    const deadPort = (await freePorts(1))[0];
    // The first address is dead: the client moves on to the follower, which forwards to the leader.
    const bootstrap = `127.0.0.1:${deadPort},127.0.0.1:${follower.port}`;
    let view = await describeQuorum(bootstrap, { timeoutMs: 2000 });
    for (let i = 0; i < 50 && view.currentVoters.some((v) => v.lastFetchTimestamp < 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      view = await describeQuorum(bootstrap, { timeoutMs: 2000 });
    }
    expect(view.currentVoters.every((v) => v.lastFetchTimestamp > 0)).toBe(true);
    expect(view.leaderId).toBe(leader.nodeId);
    expect(view.answeredBy).toBe(leader.nodeId);
    expect(view.clusterId).toBe(leader.clusterId);
    expect(view.currentVoters.map((v) => v.replicaId)).toEqual([1, 2, 3]);
    expect(view.highWatermark).toBeGreaterThan(0);
    const text = formatQuorumReplication(view);
    expect(text.split('\n')[1]).toMatch(new RegExp(`^${leader.nodeId}\\s+\\d+\\s+0\\s+\\d+\\s+\\d+\\s+Leader\\s*$`));
  });

  it('names every address tried when no controller answers', async () => {
    const [a, b] = await freePorts(2);
    const error = await describeQuorum(`127.0.0.1:${a},127.0.0.1:${b}`, { timeoutMs: 500 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(NoControllerAnsweredError);
    expect((error as Error).message).toContain(`127.0.0.1:${a}`);
    expect((error as Error).message).toContain(`127.0.0.1:${b}`);
  });
});
