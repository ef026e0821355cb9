export type { ConfigKeyDefinition, ConfigType } from './config-keys.js';
export { CONFIG_KEYS, envNameOf } from './config-keys.js';
export type { Listener, QuorumVoter } from './listeners.js';
export { parseListeners, parseQuorumVoters } from './listeners.js';
export type { LoadConfigOptions } from './load-config.js';
export { keyOfEnvName, loadConfig } from './load-config.js';
export { createRootLogger, type Logger } from './logger.js';
export type { MetaProperties } from './meta-properties.js';
export {
  ensureMetaProperties,
  generateClusterId,
  META_PROPERTIES_FILE,
  MetaPropertiesMismatchError,
  readMetaProperties,
} from './meta-properties.js';
export type {
  BuiltConfig,
  LogLevel,
  NodeConfig,
  NodeControllerConfig,
  NodeLogConfig,
  ProcessRole,
} from './node-config.js';
export { buildNodeConfig, ConfigValidationError } from './node-config.js';
export { toLogConfig } from './node-log-config.js';
export type { PropertyEntry } from './properties-file.js';
export { PropertiesSyntaxError, parseProperties } from './properties-file.js';
export { CONTROLLED_SHUTDOWN_WAIT_MS, type RunningNode, type StartNodeOptions, startNode } from './start-node.js';
