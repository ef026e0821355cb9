/**
 * CreateTopics (v2-7), DeleteTopics (v1-6) and CreatePartitions (v0-3): validated and decided by the controller;
 * the broker forwards, maps results to the response schema, and waits (up to the request's timeoutMs) until its own
 * partitions reflect the change so an immediate Produce finds its log.
 */
import {
  type CreatePartitionsRequest,
  type CreatePartitionsResponse,
  type CreateTopicsRequest,
  type CreateTopicsResponse,
  type DeleteTopicsRequest,
  type DeleteTopicsResponse,
  ErrorCode,
  ZERO_UUID,
} from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';

type CreatableTopicResult = CreateTopicsResponse['topics'][number];

/** Lets the local partitions catch up with the controller's latest image, but never longer than the request allows. */
async function awaitLocalApply(ctx: BrokerContext, timeoutMs: number): Promise<void> {
  const applied = ctx.replicaManager.applyImage(ctx.controller.image());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, timeoutMs));
  });
  try {
    await Promise.race([applied.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function failedTopic(name: string, errorCode: number, errorMessage: string): CreatableTopicResult {
  return {
    name,
    topicId: ZERO_UUID,
    errorCode,
    errorMessage,
    topicConfigErrorCode: 0,
    numPartitions: -1,
    replicationFactor: -1,
    configs: null,
  };
}

export async function handleCreateTopics(
  ctx: BrokerContext,
  request: CreateTopicsRequest,
): Promise<CreateTopicsResponse> {
  const counts = new Map<string, number>();
  for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  const results = new Map<string, CreatableTopicResult>();
  const specs = [];
  for (const t of request.topics) {
    if (counts.get(t.name)! > 1) {
      results.set(t.name, failedTopic(t.name, ErrorCode.INVALID_REQUEST, `Duplicate topic name ${t.name} in request`));
      continue;
    }
    const nullConfig = t.configs.find((c) => c.value === null);
    if (nullConfig !== undefined) {
      results.set(t.name, failedTopic(t.name, ErrorCode.INVALID_CONFIG, `Null value for config ${nullConfig.name}`));
      continue;
    }
    specs.push({
      name: t.name,
      numPartitions: t.numPartitions,
      replicationFactor: t.replicationFactor,
      assignments: t.assignments.map((a) => ({ partitionIndex: a.partitionIndex, brokerIds: [...a.brokerIds] })),
      configs: Object.fromEntries(t.configs.map((c) => [c.name, c.value as string])),
    });
  }
  if (specs.length > 0) {
    const created = await ctx.controller.createTopics(specs, { validateOnly: request.validateOnly });
    for (const r of created) {
      results.set(r.name, {
        name: r.name,
        topicId: r.topicId,
        errorCode: r.errorCode,
        errorMessage: r.errorMessage,
        topicConfigErrorCode: 0,
        numPartitions: r.numPartitions,
        replicationFactor: r.replicationFactor,
        configs: r.errorCode === ErrorCode.NONE ? r.configs.map((c) => ({ ...c })) : null,
      });
    }
    if (!request.validateOnly) await awaitLocalApply(ctx, request.timeoutMs);
  }
  const seen = new Set<string>();
  const topics: CreatableTopicResult[] = [];
  for (const t of request.topics) {
    if (seen.has(t.name)) continue;
    seen.add(t.name);
    topics.push(
      results.get(t.name) ?? failedTopic(t.name, ErrorCode.UNKNOWN_SERVER_ERROR, 'no result from controller'),
    );
  }
  return { throttleTimeMs: 0, topics };
}

export async function handleDeleteTopics(
  ctx: BrokerContext,
  request: DeleteTopicsRequest,
  apiVersion: number,
): Promise<DeleteTopicsResponse> {
  const image = ctx.controller.image();
  const responses: DeleteTopicsResponse['responses'] = [];
  const names: string[] = [];
  // v6 names topics by name or by id; earlier versions send a plain name list.
  const requested = apiVersion >= 6 ? request.topics : request.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
  for (const t of requested) {
    if (t.name !== null && t.name !== '') {
      names.push(t.name);
      continue;
    }
    const topic = image.topicsById.get(t.topicId);
    if (topic === undefined) {
      responses.push({ name: null, topicId: t.topicId, errorCode: ErrorCode.UNKNOWN_TOPIC_ID, errorMessage: null });
    } else {
      names.push(topic.name);
    }
  }
  if (names.length > 0) {
    const deleted = await ctx.controller.deleteTopics(names);
    for (const r of deleted) {
      responses.push({ name: r.name, topicId: r.topicId, errorCode: r.errorCode, errorMessage: r.errorMessage });
    }
    await awaitLocalApply(ctx, request.timeoutMs);
  }
  return { throttleTimeMs: 0, responses };
}

export async function handleCreatePartitions(
  ctx: BrokerContext,
  request: CreatePartitionsRequest,
): Promise<CreatePartitionsResponse> {
  const results = await ctx.controller.createPartitions(
    request.topics.map((t) => ({
      name: t.name,
      count: t.count,
      assignments: t.assignments === null ? null : t.assignments.map((a) => [...a.brokerIds]),
    })),
    { validateOnly: request.validateOnly },
  );
  if (!request.validateOnly) await awaitLocalApply(ctx, request.timeoutMs);
  return {
    throttleTimeMs: 0,
    results: results.map((r) => ({ name: r.name, errorCode: r.errorCode, errorMessage: r.errorMessage })),
  };
}
