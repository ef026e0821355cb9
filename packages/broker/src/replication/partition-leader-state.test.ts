// Intent: the leader's follower tracking computes Kafka's high watermark (min LEO over the maximal ISR, never
// backwards) and proposes ISR shrinks for lagging followers and expansions for caught-up ones, one at a time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartitionLeaderState } from './partition-leader-state.js';

const view = (isr: number[], partitionEpoch = 0) => ({
  leader: 1,
  leaderEpoch: 3,
  partitionEpoch,
  replicas: [1, 2, 3],
  isr,
});

describe('PartitionLeaderState', () => {
  it('high watermark is the minimum follower fetch offset over the ISR', () => {
    const state = new PartitionLeaderState(1, view([1, 2, 3]), 0n, 0n, 0);
    expect(state.maybeIncrementHighWatermark(10n)).toBe(false);
    state.updateFollowerFetchState(2, 10n, 10n, 5);
    expect(state.maybeIncrementHighWatermark(10n)).toBe(false);
    state.updateFollowerFetchState(3, 4n, 10n, 5);
    expect(state.maybeIncrementHighWatermark(10n)).toBe(true);
    expect(state.highWatermark).toBe(4n);
  });

  it('a follower outside the ISR does not hold the high watermark back', () => {
    const state = new PartitionLeaderState(1, view([1, 2]), 0n, 0n, 0);
    state.updateFollowerFetchState(2, 7n, 7n, 1);
    expect(state.maybeIncrementHighWatermark(7n)).toBe(true);
    expect(state.highWatermark).toBe(7n);
  });

  it('the high watermark never moves backwards', () => {
    const state = new PartitionLeaderState(1, view([1, 2]), 0n, 5n, 0);
    state.updateFollowerFetchState(2, 2n, 9n, 1);
    expect(state.maybeIncrementHighWatermark(9n)).toBe(false);
    expect(state.highWatermark).toBe(5n);
  });

  it('shrinks a follower that has not caught up within replica.lag.time.max.ms', () => {
    const state = new PartitionLeaderState(1, view([1, 2, 3]), 0n, 0n, 0);
    state.updateFollowerFetchState(2, 0n, 0n, 100);
    expect(state.proposeIsrChange(100, 1000)).toBeNull();
    state.updateFollowerFetchState(2, 0n, 0n, 1500);
    const proposal = state.proposeIsrChange(1500, 1000);
    expect(proposal?.isr).toEqual([1, 2]);
    // One change in flight at a time.
    expect(state.proposeIsrChange(1600, 1000)).toBeNull();
    state.applyPartitionState(view([1, 2], 1), 1700);
    expect(state.pendingIsrChange).toBeNull();
  });

  it('a fetch that reaches what the leader had at the previous fetch counts as caught up then', () => {
    const state = new PartitionLeaderState(1, view([1, 2]), 0n, 0n, 0);
    state.updateFollowerFetchState(2, 0n, 5n, 1000);
    state.updateFollowerFetchState(2, 5n, 8n, 2000);
    expect(state.follower(2)?.lastCaughtUpTimeMs).toBe(1000);
  });

  it('expands the ISR once a follower reaches the high watermark and the epoch start offset', () => {
    const state = new PartitionLeaderState(1, view([1, 2]), 6n, 0n, 0);
    state.updateFollowerFetchState(2, 8n, 8n, 1);
    state.maybeIncrementHighWatermark(8n);
    state.updateFollowerFetchState(3, 5n, 8n, 1);
    expect(state.proposeIsrChange(1, 30_000)).toBeNull();
    state.updateFollowerFetchState(3, 8n, 8n, 2);
    const proposal = state.proposeIsrChange(2, 30_000);
    expect(proposal?.isr).toEqual([1, 2, 3]);
    // While the expansion is pending, the new member already holds the high watermark (maximal ISR).
    expect(state.maximalIsr().sort()).toEqual([1, 2, 3]);
    state.updateFollowerFetchState(2, 12n, 12n, 3);
    state.maybeIncrementHighWatermark(12n);
    expect(state.highWatermark).toBe(8n);
  });

  it('never proposes an ineligible replica, and waits out the backoff after a refusal', () => {
    const state = new PartitionLeaderState(1, view([1, 2]), 0n, 0n, 0);
    state.updateFollowerFetchState(3, 0n, 0n, 1);
    expect(state.proposeIsrChange(1, 30_000, (id) => id !== 3)).toBeNull();
    expect(state.proposeIsrChange(2, 30_000)?.isr).toEqual([1, 2, 3]);
    state.clearPending(500);
    expect(state.proposeIsrChange(499, 30_000)).toBeNull();
    expect(state.proposeIsrChange(500, 30_000)?.isr).toEqual([1, 2, 3]);
  });

  it('re-proposes a change left unanswered for replica.lag.time.max.ms', () => {
    const state = new PartitionLeaderState(1, view([1, 2]), 0n, 0n, 0);
    state.updateFollowerFetchState(3, 0n, 0n, 1);
    const first = state.proposeIsrChange(1, 1000);
    expect(state.proposeIsrChange(1001, 1000)).toBeNull();
    state.updateFollowerFetchState(2, 0n, 0n, 1002);
    const second = state.proposeIsrChange(1002, 1000);
    expect(second?.isr).toEqual(first?.isr);
    expect(second).not.toBe(first);
  });

  it('keeps a pending expansion through an ambiguous answer (the HW still waits for the replica) and sends it again', () => {
    const state = new PartitionLeaderState(1, view([1, 3]), 0n, 0n, 0);
    state.updateFollowerFetchState(2, 0n, 0n, 1);
    const proposal = state.proposeIsrChange(2, 30_000)!;
    expect(proposal.isr).toEqual([1, 2, 3]);
    // NOT_CONTROLLER / a timeout: the controller may have applied it, so the maximal ISR keeps replica 2...
    state.retryPendingAt(100);
    expect(state.maximalIsr().sort()).toEqual([1, 2, 3]);
    state.updateFollowerFetchState(3, 10n, 10n, 50);
    expect(state.maybeIncrementHighWatermark(10n)).toBe(false);
    // ...and the same change goes out again once due, never dropped on time alone.
    expect(state.proposeIsrChange(99, 30_000)).toBeNull();
    const again = state.proposeIsrChange(101, 30_000)!;
    expect(again).not.toBe(proposal);
    expect([again.isr, again.partitionEpoch]).toEqual([proposal.isr, proposal.partitionEpoch]);
    expect(state.proposeIsrChange(60_000, 30_000)?.isr).toEqual([1, 2, 3]);
    // Only an answer proving it was not applied (INELIGIBLE_REPLICA, OPERATION_NOT_ATTEMPTED) drops it.
    state.clearPending(70_000);
    expect(state.maximalIsr().sort()).toEqual([1, 3]);
  });

  it('property: the high watermark is monotonic and never above the leader LEO or any ISR member', () => {
    const step = fc.record({ follower: fc.constantFrom(2, 3), advance: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 0, max: 5 }), (steps, appendEach) => {
        const state = new PartitionLeaderState(1, view([1, 2, 3]), 0n, 0n, 0);
        const fetched = new Map<number, bigint>([
          [2, 0n],
          [3, 0n],
        ]);
        let leo = 0n;
        let previous = 0n;
        steps.forEach((s, time) => {
          leo += BigInt(appendEach);
          const next = fetched.get(s.follower)! + BigInt(s.advance);
          const offset = next > leo ? leo : next;
          fetched.set(s.follower, offset);
          state.updateFollowerFetchState(s.follower, offset, leo, time);
          state.maybeIncrementHighWatermark(leo);
          expect(state.highWatermark >= previous).toBe(true);
          expect(state.highWatermark <= leo).toBe(true);
          for (const value of fetched.values())
            if (state.highWatermark > 0n) expect(state.highWatermark <= value).toBe(true);
          previous = state.highWatermark;
        });
      }),
    );
  });
});
