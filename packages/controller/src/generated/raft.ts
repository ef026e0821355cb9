import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { RaftClient as _tributary_raft_RaftClient, RaftDefinition as _tributary_raft_RaftDefinition } from './tributary/raft/Raft.js';
import type { RaftAck as _tributary_raft_RaftAck, RaftAck__Output as _tributary_raft_RaftAck__Output } from './tributary/raft/RaftAck.js';
import type { RaftEntry as _tributary_raft_RaftEntry, RaftEntry__Output as _tributary_raft_RaftEntry__Output } from './tributary/raft/RaftEntry.js';
import type { RaftEnvelope as _tributary_raft_RaftEnvelope, RaftEnvelope__Output as _tributary_raft_RaftEnvelope__Output } from './tributary/raft/RaftEnvelope.js';
import type { RaftMessage as _tributary_raft_RaftMessage, RaftMessage__Output as _tributary_raft_RaftMessage__Output } from './tributary/raft/RaftMessage.js';
import type { RaftSnapshot as _tributary_raft_RaftSnapshot, RaftSnapshot__Output as _tributary_raft_RaftSnapshot__Output } from './tributary/raft/RaftSnapshot.js';
import type { SnapshotMeta as _tributary_raft_SnapshotMeta, SnapshotMeta__Output as _tributary_raft_SnapshotMeta__Output } from './tributary/raft/SnapshotMeta.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tributary: {
    raft: {
      EntryType: EnumTypeDefinition
      Raft: SubtypeConstructor<typeof grpc.Client, _tributary_raft_RaftClient> & { service: _tributary_raft_RaftDefinition }
      RaftAck: MessageTypeDefinition<_tributary_raft_RaftAck, _tributary_raft_RaftAck__Output>
      RaftEntry: MessageTypeDefinition<_tributary_raft_RaftEntry, _tributary_raft_RaftEntry__Output>
      RaftEnvelope: MessageTypeDefinition<_tributary_raft_RaftEnvelope, _tributary_raft_RaftEnvelope__Output>
      RaftMessage: MessageTypeDefinition<_tributary_raft_RaftMessage, _tributary_raft_RaftMessage__Output>
      RaftSnapshot: MessageTypeDefinition<_tributary_raft_RaftSnapshot, _tributary_raft_RaftSnapshot__Output>
      SnapshotMeta: MessageTypeDefinition<_tributary_raft_SnapshotMeta, _tributary_raft_SnapshotMeta__Output>
    }
  }
}

