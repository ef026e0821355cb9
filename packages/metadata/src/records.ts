/**
 * Metadata records, modelled on Kafka's KRaft records (metadata/src/main/resources/common/metadata/*.json, KIP-631):
 * same meanings, camelCase names, a `type` discriminator instead of the apiKey. The image changes only by replaying
 * these (see replay.ts). Reassignment fields (adding/removing replicas), directories and ELR are not modelled yet:
 * nothing produces them.
 */

/** ConfigRecord.resourceType values, Kafka's ConfigResource.Type ids. */
export const ConfigResourceType = { TOPIC: 2, BROKER: 4 } as const;

/** PartitionChangeRecord.leader sentinel: the leader did not change (Kafka's NO_LEADER_CHANGE). */
export const NO_LEADER_CHANGE = -2;
/** No leader (Kafka's NO_LEADER). */
export const NO_LEADER = -1;

export interface BrokerEndpoint {
  name: string;
  host: string;
  port: number;
  securityProtocol: number; // 0 = PLAINTEXT
}

export interface RegisterBrokerRecord {
  type: 'RegisterBroker';
  brokerId: number;
  incarnationId: string;
  brokerEpoch: bigint;
  endPoints: BrokerEndpoint[];
  rack: string | null;
  fenced: boolean;
  inControlledShutdown: boolean;
}

export interface UnregisterBrokerRecord {
  type: 'UnregisterBroker';
  brokerId: number;
  brokerEpoch: bigint;
}

export interface FenceBrokerRecord {
  type: 'FenceBroker';
  id: number;
  epoch: bigint;
}

export interface UnfenceBrokerRecord {
  type: 'UnfenceBroker';
  id: number;
  epoch: bigint;
}

export interface BrokerRegistrationChangeRecord {
  type: 'BrokerRegistrationChange';
  brokerId: number;
  brokerEpoch: bigint;
  /** -1 unfenced, 0 no change, 1 fenced. */
  fenced: -1 | 0 | 1;
  /** 0 no change, 1 in controlled shutdown. */
  inControlledShutdown: 0 | 1;
}

export interface TopicRecord {
  type: 'Topic';
  name: string;
  topicId: string;
}

export interface PartitionRecord {
  type: 'Partition';
  partitionId: number;
  topicId: string;
  replicas: number[];
  isr: number[];
  leader: number;
  /** 0 recovered / elected from the ISR; 1 elected uncleanly and still recovering. */
  leaderRecoveryState: 0 | 1;
  leaderEpoch: number;
  partitionEpoch: number;
}

/**
 * A change to one partition; null / NO_LEADER_CHANGE / -1 mean "unchanged". Epochs are not carried: replay bumps
 * partitionEpoch on every change and leaderEpoch whenever `leader` is set, exactly as Kafka's
 * PartitionRegistration.merge does.
 */
export interface PartitionChangeRecord {
  type: 'PartitionChange';
  partitionId: number;
  topicId: string;
  isr: number[] | null;
  leader: number;
  replicas: number[] | null;
  leaderRecoveryState: -1 | 0 | 1;
}

export interface RemoveTopicRecord {
  type: 'RemoveTopic';
  topicId: string;
}

export interface ConfigRecord {
  type: 'Config';
  resourceType: number;
  resourceName: string;
  name: string;
  /** null deletes the key. */
  value: string | null;
}

export interface FeatureLevelRecord {
  type: 'FeatureLevel';
  name: string;
  featureLevel: number;
}

export interface ProducerIdsRecord {
  type: 'ProducerIds';
  brokerId: number;
  brokerEpoch: bigint;
  /** The first producer id of the next block to hand out. */
  nextProducerId: bigint;
}

export interface NoOpRecord {
  type: 'NoOp';
}

export type MetadataRecord =
  | RegisterBrokerRecord
  | UnregisterBrokerRecord
  | FenceBrokerRecord
  | UnfenceBrokerRecord
  | BrokerRegistrationChangeRecord
  | TopicRecord
  | PartitionRecord
  | PartitionChangeRecord
  | RemoveTopicRecord
  | ConfigRecord
  | FeatureLevelRecord
  | ProducerIdsRecord
  | NoOpRecord;

export type MetadataRecordType = MetadataRecord['type'];
