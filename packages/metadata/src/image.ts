/**
 * The metadata image: an immutable view of the cluster built only by replaying records (replay.ts), as in KIP-631's
 * MetadataImage. Every map is read-only and every change produces a new image sharing untouched parts.
 */
import type { BrokerEndpoint } from './records.js';

export interface BrokerRegistration {
  readonly brokerId: number;
  readonly incarnationId: string;
  /**
   * Broker epoch: the offset of the RegisterBrokerRecord that created this registration (Kafka's rule), so it grows
   * with every re-registration and doubles as "the broker has caught up once it has applied this offset".
   */
  readonly epoch: bigint;
  /** host/port of the first endpoint, the one clients are told about. */
  readonly host: string;
  readonly port: number;
  readonly endpoints: readonly BrokerEndpoint[];
  readonly rack: string | null;
  readonly fenced: boolean;
  readonly inControlledShutdown: boolean;
}

/**
 * Invariants (asserted by replay): replicas are distinct; isr ⊆ replicas; leader === -1 or leader ∈ isr;
 * leaderEpoch and partitionEpoch never decrease.
 */
export interface PartitionState {
  readonly partition: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  /** 1 while a leader elected uncleanly (outside the ISR) is recovering, else 0. */
  readonly leaderRecoveryState: 0 | 1;
}

export interface TopicImage {
  readonly name: string;
  readonly topicId: string;
  /** Dense: partitions 0..size-1 are all present. */
  readonly partitions: ReadonlyMap<number, PartitionState>;
  readonly configs: ReadonlyMap<string, string>;
}

export interface ProducerIdsState {
  /** First id of the next block to allocate; ids below it have been handed out. */
  readonly nextProducerId: bigint;
  readonly brokerId: number;
  readonly brokerEpoch: bigint;
}

export interface MetadataImage {
  readonly clusterId: string;
  /** Offset of the last applied record; -1n when nothing has been applied. */
  readonly offset: bigint;
  readonly brokers: ReadonlyMap<number, BrokerRegistration>;
  readonly topicsByName: ReadonlyMap<string, TopicImage>;
  readonly topicsById: ReadonlyMap<string, TopicImage>;
  /** Broker-resource configs: key '' is the cluster-wide default, otherwise the broker id as a string. */
  readonly brokerConfigs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly features: ReadonlyMap<string, number>;
  readonly producerIds: ProducerIdsState;
}

export function emptyImage(clusterId: string): MetadataImage {
  return {
    clusterId,
    offset: -1n,
    brokers: new Map(),
    topicsByName: new Map(),
    topicsById: new Map(),
    brokerConfigs: new Map(),
    features: new Map(),
    producerIds: { nextProducerId: 0n, brokerId: -1, brokerEpoch: -1n },
  };
}

/** A broker that may hold leadership or join an ISR: registered, unfenced and not shutting down. */
export function isBrokerEligible(image: MetadataImage, brokerId: number): boolean {
  const broker = image.brokers.get(brokerId);
  return broker !== undefined && !broker.fenced && !broker.inControlledShutdown;
}

/** Unfenced, not-shutting-down brokers sorted by id: the candidates for new replicas. */
export function eligibleBrokers(image: MetadataImage): BrokerRegistration[] {
  return [...image.brokers.values()]
    .filter((broker) => !broker.fenced && !broker.inControlledShutdown)
    .sort((a, b) => a.brokerId - b.brokerId);
}

/** The effective value of a topic config: topic override, then cluster default (broker resource ''). */
export function topicConfigValue(image: MetadataImage, topic: TopicImage, name: string): string | undefined {
  return topic.configs.get(name) ?? image.brokerConfigs.get('')?.get(name);
}
