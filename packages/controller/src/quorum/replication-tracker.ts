/**
 * The leader's view of who fetched what and when, for DescribeQuorum: voters are tracked from their append /
 * heartbeat responses, observers (brokers pulling metadata) from their FetchMetadata calls. Soft state, bounded.
 */
import type { Message, Status } from '@tributary/raft';
import type { ReplicaDescription } from './quorum-description.js';

/** Bound on tracked observers (brokers); the least recently seen is forgotten beyond it. */
export const MAX_TRACKED_OBSERVERS = 10_000;

interface Seen {
  logEndOffset: number;
  lastFetchMs: number;
  lastCaughtUpMs: number;
}

export class ReplicationTracker {
  private readonly voters = new Map<number, Seen>();
  private readonly observers = new Map<number, Seen>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** An inbound Raft message: responses to the leader's appends are the Raft equivalent of a follower fetch. */
  onRaftMessage(message: Message): void {
    if (message.type !== 'MsgAppResp' && message.type !== 'MsgHeartbeatResp') return;
    const seen = this.voters.get(message.from) ?? { logEndOffset: 0, lastFetchMs: -1, lastCaughtUpMs: -1 };
    seen.lastFetchMs = this.clock();
    this.voters.set(message.from, seen);
  }

  /** After each Raft change on the leader: a follower whose match reached our last index is caught up now. */
  onLeaderStatus(status: Status): void {
    for (const follower of status.followers) {
      if (follower.nodeId === status.nodeId) continue;
      const seen = this.voters.get(follower.nodeId);
      if (seen === undefined) continue;
      seen.logEndOffset = follower.matchIndex;
      if (follower.matchIndex >= status.lastIndex) seen.lastCaughtUpMs = seen.lastFetchMs;
    }
  }

  onObserverFetch(replicaId: number, fromIndex: number, commitIndex: number): void {
    const now = this.clock();
    const seen = this.observers.get(replicaId) ?? { logEndOffset: 0, lastFetchMs: -1, lastCaughtUpMs: -1 };
    this.observers.delete(replicaId);
    seen.logEndOffset = fromIndex;
    seen.lastFetchMs = now;
    if (fromIndex >= commitIndex) seen.lastCaughtUpMs = now;
    this.observers.set(replicaId, seen);
    if (this.observers.size > MAX_TRACKED_OBSERVERS) this.observers.delete(this.observers.keys().next().value!);
  }

  voter(nodeId: number, status: Status, endpoint: ReplicaDescription['endpoint']): ReplicaDescription {
    const now = this.clock();
    if (nodeId === status.nodeId) {
      return {
        replicaId: nodeId,
        logEndOffset: status.lastIndex,
        lastFetchTimestamp: now,
        lastCaughtUpTimestamp: now,
        endpoint,
      };
    }
    const follower = status.followers.find((f) => f.nodeId === nodeId);
    const seen = this.voters.get(nodeId);
    return {
      replicaId: nodeId,
      logEndOffset: follower?.matchIndex ?? seen?.logEndOffset ?? 0,
      lastFetchTimestamp: seen?.lastFetchMs ?? -1,
      lastCaughtUpTimestamp: seen?.lastCaughtUpMs ?? -1,
      endpoint,
    };
  }

  observerList(): ReplicaDescription[] {
    return [...this.observers.entries()]
      .sort(([a], [b]) => a - b)
      .map(([replicaId, seen]) => ({
        replicaId,
        logEndOffset: seen.logEndOffset,
        lastFetchTimestamp: seen.lastFetchMs,
        lastCaughtUpTimestamp: seen.lastCaughtUpMs,
        endpoint: null,
      }));
  }
}
