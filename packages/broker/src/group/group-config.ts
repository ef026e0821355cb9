/** The limits and timeouts the coordinator core reads (Kafka's group.* and offset* broker properties). */
import { defaultGroupConfig, type GroupConfig } from '../broker-config.js';

export type GroupCoordinatorConfig = Readonly<
  Pick<
    GroupConfig,
    | 'groupMinSessionTimeoutMs'
    | 'groupMaxSessionTimeoutMs'
    | 'groupMaxSize'
    | 'groupInitialRebalanceDelayMs'
    | 'offsetMetadataMaxBytes'
    | 'offsetsRetentionMs'
  >
>;

export const DEFAULT_GROUP_COORDINATOR_CONFIG: GroupCoordinatorConfig = defaultGroupConfig;
