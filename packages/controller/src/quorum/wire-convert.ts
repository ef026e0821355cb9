/**
 * The controller service's messages <-> the metadata package's request/response types. Nullable values travel as
 * value + has_* flag (proto3 scalars have no null); int64 arrive as decimal strings.
 */
import type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  BrokerHeartbeatRequest,
  BrokerHeartbeatResponse,
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
  CreatePartitionsRequest,
  CreatePartitionsResult,
  CreateTopicResult,
  CreateTopicSpec,
  DeleteTopicResult,
} from '@tributary/metadata';
import type {
  AlterPartitionRequest__Output,
  AlterPartitionRequest as WireAlterPartitionRequest,
} from '../generated/tributary/controller/AlterPartitionRequest.js';
import type { AlterPartitionResponse__Output } from '../generated/tributary/controller/AlterPartitionResponse.js';
import type { BrokerHeartbeatRequest__Output } from '../generated/tributary/controller/BrokerHeartbeatRequest.js';
import type { BrokerHeartbeatResponse__Output } from '../generated/tributary/controller/BrokerHeartbeatResponse.js';
import type { BrokerRegistrationRequest__Output } from '../generated/tributary/controller/BrokerRegistrationRequest.js';
import type {
  BrokerRegistrationResponse__Output,
  BrokerRegistrationResponse as WireBrokerRegistrationResponse,
} from '../generated/tributary/controller/BrokerRegistrationResponse.js';
import type { CreatableTopic, CreatableTopic__Output } from '../generated/tributary/controller/CreatableTopic.js';
import type {
  CreatePartitionsResult__Output,
  CreatePartitionsResult as WireCreatePartitionsResult,
} from '../generated/tributary/controller/CreatePartitionsResult.js';
import type {
  CreatePartitionsTopic,
  CreatePartitionsTopic__Output,
} from '../generated/tributary/controller/CreatePartitionsTopic.js';
import type {
  CreateTopicResult__Output,
  CreateTopicResult as WireCreateTopicResult,
} from '../generated/tributary/controller/CreateTopicResult.js';
import type {
  DeleteTopicResult__Output,
  DeleteTopicResult as WireDeleteTopicResult,
} from '../generated/tributary/controller/DeleteTopicResult.js';

const nullable = (value: string, has: boolean): string | null => (has ? value : null);

export function creatableTopicToWire(spec: CreateTopicSpec): CreatableTopic {
  return {
    name: spec.name,
    numPartitions: spec.numPartitions,
    replicationFactor: spec.replicationFactor,
    assignments: spec.assignments.map((a) => ({ partitionIndex: a.partitionIndex, brokerIds: [...a.brokerIds] })),
    configs: { ...spec.configs },
  };
}

export function creatableTopicFromWire(wire: CreatableTopic__Output): CreateTopicSpec {
  return {
    name: wire.name,
    numPartitions: wire.numPartitions,
    replicationFactor: wire.replicationFactor,
    assignments: wire.assignments.map((a) => ({ partitionIndex: a.partitionIndex, brokerIds: [...a.brokerIds] })),
    configs: { ...wire.configs },
  };
}

export function createTopicResultToWire(result: CreateTopicResult): WireCreateTopicResult {
  return {
    name: result.name,
    topicId: result.topicId,
    errorCode: result.errorCode,
    errorMessage: result.errorMessage ?? '',
    hasErrorMessage: result.errorMessage !== null,
    numPartitions: result.numPartitions,
    replicationFactor: result.replicationFactor,
    configs: result.configs.map((c) => ({
      name: c.name,
      value: c.value ?? '',
      hasValue: c.value !== null,
      readOnly: c.readOnly,
      configSource: c.configSource,
      isSensitive: c.isSensitive,
    })),
  };
}

export function createTopicResultFromWire(wire: CreateTopicResult__Output): CreateTopicResult {
  return {
    name: wire.name,
    topicId: wire.topicId,
    errorCode: wire.errorCode,
    errorMessage: nullable(wire.errorMessage, wire.hasErrorMessage),
    numPartitions: wire.numPartitions,
    replicationFactor: wire.replicationFactor,
    configs: wire.configs.map((c) => ({
      name: c.name,
      value: nullable(c.value, c.hasValue),
      readOnly: c.readOnly,
      configSource: c.configSource,
      isSensitive: c.isSensitive,
    })),
  };
}

export function deleteTopicResultToWire(result: DeleteTopicResult): WireDeleteTopicResult {
  return {
    name: result.name,
    topicId: result.topicId,
    errorCode: result.errorCode,
    errorMessage: result.errorMessage ?? '',
    hasErrorMessage: result.errorMessage !== null,
  };
}

export function deleteTopicResultFromWire(wire: DeleteTopicResult__Output): DeleteTopicResult {
  return {
    name: wire.name,
    topicId: wire.topicId,
    errorCode: wire.errorCode,
    errorMessage: nullable(wire.errorMessage, wire.hasErrorMessage),
  };
}

export function createPartitionsTopicToWire(request: CreatePartitionsRequest): CreatePartitionsTopic {
  return {
    name: request.name,
    count: request.count,
    assignments: (request.assignments ?? []).map((brokerIds) => ({ brokerIds: [...brokerIds] })),
    hasAssignments: request.assignments !== null,
  };
}

export function createPartitionsTopicFromWire(wire: CreatePartitionsTopic__Output): CreatePartitionsRequest {
  return {
    name: wire.name,
    count: wire.count,
    assignments: wire.hasAssignments ? wire.assignments.map((a) => [...a.brokerIds]) : null,
  };
}

export function createPartitionsResultToWire(result: CreatePartitionsResult): WireCreatePartitionsResult {
  return {
    name: result.name,
    errorCode: result.errorCode,
    errorMessage: result.errorMessage ?? '',
    hasErrorMessage: result.errorMessage !== null,
  };
}

export function createPartitionsResultFromWire(wire: CreatePartitionsResult__Output): CreatePartitionsResult {
  return {
    name: wire.name,
    errorCode: wire.errorCode,
    errorMessage: nullable(wire.errorMessage, wire.hasErrorMessage),
  };
}

export function registrationFromWire(wire: BrokerRegistrationRequest__Output): BrokerRegistrationRequest {
  return {
    brokerId: wire.brokerId,
    clusterId: wire.clusterId,
    incarnationId: wire.incarnationId,
    endpoints: [{ name: 'PLAINTEXT', host: wire.host, port: wire.port, securityProtocol: 0 }],
    rack: nullable(wire.rack, wire.hasRack),
  };
}

export function registrationResponseToWire(response: BrokerRegistrationResponse): WireBrokerRegistrationResponse {
  return {
    errorCode: response.errorCode,
    errorMessage: response.errorMessage ?? '',
    brokerEpoch: response.brokerEpoch.toString(),
  };
}

export function registrationResponseFromWire(wire: BrokerRegistrationResponse__Output): BrokerRegistrationResponse {
  return {
    errorCode: wire.errorCode,
    errorMessage: wire.errorMessage === '' ? null : wire.errorMessage,
    brokerEpoch: BigInt(wire.brokerEpoch),
  };
}

export function heartbeatFromWire(wire: BrokerHeartbeatRequest__Output): BrokerHeartbeatRequest {
  return {
    brokerId: wire.brokerId,
    brokerEpoch: BigInt(wire.brokerEpoch),
    currentMetadataOffset: BigInt(wire.currentMetadataOffset),
    wantFence: wire.wantFence,
    wantShutDown: wire.wantShutDown,
  };
}

export function heartbeatResponseFromWire(wire: BrokerHeartbeatResponse__Output): BrokerHeartbeatResponse {
  return {
    errorCode: wire.errorCode,
    isCaughtUp: wire.isCaughtUp,
    isFenced: wire.isFenced,
    shouldShutDown: wire.shouldShutDown,
  };
}

export function alterPartitionToWire(request: AlterPartitionRequest): WireAlterPartitionRequest {
  return { ...request, brokerEpoch: request.brokerEpoch.toString(), newIsr: [...request.newIsr] };
}

export function alterPartitionFromWire(wire: AlterPartitionRequest__Output): AlterPartitionRequest {
  if (wire.leaderRecoveryState !== 0 && wire.leaderRecoveryState !== 1) {
    throw new Error(`leaderRecoveryState ${wire.leaderRecoveryState} is not 0 or 1`);
  }
  return {
    brokerId: wire.brokerId,
    brokerEpoch: BigInt(wire.brokerEpoch),
    topicId: wire.topicId,
    partitionIndex: wire.partitionIndex,
    leaderEpoch: wire.leaderEpoch,
    partitionEpoch: wire.partitionEpoch,
    newIsr: [...wire.newIsr],
    leaderRecoveryState: wire.leaderRecoveryState,
  };
}

export function alterPartitionResponseFromWire(wire: AlterPartitionResponse__Output): AlterPartitionResponse {
  return { ...wire, isr: [...wire.isr] };
}
