/**
 * Three real nodes from `tributary cluster start`, with what the replication tests do to them: create an RF 3 topic,
 * read its leaders and ISR the way an operator does (`tributary topics --describe`), kill -9 a node and restart it
 * on its own data dir and config.
 */
import { join } from 'node:path';
import { type ClusterProcess, startClusterProcess, stopClusterProcess } from './cluster-process.js';
import { freeClusterBasePort, NodeProcess, tempDir } from './node-process.js';
import { MAIN, pollUntil, runCli } from './quorum.js';

export const NODES = [1, 2, 3];

export interface PartitionLine {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export class ReplicatedCluster {
  private readonly restarted = new Map<number, NodeProcess>();
  private readonly down = new Set<number>();

  private constructor(
    readonly dataDir: string,
    private readonly basePort: number,
    readonly process: ClusterProcess,
  ) {}

  static async start(name: string): Promise<ReplicatedCluster> {
    const dataDir = tempDir(name);
    const basePort = await freeClusterBasePort(NODES.length);
    return new ReplicatedCluster(dataDir, basePort, await startClusterProcess(dataDir, basePort));
  }

  async stop(): Promise<void> {
    for (const node of this.restarted.values()) await node.stop();
    await stopClusterProcess(this.process);
    for (const node of this.restarted.values()) node.cleanup();
  }

  brokerOf(id: number): string {
    return `127.0.0.1:${this.basePort + 100 * (id - 1)}`;
  }

  /** A broker the test has not killed. */
  liveBootstrap(): string {
    return this.brokerOf(NODES.find((id) => !this.down.has(id))!);
  }

  /** RF 3 and min.insync.replicas=2, through `tributary topics --create`. */
  async createTopic(topic: string, partitions: number): Promise<string> {
    const run = await runCli([
      'topics',
      '--bootstrap-server',
      this.brokerOf(1),
      '--create',
      '--topic',
      topic,
      '--partitions',
      String(partitions),
      '--replication-factor',
      '3',
      '--config',
      'min.insync.replicas=2',
    ]);
    return run.stdout;
  }

  /** `tributary topics --describe`, parsed from Kafka's text format. */
  async describeTopic(topic: string): Promise<PartitionLine[]> {
    const run = await runCli(['topics', '--bootstrap-server', this.liveBootstrap(), '--describe', '--topic', topic]);
    if (run.code !== 0) throw new Error(`topics --describe exited ${run.code}: ${run.stdout}${run.stderr}`);
    const ids = (text: string) => (text === '' ? [] : text.split(',').map(Number));
    return [
      ...run.stdout.matchAll(/^\tTopic: \S+\tPartition: (\d+)\tLeader: (\S+)\tReplicas: ([\d,]*)\tIsr: ([\d,]*)$/gm),
    ].map((m) => ({
      partition: Number(m[1]),
      leader: m[2] === 'none' ? -1 : Number(m[2]),
      replicas: ids(m[3]),
      isr: ids(m[4]),
    }));
  }

  waitForFullIsr(topic: string, partitions: number, timeoutMs: number): Promise<PartitionLine[]> {
    return pollUntil(
      'every partition with a leader and all three replicas in the ISR',
      async () => {
        const lines = await this.describeTopic(topic);
        const full = lines.length === partitions && lines.every((p) => p.leader > 0 && p.isr.length === 3);
        return full ? lines : undefined;
      },
      timeoutMs,
      250,
    );
  }

  kill9(id: number): void {
    process.kill(this.restarted.get(id)?.pid ?? this.process.pids.get(id)!, 'SIGKILL');
    this.down.add(id);
  }

  /** Same data dir, same server.properties `cluster start` wrote. */
  async restart(id: number): Promise<void> {
    const node = await NodeProcess.start({
      dataDir: join(this.dataDir, `node-${id}`),
      port: this.basePort + 100 * (id - 1),
      args: [MAIN, 'node', '--config', join(this.dataDir, `node-${id}`, 'server.properties')],
    });
    this.restarted.set(id, node);
    this.down.delete(id);
  }
}
