import type { NodeId } from './types.js';

/**
 * Expected refusals of a proposal or transfer are values, not exceptions. Codes are Kafka's error codes
 * (NOT_LEADER_OR_FOLLOWER = 6, MESSAGE_TOO_LARGE = 10, THROTTLING / back-pressure maps to
 * REQUEST_TIMED_OUT-like retries; we use the closest Kafka codes so the controller can return them unchanged).
 */
export type RaftErrorCode =
  | 'NOT_LEADER_OR_FOLLOWER'
  | 'MESSAGE_TOO_LARGE'
  | 'UNCOMMITTED_BYTES_LIMIT'
  | 'LEADER_TRANSFER_IN_PROGRESS'
  | 'INVALID_TRANSFER_TARGET'
  | 'INVALID_MEMBERSHIP_CHANGE'
  | 'MEMBERSHIP_CHANGE_PENDING';

const KAFKA_ERROR_CODES: Record<RaftErrorCode, number> = {
  NOT_LEADER_OR_FOLLOWER: 6,
  MESSAGE_TOO_LARGE: 10,
  // Back-pressure: Kafka's THROTTLING_QUOTA_EXCEEDED (89) is the retriable "slow down" code.
  UNCOMMITTED_BYTES_LIMIT: 89,
  // A transfer makes the leader refuse writes briefly; the client retries against the new leader.
  LEADER_TRANSFER_IN_PROGRESS: 6,
  // INVALID_REQUEST.
  INVALID_TRANSFER_TARGET: 42,
  // INVALID_REQUEST: adding an existing voter, removing a non-voter or the last voter.
  INVALID_MEMBERSHIP_CHANGE: 42,
  // REQUEST_TIMED_OUT (retriable): the previous change or the leader's first commit is still pending.
  MEMBERSHIP_CHANGE_PENDING: 7,
};

export class RaftError {
  readonly kafkaErrorCode: number;
  constructor(
    readonly code: RaftErrorCode,
    readonly retriable: boolean,
    readonly message: string,
    /** The known leader, so a client can be redirected; NONE when unknown. */
    readonly leaderId: NodeId = 0,
  ) {
    this.kafkaErrorCode = KAFKA_ERROR_CODES[code];
  }
}

export type ProposeResult = { ok: true; index: number; term: number } | { ok: false; error: RaftError };
export type TransferResult = { ok: true } | { ok: false; error: RaftError };
