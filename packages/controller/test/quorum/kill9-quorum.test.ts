// Intent: in a real 3-process controller quorum, kill -9 of the leader elects a new leader quickly, no committed
// (acknowledged) topic is lost, and the restarted old leader rejoins as a follower and catches up to lag 0.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeQuorum, type QuorumDescription, RemoteControllerClient } from '../../src/index.js';
import { CLUSTER_ID, freePorts, logger, waitFor } from './cluster-fixture.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const nodeScript = fileURLToPath(new URL('./fixtures/quorum-node.mjs', import.meta.url));
const IDS = [1, 2, 3];

let root: string;
let voters: string;
let ports: Map<number, number>;
const processes = new Map<number, ChildProcess>();
const clients: RemoteControllerClient[] = [];

beforeAll(async () => {
  execFileSync('pnpm', ['exec', 'tsc', '-b', 'packages/controller'], { cwd: repoRoot, stdio: 'pipe' });
  root = await mkdtemp(join(tmpdir(), 'quorum-kill9-'));
  const free = await freePorts(IDS.length);
  ports = new Map(IDS.map((id, i) => [id, free[i]]));
  voters = IDS.map((id) => `${id}@127.0.0.1:${ports.get(id)}`).join(',');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const child of processes.values()) child.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

function startNode(id: number): Promise<void> {
  const child = spawn('node', [nodeScript, String(id), join(root, `node-${id}`), voters, CLUSTER_ID], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  processes.set(id, child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code, signal) => reject(new Error(`node ${id} exited (${code ?? signal}): ${stderr}`)));
  });
}

function killNode(id: number): Promise<void> {
  const child = processes.get(id)!;
  processes.delete(id);
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** The quorum as seen through `ids` (first that answers), retried until `accept` holds. */
async function describeUntil(
  ids: number[],
  accept: (d: QuorumDescription) => boolean,
  timeoutMs: number,
): Promise<QuorumDescription> {
  const bootstrap = ids.map((id) => `127.0.0.1:${ports.get(id)}`).join(',');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await describeQuorum(bootstrap, { timeoutMs: 1000 }).catch(() => null);
    if (view !== null && accept(view)) return view;
    if (Date.now() > deadline) throw new Error(`quorum never reached the expected state: ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function observer(controllers: string): RemoteControllerClient {
  const client = new RemoteControllerClient({
    clusterId: CLUSTER_ID,
    nodeId: 101,
    controllers,
    brokerEndpoint: { host: 'localhost', port: 9092, rack: null },
    logger,
    heartbeatIntervalMs: 500,
  });
  clients.push(client);
  return client;
}

describe('controller quorum under kill -9', () => {
  it('fails over, keeps every acknowledged topic and the old leader rejoins with lag 0', async () => {
    await Promise.all(IDS.map(startNode));
    const first = await describeUntil(IDS, (d) => d.leaderId > 0 && d.answeredBy === d.leaderId, 10_000);
    const broker = observer(voters);
    broker.start();
    await waitFor('broker unfenced', () => !broker.lifecycle.isFenced(), 10_000);

    const acked = new Map<string, string>();
    const create = async (name: string) => {
      const [result] = await broker.createTopics(
        [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: {} }],
        { validateOnly: false },
      );
      if (result.errorCode === 0) acked.set(name, result.topicId);
    };
    for (let i = 0; i < 20; i++) await create(`before-${i}`);
    expect(acked.size).toBe(20);

    const oldLeader = first.leaderId;
    const killedAt = Date.now();
    await killNode(oldLeader);
    const survivors = IDS.filter((id) => id !== oldLeader);
    const second = await describeUntil(
      survivors,
      (d) => d.leaderId > 0 && d.leaderId !== oldLeader && d.answeredBy === d.leaderId,
      10_000,
    );
    const failoverMs = Date.now() - killedAt;
    console.log(`kill -9 of leader ${oldLeader}: new leader ${second.leaderId} after ${failoverMs} ms`);
    expect(second.leaderEpoch).toBeGreaterThan(first.leaderEpoch);
    expect(failoverMs).toBeLessThan(5000);

    for (let i = 0; i < 10; i++) await create(`after-${i}`);
    expect(acked.size).toBe(30);

    await startNode(oldLeader);
    const healed = await describeUntil(
      IDS,
      (d) => {
        const leader = d.currentVoters.find((v) => v.replicaId === d.leaderId);
        return leader !== undefined && d.currentVoters.every((v) => v.logEndOffset === leader.logEndOffset);
      },
      10_000,
    );
    expect(healed.leaderId).not.toBe(oldLeader);

    // Read the restarted node's own committed log: an observer bootstrapped only at its address.
    const reader = observer(`127.0.0.1:${ports.get(oldLeader)}`);
    reader.start();
    await waitFor(
      'restarted node serves every acknowledged topic',
      () => {
        const topics = reader.image().topicsByName;
        return [...acked].every(([name, topicId]) => topics.get(name)?.topicId === topicId);
      },
      10_000,
    );
  });
});
