// Public entry of @tributary/metadata: records, their codec, the image built by replaying them, snapshots, and the
// controller's decisions as pure functions returning { records, response }.
export * from './alter-configs.js';
export * from './alter-partition.js';
export * from './broker-configs.js';
export * from './broker-heartbeat.js';
export * from './broker-registration.js';
export * from './controller-result.js';
export * from './create-partitions.js';
export {
  ConfigSource,
  type CreatableTopicConfig,
  type CreateTopicResult,
  type CreateTopicSpec,
  type CreateTopicsOptions,
  createTopics,
  describeTopicConfigs,
  type TopicDefaults,
} from './create-topics.js';
export * from './delete-topics.js';
export * from './elect-leaders.js';
export * from './error-codes.js';
export * from './image.js';
export * from './leader-rebalance.js';
export {
  buildPartitionChange,
  type Election,
  type PartitionChangeTarget,
  uncleanElectionEnabled,
} from './partition-change.js';
export * from './producer-ids.js';
export { RecordBuilder } from './record-builder.js';
export { decodeRecord, encodeRecord, RECORD_FORMAT_VERSION, RecordDecodeError } from './record-codec.js';
export * from './records.js';
export {
  checkPartitionInvariants,
  ImageDelta,
  MetadataReplayError,
  mergePartitionChange,
  replay,
  replayAll,
} from './replay.js';
export { type PlacementBroker, type PlacementRequest, placeReplicas } from './replica-placement.js';
export * from './snapshot.js';
export * from './topic-configs.js';
export * from './topic-name.js';
export * from './uuid.js';
