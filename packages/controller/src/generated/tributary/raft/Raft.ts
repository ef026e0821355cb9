// Original file: ../../proto/raft.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { RaftAck as _tributary_raft_RaftAck, RaftAck__Output as _tributary_raft_RaftAck__Output } from '../../tributary/raft/RaftAck.js';
import type { RaftEnvelope as _tributary_raft_RaftEnvelope, RaftEnvelope__Output as _tributary_raft_RaftEnvelope__Output } from '../../tributary/raft/RaftEnvelope.js';

export interface RaftClient extends grpc.Client {
  Append(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  Append(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  Append(argument: _tributary_raft_RaftEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  Append(argument: _tributary_raft_RaftEnvelope, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  append(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  append(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  append(argument: _tributary_raft_RaftEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  append(argument: _tributary_raft_RaftEnvelope, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  
  InstallSnapshot(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  InstallSnapshot(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  InstallSnapshot(argument: _tributary_raft_RaftEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  InstallSnapshot(argument: _tributary_raft_RaftEnvelope, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  installSnapshot(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  installSnapshot(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  installSnapshot(argument: _tributary_raft_RaftEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  installSnapshot(argument: _tributary_raft_RaftEnvelope, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  
  PreVote(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  PreVote(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  PreVote(argument: _tributary_raft_RaftEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  PreVote(argument: _tributary_raft_RaftEnvelope, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  preVote(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  preVote(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  preVote(argument: _tributary_raft_RaftEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  preVote(argument: _tributary_raft_RaftEnvelope, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  
  TimeoutNow(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  TimeoutNow(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  TimeoutNow(argument: _tributary_raft_RaftEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  TimeoutNow(argument: _tributary_raft_RaftEnvelope, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  timeoutNow(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  timeoutNow(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  timeoutNow(argument: _tributary_raft_RaftEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  timeoutNow(argument: _tributary_raft_RaftEnvelope, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  
  Vote(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  Vote(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  Vote(argument: _tributary_raft_RaftEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  Vote(argument: _tributary_raft_RaftEnvelope, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  vote(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  vote(argument: _tributary_raft_RaftEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  vote(argument: _tributary_raft_RaftEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  vote(argument: _tributary_raft_RaftEnvelope, callback: grpc.requestCallback<_tributary_raft_RaftAck__Output>): grpc.ClientUnaryCall;
  
}

export interface RaftHandlers extends grpc.UntypedServiceImplementation {
  Append: grpc.handleUnaryCall<_tributary_raft_RaftEnvelope__Output, _tributary_raft_RaftAck>;
  
  InstallSnapshot: grpc.handleUnaryCall<_tributary_raft_RaftEnvelope__Output, _tributary_raft_RaftAck>;
  
  PreVote: grpc.handleUnaryCall<_tributary_raft_RaftEnvelope__Output, _tributary_raft_RaftAck>;
  
  TimeoutNow: grpc.handleUnaryCall<_tributary_raft_RaftEnvelope__Output, _tributary_raft_RaftAck>;
  
  Vote: grpc.handleUnaryCall<_tributary_raft_RaftEnvelope__Output, _tributary_raft_RaftAck>;
  
}

export interface RaftDefinition extends grpc.ServiceDefinition {
  Append: MethodDefinition<_tributary_raft_RaftEnvelope, _tributary_raft_RaftAck, _tributary_raft_RaftEnvelope__Output, _tributary_raft_RaftAck__Output>
  InstallSnapshot: MethodDefinition<_tributary_raft_RaftEnvelope, _tributary_raft_RaftAck, _tributary_raft_RaftEnvelope__Output, _tributary_raft_RaftAck__Output>
  PreVote: MethodDefinition<_tributary_raft_RaftEnvelope, _tributary_raft_RaftAck, _tributary_raft_RaftEnvelope__Output, _tributary_raft_RaftAck__Output>
  TimeoutNow: MethodDefinition<_tributary_raft_RaftEnvelope, _tributary_raft_RaftAck, _tributary_raft_RaftEnvelope__Output, _tributary_raft_RaftAck__Output>
  Vote: MethodDefinition<_tributary_raft_RaftEnvelope, _tributary_raft_RaftAck, _tributary_raft_RaftEnvelope__Output, _tributary_raft_RaftAck__Output>
}
