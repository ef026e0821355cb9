/**
 * replay(image, record, offset) is the only way the metadata image changes (KIP-631). Records come from the
 * controller's own decisions, so a record that contradicts the image (a partition of an unknown topic, an ISR member
 * outside the replicas) is a programmer error and throws rather than being skipped.
 */
import type { BrokerRegistration, MetadataImage, PartitionState, TopicImage } from './image.js';
import {
  type ConfigRecord,
  ConfigResourceType,
  type MetadataRecord,
  NO_LEADER,
  NO_LEADER_CHANGE,
  type PartitionChangeRecord,
  type PartitionRecord,
} from './records.js';

export class MetadataReplayError extends Error {
  readonly code = 'METADATA_REPLAY_ERROR';
  readonly retriable = false;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new MetadataReplayError(message);
}

export function checkPartitionInvariants(topic: string, state: PartitionState): void {
  const where = `${topic}-${state.partition}`;
  check(new Set(state.replicas).size === state.replicas.length, `${where}: duplicate replicas ${state.replicas}`);
  check(new Set(state.isr).size === state.isr.length, `${where}: duplicate isr ${state.isr}`);
  check(
    state.isr.every((id) => state.replicas.includes(id)),
    `${where}: isr ${state.isr} not within replicas ${state.replicas}`,
  );
  check(
    state.leader === NO_LEADER || state.isr.includes(state.leader),
    `${where}: leader ${state.leader} not in isr ${state.isr}`,
  );
}

function withMapEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V | undefined): Map<K, V> {
  const next = new Map(map);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}

function withTopic(image: MetadataImage, topic: TopicImage): MetadataImage {
  return {
    ...image,
    topicsByName: withMapEntry(image.topicsByName, topic.name, topic),
    topicsById: withMapEntry(image.topicsById, topic.topicId, topic),
  };
}

function withBroker(image: MetadataImage, broker: BrokerRegistration): MetadataImage {
  return { ...image, brokers: withMapEntry(image.brokers, broker.brokerId, broker) };
}

function requireTopic(image: MetadataImage, topicId: string): TopicImage {
  const topic = image.topicsById.get(topicId);
  check(topic !== undefined, `unknown topic id ${topicId}`);
  return topic;
}

function requireBroker(image: MetadataImage, brokerId: number, epoch: bigint): BrokerRegistration {
  const broker = image.brokers.get(brokerId);
  check(broker !== undefined, `unknown broker ${brokerId}`);
  check(broker.epoch === epoch, `broker ${brokerId} has epoch ${broker.epoch}, record says ${epoch}`);
  return broker;
}

function replayPartition(image: MetadataImage, record: PartitionRecord): MetadataImage {
  const topic = requireTopic(image, record.topicId);
  check(!topic.partitions.has(record.partitionId), `${topic.name}-${record.partitionId} already exists`);
  check(record.partitionId === topic.partitions.size, `${topic.name}: partition ${record.partitionId} is not next`);
  const state: PartitionState = {
    partition: record.partitionId,
    replicas: [...record.replicas],
    isr: [...record.isr],
    leader: record.leader,
    leaderEpoch: record.leaderEpoch,
    partitionEpoch: record.partitionEpoch,
    leaderRecoveryState: record.leaderRecoveryState,
  };
  checkPartitionInvariants(topic.name, state);
  return withTopic(image, { ...topic, partitions: withMapEntry(topic.partitions, state.partition, state) });
}

/** Kafka's PartitionRegistration.merge: any change bumps partitionEpoch; a new leader also bumps leaderEpoch. */
export function mergePartitionChange(previous: PartitionState, record: PartitionChangeRecord): PartitionState {
  const leaderChanged = record.leader !== NO_LEADER_CHANGE;
  return {
    partition: previous.partition,
    replicas: record.replicas === null ? previous.replicas : [...record.replicas],
    isr: record.isr === null ? previous.isr : [...record.isr],
    leader: leaderChanged ? record.leader : previous.leader,
    leaderEpoch: leaderChanged ? previous.leaderEpoch + 1 : previous.leaderEpoch,
    partitionEpoch: previous.partitionEpoch + 1,
    leaderRecoveryState: record.leaderRecoveryState === -1 ? previous.leaderRecoveryState : record.leaderRecoveryState,
  };
}

function replayPartitionChange(image: MetadataImage, record: PartitionChangeRecord): MetadataImage {
  const topic = requireTopic(image, record.topicId);
  const previous = topic.partitions.get(record.partitionId);
  check(previous !== undefined, `unknown partition ${topic.name}-${record.partitionId}`);
  const state = mergePartitionChange(previous, record);
  checkPartitionInvariants(topic.name, state);
  return withTopic(image, { ...topic, partitions: withMapEntry(topic.partitions, state.partition, state) });
}

function replayConfig(image: MetadataImage, record: ConfigRecord): MetadataImage {
  const value = record.value ?? undefined;
  if (record.resourceType === ConfigResourceType.TOPIC) {
    const topic = image.topicsByName.get(record.resourceName);
    check(topic !== undefined, `config for unknown topic ${record.resourceName}`);
    return withTopic(image, { ...topic, configs: withMapEntry(topic.configs, record.name, value) });
  }
  check(record.resourceType === ConfigResourceType.BROKER, `unsupported config resource type ${record.resourceType}`);
  const configs = withMapEntry(image.brokerConfigs.get(record.resourceName) ?? new Map(), record.name, value);
  return {
    ...image,
    brokerConfigs: withMapEntry(image.brokerConfigs, record.resourceName, configs.size === 0 ? undefined : configs),
  };
}

function applyRecord(image: MetadataImage, record: MetadataRecord): MetadataImage {
  switch (record.type) {
    case 'RegisterBroker': {
      const previous = image.brokers.get(record.brokerId);
      check(previous === undefined || previous.epoch < record.brokerEpoch, `broker ${record.brokerId} epoch went back`);
      check(record.endPoints.length > 0, `broker ${record.brokerId} registered without endpoints`);
      return withBroker(image, {
        brokerId: record.brokerId,
        incarnationId: record.incarnationId,
        epoch: record.brokerEpoch,
        host: record.endPoints[0].host,
        port: record.endPoints[0].port,
        endpoints: record.endPoints.map((endpoint) => ({ ...endpoint })),
        rack: record.rack,
        fenced: record.fenced,
        inControlledShutdown: record.inControlledShutdown,
      });
    }
    case 'UnregisterBroker':
      requireBroker(image, record.brokerId, record.brokerEpoch);
      return { ...image, brokers: withMapEntry(image.brokers, record.brokerId, undefined) };
    case 'FenceBroker':
      return withBroker(image, { ...requireBroker(image, record.id, record.epoch), fenced: true });
    case 'UnfenceBroker':
      return withBroker(image, { ...requireBroker(image, record.id, record.epoch), fenced: false });
    case 'BrokerRegistrationChange': {
      const broker = requireBroker(image, record.brokerId, record.brokerEpoch);
      const fenced = record.fenced === 0 ? broker.fenced : record.fenced === 1;
      // Kafka clears the controlled-shutdown flag only by re-registration; fencing keeps it.
      const inControlledShutdown = broker.inControlledShutdown || record.inControlledShutdown === 1;
      return withBroker(image, { ...broker, fenced, inControlledShutdown });
    }
    case 'Topic':
      check(!image.topicsByName.has(record.name), `topic ${record.name} already exists`);
      check(!image.topicsById.has(record.topicId), `topic id ${record.topicId} already exists`);
      return withTopic(image, {
        name: record.name,
        topicId: record.topicId,
        partitions: new Map(),
        configs: new Map(),
      });
    case 'Partition':
      return replayPartition(image, record);
    case 'PartitionChange':
      return replayPartitionChange(image, record);
    case 'RemoveTopic': {
      const topic = requireTopic(image, record.topicId);
      return {
        ...image,
        topicsByName: withMapEntry(image.topicsByName, topic.name, undefined),
        topicsById: withMapEntry(image.topicsById, topic.topicId, undefined),
      };
    }
    case 'Config':
      return replayConfig(image, record);
    case 'FeatureLevel':
      return {
        ...image,
        features: withMapEntry(
          image.features,
          record.name,
          record.featureLevel === 0 ? undefined : record.featureLevel,
        ),
      };
    case 'ProducerIds':
      check(
        record.nextProducerId > image.producerIds.nextProducerId,
        `producer id block must move forward: ${record.nextProducerId} <= ${image.producerIds.nextProducerId}`,
      );
      return {
        ...image,
        producerIds: {
          nextProducerId: record.nextProducerId,
          brokerId: record.brokerId,
          brokerEpoch: record.brokerEpoch,
        },
      };
    case 'NoOp':
      return image;
  }
}

/** Applies one record written at `offset`; offsets must strictly increase except within one snapshot load. */
export function replay(image: MetadataImage, record: MetadataRecord, offset: bigint): MetadataImage {
  check(offset >= image.offset, `offset ${offset} is behind the image at ${image.offset}`);
  return { ...applyRecord(image, record), offset };
}

/** Replays a batch in order, every record at the offsets offset, offset+1, ... */
export function replayAll(
  image: MetadataImage,
  records: readonly MetadataRecord[],
  firstOffset: bigint,
): MetadataImage {
  let next = image;
  records.forEach((record, index) => {
    next = replay(next, record, firstOffset + BigInt(index));
  });
  return next;
}
