// Intent: the quorum arithmetic agrees with a deliberately naive reference on random inputs (after etcd's
// quorum/quick_test.go), so commit and election decisions rest on the majority definition itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { committedIndex, quorumSize, voteResult } from '../src/core/quorum.js';

/** Naive: the largest candidate index that at least a strict majority of voters store. */
function naiveCommitted(matches: number[]): number {
  let best = 0;
  for (const candidate of matches) {
    const holders = matches.filter((m) => m >= candidate).length;
    if (holders * 2 > matches.length) best = Math.max(best, candidate);
  }
  return best;
}

describe('quorum', () => {
  it('committedIndex equals the largest index stored by a strict majority', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 9 }), (matches) => {
        expect(committedIndex(matches)).toBe(naiveCommitted(matches));
      }),
      { numRuns: 2000 },
    );
  });

  it('voteResult is Won exactly on a strict majority of grants and Lost once a majority is out of reach', () => {
    const vote = fc.constantFrom<boolean | undefined>(true, false, undefined);
    fc.assert(
      fc.property(fc.array(vote, { minLength: 1, maxLength: 9 }), (cast) => {
        const voters = cast.map((_, k) => k + 1);
        const votes = new Map<number, boolean>();
        cast.forEach((v, k) => {
          if (v !== undefined) votes.set(k + 1, v);
        });
        // Votes from non-voters never count.
        votes.set(100, true);
        const granted = cast.filter((v) => v === true).length;
        const open = cast.filter((v) => v === undefined).length;
        const expected =
          granted * 2 > voters.length ? 'Won' : (granted + open) * 2 > voters.length ? 'Pending' : 'Lost';
        expect(voteResult(voters, votes)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('quorum sizes: 1 of 1, 2 of 3, 3 of 4, 3 of 5', () => {
    expect([1, 3, 4, 5].map(quorumSize)).toEqual([1, 2, 3, 3]);
  });
});
