/**
 * IncrementalAlterConfigs (v0-1, KIP-339) and the legacy AlterConfigs (v0-2, whole-set replacement, what kafkajs'
 * admin.alterConfigs sends): decided by the active controller (ConfigRecords), which validates names and values
 * (INVALID_CONFIG with a message), unknown topics (UNKNOWN_TOPIC_OR_PARTITION) and broker keys. Brokers pick the
 * change up from the metadata image: produce reads max.message.bytes and min.insync.replicas from it per request,
 * and the replica manager pushes log configs (retention, segments) into the logs when a topic's configs change.
 */
import {
  type AlterConfigsRequest,
  type AlterConfigsResponse,
  ErrorCode,
  type IncrementalAlterConfigsRequest,
  type IncrementalAlterConfigsResponse,
} from '@tributary/protocol';
import type { BrokerContext } from './broker-context.js';

type ResourceResult = IncrementalAlterConfigsResponse['responses'][number];

/** Kafka's ConfigResource.Type ids this broker forwards; anything else (BROKER_LOGGER 8, ...) is refused here. */
const FORWARDED_TYPES = new Set([2, 4]);

/** Resources named twice are refused as Kafka's ConfigAdminManager does, before anything reaches the controller. */
function splitRequest<R extends { resourceType: number; resourceName: string }>(
  resources: readonly R[],
): { valid: R[]; refused: Map<R, ResourceResult> } {
  const count = new Map<string, number>();
  const key = (r: R) => `${r.resourceType}\u0000${r.resourceName}`;
  for (const r of resources) count.set(key(r), (count.get(key(r)) ?? 0) + 1);
  const refused = new Map<R, ResourceResult>();
  const valid: R[] = [];
  const fail = (r: R, errorCode: number, errorMessage: string) =>
    refused.set(r, { resourceType: r.resourceType, resourceName: r.resourceName, errorCode, errorMessage });
  for (const r of resources) {
    if (count.get(key(r))! > 1) fail(r, ErrorCode.INVALID_REQUEST, `Duplicate resource ${r.resourceName} in request`);
    else if (!FORWARDED_TYPES.has(r.resourceType)) {
      fail(r, ErrorCode.INVALID_REQUEST, `Unsupported resource type ${r.resourceType} for altering configs`);
    } else valid.push(r);
  }
  return { valid, refused };
}

/** Results in request order: refused ones from the broker, the rest from the controller (same order as sent). */
function merge<R>(
  resources: readonly R[],
  refused: Map<R, ResourceResult>,
  decided: ResourceResult[],
): ResourceResult[] {
  let next = 0;
  return resources.map((r) => refused.get(r) ?? decided[next++]);
}

async function settle(ctx: BrokerContext, validateOnly: boolean): Promise<void> {
  // Local partitions catch up with the image the change is in, so this broker enforces it as soon as we answer.
  if (!validateOnly) await ctx.replicaManager.applyImage(ctx.controller.image()).catch(() => undefined);
}

export async function handleIncrementalAlterConfigs(
  ctx: BrokerContext,
  request: IncrementalAlterConfigsRequest,
): Promise<IncrementalAlterConfigsResponse> {
  const { valid, refused } = splitRequest(request.resources);
  const decided =
    valid.length === 0
      ? []
      : await ctx.controller.incrementalAlterConfigs(
          valid.map((r) => ({ ...r, configs: r.configs.map((c) => ({ ...c })) })),
          { validateOnly: request.validateOnly },
        );
  await settle(ctx, request.validateOnly);
  return { throttleTimeMs: 0, responses: merge(request.resources, refused, decided) };
}

export async function handleAlterConfigs(
  ctx: BrokerContext,
  request: AlterConfigsRequest,
): Promise<AlterConfigsResponse> {
  const { valid, refused } = splitRequest(request.resources);
  const decided =
    valid.length === 0
      ? []
      : await ctx.controller.alterConfigs(
          valid.map((r) => ({ ...r, configs: r.configs.map((c) => ({ ...c })) })),
          { validateOnly: request.validateOnly },
        );
  await settle(ctx, request.validateOnly);
  return { throttleTimeMs: 0, responses: merge(request.resources, refused, decided) };
}
