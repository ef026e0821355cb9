/**
 * Client of the Controller gRPC service at one address (promises instead of callbacks, a deadline on every call),
 * and a pool keyed by address so forwarding and observers reuse channels.
 */
import * as grpc from '@grpc/grpc-js';
import type { AlterConfigsRequest } from '../generated/tributary/controller/AlterConfigsRequest.js';
import type { AlterConfigsResponse__Output } from '../generated/tributary/controller/AlterConfigsResponse.js';
import type { AlterPartitionRequest } from '../generated/tributary/controller/AlterPartitionRequest.js';
import type { AlterPartitionResponse__Output } from '../generated/tributary/controller/AlterPartitionResponse.js';
import type { BrokerHeartbeatRequest } from '../generated/tributary/controller/BrokerHeartbeatRequest.js';
import type { BrokerHeartbeatResponse__Output } from '../generated/tributary/controller/BrokerHeartbeatResponse.js';
import type { BrokerRegistrationRequest } from '../generated/tributary/controller/BrokerRegistrationRequest.js';
import type { BrokerRegistrationResponse__Output } from '../generated/tributary/controller/BrokerRegistrationResponse.js';
import type { BrokerSessionRequest } from '../generated/tributary/controller/BrokerSessionRequest.js';
import type { ControllerClient as GrpcControllerClient } from '../generated/tributary/controller/Controller.js';
import type { CreatePartitionsRequest } from '../generated/tributary/controller/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse__Output } from '../generated/tributary/controller/CreatePartitionsResponse.js';
import type { CreateTopicsRequest } from '../generated/tributary/controller/CreateTopicsRequest.js';
import type { CreateTopicsResponse__Output } from '../generated/tributary/controller/CreateTopicsResponse.js';
import type { DeleteTopicsRequest } from '../generated/tributary/controller/DeleteTopicsRequest.js';
import type { DeleteTopicsResponse__Output } from '../generated/tributary/controller/DeleteTopicsResponse.js';
import type { DescribeQuorumRequest } from '../generated/tributary/controller/DescribeQuorumRequest.js';
import type { DescribeQuorumResponse__Output } from '../generated/tributary/controller/DescribeQuorumResponse.js';
import type { ElectLeadersRequest } from '../generated/tributary/controller/ElectLeadersRequest.js';
import type { ElectLeadersResponse__Output } from '../generated/tributary/controller/ElectLeadersResponse.js';
import type { FetchMetadataRequest } from '../generated/tributary/controller/FetchMetadataRequest.js';
import type { FetchMetadataResponse__Output } from '../generated/tributary/controller/FetchMetadataResponse.js';
import { GRPC_CHANNEL_OPTIONS, loadProtos } from './proto-loader.js';

/** Header set on a request a controller forwards to the leader, so it is never forwarded a second time. */
export const FORWARDED_HEADER = 'x-tributary-forwarded';

/** Request and response (decoded) types of each Controller RPC. */
interface Rpcs {
  BrokerRegistration: [BrokerRegistrationRequest, BrokerRegistrationResponse__Output];
  BrokerHeartbeat: [BrokerHeartbeatRequest, BrokerHeartbeatResponse__Output];
  FetchMetadata: [FetchMetadataRequest, FetchMetadataResponse__Output];
  CreateTopics: [CreateTopicsRequest, CreateTopicsResponse__Output];
  DeleteTopics: [DeleteTopicsRequest, DeleteTopicsResponse__Output];
  CreatePartitions: [CreatePartitionsRequest, CreatePartitionsResponse__Output];
  DescribeQuorum: [DescribeQuorumRequest, DescribeQuorumResponse__Output];
  AlterPartition: [AlterPartitionRequest, AlterPartitionResponse__Output];
  AlterConfigs: [AlterConfigsRequest, AlterConfigsResponse__Output];
  ElectLeaders: [ElectLeadersRequest, ElectLeadersResponse__Output];
}
type Method = keyof Rpcs;

export class ControllerRpcClient {
  private readonly client: GrpcControllerClient;

  constructor(readonly address: string) {
    const { controller } = loadProtos();
    this.client = new controller.tributary.controller.Controller(
      address,
      grpc.credentials.createInsecure(),
      GRPC_CHANNEL_OPTIONS,
    );
  }

  call<M extends Method>(
    method: M,
    request: Rpcs[M][0],
    options: { timeoutMs: number; forwarded?: boolean },
  ): Promise<Rpcs[M][1]> {
    const metadata = new grpc.Metadata();
    if (options.forwarded) metadata.set(FORWARDED_HEADER, '1');
    return new Promise((resolve, reject) => {
      const callback = (error: grpc.ServiceError | null, response?: Rpcs[M][1]) => {
        if (error !== null || response === undefined) reject(error ?? new Error(`${method}: empty response`));
        else resolve(response);
      };
      (this.client[method] as (...args: unknown[]) => void)(
        request,
        metadata,
        { deadline: Date.now() + options.timeoutMs },
        callback,
      );
    });
  }

  /**
   * Holds a BrokerSession stream open (no deadline: it lives as long as the broker): onOpen on the controller's
   * first event, resolves when `signal` cancels it, rejects when the controller refuses or ends it, or the
   * connection breaks.
   */
  holdBrokerSession(request: BrokerSessionRequest, signal: AbortSignal, onOpen: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const call = this.client.BrokerSession(request);
      const cancel = () => call.cancel();
      signal.addEventListener('abort', cancel, { once: true });
      let settled = false;
      const settle = (error: Error | null) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', cancel);
        if (error === null || signal.aborted) resolve();
        else reject(error);
      };
      call.on('data', () => onOpen());
      call.on('error', (error: Error) => settle(error));
      call.on('end', () => settle(signal.aborted ? null : new Error('BrokerSession ended by the controller')));
    });
  }

  close(): void {
    this.client.close();
  }
}

export class ControllerRpcPool {
  private readonly clients = new Map<string, ControllerRpcClient>();

  get(address: string): ControllerRpcClient {
    let client = this.clients.get(address);
    if (client === undefined) {
      client = new ControllerRpcClient(address);
      this.clients.set(address, client);
    }
    return client;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
