// The nemesis schedule as a pure function of the seed: which fault, on which node, how long it lasts and how long the
// quiet spell before it is. Replaying a seed replays this schedule exactly; the cluster's reactions to it (elections,
// ISR changes, client retries) follow wall time and are not replayed.

/** Faults the runner can inject. `slow` is refused by the runner (see README "Not covered"). */
export const NEMESIS_FAULTS = ['kill', 'pause', 'partition'];

/** Quiet spell before each fault, in ms: [min, max). */
export const QUIET_MS = [1000, 3000];
/**
 * How long a fault lasts, in ms: [min, max). Short faults stay inside the cluster's timeouts (clients retry, nothing
 * is fenced); long ones outlast broker.session.timeout.ms (9 s), so a paused or cut-off node is fenced, loses its
 * leaderships and later comes back as a stale leader or follower - the zombie case. One fault in LONG_FAULT_ODDS is long.
 */
export const SHORT_FAULT_MS = [1500, 5000];
export const LONG_FAULT_MS = [10_000, 16_000];
export const LONG_FAULT_ODDS = 3;
/** No fault in the first WARMUP_MS (acks before any fault) nor within COOLDOWN_MS of the end (acks after healing). */
export const WARMUP_MS = 2000;
export const COOLDOWN_MS = 2000;
/** A bound on the schedule's length whatever the duration (1000 faults take about two hours). */
export const FAULTS_MAX = 1000;

const between = (random, [min, max]) => min + Math.floor(random() * (max - min));

/**
 * One fault at a time, each healed before the next begins, so a majority of controllers and at least one ISR member
 * stay up: the conditions under which ARCHITECTURE.md promises that no acknowledged record is lost. `startMs` is the
 * planned start relative to the start of the workload; the runner starts a fault no earlier than that and never
 * before the previous one healed (a restarted node may take longer than planned to come back). `random` is a seeded
 * generator of floats in [0, 1) (@tributary/raft's createPrng(seed)): the same seed gives the same schedule.
 * `faultMs` ([min, max)) makes every fault last that long instead, to aim at one timing window.
 */
export function planFaults({ random, durationMs, faults, nodeIds, faultMs: faultMsRange = null }) {
  if (faults.length === 0 || nodeIds.length === 0) return [];
  for (const fault of faults) {
    if (!NEMESIS_FAULTS.includes(fault)) throw new RangeError(`unknown fault ${fault}`);
  }
  const schedule = [];
  let atMs = WARMUP_MS;
  while (schedule.length < FAULTS_MAX) {
    const startMs = atMs + between(random, QUIET_MS);
    const long = Math.floor(random() * LONG_FAULT_ODDS) === 0;
    // A fixed range (--fault-ms) replaces the short/long mix; the draws stay the same, so the kinds and nodes of a
    // seed do not change with it.
    const faultMs = between(random, faultMsRange ?? (long ? LONG_FAULT_MS : SHORT_FAULT_MS));
    const kind = faults[Math.floor(random() * faults.length)];
    const nodeId = nodeIds[Math.floor(random() * nodeIds.length)];
    if (startMs + faultMs > durationMs - COOLDOWN_MS) break;
    schedule.push({ index: schedule.length, kind, nodeId, startMs, faultMs });
    atMs = startMs + faultMs;
  }
  return schedule;
}
