import type { NodeId } from './types.js';
import { NONE } from './types.js';

export interface RaftConfig {
  nodeId: NodeId;
  /** Static voter set (KIP-595 `controller.quorum.voters`). */
  voters: readonly NodeId[];
  /** Nodes that replicate the log but never vote or count for quorum (Kafka brokers following metadata). */
  observers: readonly NodeId[];
  /** Follower election timeout in ticks; randomized in [electionTicks, 2*electionTicks). Default 10. */
  electionTicks: number;
  /** Leader heartbeat interval in ticks. Default 1. */
  heartbeatTicks: number;
  /** Thesis §9.6 / KIP-996: campaign only after a pre-vote round that would win. Default true. */
  preVote: boolean;
  /** Leader steps down without a quorum for an election timeout; voters ignore votes inside the lease. Default true. */
  checkQuorum: boolean;
  /** Max MsgApp in flight per follower in replicate state. Default 256. */
  maxInflightMsgs: number;
  /** Max entry payload bytes in one MsgApp (always at least one entry). Default 1 MiB. */
  maxSizePerMsgBytes: number;
  /** Max payload bytes appended by the leader but not yet committed; proposals beyond it are refused. Default 64 MiB. */
  maxUncommittedBytes: number;
  /** Max proposal payload bytes. Default 1 MiB, the Kafka default `message.max.bytes` order of magnitude. */
  maxProposalBytes: number;
  /** Injected randomness in [0, 1): a seeded PRNG in tests, any uniform source in production. */
  random: () => number;
}

export type RaftConfigInput = Pick<RaftConfig, 'nodeId' | 'voters' | 'random'> & Partial<RaftConfig>;

export const RAFT_CONFIG_DEFAULTS = {
  observers: [] as readonly NodeId[],
  electionTicks: 10,
  heartbeatTicks: 1,
  preVote: true,
  checkQuorum: true,
  maxInflightMsgs: 256,
  maxSizePerMsgBytes: 1024 * 1024,
  maxUncommittedBytes: 64 * 1024 * 1024,
  maxProposalBytes: 1024 * 1024,
} as const;

/** Validates once at start (cross-field checks fail fast) and returns a frozen config. */
export function resolveRaftConfig(input: RaftConfigInput): Readonly<RaftConfig> {
  const config: RaftConfig = { ...RAFT_CONFIG_DEFAULTS, ...input, observers: input.observers ?? [] };
  const fail = (why: string): never => {
    throw new Error(`invalid raft config: ${why}`);
  };
  const ids = [...config.voters, ...config.observers];
  if (!Number.isInteger(config.nodeId) || config.nodeId === NONE) fail('nodeId must be a non-zero integer');
  if (config.voters.length === 0) fail('voters must not be empty');
  if (new Set(ids).size !== ids.length) fail('voters and observers must be distinct ids');
  if (ids.some((id) => !Number.isInteger(id) || id === NONE)) fail('node ids must be non-zero integers');
  if (!ids.includes(config.nodeId)) fail(`node ${config.nodeId} is neither a voter nor an observer`);
  if (config.heartbeatTicks < 1) fail('heartbeatTicks must be >= 1');
  if (config.electionTicks <= config.heartbeatTicks) fail('electionTicks must be > heartbeatTicks');
  if (config.maxInflightMsgs < 1) fail('maxInflightMsgs must be >= 1');
  if (config.maxSizePerMsgBytes < 1) fail('maxSizePerMsgBytes must be >= 1');
  if (config.maxUncommittedBytes < 1) fail('maxUncommittedBytes must be >= 1');
  if (config.maxProposalBytes < 1 || config.maxProposalBytes > config.maxUncommittedBytes) {
    fail('maxProposalBytes must be in [1, maxUncommittedBytes]');
  }
  return Object.freeze({
    ...config,
    voters: Object.freeze([...config.voters]),
    observers: Object.freeze([...config.observers]),
  });
}
