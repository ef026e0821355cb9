// CI runs property tests from a fixed seed so a red build is always reproducible and never a coin toss; local runs
// keep fast-check's fresh random seed (and print it on failure) so they keep exploring. FC_SEED pins it anywhere.
import fc from 'fast-check';

const pinned = process.env.FC_SEED ?? (process.env.CI ? '20261122' : undefined);
if (pinned !== undefined) fc.configureGlobal({ seed: Number(pinned) });
