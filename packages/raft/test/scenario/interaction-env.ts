import type { Message, NodeId, RaftConfigInput, ReadyHooks } from '../../src/index.js';
import { describeEntry, describeMessage, SimNode } from '../../src/index.js';

/**
 * Runs the scenario language of packages/raft/testdata/*.txt (after etcd raft's interaction tests): each command
 * drives a small cluster of SimNodes over an ordered, lossless network (except for cut links) and returns a trace.
 */
export class InteractionEnv {
  private readonly nodes = new Map<NodeId, SimNode>();
  /** Messages in send order; `cut` marks those sent across a partition, delivered as DROPPED. */
  private queue: { m: Message; cut: boolean }[] = [];
  private readonly cut = new Set<string>();
  private out: string[] = [];

  private readonly hooks: ReadyHooks = {
    send: (messages, _node, phase) => {
      if (phase === 'afterPersist' && messages.length > 0) {
        this.out.push('  AfterPersist:');
        for (const m of messages) this.out.push(`    ${describeMessage(m)}`);
      }
      for (const m of messages) this.queue.push({ m, cut: this.cut.has(`${m.from}>${m.to}`) });
    },
    onReady: (ready, node) => {
      this.out.push(`> ${node.id} handling Ready`);
      if (ready.softState !== null)
        this.out.push(`  SoftState Role:${ready.softState.role} Leader:${ready.softState.leaderId}`);
      const hs = ready.hardState;
      if (hs !== null) this.out.push(`  HardState Term:${hs.term} Vote:${hs.vote} Commit:${hs.commit}`);
      if (ready.snapshot !== null) this.out.push(`  Snapshot ${ready.snapshot.meta.term}/${ready.snapshot.meta.index}`);
      if (ready.entries.length > 0) {
        this.out.push('  Entries:');
        for (const e of ready.entries) this.out.push(`    ${describeEntry(e)}`);
      }
      if (ready.messages.length > 0) {
        this.out.push('  Messages:');
        for (const m of ready.messages) this.out.push(`    ${describeMessage(m)}`);
      }
      if (ready.committedEntries.length > 0) {
        this.out.push('  CommittedEntries:');
        for (const e of ready.committedEntries) this.out.push(`    ${describeEntry(e)}`);
      }
    },
  };

  run(command: string): string {
    this.out = [];
    const [name, ...rest] = command.trim().split(/\s+/);
    const args = rest.filter((a) => !a.includes('='));
    const opts = Object.fromEntries(rest.filter((a) => a.includes('=')).map((a) => a.split('=') as [string, string]));
    const ids = args.map(Number);
    switch (name) {
      case 'add-nodes':
        this.addNodes(ids[0], opts);
        break;
      case 'campaign':
        this.core(ids[0]).campaign();
        break;
      case 'propose': {
        const result = this.core(ids[0]).propose(new TextEncoder().encode(args[1]));
        if (!result.ok) this.out.push(`error: ${result.error.code} (${result.error.message})`);
        break;
      }
      case 'add-voter':
      case 'remove-voter': {
        const core = this.core(ids[0]);
        const result = name === 'add-voter' ? core.addVoter(ids[1]) : core.removeVoter(ids[1]);
        if (!result.ok) this.out.push(`error: ${result.error.code} (${result.error.message})`);
        break;
      }
      case 'transfer-leader': {
        const result = this.core(ids[0]).transferLeader(ids[1]);
        if (!result.ok) this.out.push(`error: ${result.error.code} (${result.error.message})`);
        break;
      }
      case 'tick': {
        const core = this.core(ids[0]);
        for (let k = 0; k < ids[1]; k++) core.tick();
        break;
      }
      case 'tick-election':
      case 'tick-heartbeat': {
        const core = this.core(ids[0]);
        const n = name === 'tick-election' ? core.config.electionTicks : core.config.heartbeatTicks;
        for (let k = 0; k < n; k++) core.tick();
        break;
      }
      case 'process-ready':
        for (const id of this.targets(ids)) while (this.node(id).processReady(this.hooks)) {}
        break;
      case 'deliver-msgs':
        this.deliver(this.targets(ids));
        break;
      case 'stabilize':
        this.stabilize(this.targets(ids));
        break;
      case 'partition':
        this.partition(rest.join(' '));
        break;
      case 'heal':
        this.cut.clear();
        break;
      case 'compact': {
        const snapshot = this.node(ids[0]).compact();
        if (snapshot === null) this.out.push('nothing to compact');
        else this.out.push(`${ids[0]} compacted to ${snapshot.meta.term}/${snapshot.meta.index}`);
        break;
      }
      case 'crash':
        this.node(ids[0]).crash();
        this.queue = this.queue.filter((q) => q.m.to !== ids[0]);
        this.out.push(`${ids[0]} crashed; its unpersisted state and inbound messages are lost`);
        break;
      case 'restart': {
        const node = this.node(ids[0]);
        node.restart();
        const hs = node.disk.hardState();
        this.out.push(
          `${ids[0]} restarted from disk: Term:${hs.term} Vote:${hs.vote} Commit:${hs.commit} LastIndex:${node.disk.lastIndex()}`,
        );
        break;
      }
      case 'status':
        for (const id of this.targets(ids)) this.status(id);
        break;
      case 'raft-log':
        this.raftLog(ids[0]);
        break;
      default:
        throw new Error(`unknown scenario command: ${name}`);
    }
    return this.out.length === 0 ? 'ok' : this.out.join('\n');
  }

  private addNodes(count: number, opts: Record<string, string>): void {
    const observers = opts.observers === undefined ? [] : opts.observers.split(',').map(Number);
    const voters = Array.from({ length: count }, (_, k) => k + 1);
    for (const id of [...voters, ...observers]) {
      const config = (): RaftConfigInput => ({
        nodeId: id,
        voters,
        observers,
        preVote: opts.prevote !== 'false',
        checkQuorum: opts.checkquorum !== 'false',
        ...(opts.inflight === undefined ? {} : { maxInflightMsgs: Number(opts.inflight) }),
        // Fixed "randomness": every node's election timeout is 15 ticks (electionTicks 10 + half the jitter), so a
        // follower is out of its leader lease after 10 ticks (tick-election) but campaigns only at 15.
        random: () => 0.5,
      });
      this.nodes.set(id, new SimNode(id, config));
    }
    this.out.push(`voters=(${voters.join(' ')}) observers=(${observers.join(' ')})`);
  }

  private node(id: NodeId): SimNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  private core(id: NodeId) {
    const core = this.node(id).core;
    if (core === null) throw new Error(`node ${id} is crashed`);
    return core;
  }

  private targets(ids: NodeId[]): NodeId[] {
    return ids.length > 0 ? ids : [...this.nodes.keys()].sort((a, b) => a - b);
  }

  /** Delivers queued messages addressed to `ids`, in send order; returns whether any was taken. */
  private deliver(ids: NodeId[]): boolean {
    const targets = new Set(ids);
    const taken = this.queue.filter((q) => targets.has(q.m.to));
    this.queue = this.queue.filter((q) => !targets.has(q.m.to));
    for (const id of ids) {
      const inbound = taken.filter((q) => q.m.to === id);
      if (inbound.length === 0) continue;
      this.out.push(`> ${id} receiving messages`);
      for (const { m, cut } of inbound) {
        const node = this.node(id);
        if (cut || node.core === null) {
          this.out.push(`  ${describeMessage(m)} DROPPED`);
          continue;
        }
        this.out.push(`  ${describeMessage(m)}`);
        node.core.step(m);
      }
    }
    return taken.length > 0;
  }

  private stabilize(ids: NodeId[]): void {
    for (let round = 0; round < 100; round++) {
      let worked = false;
      for (const id of ids) {
        while (this.node(id).processReady(this.hooks)) worked = true;
      }
      if (this.deliver(ids)) worked = true;
      if (!worked) return;
    }
    throw new Error('stabilize did not settle within 100 rounds');
  }

  private partition(spec: string): void {
    const groups = spec.split('/').map((g) => g.trim().split(/\s+/).map(Number));
    for (const a of groups) {
      for (const b of groups) {
        if (a === b) continue;
        for (const from of a) for (const to of b) this.cut.add(`${from}>${to}`);
      }
    }
  }

  private status(id: NodeId): void {
    const core = this.node(id).core;
    if (core === null) {
      this.out.push(`${id}: crashed`);
      return;
    }
    const s = core.status();
    this.out.push(
      `${id}: ${s.role} Term:${s.term} Vote:${s.vote} Leader:${s.leaderId} Commit:${s.commitIndex} Applied:${s.appliedIndex} LastIndex:${s.lastIndex} Snapshot:${s.snapshotIndex} Voters:(${s.voters.join(' ')})`,
    );
    for (const f of s.followers) {
      this.out.push(
        `  ${f.nodeId}: ${f.isVoter ? 'voter' : 'observer'} ${f.state} match=${f.matchIndex} next=${f.nextIndex}`,
      );
    }
  }

  private raftLog(id: NodeId): void {
    const log = this.core(id).log;
    if (log.snapshotIndex > 0) this.out.push(`snapshot ${log.snapshotTerm}/${log.snapshotIndex}`);
    for (let i = log.firstIndex; i <= log.lastIndex; i++) this.out.push(describeEntry(log.entryAt(i) as never));
    if (log.lastIndex < log.firstIndex && log.snapshotIndex === 0) this.out.push('log is empty');
  }
}
