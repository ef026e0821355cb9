import type { Ready } from '../core/ready.js';
import type { Entry, Message, NodeId } from '../core/types.js';
import type { SimNode } from './sim-node.js';

const decoder = new TextDecoder();

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

interface CanonicalEntry {
  predecessorTerm: number;
  data: string;
}

/**
 * The Raft safety properties (paper fig. 3), checked incrementally so that checking after every simulation step
 * stays cheap:
 * - Election safety: at most one leader per term, ever.
 * - Log matching: an (index, term) pair names one entry and one predecessor term, so equal (index, term) in two
 *   logs implies equal prefixes (checked on every entry any node persists).
 * - Leader completeness: a new leader's log holds every entry committed so far.
 * - State machine safety: every node applies the same entry at each index.
 * - Commit monotonicity: per node, the in-memory commit never decreases within a life, and the durable commit
 *   never decreases across restarts.
 */
export class InvariantChecker {
  private readonly leaders = new Map<number, NodeId>();
  private readonly canonical = new Map<string, CanonicalEntry>();
  /** Applied (hence committed) entries by index. */
  readonly committed = new Map<number, { term: number; data: string }>();
  maxCommittedIndex = 0;
  private readonly lastCommit = new Map<NodeId, number>();
  private readonly lastDurableCommit = new Map<NodeId, number>();
  private readonly knownLeaderTerm = new Map<NodeId, number>();
  elections = 0;
  maxTerm = 0;

  private fail(message: string): never {
    throw new InvariantViolation(message);
  }

  onRestart(id: NodeId): void {
    this.lastCommit.delete(id);
    this.knownLeaderTerm.delete(id);
  }

  /**
   * Log matching is checked on what reached the disk, with the predecessor read back from the disk: a core that
   * believed stale entries were persisted would leave a disk log that fails here.
   */
  onPersist(ready: Ready, node: SimNode): void {
    if (ready.entries.length === 0) return;
    let prevTerm = node.disk.term(ready.entries[0].index - 1) ?? -1;
    for (const entry of ready.entries) {
      this.checkLogMatching(entry, prevTerm, node.id);
      prevTerm = entry.term;
    }
  }

  private checkLogMatching(entry: Entry, predecessorTerm: number, id: NodeId): void {
    const key = `${entry.index}:${entry.term}`;
    const data = decoder.decode(entry.data);
    const known = this.canonical.get(key);
    if (known === undefined) {
      this.canonical.set(key, { predecessorTerm, data });
      return;
    }
    if (known.data !== data) this.fail(`log matching: node ${id} entry ${key} is "${data}", elsewhere "${known.data}"`);
    if (predecessorTerm !== -1 && known.predecessorTerm !== predecessorTerm) {
      this.fail(
        `log matching: node ${id} entry ${key} follows term ${predecessorTerm}, elsewhere ${known.predecessorTerm}`,
      );
    }
  }

  /**
   * Persist-before-send: a vote grant or an append acknowledgement leaves a node only when the state it promises
   * is on the node's disk (the vote in hardState; the acknowledged entries, unless a newer term replaced them).
   */
  onSend(messages: Message[], node: SimNode): void {
    for (const m of messages) {
      const durable = node.disk.hardState();
      if (m.type === 'MsgVoteResp' && !m.reject) {
        if (durable.term < m.term || (durable.term === m.term && durable.vote !== m.to)) {
          this.fail(`durability: node ${node.id} granted its term ${m.term} vote to ${m.to} before persisting it`);
        }
      } else if (m.type === 'MsgAppResp' && !m.reject && durable.term === m.term && node.disk.lastIndex() < m.index) {
        this.fail(
          `durability: node ${node.id} acknowledged index ${m.index} with only ${node.disk.lastIndex()} on disk`,
        );
      }
    }
  }

  onApply(entry: Entry, node: SimNode): void {
    const data = decoder.decode(entry.data);
    const known = this.committed.get(entry.index);
    if (known === undefined) {
      this.committed.set(entry.index, { term: entry.term, data });
      this.maxCommittedIndex = Math.max(this.maxCommittedIndex, entry.index);
    } else if (known.term !== entry.term || known.data !== data) {
      this.fail(
        `state machine safety: node ${node.id} applied ${entry.index}/${entry.term} "${data}", others ${known.term} "${known.data}"`,
      );
    }
  }

  /** Checks that need a look at every live node; call after every simulation step. */
  afterStep(nodes: Iterable<SimNode>): void {
    const nodesById = new Map<NodeId, SimNode>();
    for (const node of nodes) nodesById.set(node.id, node);
    for (const node of nodesById.values()) {
      const durable = node.disk.hardState().commit;
      if (durable < (this.lastDurableCommit.get(node.id) ?? 0)) {
        this.fail(`durable commit of node ${node.id} went back to ${durable}`);
      }
      this.lastDurableCommit.set(node.id, durable);
      const core = node.core;
      if (core === null) continue;
      const s = core.basicStatus();
      this.maxTerm = Math.max(this.maxTerm, s.term);
      const previousCommit = this.lastCommit.get(node.id) ?? 0;
      if (s.commitIndex < previousCommit) this.fail(`commit of node ${node.id} went back to ${s.commitIndex}`);
      this.lastCommit.set(node.id, s.commitIndex);
      if (s.role === 'Leader' && s.commitIndex > previousCommit) this.checkCommitIsDurable(node, nodesById);
      if (s.role !== 'Leader' || this.knownLeaderTerm.get(node.id) === s.term) continue;
      this.knownLeaderTerm.set(node.id, s.term);
      const other = this.leaders.get(s.term);
      if (other !== undefined && other !== node.id)
        this.fail(`election safety: nodes ${other} and ${node.id} both lead term ${s.term}`);
      if (other === undefined) this.elections++;
      this.leaders.set(s.term, node.id);
      this.checkLeaderCompleteness(node);
    }
  }

  /**
   * A commit is a promise that a majority of the voters hold the entry on disk (KRaft's
   * MajorityReachedHighWatermark): acknowledgements sent before persisting would break it.
   */
  private checkCommitIsDurable(leader: SimNode, nodes: Map<NodeId, SimNode>): void {
    const core = leader.core as NonNullable<SimNode['core']>;
    const commit = core.log.committed;
    const term = core.log.term(commit);
    const { voters } = core.log.membership;
    let holders = 0;
    for (const id of voters) {
      const disk = nodes.get(id)?.disk;
      if (disk === undefined) continue;
      const snapshotIndex = disk.firstIndex() - 1;
      if (snapshotIndex >= commit || disk.term(commit) === term) holders++;
    }
    if (holders * 2 <= voters.length) {
      this.fail(
        `durability: leader ${leader.id} committed ${commit} but only ${holders} of ${voters.length} voters hold it on disk`,
      );
    }
  }

  private checkLeaderCompleteness(node: SimNode): void {
    const log = (node.core as NonNullable<SimNode['core']>).log;
    for (const [index, known] of this.committed) {
      if (index <= log.snapshotIndex) continue;
      const entry = log.entryAt(index);
      if (entry === undefined || entry.term !== known.term) {
        this.fail(`leader completeness: leader ${node.id} lacks committed entry ${index}/${known.term}`);
      }
    }
  }
}
