// Wire-level and persistence types of the Raft core. Every type here is plain data (numbers, strings, booleans,
// Uint8Array, arrays of the same) so that it maps 1:1 onto a protobuf message for the gRPC transport.

/** A node id. 0 is reserved for "none" (no leader, no vote), as in etcd raft. */
export type NodeId = number;
export const NONE: NodeId = 0;

/**
 * Normal entries carry application data (the leader's empty entry at the start of a term is a Normal entry with no
 * data); VotersChange entries carry a new Membership (KIP-853 VotersRecord).
 */
export type EntryType = 'Normal' | 'VotersChange';

export interface Entry {
  term: number;
  index: number;
  type: EntryType;
  data: Uint8Array;
}

/** The state that must be durable before any message that depends on it leaves the node (Raft paper fig. 2). */
export interface HardState {
  term: number;
  /** Candidate voted for in `term`, or NONE. */
  vote: NodeId;
  commit: number;
}

export interface SnapshotMeta {
  /** Index of the last entry the snapshot covers. */
  index: number;
  /** Term of that entry: needed for the consistency check of the entry after it (§7). */
  term: number;
  voters: NodeId[];
  observers: NodeId[];
}

export interface Snapshot {
  meta: SnapshotMeta;
  /** Application state machine image; opaque to Raft. */
  data: Uint8Array;
}

export type MessageType =
  | 'MsgApp'
  | 'MsgAppResp'
  | 'MsgVote'
  | 'MsgVoteResp'
  | 'MsgPreVote'
  | 'MsgPreVoteResp'
  | 'MsgSnap'
  | 'MsgHeartbeat'
  | 'MsgHeartbeatResp'
  | 'MsgTimeoutNow';

/**
 * One message between Raft peers. Fields not used by a type are 0 / false / empty, never absent, so the shape is
 * fixed (a protobuf message with scalar defaults).
 */
export interface Message {
  type: MessageType;
  from: NodeId;
  to: NodeId;
  term: number;
  /** MsgApp: term of the entry at `index` (prevLogTerm). MsgVote/MsgPreVote: candidate's last log term.
   *  Rejected MsgAppResp: term of the follower's entry at `rejectHint` (fast backtracking). */
  logTerm: number;
  /** MsgApp: prevLogIndex. MsgVote: candidate's last index. MsgAppResp: last index matched, or the rejected index. */
  index: number;
  entries: Entry[];
  commit: number;
  reject: boolean;
  /** Rejected MsgAppResp: the follower's guess of the highest index that may match. */
  rejectHint: number;
  /** MsgSnap only. */
  snapshot: Snapshot | null;
  /** MsgVote sent because of a leader transfer (MsgTimeoutNow): voters grant it even inside the leader lease. */
  transfer: boolean;
}

export type Role = 'Follower' | 'PreCandidate' | 'Candidate' | 'Leader';

/** State that is useful to observe but need not be durable. */
export interface SoftState {
  leaderId: NodeId;
  role: Role;
}

export function isHardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

/** Byte size used for flow-control limits: payload bytes, which dominate for real entries. */
export function entryBytes(entry: Entry): number {
  return entry.data.byteLength;
}

export function makeMessage(fields: Partial<Message> & Pick<Message, 'type' | 'from' | 'to' | 'term'>): Message {
  return {
    logTerm: 0,
    index: 0,
    entries: [],
    commit: 0,
    reject: false,
    rejectHint: 0,
    snapshot: null,
    transfer: false,
    ...fields,
  };
}
