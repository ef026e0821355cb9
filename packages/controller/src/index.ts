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
