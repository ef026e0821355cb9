/**
 * ElectLeaders (KIP-460) as a pure decision, after Kafka's ReplicationControlManager.electLeaders. PREFERRED: the
 * first replica takes the lead if it is an eligible ISR member; UNCLEAN: a leaderless partition gets a leader from
 * the ISR, else any live replica (whatever unclean.leader.election.enable says). Per-partition errors as Kafka:
 * ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION.
 */
import type { ControllerResult } from './controller-result.js';
import { MetadataErrorCode } from './error-codes.js';
import type { MetadataImage, PartitionState, TopicImage } from './image.js';
import { buildPartitionChange } from './partition-change.js';
import { RecordBuilder } from './record-builder.js';
import { NO_LEADER } from './records.js';

/** Kafka's ElectionType ids. */
export const ElectionType = { PREFERRED: 0, UNCLEAN: 1 } as const;

export interface ElectLeadersResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

const failure = (topic: string, partition: number, errorCode: number, errorMessage: string | null) => ({
  topic,
  partition,
  errorCode,
  errorMessage,
});

function electionNotNeeded(electionType: number, state: PartitionState): boolean {
  return electionType === ElectionType.PREFERRED ? state.leader === state.replicas[0] : state.leader !== NO_LEADER;
}

function electOne(
  image: MetadataImage,
  builder: RecordBuilder,
  electionType: number,
  topic: TopicImage,
  state: PartitionState,
): ElectLeadersResult {
  const name = topic.name;
  if (electionNotNeeded(electionType, state)) {
    return failure(
      name,
      state.partition,
      MetadataErrorCode.ELECTION_NOT_NEEDED,
      'Leader election not needed for topic partition.',
    );
  }
  const preferred = electionType === ElectionType.PREFERRED;
  const change = buildPartitionChange(image, topic, state, {
    isr: state.isr,
    election: preferred ? 'preferred' : 'unclean',
  });
  const elected = change !== null && (preferred ? change.leader === state.replicas[0] : change.leader >= 0);
  if (!elected) {
    const strategy = preferred ? 'PREFERRED' : 'UNCLEAN';
    const errorCode = preferred
      ? MetadataErrorCode.PREFERRED_LEADER_NOT_AVAILABLE
      : MetadataErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE;
    return failure(
      name,
      state.partition,
      errorCode,
      `Failed to elect leader for partition ${name}-${state.partition} under strategy ${strategy}`,
    );
  }
  builder.add(change);
  return failure(name, state.partition, MetadataErrorCode.NONE, null);
}

/**
 * `partitions` null means every partition; as in Kafka, those that need no election are then left out of the
 * response. Each partition is decided on the starting image, so it may be named once per request.
 */
export function electLeaders(
  image: MetadataImage,
  electionType: number,
  partitions: readonly { topic: string; partition: number }[] | null,
): ControllerResult<ElectLeadersResult[]> {
  const builder = new RecordBuilder(image);
  if (electionType !== ElectionType.PREFERRED && electionType !== ElectionType.UNCLEAN) {
    const response = (partitions ?? []).map(({ topic, partition }) =>
      failure(topic, partition, MetadataErrorCode.INVALID_REQUEST, `Unknown election type ${electionType}`),
    );
    return { records: [], response };
  }
  if (partitions === null) {
    const response = [...image.topicsByName.values()].flatMap((topic) =>
      [...topic.partitions.values()]
        .map((state) => electOne(image, builder, electionType, topic, state))
        .filter((result) => result.errorCode !== MetadataErrorCode.ELECTION_NOT_NEEDED),
    );
    return { records: builder.records, response };
  }
  const seen = new Set<string>();
  const response = partitions.map(({ topic: name, partition }): ElectLeadersResult => {
    const key = `${name}\u0000${partition}`;
    if (seen.has(key)) return failure(name, partition, MetadataErrorCode.INVALID_REQUEST, 'Duplicate partition.');
    seen.add(key);
    const topic = image.topicsByName.get(name);
    const state = topic?.partitions.get(partition);
    if (topic === undefined || state === undefined) {
      return failure(name, partition, MetadataErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null);
    }
    return electOne(image, builder, electionType, topic, state);
  });
  return { records: builder.records, response };
}

/** Preferred-leader election; `partitions` null = every partition not led by its preferred replica. */
export function electPreferredLeaders(
  image: MetadataImage,
  partitions: readonly { topic: string; partition: number }[] | null,
): ControllerResult<ElectLeadersResult[]> {
  return electLeaders(image, ElectionType.PREFERRED, partitions);
}
