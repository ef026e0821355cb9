// Intent: under seeded random loss, duplication, reordering, partitions, crashes and compaction, every Raft safety
// invariant holds after every step and the healed cluster always converges (SEED=n replays one seed alone).
import { describe, expect, it } from 'vitest';
import { runRaftSimulation, runSeed } from '../src/index.js';

const replaySeed = process.env.SEED === undefined ? undefined : Number(process.env.SEED);
const steps = Number(process.env.STEPS ?? 2000);

describe('deterministic Raft simulation', () => {
  if (replaySeed !== undefined) {
    it(`replays seed ${replaySeed}`, () => {
      const result = runSeed(
        replaySeed,
        steps,
        process.env.VOTERS === undefined ? undefined : Number(process.env.VOTERS),
      );
      expect(result.elections).toBeGreaterThan(0);
    });
    return;
  }

  it('holds every invariant for 1000 seeds x 2000 steps and converges after healing', () => {
    const stats = runRaftSimulation({ seeds: Number(process.env.SEEDS ?? 1000), steps, startSeed: 1 });
    for (const f of stats.failures) console.error(`seed ${f.seed} failed: ${f.message}\n  ${f.replay}`);
    expect(stats.failures).toEqual([]);
    // The runs must actually exercise Raft, not idle: elections, commits, crashes and snapshots all happen.
    expect(stats.elections).toBeGreaterThan(stats.seedsRun);
    expect(stats.committedEntries).toBeGreaterThan(10 * stats.seedsRun);
    expect(stats.crashes).toBeGreaterThan(0);
    expect(stats.snapshotsTaken).toBeGreaterThan(0);
  });

  it('holds every invariant over longer histories too (100 seeds x 10000 steps)', () => {
    const stats = runRaftSimulation({ seeds: 100, steps: 10_000, startSeed: 50_000 });
    for (const f of stats.failures) console.error(`seed ${f.seed} failed: ${f.message}\n  ${f.replay}`);
    expect(stats.failures).toEqual([]);
    expect(stats.membershipChanges).toBeGreaterThan(0);
  });

  it('is deterministic: the same seed gives the same run', () => {
    expect(runSeed(4242, 1500)).toEqual(runSeed(4242, 1500));
  });
});
