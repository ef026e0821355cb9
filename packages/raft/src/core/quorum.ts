import type { NodeId } from './types.js';

/** Majority of a voter set: any two majorities intersect, which is what every Raft safety argument rests on. */
export function quorumSize(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/** Highest index stored on a majority, given each voter's match index (§5.3). */
export function committedIndex(voterMatches: readonly number[]): number {
  if (voterMatches.length === 0) return 0;
  const sorted = [...voterMatches].sort((a, b) => b - a);
  return sorted[quorumSize(sorted.length) - 1];
}

export type VoteResult = 'Won' | 'Lost' | 'Pending';

/** Outcome of an election so far: only votes from `voters` count; a majority of rejections means lost. */
export function voteResult(voters: readonly NodeId[], votes: ReadonlyMap<NodeId, boolean>): VoteResult {
  let granted = 0;
  let rejected = 0;
  for (const id of voters) {
    const vote = votes.get(id);
    if (vote === true) granted++;
    else if (vote === false) rejected++;
  }
  const quorum = quorumSize(voters.length);
  if (granted >= quorum) return 'Won';
  if (rejected > voters.length - quorum) return 'Lost';
  return 'Pending';
}
