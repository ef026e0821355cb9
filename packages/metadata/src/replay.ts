/**
 * replay is the only way the metadata image changes (KIP-631). Records come from the controller's own decisions, so
 * a record that contradicts the image (a partition of an unknown topic, an ISR member outside the replicas) is a
 * programmer error and throws rather than being skipped.
 *
 * Records are applied through an ImageDelta (Kafka's MetadataDelta): maps are copied on first write and then
 * mutated in place until build(), so a batch of n records touching m maps costs O(n + size of those m maps), not
 * O(n × image). Replaying a whole log or snapshot through one delta is linear.
 */
import type { BrokerRegistration, MetadataImage, PartitionState, ProducerIdsState, TopicImage } from './image.js';
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

/** A topic being changed by the current delta; its maps belong to the delta until build(). */
interface TopicDraft extends TopicImage {
  readonly partitions: Map<number, PartitionState>;
  readonly configs: Map<string, string>;
}

/**
 * Accumulates records on top of a base image. The base is never mutated: every map is copied before its first
 * write, and build() hands the maps over (a later write copies again), so images it built stay immutable.
 */
export class ImageDelta {
  private brokers: ReadonlyMap<number, BrokerRegistration>;
  private topicsByName: ReadonlyMap<string, TopicImage>;
  private topicsById: ReadonlyMap<string, TopicImage>;
  private brokerConfigs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  private features: ReadonlyMap<string, number>;
  private producerIds: ProducerIdsState;
  private offset: bigint;
  /** Maps (and topic drafts) this delta may mutate because it copied them since the last build(). */
  private readonly owned = new Set<object>();
  private readonly drafts = new Map<string, TopicDraft>();

  constructor(private readonly base: MetadataImage) {
    this.brokers = base.brokers;
    this.topicsByName = base.topicsByName;
    this.topicsById = base.topicsById;
    this.brokerConfigs = base.brokerConfigs;
    this.features = base.features;
    this.producerIds = base.producerIds;
    this.offset = base.offset;
  }

  private own<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
    if (this.owned.has(map)) return map as Map<K, V>;
    const copy = new Map(map);
    this.owned.add(copy);
    return copy;
  }

  private setBroker(broker: BrokerRegistration | undefined, brokerId: number): void {
    const brokers = this.own(this.brokers);
    if (broker === undefined) brokers.delete(brokerId);
    else brokers.set(brokerId, broker);
    this.brokers = brokers;
  }

  private requireBroker(brokerId: number, epoch: bigint): BrokerRegistration {
    const broker = this.brokers.get(brokerId);
    check(broker !== undefined, `unknown broker ${brokerId}`);
    check(broker.epoch === epoch, `broker ${brokerId} has epoch ${broker.epoch}, record says ${epoch}`);
    return broker;
  }

  private putTopic(topic: TopicImage): void {
    const byName = this.own(this.topicsByName);
    const byId = this.own(this.topicsById);
    byName.set(topic.name, topic);
    byId.set(topic.topicId, topic);
    this.topicsByName = byName;
    this.topicsById = byId;
  }

  /** The topic as a draft this delta may mutate, copying it on first touch. */
  private draft(topicId: string): TopicDraft {
    const existing = this.drafts.get(topicId);
    if (existing !== undefined) return existing;
    const topic = this.topicsById.get(topicId);
    check(topic !== undefined, `unknown topic id ${topicId}`);
    const draft: TopicDraft = {
      name: topic.name,
      topicId,
      partitions: new Map(topic.partitions),
      configs: new Map(topic.configs),
    };
    this.drafts.set(topicId, draft);
    this.putTopic(draft);
    return draft;
  }

  private replayPartition(record: PartitionRecord): void {
    const topic = this.draft(record.topicId);
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
    topic.partitions.set(state.partition, state);
  }

  private replayPartitionChange(record: PartitionChangeRecord): void {
    const topic = this.draft(record.topicId);
    const previous = topic.partitions.get(record.partitionId);
    check(previous !== undefined, `unknown partition ${topic.name}-${record.partitionId}`);
    const state = mergePartitionChange(previous, record);
    checkPartitionInvariants(topic.name, state);
    topic.partitions.set(state.partition, state);
  }

  private replayConfig(record: ConfigRecord): void {
    if (record.resourceType === ConfigResourceType.TOPIC) {
      const topic = this.topicsByName.get(record.resourceName);
      check(topic !== undefined, `config for unknown topic ${record.resourceName}`);
      const configs = this.draft(topic.topicId).configs;
      if (record.value === null) configs.delete(record.name);
      else configs.set(record.name, record.value);
      return;
    }
    check(record.resourceType === ConfigResourceType.BROKER, `unsupported config resource type ${record.resourceType}`);
    const all = this.own(this.brokerConfigs);
    const configs = this.own(all.get(record.resourceName) ?? new Map<string, string>());
    if (record.value === null) configs.delete(record.name);
    else configs.set(record.name, record.value);
    if (configs.size === 0) all.delete(record.resourceName);
    else all.set(record.resourceName, configs);
    this.brokerConfigs = all;
  }

  private replayRegisterBroker(record: Extract<MetadataRecord, { type: 'RegisterBroker' }>): void {
    const previous = this.brokers.get(record.brokerId);
    check(previous === undefined || previous.epoch < record.brokerEpoch, `broker ${record.brokerId} epoch went back`);
    check(record.endPoints.length > 0, `broker ${record.brokerId} registered without endpoints`);
    this.setBroker(
      {
        brokerId: record.brokerId,
        incarnationId: record.incarnationId,
        epoch: record.brokerEpoch,
        host: record.endPoints[0].host,
        port: record.endPoints[0].port,
        endpoints: record.endPoints.map((endpoint) => ({ ...endpoint })),
        rack: record.rack,
        fenced: record.fenced,
        inControlledShutdown: record.inControlledShutdown,
      },
      record.brokerId,
    );
  }

  apply(record: MetadataRecord): this {
    switch (record.type) {
      case 'RegisterBroker':
        this.replayRegisterBroker(record);
        break;
      case 'UnregisterBroker':
        this.requireBroker(record.brokerId, record.brokerEpoch);
        this.setBroker(undefined, record.brokerId);
        break;
      case 'FenceBroker':
        this.setBroker({ ...this.requireBroker(record.id, record.epoch), fenced: true }, record.id);
        break;
      case 'UnfenceBroker':
        this.setBroker({ ...this.requireBroker(record.id, record.epoch), fenced: false }, record.id);
        break;
      case 'BrokerRegistrationChange': {
        const broker = this.requireBroker(record.brokerId, record.brokerEpoch);
        const fenced = record.fenced === 0 ? broker.fenced : record.fenced === 1;
        // Kafka clears the controlled-shutdown flag only by re-registration; fencing keeps it.
        const inControlledShutdown = broker.inControlledShutdown || record.inControlledShutdown === 1;
        this.setBroker({ ...broker, fenced, inControlledShutdown }, record.brokerId);
        break;
      }
      case 'Topic': {
        check(!this.topicsByName.has(record.name), `topic ${record.name} already exists`);
        check(!this.topicsById.has(record.topicId), `topic id ${record.topicId} already exists`);
        const draft: TopicDraft = {
          name: record.name,
          topicId: record.topicId,
          partitions: new Map(),
          configs: new Map(),
        };
        this.drafts.set(record.topicId, draft);
        this.putTopic(draft);
        break;
      }
      case 'Partition':
        this.replayPartition(record);
        break;
      case 'PartitionChange':
        this.replayPartitionChange(record);
        break;
      case 'RemoveTopic': {
        const topic = this.topicsById.get(record.topicId);
        check(topic !== undefined, `unknown topic id ${record.topicId}`);
        const byName = this.own(this.topicsByName);
        const byId = this.own(this.topicsById);
        byName.delete(topic.name);
        byId.delete(topic.topicId);
        this.topicsByName = byName;
        this.topicsById = byId;
        this.drafts.delete(record.topicId);
        break;
      }
      case 'Config':
        this.replayConfig(record);
        break;
      case 'FeatureLevel': {
        const features = this.own(this.features);
        if (record.featureLevel === 0) features.delete(record.name);
        else features.set(record.name, record.featureLevel);
        this.features = features;
        break;
      }
      case 'ProducerIds':
        check(
          record.nextProducerId > this.producerIds.nextProducerId,
          `producer id block must move forward: ${record.nextProducerId} <= ${this.producerIds.nextProducerId}`,
        );
        this.producerIds = {
          nextProducerId: record.nextProducerId,
          brokerId: record.brokerId,
          brokerEpoch: record.brokerEpoch,
        };
        break;
      case 'NoOp':
        break;
    }
    return this;
  }

  /**
   * The image with every applied record, as of `offset` (the offset of the last one). Later applies copy again,
   * so the returned image never changes.
   */
  build(offset: bigint): MetadataImage {
    check(offset >= this.offset, `offset ${offset} is behind the image at ${this.offset}`);
    this.offset = offset;
    this.owned.clear();
    this.drafts.clear();
    return {
      clusterId: this.base.clusterId,
      offset,
      brokers: this.brokers,
      topicsByName: this.topicsByName,
      topicsById: this.topicsById,
      brokerConfigs: this.brokerConfigs,
      features: this.features,
      producerIds: this.producerIds,
    };
  }
}

/** Applies one record written at `offset`; offsets never go back (equal offsets happen within one snapshot). */
export function replay(image: MetadataImage, record: MetadataRecord, offset: bigint): MetadataImage {
  check(offset >= image.offset, `offset ${offset} is behind the image at ${image.offset}`);
  return new ImageDelta(image).apply(record).build(offset);
}

/** Replays a batch in order, the records at offsets firstOffset, firstOffset+1, ... */
export function replayAll(
  image: MetadataImage,
  records: readonly MetadataRecord[],
  firstOffset: bigint,
): MetadataImage {
  if (records.length === 0) return image;
  check(firstOffset >= image.offset, `batch at ${firstOffset} is behind the image at ${image.offset}`);
  const delta = new ImageDelta(image);
  for (const record of records) delta.apply(record);
  return delta.build(firstOffset + BigInt(records.length) - 1n);
}
