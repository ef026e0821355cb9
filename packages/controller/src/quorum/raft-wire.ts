/** The core's Message <-> the gRPC RaftMessage, field for field (proto/raft.proto). */
import type { Entry, Message, MessageType, Snapshot } from '@tributary/raft';
import type { RaftEntry__Output } from '../generated/tributary/raft/RaftEntry.js';
import type { RaftMessage, RaftMessage__Output } from '../generated/tributary/raft/RaftMessage.js';

const MESSAGE_TYPES: ReadonlySet<string> = new Set<MessageType>([
  'MsgApp',
  'MsgAppResp',
  'MsgVote',
  'MsgVoteResp',
  'MsgPreVote',
  'MsgPreVoteResp',
  'MsgSnap',
  'MsgHeartbeat',
  'MsgHeartbeatResp',
  'MsgTimeoutNow',
]);

/** Which RPC of the Raft service carries a message type. */
export type RaftRpc = 'Vote' | 'PreVote' | 'Append' | 'InstallSnapshot' | 'TimeoutNow';

export function rpcOf(type: MessageType): RaftRpc {
  switch (type) {
    case 'MsgVote':
    case 'MsgVoteResp':
      return 'Vote';
    case 'MsgPreVote':
    case 'MsgPreVoteResp':
      return 'PreVote';
    case 'MsgSnap':
      return 'InstallSnapshot';
    case 'MsgTimeoutNow':
      return 'TimeoutNow';
    default:
      return 'Append';
  }
}

export class RaftWireError extends Error {}

export function messageToWire(m: Message): RaftMessage {
  return {
    type: m.type,
    from: m.from,
    to: m.to,
    term: m.term,
    logTerm: m.logTerm,
    index: m.index,
    entries: m.entries.map((e) => ({
      term: e.term,
      index: e.index,
      type: e.type === 'Normal' ? 'NORMAL' : 'VOTERS_CHANGE',
      data: Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength),
    })),
    commit: m.commit,
    reject: m.reject,
    rejectHint: m.rejectHint,
    snapshot:
      m.snapshot === null
        ? null
        : {
            meta: { ...m.snapshot.meta },
            data: Buffer.from(m.snapshot.data.buffer, m.snapshot.data.byteOffset, m.snapshot.data.byteLength),
          },
    hasSnapshot: m.snapshot !== null,
    transfer: m.transfer,
  };
}

/** Parses a uint64 decimal string into a safe integer (Raft terms and indexes stay far below 2^53). */
function safe(value: string, field: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RaftWireError(`${field} ${value} is not a safe non-negative integer`);
  return n;
}

function entryFromWire(e: RaftEntry__Output): Entry {
  return {
    term: safe(e.term, 'entry term'),
    index: safe(e.index, 'entry index'),
    type: e.type === 'VOTERS_CHANGE' ? 'VotersChange' : 'Normal',
    data: new Uint8Array(e.data),
  };
}

/** Validates and converts; throws RaftWireError on anything the core must not see. */
export function messageFromWire(w: RaftMessage__Output): Message {
  if (!MESSAGE_TYPES.has(w.type)) throw new RaftWireError(`unknown raft message type ${JSON.stringify(w.type)}`);
  let snapshot: Snapshot | null = null;
  if (w.hasSnapshot) {
    const meta = w.snapshot?.meta;
    if (meta === undefined || meta === null) throw new RaftWireError('snapshot without meta');
    snapshot = {
      meta: {
        index: safe(meta.index, 'snapshot index'),
        term: safe(meta.term, 'snapshot term'),
        voters: [...meta.voters],
        observers: [...meta.observers],
      },
      data: new Uint8Array(w.snapshot!.data),
    };
  }
  if (w.type === 'MsgSnap' && snapshot === null) throw new RaftWireError('MsgSnap without a snapshot');
  return {
    type: w.type as MessageType,
    from: w.from,
    to: w.to,
    term: safe(w.term, 'term'),
    logTerm: safe(w.logTerm, 'logTerm'),
    index: safe(w.index, 'index'),
    entries: w.entries.map(entryFromWire),
    commit: safe(w.commit, 'commit'),
    reject: w.reject,
    rejectHint: safe(w.rejectHint, 'rejectHint'),
    snapshot,
    transfer: w.transfer,
  };
}
