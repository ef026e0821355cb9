export type { RaftConfig, RaftConfigInput } from './core/config.js';
export { RAFT_CONFIG_DEFAULTS, resolveRaftConfig } from './core/config.js';
export { describeEntry, describeMessage } from './core/describe.js';
export type { ProposeResult, RaftErrorCode, TransferResult } from './core/errors.js';
export { RaftError } from './core/errors.js';
export type { Membership } from './core/membership.js';
export { decodeMembership, encodeMembership } from './core/membership.js';
export type { ProgressState } from './core/progress.js';
export type { RaftInitialState } from './core/raft-core.js';
export { RaftCore } from './core/raft-core.js';
export type { Ready } from './core/ready.js';
export type { FollowerStatus, Status } from './core/status.js';
export type {
  Entry,
  EntryType,
  HardState,
  Message,
  MessageType,
  NodeId,
  Role,
  Snapshot,
  SnapshotMeta,
  SoftState,
} from './core/types.js';
export { makeMessage, NONE } from './core/types.js';
export { InvariantChecker, InvariantViolation } from './sim/invariants.js';
export { SimNetwork } from './sim/network.js';
export { createPrng } from './sim/prng.js';
export type { ReadyHooks } from './sim/sim-node.js';
export { HashStateMachine, SimNode } from './sim/sim-node.js';
export type { SeedResult, SimulationFailure, SimulationOptions, SimulationStats } from './sim/simulation.js';
export { runRaftSimulation, runSeed } from './sim/simulation.js';
export { LevelStorage } from './storage/level-storage.js';
export { MemoryStorage } from './storage/memory-storage.js';
export type { Awaitable, RaftStorage } from './storage/raft-storage.js';
