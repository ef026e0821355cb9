/** DeleteTopics by name as a pure decision: one RemoveTopicRecord per existing topic (it drops its partitions too). */
import type { ControllerResult } from './controller-result.js';
import { MetadataErrorCode } from './error-codes.js';
import type { MetadataImage } from './image.js';
import type { MetadataRecord } from './records.js';
import { ZERO_UUID } from './uuid.js';

export interface DeleteTopicResult {
  name: string;
  topicId: string;
  errorCode: number;
  errorMessage: string | null;
}

export function deleteTopics(image: MetadataImage, names: readonly string[]): ControllerResult<DeleteTopicResult[]> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const records: MetadataRecord[] = [];
  const response = names.map((name): DeleteTopicResult => {
    const topic = image.topicsByName.get(name);
    if (counts.get(name)! > 1) {
      return {
        name,
        topicId: topic?.topicId ?? ZERO_UUID,
        errorCode: MetadataErrorCode.INVALID_REQUEST,
        errorMessage: 'Duplicate topic name.',
      };
    }
    if (topic === undefined) {
      return {
        name,
        topicId: ZERO_UUID,
        errorCode: MetadataErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        errorMessage: 'This server does not host this topic-partition.',
      };
    }
    records.push({ type: 'RemoveTopic', topicId: topic.topicId });
    return { name, topicId: topic.topicId, errorCode: MetadataErrorCode.NONE, errorMessage: null };
  });
  return { records, response };
}
