/** What request handlers share: configuration, the control plane, hosted partitions, the group coordinator, clock
 * and logger. */
import type { ControllerClient } from '@tributary/controller';
import type { Logger } from 'pino';
import type { BrokerConfig } from './broker-config.js';
import type { GroupCoordinator } from './group/group-coordinator.js';
import type { ProducerIdManager } from './producer-id-manager.js';
import type { ReplicaManager } from './replica-manager.js';

export interface BrokerContext {
  readonly config: BrokerConfig;
  readonly controller: ControllerClient;
  readonly replicaManager: ReplicaManager;
  readonly producerIds: ProducerIdManager;
  readonly groupCoordinator: GroupCoordinator;
  readonly logger: Logger;
  readonly clock: () => number;
}
