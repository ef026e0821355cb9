import type { RaftConfigInput } from '../core/config.js';
import type { Message, NodeId } from '../core/types.js';
import { InvariantChecker } from './invariants.js';
import { SimNetwork } from './network.js';
import { createPrng, pick, randomInt } from './prng.js';
import type { ReadyHooks } from './sim-node.js';
import { SimNode } from './sim-node.js';

export interface SimulationOptions {
  seeds: number;
  steps: number;
  startSeed?: number;
  /** Voters per cluster; default: 3 or 5, chosen by the seed. */
  voters?: number;
  onProgress?: (done: number, stats: SimulationStats) => void;
}

export interface SimulationFailure {
  seed: number;
  message: string;
  /** Command line that replays the failing seed alone. */
  replay: string;
}

/** Totals over all seeds (maxTerm is the maximum); committedEntries sums each seed's highest committed index. */
export interface SimulationStats extends SeedResult {
  seedsRun: number;
  steps: number;
  failures: SimulationFailure[];
}

export interface SeedResult {
  elections: number;
  maxTerm: number;
  committedEntries: number;
  messagesDelivered: number;
  messagesDropped: number;
  crashes: number;
  snapshotsTaken: number;
  membershipChanges: number;
}

const ELECTION_TICKS = 10;
/** Liveness bound: after healing, a leader and converged logs within this many ticks per node. */
const LIVENESS_TICKS = 40 * ELECTION_TICKS;

/**
 * One deterministic run: N nodes (voters, sometimes plus an observer) under random loss, duplication,
 * reordering, partitions, crashes with restart from disk, proposals and compaction. Invariants are checked after
 * every step; at the end the network heals and the cluster must elect a leader and converge. Throws on failure.
 */
export function runSeed(seed: number, steps: number, votersOverride?: number): SeedResult {
  const random = createPrng(seed);
  const voterCount = votersOverride ?? (random() < 0.5 ? 3 : 5);
  const voters = Array.from({ length: voterCount }, (_, k) => k + 1);
  const observers = random() < 0.3 ? [voterCount + 1] : random() < 0.2 ? [voterCount + 1, voterCount + 2] : [];
  // Mostly the production settings, sometimes without them, so the plain-Raft paths are exercised too.
  const preVote = random() < 0.7;
  const checkQuorum = random() < 0.7;
  const ids = [...voters, ...observers];
  const network = new SimNetwork(random);
  // Fault profiles vary by seed: most runs are mildly lossy, some very lossy (leaders whose appends never land
  // are what produce the paper's figure-8 histories).
  network.dropRate = random() < 0.6 ? random() * 0.1 : random() * 0.4;
  network.duplicateRate = random() * 0.05;
  const checker = new InvariantChecker();
  const nodes = new Map<NodeId, SimNode>();
  for (const id of ids) {
    const nodeRandom = createPrng(seed * 7919 + id);
    const heartbeatTicks = 1 + randomInt(random, 2);
    const config = (): RaftConfigInput => ({
      nodeId: id,
      voters,
      observers,
      electionTicks: ELECTION_TICKS,
      preVote,
      checkQuorum,
      heartbeatTicks,
      maxInflightMsgs: 4,
      maxSizePerMsgBytes: 64,
      maxUncommittedBytes: 4096,
      maxProposalBytes: 256,
      random: nodeRandom,
    });
    nodes.set(id, new SimNode(id, config));
  }
  const hooks: ReadyHooks = {
    send: (messages, node) => {
      checker.onSend(messages, node);
      network.send(messages);
    },
    onPersist: (ready, node) => checker.onPersist(ready, node),
    onApply: (entry, node) => checker.onApply(entry, node),
  };
  let crashes = 0;
  let snapshotsTaken = 0;
  let membershipChanges = 0;
  let proposals = 0;
  const aliveNodes = () => [...nodes.values()].filter((n) => n.alive);
  const drain = (node: SimNode, mayCrash: boolean) => {
    node.finishReady(hooks);
    for (let k = 0; k < 100 && node.alive; k++) {
      if (mayCrash && random() < 0.1) {
        // An asynchronous write: messages that may go early are out; the node keeps stepping messages meanwhile,
        // and the write completes in a later step (or is lost in a crash).
        node.startReady(hooks);
        return;
      }
      const crash = mayCrash && random() < 0.005;
      if (crash) crashes++;
      if (!node.processReady(hooks, crash)) break;
    }
  };
  const deliver = (m: Message, mayCrash: boolean) => {
    const node = nodes.get(m.to);
    if (node?.core == null) return;
    node.core.step(m);
    // Sometimes leave the Ready unprocessed so a later crash loses it (unpersisted state is lost).
    if (!mayCrash || random() < 0.7) drain(node, mayCrash);
  };

  for (let step = 0; step < steps; step++) {
    const roll = random();
    const leader = aliveNodes().find((n) => n.core?.basicStatus().role === 'Leader');
    // Faults aimed at the leader half of the time: leader changes are where Raft's safety arguments are subtle.
    const node =
      leader !== undefined && roll >= 0.9 && random() < 0.5 ? leader : (nodes.get(pick(random, ids)) as SimNode);
    if (roll < 0.35) {
      if (node.core !== null) {
        node.core.tick();
        if (random() < 0.85) drain(node, true);
      }
    } else if (roll < 0.7) {
      const m = network.takeRandom();
      if (m !== null) deliver(m, true);
    } else if (roll < 0.8) {
      drain(node, true);
    } else if (roll < 0.9) {
      const target = leader !== undefined && random() < 0.9 ? leader : node;
      target.core?.propose(new TextEncoder().encode(`s${seed}-p${proposals++}`));
    } else if (roll < 0.92) {
      const shuffled = [node.id, ...ids.filter((id) => id !== node.id).sort(() => random() - 0.5)];
      const cut = 1 + randomInt(random, ids.length - 1);
      if (random() < 0.5) network.partition([shuffled.slice(0, cut), shuffled.slice(cut)]);
      else network.cutLink(shuffled[0], shuffled[1]);
    } else if (roll < 0.95) {
      network.heal();
    } else if (roll < 0.96) {
      if (node.alive) {
        node.crash();
        crashes++;
      }
    } else if (roll < 0.98) {
      if (!node.alive) {
        node.restart();
        checker.onRestart(node.id);
      }
    } else if (roll < 0.995) {
      if (node.compact() !== null) snapshotsTaken++;
    } else if (leader !== undefined && random() < 0.5) {
      // KIP-853 single-server changes: promote an observer or demote a voter (at most one pending at a time).
      const status = (leader.core as NonNullable<SimNode['core']>).basicStatus();
      const result =
        status.observers.length > 0 && random() < 0.5
          ? leader.core?.addVoter(pick(random, status.observers))
          : leader.core?.removeVoter(pick(random, status.voters));
      if (result?.ok === true) membershipChanges++;
    } else {
      node.core?.transferLeader(pick(random, voters));
    }
    for (const n of nodes.values()) {
      if (!n.alive && random() < 0.002) {
        n.restart();
        checker.onRestart(n.id);
      }
    }
    checker.afterStep(nodes.values());
  }

  // Liveness: heal everything, restart everyone, stop injecting faults; the cluster must converge.
  network.heal();
  network.dropRate = 0;
  network.duplicateRate = 0;
  for (const n of nodes.values()) {
    if (!n.alive) {
      n.restart();
      checker.onRestart(n.id);
    }
  }
  let finalProposed = false;
  for (let tick = 0; tick < LIVENESS_TICKS; tick++) {
    for (const n of nodes.values()) {
      n.core?.tick();
      drain(n, false);
    }
    for (let round = 0; round < 50 && network.size > 0; round++) {
      for (const m of network.takeAll()) deliver(m, false);
      checker.afterStep(nodes.values());
    }
    const statuses = [...nodes.values()].map((n) => (n.core as NonNullable<SimNode['core']>).basicStatus());
    const leader = statuses.find((s) => s.role === 'Leader');
    if (leader === undefined) continue;
    if (!finalProposed) {
      const result = nodes.get(leader.nodeId)?.core?.propose(new TextEncoder().encode(`s${seed}-final`));
      finalProposed = result?.ok === true;
      continue;
    }
    const converged = statuses.every(
      (s) =>
        s.term === leader.term &&
        s.leaderId === leader.nodeId &&
        s.lastIndex === leader.lastIndex &&
        s.commitIndex === leader.lastIndex &&
        s.appliedIndex === leader.lastIndex,
    );
    if (converged) {
      return {
        elections: checker.elections,
        maxTerm: checker.maxTerm,
        committedEntries: checker.maxCommittedIndex,
        messagesDelivered: network.delivered,
        messagesDropped: network.dropped,
        crashes,
        snapshotsTaken,
        membershipChanges,
      };
    }
  }
  const states = [...nodes.values()].map((n) => JSON.stringify(n.core?.basicStatus())).join('\n');
  throw new Error(`liveness: no converged leader within ${LIVENESS_TICKS} ticks after healing\n${states}`);
}

export function runRaftSimulation(options: SimulationOptions): SimulationStats {
  const startSeed = options.startSeed ?? 1;
  const stats: SimulationStats = {
    seedsRun: 0,
    steps: options.steps,
    elections: 0,
    maxTerm: 0,
    committedEntries: 0,
    messagesDelivered: 0,
    messagesDropped: 0,
    crashes: 0,
    snapshotsTaken: 0,
    membershipChanges: 0,
    failures: [],
  };
  for (let k = 0; k < options.seeds; k++) {
    const seed = startSeed + k;
    try {
      const r = runSeed(seed, options.steps, options.voters);
      stats.elections += r.elections;
      stats.maxTerm = Math.max(stats.maxTerm, r.maxTerm);
      stats.committedEntries += r.committedEntries;
      stats.messagesDelivered += r.messagesDelivered;
      stats.messagesDropped += r.messagesDropped;
      stats.crashes += r.crashes;
      stats.snapshotsTaken += r.snapshotsTaken;
      stats.membershipChanges += r.membershipChanges;
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const voters = options.voters === undefined ? '' : ` VOTERS=${options.voters}`;
      const replay = `replay with SEED=${seed} STEPS=${options.steps}${voters} pnpm exec vitest run packages/raft/test/simulation.test.ts`;
      stats.failures.push({ seed, message, replay });
    }
    stats.seedsRun++;
    options.onProgress?.(stats.seedsRun, stats);
  }
  return stats;
}
