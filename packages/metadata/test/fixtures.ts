// Shared helpers for metadata tests: build images only through the real decisions and replay.
import {
  type ControllerResult,
  type CreateTopicSpec,
  createTopics,
  emptyImage,
  type MetadataImage,
  type RandomSource,
  randomUuid,
  registerBroker,
  replayAll,
  seededRandom,
  unfenceBroker,
} from '../src/index.js';

export const CLUSTER_ID = 'test-cluster-id-00000A';

/** Applies a decision's records at the next offsets, as a metadata log would. */
export function apply<T>(image: MetadataImage, result: ControllerResult<T>): MetadataImage {
  return replayAll(image, result.records, image.offset + 1n);
}

export function withBroker(
  image: MetadataImage,
  brokerId: number,
  rack: string | null,
  random: RandomSource,
): MetadataImage {
  const registered = registerBroker(
    image,
    {
      brokerId,
      clusterId: image.clusterId,
      incarnationId: randomUuid(random),
      endpoints: [{ name: 'PLAINTEXT', host: `broker-${brokerId}`, port: 9092, securityProtocol: 0 }],
      rack,
    },
    { sessionActive: false },
  );
  return apply(apply(image, registered), unfenceBroker(apply(image, registered), brokerId));
}

/** An image with unfenced brokers 0..count-1 (racks cycled from `racks` when given). */
export function clusterOf(count: number, racks: string[] = [], seed = 1): MetadataImage {
  const random = seededRandom(seed);
  let image = emptyImage(CLUSTER_ID);
  for (let id = 0; id < count; id++)
    image = withBroker(image, id, racks.length ? racks[id % racks.length] : null, random);
  return image;
}

export function spec(name: string, overrides: Partial<CreateTopicSpec> = {}): CreateTopicSpec {
  return { name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: {}, ...overrides };
}

export const DEFAULTS = { numPartitions: 1, defaultReplicationFactor: 1 };

export function create(image: MetadataImage, specs: CreateTopicSpec[], seed = 7) {
  const result = createTopics(image, specs, { validateOnly: false, defaults: DEFAULTS, random: seededRandom(seed) });
  return { result, image: apply(image, result) };
}
