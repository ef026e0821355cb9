/**
 * The controller commands as gRPC calls to one controller, in the metadata package's types; used by a controller
 * forwarding to the leader and by a broker-only RemoteControllerClient. A whole-request NOT_CONTROLLER answer is
 * `null`, and `notController` builds the per-item NOT_CONTROLLER answers a caller returns when it gives up.
 */
import {
  type AlterConfigsResource,
  type AlterConfigsResult,
  type AlterPartitionRequest,
  type AlterPartitionResponse,
  type BrokerHeartbeatRequest,
  type BrokerHeartbeatResponse,
  type BrokerRegistrationRequest,
  type BrokerRegistrationResponse,
  type CreatePartitionsRequest,
  type CreatePartitionsResult,
  type CreateTopicResult,
  type CreateTopicSpec,
  type DeleteTopicResult,
  type LegacyAlterConfigsResource,
  ZERO_UUID,
} from '@tributary/metadata';
import type { ElectLeadersOutcome } from '../controller-client.js';
import {
  alterConfigsResourceToWire,
  alterConfigsResultFromWire,
  electLeadersResultFromWire,
} from './admin-wire-convert.js';
import type { ControllerRpcClient } from './controller-rpc-client.js';
import {
  alterPartitionResponseFromWire,
  alterPartitionToWire,
  creatableTopicToWire,
  createPartitionsResultFromWire,
  createPartitionsTopicToWire,
  createTopicResultFromWire,
  deleteTopicResultFromWire,
  heartbeatResponseFromWire,
  registrationResponseFromWire,
} from './wire-convert.js';

/** Kafka's NOT_CONTROLLER: the caller should retry against the active controller. */
export const NOT_CONTROLLER = 41;
const NOT_CONTROLLER_MESSAGE = 'no active controller answered in time';

export const notController = {
  createTopics: (topics: readonly CreateTopicSpec[]): CreateTopicResult[] =>
    topics.map((topic) => ({
      name: topic.name,
      topicId: ZERO_UUID,
      errorCode: NOT_CONTROLLER,
      errorMessage: NOT_CONTROLLER_MESSAGE,
      numPartitions: -1,
      replicationFactor: -1,
      configs: [],
    })),
  deleteTopics: (names: readonly string[]): DeleteTopicResult[] =>
    names.map((name) => ({
      name,
      topicId: ZERO_UUID,
      errorCode: NOT_CONTROLLER,
      errorMessage: NOT_CONTROLLER_MESSAGE,
    })),
  createPartitions: (requests: readonly CreatePartitionsRequest[]): CreatePartitionsResult[] =>
    requests.map((request) => ({
      name: request.name,
      errorCode: NOT_CONTROLLER,
      errorMessage: NOT_CONTROLLER_MESSAGE,
    })),
  registration: (): BrokerRegistrationResponse => ({
    errorCode: NOT_CONTROLLER,
    errorMessage: NOT_CONTROLLER_MESSAGE,
    brokerEpoch: -1n,
  }),
  heartbeat: (): BrokerHeartbeatResponse => ({
    errorCode: NOT_CONTROLLER,
    isCaughtUp: false,
    isFenced: true,
    shouldShutDown: false,
  }),
  alterConfigs: (resources: readonly { resourceType: number; resourceName: string }[]): AlterConfigsResult[] =>
    resources.map((resource) => ({
      resourceType: resource.resourceType,
      resourceName: resource.resourceName,
      errorCode: NOT_CONTROLLER,
      errorMessage: NOT_CONTROLLER_MESSAGE,
    })),
  electLeaders: (partitions: readonly { topic: string; partition: number }[] | null): ElectLeadersOutcome => ({
    errorCode: NOT_CONTROLLER,
    results: (partitions ?? []).map(({ topic, partition }) => ({
      topic,
      partition,
      errorCode: NOT_CONTROLLER,
      errorMessage: NOT_CONTROLLER_MESSAGE,
    })),
  }),
  alterPartition: (request: AlterPartitionRequest): AlterPartitionResponse => ({
    errorCode: NOT_CONTROLLER,
    partitionIndex: request.partitionIndex,
    leaderId: -1,
    leaderEpoch: -1,
    isr: [],
    leaderRecoveryState: 0,
    partitionEpoch: -1,
  }),
};

export class ControllerCommandsRpc {
  constructor(
    private readonly client: ControllerRpcClient,
    private readonly clusterId: string,
    private readonly options: { timeoutMs: number; forwarded: boolean },
  ) {}

  async createTopics(
    topics: readonly CreateTopicSpec[],
    options: { validateOnly: boolean },
  ): Promise<CreateTopicResult[] | null> {
    const request = {
      clusterId: this.clusterId,
      topics: topics.map(creatableTopicToWire),
      validateOnly: options.validateOnly,
    };
    const response = await this.client.call('CreateTopics', request, this.options);
    return response.errorCode === NOT_CONTROLLER ? null : response.results.map(createTopicResultFromWire);
  }

  async deleteTopics(names: readonly string[]): Promise<DeleteTopicResult[] | null> {
    const response = await this.client.call(
      'DeleteTopics',
      { clusterId: this.clusterId, names: [...names] },
      this.options,
    );
    return response.errorCode === NOT_CONTROLLER ? null : response.results.map(deleteTopicResultFromWire);
  }

  async createPartitions(
    requests: readonly CreatePartitionsRequest[],
    options: { validateOnly: boolean },
  ): Promise<CreatePartitionsResult[] | null> {
    const request = {
      clusterId: this.clusterId,
      topics: requests.map(createPartitionsTopicToWire),
      validateOnly: options.validateOnly,
    };
    const response = await this.client.call('CreatePartitions', request, this.options);
    return response.errorCode === NOT_CONTROLLER ? null : response.results.map(createPartitionsResultFromWire);
  }

  async registerBroker(request: BrokerRegistrationRequest): Promise<BrokerRegistrationResponse | null> {
    const endpoint = request.endpoints[0];
    const wire = {
      clusterId: this.clusterId,
      brokerId: request.brokerId,
      incarnationId: request.incarnationId,
      host: endpoint?.host ?? '',
      port: endpoint?.port ?? 0,
      rack: request.rack ?? '',
      hasRack: request.rack !== null,
    };
    const response = await this.client.call('BrokerRegistration', wire, this.options);
    return response.errorCode === NOT_CONTROLLER ? null : registrationResponseFromWire(response);
  }

  async brokerHeartbeat(request: BrokerHeartbeatRequest): Promise<BrokerHeartbeatResponse | null> {
    const wire = {
      clusterId: this.clusterId,
      brokerId: request.brokerId,
      brokerEpoch: request.brokerEpoch.toString(),
      currentMetadataOffset: request.currentMetadataOffset.toString(),
      wantFence: request.wantFence,
      wantShutDown: request.wantShutDown,
    };
    const response = await this.client.call('BrokerHeartbeat', wire, this.options);
    return response.errorCode === NOT_CONTROLLER ? null : heartbeatResponseFromWire(response);
  }

  async alterPartition(request: AlterPartitionRequest): Promise<AlterPartitionResponse | null> {
    const wire = { clusterId: this.clusterId, ...alterPartitionToWire(request) };
    const response = await this.client.call('AlterPartition', wire, this.options);
    return response.errorCode === NOT_CONTROLLER ? null : alterPartitionResponseFromWire(response);
  }

  /** IncrementalAlterConfigs, or legacy AlterConfigs when `replace` (each resource's set replaces its config). */
  async alterConfigs(
    resources: readonly (AlterConfigsResource | LegacyAlterConfigsResource)[],
    options: { validateOnly: boolean; replace: boolean },
  ): Promise<AlterConfigsResult[] | null> {
    const request = {
      clusterId: this.clusterId,
      resources: resources.map(alterConfigsResourceToWire),
      validateOnly: options.validateOnly,
      replace: options.replace,
    };
    const response = await this.client.call('AlterConfigs', request, this.options);
    return response.errorCode === NOT_CONTROLLER ? null : response.results.map(alterConfigsResultFromWire);
  }

  async electLeaders(
    electionType: number,
    partitions: readonly { topic: string; partition: number }[] | null,
  ): Promise<ElectLeadersOutcome | null> {
    const request = {
      clusterId: this.clusterId,
      electionType,
      partitions: partitions === null ? [] : partitions.map(({ topic, partition }) => ({ topic, partition })),
      allPartitions: partitions === null,
    };
    const response = await this.client.call('ElectLeaders', request, this.options);
    if (response.errorCode === NOT_CONTROLLER) return null;
    return { errorCode: response.errorCode, results: response.results.map(electLeadersResultFromWire) };
  }
}
