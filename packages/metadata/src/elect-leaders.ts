/**
 * Preferred-leader election (Kafka's ElectLeaders with PREFERRED): each partition's first replica takes the lead
 * if it is in the ISR and eligible. Per-partition errors as Kafka: ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE.
 */
import type { ControllerResult } from './controller-result.js';
import { MetadataErrorCode } from './error-codes.js';
import type { MetadataImage } from './image.js';
import { buildPartitionChange } from './partition-change.js';
import { RecordBuilder } from './record-builder.js';

export interface ElectLeadersResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

/** `partitions` null means every partition whose leader is not its preferred replica (Kafka's "all"). */
export function electPreferredLeaders(
  image: MetadataImage,
  partitions: readonly { topic: string; partition: number }[] | null,
): ControllerResult<ElectLeadersResult[]> {
  const targets =
    partitions ??
    [...image.topicsByName.values()].flatMap((topic) =>
      [...topic.partitions.values()]
        .filter((state) => state.leader !== state.replicas[0])
        .map((state) => ({ topic: topic.name, partition: state.partition })),
    );
  const builder = new RecordBuilder(image);
  const seen = new Set<string>();
  const response = targets.map(({ topic: name, partition }): ElectLeadersResult => {
    // Partitions are decided on the starting image, so each may be elected once per request.
    const key = `${name}\u0000${partition}`;
    if (seen.has(key)) {
      return {
        topic: name,
        partition,
        errorCode: MetadataErrorCode.INVALID_REQUEST,
        errorMessage: 'Duplicate partition.',
      };
    }
    seen.add(key);
    const topic = image.topicsByName.get(name);
    const state = topic?.partitions.get(partition);
    if (topic === undefined || state === undefined) {
      return { topic: name, partition, errorCode: MetadataErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null };
    }
    if (state.leader === state.replicas[0]) {
      return {
        topic: name,
        partition,
        errorCode: MetadataErrorCode.ELECTION_NOT_NEEDED,
        errorMessage: 'Leader election not needed for topic partition.',
      };
    }
    const change = buildPartitionChange(image, topic, state, { isr: state.isr, election: 'preferred' });
    if (change === null || change.leader !== state.replicas[0]) {
      return {
        topic: name,
        partition,
        errorCode: MetadataErrorCode.PREFERRED_LEADER_NOT_AVAILABLE,
        errorMessage: `Failed to elect leader for partition ${name}-${partition} under strategy PREFERRED`,
      };
    }
    builder.add(change);
    return { topic: name, partition, errorCode: MetadataErrorCode.NONE, errorMessage: null };
  });
  return { records: builder.records, response };
}
