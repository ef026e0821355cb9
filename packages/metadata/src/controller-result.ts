import type { MetadataRecord } from './records.js';

/**
 * What every controller decision returns (Kafka's ControllerResult): the records to make durable, and the response
 * to send once they are. The response must not be sent before the records are committed (KIP-631).
 */
export interface ControllerResult<T> {
  readonly records: MetadataRecord[];
  readonly response: T;
}

/** Kafka's QuorumController.MAX_RECORDS_PER_USER_OP: one command may not write more records than this. */
export const MAX_RECORDS_PER_USER_OP = 10_000;
