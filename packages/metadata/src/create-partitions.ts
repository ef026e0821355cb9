/**
 * CreatePartitions as a pure decision (Kafka's ReplicationControlManager.createPartitions): only increases, new
 * partitions keep the topic's replication factor, manual assignments are honoured and validated.
 */
import { type ControllerResult, MAX_RECORDS_PER_USER_OP } from './controller-result.js';
import { automaticAssignments, newPartitionRecords, TopicError, validateAssignments } from './create-topics.js';
import { MetadataErrorCode } from './error-codes.js';
import type { MetadataImage } from './image.js';
import { RecordBuilder } from './record-builder.js';
import type { RandomSource } from './uuid.js';

export interface CreatePartitionsRequest {
  name: string;
  /** The new total partition count. */
  count: number;
  /** Replica lists for the new partitions only, or null to place them automatically. */
  assignments: number[][] | null;
}

export interface CreatePartitionsResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

function createOne(builder: RecordBuilder, request: CreatePartitionsRequest, random: RandomSource): void {
  const image = builder.image;
  const topic = image.topicsByName.get(request.name);
  if (topic === undefined) {
    throw new TopicError(
      MetadataErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      'This server does not host this topic-partition.',
    );
  }
  const current = topic.partitions.size;
  if (request.count < current) {
    throw new TopicError(
      MetadataErrorCode.INVALID_PARTITIONS,
      `The topic ${request.name} currently has ${current} partition(s); ${request.count} would not be an increase.`,
    );
  }
  if (request.count === current) {
    throw new TopicError(MetadataErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partition(s).`);
  }
  const added = request.count - current;
  if (builder.records.length + added > MAX_RECORDS_PER_USER_OP) {
    throw new TopicError(MetadataErrorCode.POLICY_VIOLATION, 'Unable to perform excessively large batch operation.');
  }
  const replicationFactor = topic.partitions.get(0)?.replicas.length ?? 1;
  let assignments: number[][];
  if (request.assignments !== null) {
    if (request.assignments.length !== added) {
      throw new TopicError(
        MetadataErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `Attempted to add ${added} additional partition(s), but only ${request.assignments.length} assignment(s) were specified.`,
      );
    }
    assignments = validateAssignments(
      image,
      request.assignments.map((brokerIds, index) => ({ partitionIndex: current + index, brokerIds })),
      current,
    );
    if (assignments[0].length !== replicationFactor) {
      throw new TopicError(
        MetadataErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `The manual partition assignment includes a partition with ${assignments[0].length} replica(s), but this is ` +
          `not consistent with previous partitions, which have ${replicationFactor} replica(s).`,
      );
    }
  } else {
    assignments = automaticAssignments(image, added, replicationFactor, current, random);
  }
  for (const record of newPartitionRecords(image, topic.topicId, assignments, current)) builder.add(record);
}

export function createPartitions(
  image: MetadataImage,
  requests: readonly CreatePartitionsRequest[],
  options: { validateOnly: boolean; random: RandomSource },
): ControllerResult<CreatePartitionsResult[]> {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.name, (counts.get(request.name) ?? 0) + 1);
  const builder = new RecordBuilder(image);
  const response = requests.map((request): CreatePartitionsResult => {
    if (counts.get(request.name)! > 1) {
      return {
        name: request.name,
        errorCode: MetadataErrorCode.INVALID_REQUEST,
        errorMessage: 'Duplicate topic name.',
      };
    }
    try {
      createOne(builder, request, options.random);
      return { name: request.name, errorCode: MetadataErrorCode.NONE, errorMessage: null };
    } catch (error) {
      if (error instanceof TopicError)
        return { name: request.name, errorCode: error.errorCode, errorMessage: error.message };
      throw error;
    }
  });
  return { records: options.validateOnly ? [] : builder.records, response };
}
