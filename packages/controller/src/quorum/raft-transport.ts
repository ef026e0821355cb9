/**
 * Raft over gRPC: the server half validates and hands inbound messages to the node; the client half keeps one
 * PeerSender per voter. Every RPC carries the cluster id and the from/to node ids; a foreign cluster id is refused
 * with FAILED_PRECONDITION and a misaddressed message with INVALID_ARGUMENT, each with a log line.
 */
import * as grpc from '@grpc/grpc-js';
import type { Message } from '@tributary/raft';
import type { Logger } from 'pino';
import type { RaftClient, RaftHandlers } from '../generated/tributary/raft/Raft.js';
import type { RaftAck } from '../generated/tributary/raft/RaftAck.js';
import type { RaftEnvelope__Output } from '../generated/tributary/raft/RaftEnvelope.js';
import { PeerSender } from './peer-sender.js';
import { GRPC_CHANNEL_OPTIONS, loadProtos } from './proto-loader.js';
import { messageFromWire, messageToWire, type RaftRpc, rpcOf } from './raft-wire.js';

export interface RaftTransportOptions {
  clusterId: string;
  nodeId: number;
  /** Voter id -> "host:port" of its controller listener (this node's own entry is ignored). */
  peers: ReadonlyMap<number, string>;
  logger: Logger;
  /** Deadline of one Raft RPC (default 2000 ms, controller.quorum.request.timeout.ms). */
  rpcTimeoutMs?: number;
  maxQueuedMessagesPerPeer?: number;
}

export class RaftTransport {
  private readonly senders = new Map<number, PeerSender>();
  private readonly clients: RaftClient[] = [];
  /** Inbound messages refused (cluster id, addressing, malformed), for tests and metrics. */
  refused = 0;

  constructor(
    private readonly options: RaftTransportOptions,
    private readonly onMessage: (message: Message) => void,
  ) {
    const { raft } = loadProtos();
    const timeoutMs = options.rpcTimeoutMs ?? 2000;
    for (const [peerId, address] of options.peers) {
      if (peerId === options.nodeId) continue;
      const client = new raft.tributary.raft.Raft(address, grpc.credentials.createInsecure(), GRPC_CHANNEL_OPTIONS);
      this.clients.push(client);
      const deliver = (message: Message): Promise<void> =>
        new Promise((resolve, reject) => {
          const envelope = {
            clusterId: options.clusterId,
            fromNodeId: options.nodeId,
            toNodeId: peerId,
            message: messageToWire(message),
          };
          const callback = (error: grpc.ServiceError | null) => (error === null ? resolve() : reject(error));
          client[rpcOf(message.type)](envelope, { deadline: Date.now() + timeoutMs }, callback);
        });
      this.senders.set(
        peerId,
        new PeerSender(peerId, deliver, options.logger.child({ peer: peerId }), options.maxQueuedMessagesPerPeer),
      );
    }
  }

  send(messages: readonly Message[]): void {
    for (const message of messages) {
      const sender = this.senders.get(message.to);
      if (sender === undefined) {
        this.options.logger.warn({ to: message.to, type: message.type }, 'no raft peer for message; dropped');
        continue;
      }
      sender.send(message);
    }
  }

  /** Handlers for the Raft service, to add to the node's gRPC server. */
  handlers(): RaftHandlers {
    const handle =
      (rpc: RaftRpc): grpc.handleUnaryCall<RaftEnvelope__Output, RaftAck> =>
      (call, callback) => {
        const refusal = this.check(rpc, call.request);
        if (refusal !== null) {
          this.refused++;
          callback({ code: refusal.code, details: refusal.details });
          return;
        }
        callback(null, {});
      };
    return {
      Vote: handle('Vote'),
      PreVote: handle('PreVote'),
      Append: handle('Append'),
      InstallSnapshot: handle('InstallSnapshot'),
      TimeoutNow: handle('TimeoutNow'),
    };
  }

  /** Validates an inbound envelope and delivers its message; returns the refusal, or null when accepted. */
  private check(rpc: RaftRpc, envelope: RaftEnvelope__Output): { code: grpc.status; details: string } | null {
    const { clusterId, nodeId, logger } = this.options;
    const refuse = (code: grpc.status, details: string) => {
      logger.warn({ rpc, from: envelope.fromNodeId, to: envelope.toNodeId }, `refused raft rpc: ${details}`);
      return { code, details };
    };
    if (envelope.clusterId !== clusterId) {
      return refuse(
        grpc.status.FAILED_PRECONDITION,
        `cluster id ${JSON.stringify(envelope.clusterId)} does not match ${clusterId}`,
      );
    }
    if (envelope.toNodeId !== nodeId) {
      return refuse(grpc.status.INVALID_ARGUMENT, `message for node ${envelope.toNodeId} sent to node ${nodeId}`);
    }
    if (!this.senders.has(envelope.fromNodeId)) {
      return refuse(grpc.status.INVALID_ARGUMENT, `node ${envelope.fromNodeId} is not a voter of this quorum`);
    }
    if (envelope.message === null) return refuse(grpc.status.INVALID_ARGUMENT, 'missing message');
    let message: Message;
    try {
      message = messageFromWire(envelope.message);
    } catch (error) {
      return refuse(grpc.status.INVALID_ARGUMENT, (error as Error).message);
    }
    if (message.from !== envelope.fromNodeId || message.to !== envelope.toNodeId) {
      return refuse(grpc.status.INVALID_ARGUMENT, 'envelope and message disagree on from/to');
    }
    if (rpcOf(message.type) !== rpc) return refuse(grpc.status.INVALID_ARGUMENT, `${message.type} sent on ${rpc}`);
    this.onMessage(message);
    return null;
  }

  close(): void {
    for (const sender of this.senders.values()) sender.close();
    for (const client of this.clients) client.close();
  }
}
