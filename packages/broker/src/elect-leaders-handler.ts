/**
 * ElectLeaders (v0-2, KIP-460; kafka-leader-election.sh): PREFERRED (0, the only type of v0) or UNCLEAN (1),
 * decided by the active controller; topicPartitions null = every partition, answered only for those that needed an
 * election (Kafka's behaviour). Per-partition errors: ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE,
 * ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION. A NOT_CONTROLLER answer is the top-level error (v1+).
 */
import { type ElectLeadersRequest, type ElectLeadersResponse, ErrorCode } from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';

type TopicResult = ElectLeadersResponse['replicaElectionResults'][number];

export async function handleElectLeaders(
  ctx: BrokerContext,
  request: ElectLeadersRequest,
  apiVersion: number,
): Promise<ElectLeadersResponse> {
  const electionType = apiVersion === 0 ? 0 : request.electionType;
  const partitions =
    request.topicPartitions === null
      ? null
      : request.topicPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
  const outcome = await ctx.controller.electLeaders(electionType, partitions);
  const byTopic = new Map<string, TopicResult>();
  for (const r of outcome.results) {
    let topic = byTopic.get(r.topic);
    if (topic === undefined) {
      topic = { topic: r.topic, partitionResult: [] };
      byTopic.set(r.topic, topic);
    }
    topic.partitionResult.push({ partitionId: r.partition, errorCode: r.errorCode, errorMessage: r.errorMessage });
  }
  if (outcome.results.some((r) => r.errorCode === ErrorCode.NONE)) {
    // Leadership moved: this broker starts or stops leading as soon as it has applied the new image.
    await ctx.replicaManager.applyImage(ctx.controller.image()).catch(() => undefined);
  }
  return { throttleTimeMs: 0, errorCode: outcome.errorCode, replicaElectionResults: [...byTopic.values()] };
}
