// Intent: under seeded message loss, reordering, crashes, restarts, late metadata and session expiry, the real
// replication cores and controller decisions keep every guarantee after every step (agreement below the HW,
// monotonic leader HW, leader in ISR, no acknowledged record lost or moved — retention excepted: records a leader
// deleted may be gone, and followers behind its log start restart there) and converge once healed.
// SEED=n replays one seed alone (SIM_TRACE=1 prints every step); REPLICATION_SIM_SEEDS / REPLICATION_SIM_STEPS widen the default quick slice.
import { describe, expect, it } from 'vitest';
import { runReplicationSimulation, type SimulationStats } from './replication-simulation.js';

const replaySeed = process.env.SEED === undefined ? undefined : Number(process.env.SEED);
const seeds = Number(process.env.REPLICATION_SIM_SEEDS ?? 60);
const steps = Number(process.env.REPLICATION_SIM_STEPS ?? 1500);

describe('replication simulation', () => {
  if (replaySeed !== undefined) {
    it(`replays seed ${replaySeed}`, () => {
      const trace = process.env.SIM_TRACE === undefined ? undefined : (line: string) => console.log(line);
      const stats = runReplicationSimulation({ seed: replaySeed, steps, trace });
      expect(stats.seed).toBe(replaySeed);
    });
    return;
  }

  it(`holds every invariant for ${seeds} seeds x ${steps} steps`, () => {
    const failures: string[] = [];
    const totals = {
      acknowledged: 0,
      leaderChanges: 0,
      truncations: 0,
      isrChanges: 0,
      crashes: 0,
      rejected: 0,
      logStartMoves: 0,
      followerResets: 0,
    };
    for (let seed = 1; seed <= seeds; seed++) {
      let stats: SimulationStats;
      try {
        stats = runReplicationSimulation({ seed, steps });
      } catch (error) {
        failures.push(
          `${(error as Error).message}\n  replay: SEED=${seed} pnpm exec vitest run packages/broker/src/replication/sim`,
        );
        continue;
      }
      totals.acknowledged += stats.acknowledged;
      totals.leaderChanges += stats.leaderChanges;
      totals.truncations += stats.truncations;
      totals.isrChanges += stats.isrChanges;
      totals.crashes += stats.crashes;
      totals.rejected += stats.rejectedNotEnoughReplicas;
      totals.logStartMoves += stats.logStartMoves;
      totals.followerResets += stats.followerResets;
    }
    console.log(`replication simulation totals: ${JSON.stringify(totals)}`);
    for (const failure of failures) console.error(failure);
    expect(failures).toEqual([]);
    // The runs must exercise replication, not idle: acks, failovers, truncations and ISR changes all happen.
    expect(totals.acknowledged).toBeGreaterThan(seeds * 10);
    expect(totals.leaderChanges).toBeGreaterThan(seeds);
    expect(totals.truncations).toBeGreaterThan(0);
    expect(totals.isrChanges).toBeGreaterThan(seeds);
    expect(totals.crashes).toBeGreaterThan(seeds);
    expect(totals.rejected).toBeGreaterThan(0);
    // Retention on leaders, and followers that fell behind it and restarted at the leader's log start.
    expect(totals.logStartMoves).toBeGreaterThan(seeds);
    expect(totals.followerResets).toBeGreaterThan(0);
  });

  it('is deterministic: the same seed gives the same run', () => {
    expect(runReplicationSimulation({ seed: 4242, steps: 800 })).toEqual(
      runReplicationSimulation({ seed: 4242, steps: 800 }),
    );
  });
});
