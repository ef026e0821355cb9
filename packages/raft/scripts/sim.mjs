#!/usr/bin/env node
// Runs the deterministic Raft simulation over many seeds and prints a summary.
// Usage (after `pnpm exec tsc -b packages/raft`): node packages/raft/scripts/sim.mjs [seeds=1000] [steps=2000] [startSeed=1]
import { runRaftSimulation } from '../dist/index.js';

const [seeds = 1000, steps = 2000, startSeed = 1] = process.argv.slice(2).map(Number);
const startedMs = performance.now();
const stats = runRaftSimulation({
  seeds,
  steps,
  startSeed,
  onProgress: (done) => {
    if (done % 1000 === 0) process.stderr.write(`  ${done}/${seeds} seeds\n`);
  },
});
const elapsedMs = Math.round(performance.now() - startedMs);
console.log(`raft simulation: ${stats.seedsRun} seeds x ${steps} steps in ${elapsedMs} ms`);
console.log(`  elections ${stats.elections}, max term ${stats.maxTerm}, committed entries ${stats.committedEntries}`);
console.log(`  messages delivered ${stats.messagesDelivered}, dropped ${stats.messagesDropped}`);
console.log(
  `  crashes ${stats.crashes}, snapshots ${stats.snapshotsTaken}, membership changes ${stats.membershipChanges}`,
);
console.log(`  failures ${stats.failures.length}`);
for (const f of stats.failures.slice(0, 20))
  console.log(`  FAIL seed ${f.seed}: ${f.message.split('\n')[0]}\n    ${f.replay}`);
process.exitCode = stats.failures.length === 0 ? 0 : 1;
