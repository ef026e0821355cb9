/**
 * Loads proto/raft.proto and proto/controller.proto at runtime with @grpc/proto-loader, typed by the generated
 * types in ../generated (regenerate with `pnpm --filter @tributary/controller generate:proto`).
 *
 * Options, chosen once for every RPC: keepCase false (camelCase fields, like the rest of the code base), longs as
 * String (int64 / uint64 arrive as decimal strings: no precision is lost and BigInt(s) / Number(s) is explicit at
 * the edge), enums as String, bytes as Buffer, defaults true (absent scalars read as 0 / '' / false, so a field
 * never needs an `?? 0`). Nullable values are carried as a value plus a `has_*` flag.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as ControllerProto } from '../generated/controller.js';
import type { ProtoGrpcType as RaftProto } from '../generated/raft.js';

// src/quorum/ and dist/quorum/ are both four levels below the repository root, so one relative URL serves vitest
// (sources) and node (dist).
const PROTO_DIR = new URL('../../../../proto/', import.meta.url);

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
};

let cached: { raft: RaftProto; controller: ControllerProto } | null = null;

export function protoPath(name: 'raft' | 'controller'): string {
  return fileURLToPath(new URL(`${name}.proto`, PROTO_DIR));
}

/** The loaded service definitions; parsed once per process. */
export function loadProtos(): { raft: RaftProto; controller: ControllerProto } {
  if (cached !== null) return cached;
  const raft = grpc.loadPackageDefinition(
    protoLoader.loadSync(protoPath('raft'), LOADER_OPTIONS),
  ) as unknown as RaftProto;
  const controller = grpc.loadPackageDefinition(
    protoLoader.loadSync(protoPath('controller'), LOADER_OPTIONS),
  ) as unknown as ControllerProto;
  cached = { raft, controller };
  return cached;
}

/** Largest gRPC message either side accepts: a metadata snapshot or a batch of entries fits with room to spare. */
export const MAX_GRPC_MESSAGE_BYTES = 64 * 1024 * 1024;

export const GRPC_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': MAX_GRPC_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_GRPC_MESSAGE_BYTES,
  // Reconnect quickly after a peer restarts; Raft's own timers decide what a slow peer means.
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1000,
};
