// Original file: ../../proto/controller.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AlterConfigsRequest as _tributary_controller_AlterConfigsRequest, AlterConfigsRequest__Output as _tributary_controller_AlterConfigsRequest__Output } from '../../tributary/controller/AlterConfigsRequest.js';
import type { AlterConfigsResponse as _tributary_controller_AlterConfigsResponse, AlterConfigsResponse__Output as _tributary_controller_AlterConfigsResponse__Output } from '../../tributary/controller/AlterConfigsResponse.js';
import type { AlterPartitionRequest as _tributary_controller_AlterPartitionRequest, AlterPartitionRequest__Output as _tributary_controller_AlterPartitionRequest__Output } from '../../tributary/controller/AlterPartitionRequest.js';
import type { AlterPartitionResponse as _tributary_controller_AlterPartitionResponse, AlterPartitionResponse__Output as _tributary_controller_AlterPartitionResponse__Output } from '../../tributary/controller/AlterPartitionResponse.js';
import type { BrokerHeartbeatRequest as _tributary_controller_BrokerHeartbeatRequest, BrokerHeartbeatRequest__Output as _tributary_controller_BrokerHeartbeatRequest__Output } from '../../tributary/controller/BrokerHeartbeatRequest.js';
import type { BrokerHeartbeatResponse as _tributary_controller_BrokerHeartbeatResponse, BrokerHeartbeatResponse__Output as _tributary_controller_BrokerHeartbeatResponse__Output } from '../../tributary/controller/BrokerHeartbeatResponse.js';
import type { BrokerRegistrationRequest as _tributary_controller_BrokerRegistrationRequest, BrokerRegistrationRequest__Output as _tributary_controller_BrokerRegistrationRequest__Output } from '../../tributary/controller/BrokerRegistrationRequest.js';
import type { BrokerRegistrationResponse as _tributary_controller_BrokerRegistrationResponse, BrokerRegistrationResponse__Output as _tributary_controller_BrokerRegistrationResponse__Output } from '../../tributary/controller/BrokerRegistrationResponse.js';
import type { BrokerSessionEvent as _tributary_controller_BrokerSessionEvent, BrokerSessionEvent__Output as _tributary_controller_BrokerSessionEvent__Output } from '../../tributary/controller/BrokerSessionEvent.js';
import type { BrokerSessionRequest as _tributary_controller_BrokerSessionRequest, BrokerSessionRequest__Output as _tributary_controller_BrokerSessionRequest__Output } from '../../tributary/controller/BrokerSessionRequest.js';
import type { CreatePartitionsRequest as _tributary_controller_CreatePartitionsRequest, CreatePartitionsRequest__Output as _tributary_controller_CreatePartitionsRequest__Output } from '../../tributary/controller/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _tributary_controller_CreatePartitionsResponse, CreatePartitionsResponse__Output as _tributary_controller_CreatePartitionsResponse__Output } from '../../tributary/controller/CreatePartitionsResponse.js';
import type { CreateTopicsRequest as _tributary_controller_CreateTopicsRequest, CreateTopicsRequest__Output as _tributary_controller_CreateTopicsRequest__Output } from '../../tributary/controller/CreateTopicsRequest.js';
import type { CreateTopicsResponse as _tributary_controller_CreateTopicsResponse, CreateTopicsResponse__Output as _tributary_controller_CreateTopicsResponse__Output } from '../../tributary/controller/CreateTopicsResponse.js';
import type { DeleteTopicsRequest as _tributary_controller_DeleteTopicsRequest, DeleteTopicsRequest__Output as _tributary_controller_DeleteTopicsRequest__Output } from '../../tributary/controller/DeleteTopicsRequest.js';
import type { DeleteTopicsResponse as _tributary_controller_DeleteTopicsResponse, DeleteTopicsResponse__Output as _tributary_controller_DeleteTopicsResponse__Output } from '../../tributary/controller/DeleteTopicsResponse.js';
import type { DescribeQuorumRequest as _tributary_controller_DescribeQuorumRequest, DescribeQuorumRequest__Output as _tributary_controller_DescribeQuorumRequest__Output } from '../../tributary/controller/DescribeQuorumRequest.js';
import type { DescribeQuorumResponse as _tributary_controller_DescribeQuorumResponse, DescribeQuorumResponse__Output as _tributary_controller_DescribeQuorumResponse__Output } from '../../tributary/controller/DescribeQuorumResponse.js';
import type { ElectLeadersRequest as _tributary_controller_ElectLeadersRequest, ElectLeadersRequest__Output as _tributary_controller_ElectLeadersRequest__Output } from '../../tributary/controller/ElectLeadersRequest.js';
import type { ElectLeadersResponse as _tributary_controller_ElectLeadersResponse, ElectLeadersResponse__Output as _tributary_controller_ElectLeadersResponse__Output } from '../../tributary/controller/ElectLeadersResponse.js';
import type { FetchMetadataRequest as _tributary_controller_FetchMetadataRequest, FetchMetadataRequest__Output as _tributary_controller_FetchMetadataRequest__Output } from '../../tributary/controller/FetchMetadataRequest.js';
import type { FetchMetadataResponse as _tributary_controller_FetchMetadataResponse, FetchMetadataResponse__Output as _tributary_controller_FetchMetadataResponse__Output } from '../../tributary/controller/FetchMetadataResponse.js';

export interface ControllerClient extends grpc.Client {
  AlterConfigs(argument: _tributary_controller_AlterConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _tributary_controller_AlterConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _tributary_controller_AlterConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _tributary_controller_AlterConfigsRequest, callback: grpc.requestCallback<_tributary_controller_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _tributary_controller_AlterConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _tributary_controller_AlterConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _tributary_controller_AlterConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _tributary_controller_AlterConfigsRequest, callback: grpc.requestCallback<_tributary_controller_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  
  AlterPartition(argument: _tributary_controller_AlterPartitionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  AlterPartition(argument: _tributary_controller_AlterPartitionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  AlterPartition(argument: _tributary_controller_AlterPartitionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  AlterPartition(argument: _tributary_controller_AlterPartitionRequest, callback: grpc.requestCallback<_tributary_controller_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  alterPartition(argument: _tributary_controller_AlterPartitionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  alterPartition(argument: _tributary_controller_AlterPartitionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  alterPartition(argument: _tributary_controller_AlterPartitionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  alterPartition(argument: _tributary_controller_AlterPartitionRequest, callback: grpc.requestCallback<_tributary_controller_AlterPartitionResponse__Output>): grpc.ClientUnaryCall;
  
  BrokerHeartbeat(argument: _tributary_controller_BrokerHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  BrokerHeartbeat(argument: _tributary_controller_BrokerHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  BrokerHeartbeat(argument: _tributary_controller_BrokerHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  BrokerHeartbeat(argument: _tributary_controller_BrokerHeartbeatRequest, callback: grpc.requestCallback<_tributary_controller_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  brokerHeartbeat(argument: _tributary_controller_BrokerHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  brokerHeartbeat(argument: _tributary_controller_BrokerHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  brokerHeartbeat(argument: _tributary_controller_BrokerHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  brokerHeartbeat(argument: _tributary_controller_BrokerHeartbeatRequest, callback: grpc.requestCallback<_tributary_controller_BrokerHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  BrokerRegistration(argument: _tributary_controller_BrokerRegistrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_BrokerRegistrationResponse__Output>): grpc.ClientUnaryCall;
  BrokerRegistration(argument: _tributary_controller_BrokerRegistrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_BrokerRegistrationResponse__Output>): grpc.ClientUnaryCall;
  BrokerRegistration(argument: _tributary_controller_BrokerRegistrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_BrokerRegistrationResponse__Output>): grpc.ClientUnaryCall;
  BrokerRegistration(argument: _tributary_controller_BrokerRegistrationRequest, callback: grpc.requestCallback<_tributary_controller_BrokerRegistrationResponse__Output>): grpc.ClientUnaryCall;
  brokerRegistration(argument: _tributary_controller_BrokerRegistrationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_BrokerRegistrationResponse__Output>): grpc.ClientUnaryCall;
  brokerRegistration(argument: _tributary_controller_BrokerRegistrationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_BrokerRegistrationResponse__Output>): grpc.ClientUnaryCall;
  brokerRegistration(argument: _tributary_controller_BrokerRegistrationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_BrokerRegistrationResponse__Output>): grpc.ClientUnaryCall;
  brokerRegistration(argument: _tributary_controller_BrokerRegistrationRequest, callback: grpc.requestCallback<_tributary_controller_BrokerRegistrationResponse__Output>): grpc.ClientUnaryCall;
  
  BrokerSession(argument: _tributary_controller_BrokerSessionRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_controller_BrokerSessionEvent__Output>;
  BrokerSession(argument: _tributary_controller_BrokerSessionRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_controller_BrokerSessionEvent__Output>;
  brokerSession(argument: _tributary_controller_BrokerSessionRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_controller_BrokerSessionEvent__Output>;
  brokerSession(argument: _tributary_controller_BrokerSessionRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tributary_controller_BrokerSessionEvent__Output>;
  
  CreatePartitions(argument: _tributary_controller_CreatePartitionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _tributary_controller_CreatePartitionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _tributary_controller_CreatePartitionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _tributary_controller_CreatePartitionsRequest, callback: grpc.requestCallback<_tributary_controller_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _tributary_controller_CreatePartitionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _tributary_controller_CreatePartitionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _tributary_controller_CreatePartitionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _tributary_controller_CreatePartitionsRequest, callback: grpc.requestCallback<_tributary_controller_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  
  CreateTopics(argument: _tributary_controller_CreateTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  CreateTopics(argument: _tributary_controller_CreateTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  CreateTopics(argument: _tributary_controller_CreateTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  CreateTopics(argument: _tributary_controller_CreateTopicsRequest, callback: grpc.requestCallback<_tributary_controller_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  createTopics(argument: _tributary_controller_CreateTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  createTopics(argument: _tributary_controller_CreateTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  createTopics(argument: _tributary_controller_CreateTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  createTopics(argument: _tributary_controller_CreateTopicsRequest, callback: grpc.requestCallback<_tributary_controller_CreateTopicsResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteTopics(argument: _tributary_controller_DeleteTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopics(argument: _tributary_controller_DeleteTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopics(argument: _tributary_controller_DeleteTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopics(argument: _tributary_controller_DeleteTopicsRequest, callback: grpc.requestCallback<_tributary_controller_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  deleteTopics(argument: _tributary_controller_DeleteTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  deleteTopics(argument: _tributary_controller_DeleteTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  deleteTopics(argument: _tributary_controller_DeleteTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  deleteTopics(argument: _tributary_controller_DeleteTopicsRequest, callback: grpc.requestCallback<_tributary_controller_DeleteTopicsResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeQuorum(argument: _tributary_controller_DescribeQuorumRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_DescribeQuorumResponse__Output>): grpc.ClientUnaryCall;
  DescribeQuorum(argument: _tributary_controller_DescribeQuorumRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_DescribeQuorumResponse__Output>): grpc.ClientUnaryCall;
  DescribeQuorum(argument: _tributary_controller_DescribeQuorumRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_DescribeQuorumResponse__Output>): grpc.ClientUnaryCall;
  DescribeQuorum(argument: _tributary_controller_DescribeQuorumRequest, callback: grpc.requestCallback<_tributary_controller_DescribeQuorumResponse__Output>): grpc.ClientUnaryCall;
  describeQuorum(argument: _tributary_controller_DescribeQuorumRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_DescribeQuorumResponse__Output>): grpc.ClientUnaryCall;
  describeQuorum(argument: _tributary_controller_DescribeQuorumRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_DescribeQuorumResponse__Output>): grpc.ClientUnaryCall;
  describeQuorum(argument: _tributary_controller_DescribeQuorumRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_DescribeQuorumResponse__Output>): grpc.ClientUnaryCall;
  describeQuorum(argument: _tributary_controller_DescribeQuorumRequest, callback: grpc.requestCallback<_tributary_controller_DescribeQuorumResponse__Output>): grpc.ClientUnaryCall;
  
  ElectLeaders(argument: _tributary_controller_ElectLeadersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  ElectLeaders(argument: _tributary_controller_ElectLeadersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  ElectLeaders(argument: _tributary_controller_ElectLeadersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  ElectLeaders(argument: _tributary_controller_ElectLeadersRequest, callback: grpc.requestCallback<_tributary_controller_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  electLeaders(argument: _tributary_controller_ElectLeadersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  electLeaders(argument: _tributary_controller_ElectLeadersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  electLeaders(argument: _tributary_controller_ElectLeadersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  electLeaders(argument: _tributary_controller_ElectLeadersRequest, callback: grpc.requestCallback<_tributary_controller_ElectLeadersResponse__Output>): grpc.ClientUnaryCall;
  
  FetchMetadata(argument: _tributary_controller_FetchMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_FetchMetadataResponse__Output>): grpc.ClientUnaryCall;
  FetchMetadata(argument: _tributary_controller_FetchMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_FetchMetadataResponse__Output>): grpc.ClientUnaryCall;
  FetchMetadata(argument: _tributary_controller_FetchMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_FetchMetadataResponse__Output>): grpc.ClientUnaryCall;
  FetchMetadata(argument: _tributary_controller_FetchMetadataRequest, callback: grpc.requestCallback<_tributary_controller_FetchMetadataResponse__Output>): grpc.ClientUnaryCall;
  fetchMetadata(argument: _tributary_controller_FetchMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_FetchMetadataResponse__Output>): grpc.ClientUnaryCall;
  fetchMetadata(argument: _tributary_controller_FetchMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_controller_FetchMetadataResponse__Output>): grpc.ClientUnaryCall;
  fetchMetadata(argument: _tributary_controller_FetchMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_controller_FetchMetadataResponse__Output>): grpc.ClientUnaryCall;
  fetchMetadata(argument: _tributary_controller_FetchMetadataRequest, callback: grpc.requestCallback<_tributary_controller_FetchMetadataResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ControllerHandlers extends grpc.UntypedServiceImplementation {
  AlterConfigs: grpc.handleUnaryCall<_tributary_controller_AlterConfigsRequest__Output, _tributary_controller_AlterConfigsResponse>;
  
  AlterPartition: grpc.handleUnaryCall<_tributary_controller_AlterPartitionRequest__Output, _tributary_controller_AlterPartitionResponse>;
  
  BrokerHeartbeat: grpc.handleUnaryCall<_tributary_controller_BrokerHeartbeatRequest__Output, _tributary_controller_BrokerHeartbeatResponse>;
  
  BrokerRegistration: grpc.handleUnaryCall<_tributary_controller_BrokerRegistrationRequest__Output, _tributary_controller_BrokerRegistrationResponse>;
  
  BrokerSession: grpc.handleServerStreamingCall<_tributary_controller_BrokerSessionRequest__Output, _tributary_controller_BrokerSessionEvent>;
  
  CreatePartitions: grpc.handleUnaryCall<_tributary_controller_CreatePartitionsRequest__Output, _tributary_controller_CreatePartitionsResponse>;
  
  CreateTopics: grpc.handleUnaryCall<_tributary_controller_CreateTopicsRequest__Output, _tributary_controller_CreateTopicsResponse>;
  
  DeleteTopics: grpc.handleUnaryCall<_tributary_controller_DeleteTopicsRequest__Output, _tributary_controller_DeleteTopicsResponse>;
  
  DescribeQuorum: grpc.handleUnaryCall<_tributary_controller_DescribeQuorumRequest__Output, _tributary_controller_DescribeQuorumResponse>;
  
  ElectLeaders: grpc.handleUnaryCall<_tributary_controller_ElectLeadersRequest__Output, _tributary_controller_ElectLeadersResponse>;
  
  FetchMetadata: grpc.handleUnaryCall<_tributary_controller_FetchMetadataRequest__Output, _tributary_controller_FetchMetadataResponse>;
  
}

export interface ControllerDefinition extends grpc.ServiceDefinition {
  AlterConfigs: MethodDefinition<_tributary_controller_AlterConfigsRequest, _tributary_controller_AlterConfigsResponse, _tributary_controller_AlterConfigsRequest__Output, _tributary_controller_AlterConfigsResponse__Output>
  AlterPartition: MethodDefinition<_tributary_controller_AlterPartitionRequest, _tributary_controller_AlterPartitionResponse, _tributary_controller_AlterPartitionRequest__Output, _tributary_controller_AlterPartitionResponse__Output>
  BrokerHeartbeat: MethodDefinition<_tributary_controller_BrokerHeartbeatRequest, _tributary_controller_BrokerHeartbeatResponse, _tributary_controller_BrokerHeartbeatRequest__Output, _tributary_controller_BrokerHeartbeatResponse__Output>
  BrokerRegistration: MethodDefinition<_tributary_controller_BrokerRegistrationRequest, _tributary_controller_BrokerRegistrationResponse, _tributary_controller_BrokerRegistrationRequest__Output, _tributary_controller_BrokerRegistrationResponse__Output>
  BrokerSession: MethodDefinition<_tributary_controller_BrokerSessionRequest, _tributary_controller_BrokerSessionEvent, _tributary_controller_BrokerSessionRequest__Output, _tributary_controller_BrokerSessionEvent__Output>
  CreatePartitions: MethodDefinition<_tributary_controller_CreatePartitionsRequest, _tributary_controller_CreatePartitionsResponse, _tributary_controller_CreatePartitionsRequest__Output, _tributary_controller_CreatePartitionsResponse__Output>
  CreateTopics: MethodDefinition<_tributary_controller_CreateTopicsRequest, _tributary_controller_CreateTopicsResponse, _tributary_controller_CreateTopicsRequest__Output, _tributary_controller_CreateTopicsResponse__Output>
  DeleteTopics: MethodDefinition<_tributary_controller_DeleteTopicsRequest, _tributary_controller_DeleteTopicsResponse, _tributary_controller_DeleteTopicsRequest__Output, _tributary_controller_DeleteTopicsResponse__Output>
  DescribeQuorum: MethodDefinition<_tributary_controller_DescribeQuorumRequest, _tributary_controller_DescribeQuorumResponse, _tributary_controller_DescribeQuorumRequest__Output, _tributary_controller_DescribeQuorumResponse__Output>
  ElectLeaders: MethodDefinition<_tributary_controller_ElectLeadersRequest, _tributary_controller_ElectLeadersResponse, _tributary_controller_ElectLeadersRequest__Output, _tributary_controller_ElectLeadersResponse__Output>
  FetchMetadata: MethodDefinition<_tributary_controller_FetchMetadataRequest, _tributary_controller_FetchMetadataResponse, _tributary_controller_FetchMetadataRequest__Output, _tributary_controller_FetchMetadataResponse__Output>
}
