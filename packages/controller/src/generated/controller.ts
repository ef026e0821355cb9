import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AlterConfigsRequest as _tributary_controller_AlterConfigsRequest, AlterConfigsRequest__Output as _tributary_controller_AlterConfigsRequest__Output } from './tributary/controller/AlterConfigsRequest.js';
import type { AlterConfigsResource as _tributary_controller_AlterConfigsResource, AlterConfigsResource__Output as _tributary_controller_AlterConfigsResource__Output } from './tributary/controller/AlterConfigsResource.js';
import type { AlterConfigsResponse as _tributary_controller_AlterConfigsResponse, AlterConfigsResponse__Output as _tributary_controller_AlterConfigsResponse__Output } from './tributary/controller/AlterConfigsResponse.js';
import type { AlterConfigsResult as _tributary_controller_AlterConfigsResult, AlterConfigsResult__Output as _tributary_controller_AlterConfigsResult__Output } from './tributary/controller/AlterConfigsResult.js';
import type { AlterPartitionRequest as _tributary_controller_AlterPartitionRequest, AlterPartitionRequest__Output as _tributary_controller_AlterPartitionRequest__Output } from './tributary/controller/AlterPartitionRequest.js';
import type { AlterPartitionResponse as _tributary_controller_AlterPartitionResponse, AlterPartitionResponse__Output as _tributary_controller_AlterPartitionResponse__Output } from './tributary/controller/AlterPartitionResponse.js';
import type { AlterableConfig as _tributary_controller_AlterableConfig, AlterableConfig__Output as _tributary_controller_AlterableConfig__Output } from './tributary/controller/AlterableConfig.js';
import type { BrokerHeartbeatRequest as _tributary_controller_BrokerHeartbeatRequest, BrokerHeartbeatRequest__Output as _tributary_controller_BrokerHeartbeatRequest__Output } from './tributary/controller/BrokerHeartbeatRequest.js';
import type { BrokerHeartbeatResponse as _tributary_controller_BrokerHeartbeatResponse, BrokerHeartbeatResponse__Output as _tributary_controller_BrokerHeartbeatResponse__Output } from './tributary/controller/BrokerHeartbeatResponse.js';
import type { BrokerRegistrationRequest as _tributary_controller_BrokerRegistrationRequest, BrokerRegistrationRequest__Output as _tributary_controller_BrokerRegistrationRequest__Output } from './tributary/controller/BrokerRegistrationRequest.js';
import type { BrokerRegistrationResponse as _tributary_controller_BrokerRegistrationResponse, BrokerRegistrationResponse__Output as _tributary_controller_BrokerRegistrationResponse__Output } from './tributary/controller/BrokerRegistrationResponse.js';
import type { BrokerSessionEvent as _tributary_controller_BrokerSessionEvent, BrokerSessionEvent__Output as _tributary_controller_BrokerSessionEvent__Output } from './tributary/controller/BrokerSessionEvent.js';
import type { BrokerSessionRequest as _tributary_controller_BrokerSessionRequest, BrokerSessionRequest__Output as _tributary_controller_BrokerSessionRequest__Output } from './tributary/controller/BrokerSessionRequest.js';
import type { ControllerClient as _tributary_controller_ControllerClient, ControllerDefinition as _tributary_controller_ControllerDefinition } from './tributary/controller/Controller.js';
import type { CreatableTopic as _tributary_controller_CreatableTopic, CreatableTopic__Output as _tributary_controller_CreatableTopic__Output } from './tributary/controller/CreatableTopic.js';
import type { CreatePartitionsRequest as _tributary_controller_CreatePartitionsRequest, CreatePartitionsRequest__Output as _tributary_controller_CreatePartitionsRequest__Output } from './tributary/controller/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _tributary_controller_CreatePartitionsResponse, CreatePartitionsResponse__Output as _tributary_controller_CreatePartitionsResponse__Output } from './tributary/controller/CreatePartitionsResponse.js';
import type { CreatePartitionsResult as _tributary_controller_CreatePartitionsResult, CreatePartitionsResult__Output as _tributary_controller_CreatePartitionsResult__Output } from './tributary/controller/CreatePartitionsResult.js';
import type { CreatePartitionsTopic as _tributary_controller_CreatePartitionsTopic, CreatePartitionsTopic__Output as _tributary_controller_CreatePartitionsTopic__Output } from './tributary/controller/CreatePartitionsTopic.js';
import type { CreateTopicResult as _tributary_controller_CreateTopicResult, CreateTopicResult__Output as _tributary_controller_CreateTopicResult__Output } from './tributary/controller/CreateTopicResult.js';
import type { CreateTopicsRequest as _tributary_controller_CreateTopicsRequest, CreateTopicsRequest__Output as _tributary_controller_CreateTopicsRequest__Output } from './tributary/controller/CreateTopicsRequest.js';
import type { CreateTopicsResponse as _tributary_controller_CreateTopicsResponse, CreateTopicsResponse__Output as _tributary_controller_CreateTopicsResponse__Output } from './tributary/controller/CreateTopicsResponse.js';
import type { DeleteTopicResult as _tributary_controller_DeleteTopicResult, DeleteTopicResult__Output as _tributary_controller_DeleteTopicResult__Output } from './tributary/controller/DeleteTopicResult.js';
import type { DeleteTopicsRequest as _tributary_controller_DeleteTopicsRequest, DeleteTopicsRequest__Output as _tributary_controller_DeleteTopicsRequest__Output } from './tributary/controller/DeleteTopicsRequest.js';
import type { DeleteTopicsResponse as _tributary_controller_DeleteTopicsResponse, DeleteTopicsResponse__Output as _tributary_controller_DeleteTopicsResponse__Output } from './tributary/controller/DeleteTopicsResponse.js';
import type { DescribeQuorumRequest as _tributary_controller_DescribeQuorumRequest, DescribeQuorumRequest__Output as _tributary_controller_DescribeQuorumRequest__Output } from './tributary/controller/DescribeQuorumRequest.js';
import type { DescribeQuorumResponse as _tributary_controller_DescribeQuorumResponse, DescribeQuorumResponse__Output as _tributary_controller_DescribeQuorumResponse__Output } from './tributary/controller/DescribeQuorumResponse.js';
import type { ElectLeadersRequest as _tributary_controller_ElectLeadersRequest, ElectLeadersRequest__Output as _tributary_controller_ElectLeadersRequest__Output } from './tributary/controller/ElectLeadersRequest.js';
import type { ElectLeadersResponse as _tributary_controller_ElectLeadersResponse, ElectLeadersResponse__Output as _tributary_controller_ElectLeadersResponse__Output } from './tributary/controller/ElectLeadersResponse.js';
import type { ElectLeadersResult as _tributary_controller_ElectLeadersResult, ElectLeadersResult__Output as _tributary_controller_ElectLeadersResult__Output } from './tributary/controller/ElectLeadersResult.js';
import type { FetchMetadataRequest as _tributary_controller_FetchMetadataRequest, FetchMetadataRequest__Output as _tributary_controller_FetchMetadataRequest__Output } from './tributary/controller/FetchMetadataRequest.js';
import type { FetchMetadataResponse as _tributary_controller_FetchMetadataResponse, FetchMetadataResponse__Output as _tributary_controller_FetchMetadataResponse__Output } from './tributary/controller/FetchMetadataResponse.js';
import type { MetadataBatch as _tributary_controller_MetadataBatch, MetadataBatch__Output as _tributary_controller_MetadataBatch__Output } from './tributary/controller/MetadataBatch.js';
import type { MetadataSnapshot as _tributary_controller_MetadataSnapshot, MetadataSnapshot__Output as _tributary_controller_MetadataSnapshot__Output } from './tributary/controller/MetadataSnapshot.js';
import type { PartitionAssignment as _tributary_controller_PartitionAssignment, PartitionAssignment__Output as _tributary_controller_PartitionAssignment__Output } from './tributary/controller/PartitionAssignment.js';
import type { ReplicaAssignment as _tributary_controller_ReplicaAssignment, ReplicaAssignment__Output as _tributary_controller_ReplicaAssignment__Output } from './tributary/controller/ReplicaAssignment.js';
import type { ReplicaState as _tributary_controller_ReplicaState, ReplicaState__Output as _tributary_controller_ReplicaState__Output } from './tributary/controller/ReplicaState.js';
import type { TopicConfigResult as _tributary_controller_TopicConfigResult, TopicConfigResult__Output as _tributary_controller_TopicConfigResult__Output } from './tributary/controller/TopicConfigResult.js';
import type { TopicPartitionRef as _tributary_controller_TopicPartitionRef, TopicPartitionRef__Output as _tributary_controller_TopicPartitionRef__Output } from './tributary/controller/TopicPartitionRef.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tributary: {
    controller: {
      AlterConfigsRequest: MessageTypeDefinition<_tributary_controller_AlterConfigsRequest, _tributary_controller_AlterConfigsRequest__Output>
      AlterConfigsResource: MessageTypeDefinition<_tributary_controller_AlterConfigsResource, _tributary_controller_AlterConfigsResource__Output>
      AlterConfigsResponse: MessageTypeDefinition<_tributary_controller_AlterConfigsResponse, _tributary_controller_AlterConfigsResponse__Output>
      AlterConfigsResult: MessageTypeDefinition<_tributary_controller_AlterConfigsResult, _tributary_controller_AlterConfigsResult__Output>
      AlterPartitionRequest: MessageTypeDefinition<_tributary_controller_AlterPartitionRequest, _tributary_controller_AlterPartitionRequest__Output>
      AlterPartitionResponse: MessageTypeDefinition<_tributary_controller_AlterPartitionResponse, _tributary_controller_AlterPartitionResponse__Output>
      AlterableConfig: MessageTypeDefinition<_tributary_controller_AlterableConfig, _tributary_controller_AlterableConfig__Output>
      BrokerHeartbeatRequest: MessageTypeDefinition<_tributary_controller_BrokerHeartbeatRequest, _tributary_controller_BrokerHeartbeatRequest__Output>
      BrokerHeartbeatResponse: MessageTypeDefinition<_tributary_controller_BrokerHeartbeatResponse, _tributary_controller_BrokerHeartbeatResponse__Output>
      BrokerRegistrationRequest: MessageTypeDefinition<_tributary_controller_BrokerRegistrationRequest, _tributary_controller_BrokerRegistrationRequest__Output>
      BrokerRegistrationResponse: MessageTypeDefinition<_tributary_controller_BrokerRegistrationResponse, _tributary_controller_BrokerRegistrationResponse__Output>
      BrokerSessionEvent: MessageTypeDefinition<_tributary_controller_BrokerSessionEvent, _tributary_controller_BrokerSessionEvent__Output>
      BrokerSessionRequest: MessageTypeDefinition<_tributary_controller_BrokerSessionRequest, _tributary_controller_BrokerSessionRequest__Output>
      Controller: SubtypeConstructor<typeof grpc.Client, _tributary_controller_ControllerClient> & { service: _tributary_controller_ControllerDefinition }
      CreatableTopic: MessageTypeDefinition<_tributary_controller_CreatableTopic, _tributary_controller_CreatableTopic__Output>
      CreatePartitionsRequest: MessageTypeDefinition<_tributary_controller_CreatePartitionsRequest, _tributary_controller_CreatePartitionsRequest__Output>
      CreatePartitionsResponse: MessageTypeDefinition<_tributary_controller_CreatePartitionsResponse, _tributary_controller_CreatePartitionsResponse__Output>
      CreatePartitionsResult: MessageTypeDefinition<_tributary_controller_CreatePartitionsResult, _tributary_controller_CreatePartitionsResult__Output>
      CreatePartitionsTopic: MessageTypeDefinition<_tributary_controller_CreatePartitionsTopic, _tributary_controller_CreatePartitionsTopic__Output>
      CreateTopicResult: MessageTypeDefinition<_tributary_controller_CreateTopicResult, _tributary_controller_CreateTopicResult__Output>
      CreateTopicsRequest: MessageTypeDefinition<_tributary_controller_CreateTopicsRequest, _tributary_controller_CreateTopicsRequest__Output>
      CreateTopicsResponse: MessageTypeDefinition<_tributary_controller_CreateTopicsResponse, _tributary_controller_CreateTopicsResponse__Output>
      DeleteTopicResult: MessageTypeDefinition<_tributary_controller_DeleteTopicResult, _tributary_controller_DeleteTopicResult__Output>
      DeleteTopicsRequest: MessageTypeDefinition<_tributary_controller_DeleteTopicsRequest, _tributary_controller_DeleteTopicsRequest__Output>
      DeleteTopicsResponse: MessageTypeDefinition<_tributary_controller_DeleteTopicsResponse, _tributary_controller_DeleteTopicsResponse__Output>
      DescribeQuorumRequest: MessageTypeDefinition<_tributary_controller_DescribeQuorumRequest, _tributary_controller_DescribeQuorumRequest__Output>
      DescribeQuorumResponse: MessageTypeDefinition<_tributary_controller_DescribeQuorumResponse, _tributary_controller_DescribeQuorumResponse__Output>
      ElectLeadersRequest: MessageTypeDefinition<_tributary_controller_ElectLeadersRequest, _tributary_controller_ElectLeadersRequest__Output>
      ElectLeadersResponse: MessageTypeDefinition<_tributary_controller_ElectLeadersResponse, _tributary_controller_ElectLeadersResponse__Output>
      ElectLeadersResult: MessageTypeDefinition<_tributary_controller_ElectLeadersResult, _tributary_controller_ElectLeadersResult__Output>
      FetchMetadataRequest: MessageTypeDefinition<_tributary_controller_FetchMetadataRequest, _tributary_controller_FetchMetadataRequest__Output>
      FetchMetadataResponse: MessageTypeDefinition<_tributary_controller_FetchMetadataResponse, _tributary_controller_FetchMetadataResponse__Output>
      MetadataBatch: MessageTypeDefinition<_tributary_controller_MetadataBatch, _tributary_controller_MetadataBatch__Output>
      MetadataSnapshot: MessageTypeDefinition<_tributary_controller_MetadataSnapshot, _tributary_controller_MetadataSnapshot__Output>
      PartitionAssignment: MessageTypeDefinition<_tributary_controller_PartitionAssignment, _tributary_controller_PartitionAssignment__Output>
      ReplicaAssignment: MessageTypeDefinition<_tributary_controller_ReplicaAssignment, _tributary_controller_ReplicaAssignment__Output>
      ReplicaState: MessageTypeDefinition<_tributary_controller_ReplicaState, _tributary_controller_ReplicaState__Output>
      TopicConfigResult: MessageTypeDefinition<_tributary_controller_TopicConfigResult, _tributary_controller_TopicConfigResult__Output>
      TopicPartitionRef: MessageTypeDefinition<_tributary_controller_TopicPartitionRef, _tributary_controller_TopicPartitionRef__Output>
    }
  }
}

