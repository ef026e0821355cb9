// Public entry of @tributary/controller: the ControllerClient interface brokers use, the durable metadata log, the
// log-agnostic command loop, and the single-node LocalController.
export { CommandQueue, DEFAULT_MAX_PENDING_COMMANDS } from './command-queue.js';
export type {
  ControllerClient,
  CreatePartitionsResult,
  CreatePartitionsSpec,
  CreateTopicResult,
  CreateTopicSpec,
  DeleteTopicsResult,
  ElectLeadersOutcome,
} from './controller-client.js';
export {
  ControllerClosedError,
  ControllerError,
  ControllerQueueFullError,
  CorruptMetadataLogError,
  InconsistentClusterIdError,
  LocalBrokerRegistrationError,
} from './errors.js';
export { FileMetadataLog, METADATA_LOG_DIR_NAME } from './file-metadata-log.js';
export {
  type BrokerEndpointConfig,
  LocalController,
  type LocalControllerOptions,
} from './local-controller.js';
export {
  DEFAULT_SNAPSHOT_INTERVAL_RECORDS,
  MetadataController,
  type MetadataControllerOptions,
} from './metadata-controller.js';
export type { LoadedBatch, LoadedSnapshot, MetadataLog } from './metadata-log.js';
export {
  type BrokerControlChannel,
  BrokerLifecycle,
  type BrokerLifecycleOptions,
  type ControlledShutdownOutcome,
  DEFAULT_BROKER_HEARTBEAT_INTERVAL_MS,
  DEFAULT_CONTROLLED_SHUTDOWN_TIMEOUT_MS,
} from './quorum/broker-lifecycle.js';
// Controller quorum (Raft over gRPC on the controller port): quorum-backed controller, its metadata log and Raft
// driver, voters parsing, and the client side of `metadata-quorum describe`.
export { NOT_CONTROLLER } from './quorum/controller-commands-rpc.js';
export { protoPath } from './quorum/proto-loader.js';
export {
  NotActiveControllerError,
  QuorumController,
  type QuorumControllerOptions,
} from './quorum/quorum-controller.js';
export {
  describeQuorum,
  formatQuorumReplication,
  formatQuorumStatus,
  NoControllerAnsweredError,
} from './quorum/quorum-describe.js';
export type { QuorumDescription, ReplicaDescription } from './quorum/quorum-description.js';
export {
  InvalidQuorumVotersError,
  parseBootstrapControllers,
  parseQuorumVoters,
  type QuorumVoter,
  voterAddress,
} from './quorum/quorum-voters.js';
export { type CommittedBatch, RaftMetadataLog, type RaftMetadataLogOptions } from './quorum/raft-metadata-log.js';
export {
  DEFAULT_RAFT_TICK_MS,
  DEFAULT_SNAPSHOT_EVERY_ENTRIES,
  ProposalError,
  RaftNode,
  type RaftNodeOptions,
  type RaftStateMachine,
} from './quorum/raft-node.js';
export { RemoteControllerClient, type RemoteControllerClientOptions } from './quorum/remote-controller-client.js';
