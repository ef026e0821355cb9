// Intent: over many seeds, a consumer group driven by joining/leaving/crashing/slow/committing clients with
// out-of-order appends and coordinator failovers keeps the coordinator's invariants (see GroupSimulation); a
// failing seed replays alone with GROUP_SIM_SEED=<seed>.
import { describe, expect, it } from 'vitest';
import { GroupSimulation } from './testing/group-simulation.js';

const single = process.env.GROUP_SIM_SEED;
const seeds = Number(process.env.GROUP_SIM_SEEDS ?? '200');
const steps = Number(process.env.GROUP_SIM_STEPS ?? '400');
const start = Number(process.env.GROUP_SIM_START_SEED ?? '1');

describe('group coordinator simulation', () => {
  it(single ? `seed ${single}` : `${seeds} seeds x ${steps} steps`, () => {
    const list = single ? [Number(single)] : Array.from({ length: seeds }, (_, i) => start + i);
    let stable = 0;
    let commits = 0;
    let failovers = 0;
    for (const seed of list) {
      try {
        const trace = process.env.GROUP_SIM_TRACE ? (line: string) => console.log(line) : undefined;
        const result = new GroupSimulation(seed, trace).run(steps);
        stable += result.stableGenerations;
        commits += result.acknowledgedCommits;
        failovers += result.failovers;
      } catch (error) {
        throw new Error(
          `${(error as Error).message}\nreplay: GROUP_SIM_SEED=${seed} pnpm exec vitest run ${__filename}`,
        );
      }
    }
    // The runs must actually exercise the protocol, not idle.
    expect(stable).toBeGreaterThan(list.length);
    expect(commits).toBeGreaterThan(list.length);
    expect(failovers).toBeGreaterThan(0);
  });
});
