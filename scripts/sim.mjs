#!/usr/bin/env node
// Deterministic simulations over many seeds. Run `pnpm build` first (this builds nothing).
//   pnpm sim raft [--seeds 10000] [--steps 2000] [--start-seed 1]
//   pnpm sim replication [--seeds 2000]
//   pnpm sim groups [--seeds 20000] [--steps 400] [--start-seed 1]
// A failing seed is printed with the command that replays it alone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seeds: { type: 'string' },
    steps: { type: 'string' },
    'start-seed': { type: 'string' },
  },
});
const which = positionals[0];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  process.exit(result.status ?? 1);
}

if (which === 'raft') {
  if (!existsSync(`${ROOT}packages/raft/dist/index.js`)) {
    console.error('packages/raft/dist is missing: run `pnpm build` first');
    process.exit(2);
  }
  run(process.execPath, [
    'packages/raft/scripts/sim.mjs',
    values.seeds ?? '10000',
    values.steps ?? '2000',
    values['start-seed'] ?? '1',
  ]);
} else if (which === 'replication') {
  run('pnpm', ['exec', 'vitest', 'run', 'packages/broker/src/replication/sim', '--testTimeout=0'], {
    REPLICATION_SIM_SEEDS: values.seeds ?? '2000',
  });
} else if (which === 'groups') {
  run('pnpm', ['exec', 'vitest', 'run', 'packages/broker/src/group/group-simulation.test.ts', '--testTimeout=0'], {
    GROUP_SIM_SEEDS: values.seeds ?? '20000',
    GROUP_SIM_STEPS: values.steps ?? '400',
    GROUP_SIM_START_SEED: values['start-seed'] ?? '1',
  });
} else {
  console.error('usage: pnpm sim raft|replication|groups [--seeds N] [--steps N] [--start-seed N]');
  process.exit(2);
}
