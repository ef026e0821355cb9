import type { Membership } from './membership.js';
import { Progress } from './progress.js';
import { committedIndex, quorumSize } from './quorum.js';
import type { NodeId } from './types.js';
import { NONE } from './types.js';

/** The leader's Progress for every member (voters and observers, itself included), and the quorum questions. */
export class ProgressTracker {
  private readonly progress = new Map<NodeId, Progress>();

  constructor(private readonly maxInflightMsgs: number) {}

  get(id: NodeId): Progress | undefined {
    return this.progress.get(id);
  }

  entries(): IterableIterator<[NodeId, Progress]> {
    return this.progress.entries();
  }

  /** A new leader knows nothing about followers: probe everyone from its log end. Its own match is what is on disk. */
  resetForLeader(membership: Membership, nextIndex: number, self: NodeId, selfMatch: number): void {
    this.progress.clear();
    this.syncWithMembership(membership, nextIndex);
    const own = this.progress.get(self);
    if (own !== undefined) {
      own.match = selfMatch;
      own.becomeReplicate();
      own.next = nextIndex;
    }
  }

  /** One Progress per member; new members are probed from `nextIndex`, departed ones forgotten. */
  syncWithMembership(membership: Membership, nextIndex: number): void {
    const { voters, observers } = membership;
    const members = new Set([...voters, ...observers]);
    for (const id of members) {
      const pr = this.progress.get(id);
      if (pr === undefined) this.progress.set(id, new Progress(nextIndex, this.maxInflightMsgs, voters.includes(id)));
      else pr.isVoter = voters.includes(id);
    }
    for (const id of this.progress.keys()) if (!members.has(id)) this.progress.delete(id);
  }

  /** Highest index stored on a majority of voters. */
  committedIndex(): number {
    const matches: number[] = [];
    for (const pr of this.progress.values()) if (pr.isVoter) matches.push(pr.match);
    return committedIndex(matches);
  }

  /** Check-quorum: did a majority of voters (self included) talk to us since the last check? Resets the marks. */
  quorumActive(self: NodeId): boolean {
    let active = 0;
    let voters = 0;
    for (const [id, pr] of this.progress) {
      if (!pr.isVoter) continue;
      voters++;
      if (id === self || pr.recentActive) active++;
    }
    for (const pr of this.progress.values()) pr.recentActive = false;
    return active >= quorumSize(voters);
  }

  /** The voter with the highest match index (lowest id on ties), or NONE. */
  mostCaughtUpVoter(exclude: NodeId): NodeId {
    let best: NodeId = NONE;
    let bestMatch = -1;
    for (const [id, pr] of this.progress) {
      if (id !== exclude && pr.isVoter && pr.match > bestMatch) {
        best = id;
        bestMatch = pr.match;
      }
    }
    return best;
  }
}
