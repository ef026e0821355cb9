import type { Entry, NodeId } from './types.js';

/**
 * The voter set and the observers (KIP-853). A VotersChange entry carries the complete new membership and takes
 * effect as soon as it is in a node's log, committed or not; one change at a time (single-server changes, thesis
 * §4.1), so any two consecutive majorities overlap.
 */
export interface Membership {
  readonly voters: readonly NodeId[];
  readonly observers: readonly NodeId[];
}

export function encodeMembership(membership: Membership): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ voters: membership.voters, observers: membership.observers }));
}

export function decodeMembership(entry: Entry): Membership {
  const parsed = JSON.parse(new TextDecoder().decode(entry.data)) as Membership;
  if (!Array.isArray(parsed.voters) || !Array.isArray(parsed.observers)) {
    throw new Error(`VotersChange entry ${entry.index} is malformed`);
  }
  return { voters: parsed.voters, observers: parsed.observers };
}

/** Membership after adding `id` as a voter (an observer is promoted; an unknown node joins directly). */
export function withVoterAdded(m: Membership, id: NodeId): Membership {
  return { voters: [...m.voters, id].sort((a, b) => a - b), observers: m.observers.filter((o) => o !== id) };
}

/** Membership after removing voter `id`; it stays an observer so it can still follow the log if it keeps running. */
export function withVoterRemoved(m: Membership, id: NodeId): Membership {
  return { voters: m.voters.filter((v) => v !== id), observers: [...m.observers, id].sort((a, b) => a - b) };
}
