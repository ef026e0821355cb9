/**
 * The quorum-backed control plane (KIP-631 on KIP-595): a ControllerClient whose metadata log is Raft-replicated
 * across the voters of `controller.quorum.voters`, served with gRPC on the controller port (9093 by default).
 *
 * Every controller replays every committed batch into its own image (hot standby) and tells onImage listeners. The
 * active controller is the Raft leader once it has applied an entry of its own term (so its image is complete);
 * only it decides commands: decide on the image -> propose -> resolve when committed (the image already holds the
 * records by then). A command on any other controller is forwarded to the leader over gRPC; a forwarded command
 * that reaches a non-leader is answered NOT_CONTROLLER (41) at once, and the forwarder retries until its deadline.
 * Broker liveness (heartbeats, session expiry -> fence record) is soft state on the active controller only; a new
 * active controller starts every registered broker with a fresh session, as Kafka's BrokerHeartbeatManager does.
 * On top of it, connection-based liveness (broker-connections.ts): every registered broker holds a BrokerSession
 * stream open on the active controller (in-process for a broker of this very process); a stream that breaks and is
 * not reopened within brokerSessionDisconnectGraceMs fences the broker as session expiry would, and a new active
 * controller fences the brokers that neither open a session nor heartbeat within brokerSessionTakeoverWindowMs.
 */
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  type AlterConfigsResource,
  type AlterConfigsResult,
  type AlterPartitionRequest,
  type AlterPartitionResponse,
  alterPartition,
  type BrokerHeartbeatRequest,
  type BrokerHeartbeatResponse,
  type BrokerRegistrationRequest,
  type BrokerRegistrationResponse,
  BrokerSessions,
  brokerHeartbeat,
  type ControllerResult,
  type CreateTopicResult,
  type CreateTopicSpec,
  createPartitions,
  createTopics,
  DEFAULT_BROKER_SESSION_TIMEOUT_MS,
  DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS,
  DEFAULT_LEADER_IMBALANCE_PER_BROKER_PERCENTAGE,
  deleteTopics,
  electLeaders,
  fenceExpiredBrokers,
  imageFromSnapshot,
  imageToRecords,
  incrementalAlterConfigs,
  type LegacyAlterConfigsResource,
  legacyAlterConfigs,
  type MetadataImage,
  type RandomSource,
  rebalancePreferredLeaders,
  registerBroker,
  replayAll,
  type TopicDefaults,
} from '@tributary/metadata';
import type { Message } from '@tributary/raft';
import type { Logger } from 'pino';
import { CommandQueue } from '../command-queue.js';
import type {
  ControllerClient,
  CreatePartitionsResult,
  CreatePartitionsSpec,
  DeleteTopicsResult,
  ElectLeadersOutcome,
} from '../controller-client.js';
import { ControllerError } from '../errors.js';
import type { BrokerEndpointConfig } from '../local-controller.js';
import {
  BrokerConnections,
  DEFAULT_BROKER_SESSION_DISCONNECT_GRACE_MS,
  type DueBroker,
  fenceDisconnectedBrokers,
  type SessionStream,
} from './broker-connections.js';
import { BrokerLifecycle } from './broker-lifecycle.js';
import { ControllerCommandsRpc, notController } from './controller-commands-rpc.js';
import { ControllerRpcPool } from './controller-rpc-client.js';
import { controllerHandlers } from './controller-service.js';
import { encodeFetchResponse, type FetchMetadataQuery } from './metadata-fetch.js';
import { GRPC_CHANNEL_OPTIONS, loadProtos } from './proto-loader.js';
import { describeQuorumAt } from './quorum-describe.js';
import type { QuorumDescription } from './quorum-description.js';
import { parseQuorumVoters, type QuorumVoter, voterAddress } from './quorum-voters.js';
import { RaftMetadataLog } from './raft-metadata-log.js';
import { ProposalError } from './raft-node.js';
import { RaftTransport } from './raft-transport.js';
import { ReplicationTracker } from './replication-tracker.js';

export interface QuorumControllerOptions {
  /** metadata.log.dir or the first log dir: Raft state lives in `<dataDir>/__cluster_metadata-0/raft/`. */
  dataDir: string;
  clusterId: string;
  /** This controller's node id; must be one of the voters and >= 1 (Raft reserves 0 for "none"). */
  nodeId: number;
  /** `controller.quorum.voters`, e.g. `1@host1:9093,2@host2:9093,3@host3:9093`, or already parsed. */
  voters: string | readonly QuorumVoter[];
  /** Interface to bind (default 0.0.0.0). The port is this node's port in `voters`, unless listenPort is given. */
  listenHost?: string;
  listenPort?: number;
  defaults: TopicDefaults;
  logger: Logger;
  random?: RandomSource;
  /** Raft timing: tick 100 ms, election 10 ticks (1000-2000 ms randomized), heartbeat every tick. */
  tickMs?: number;
  electionTicks?: number;
  heartbeatTicks?: number;
  /** Applied entries between Raft snapshots (default 1000). */
  snapshotEveryEntries?: number;
  /** broker.session.timeout.ms (default 9000). */
  brokerSessionTimeoutMs?: number;
  /**
   * broker.session.disconnect.grace.ms (default 500): how long a broker's broken BrokerSession stream may stay
   * unopened before the active controller fences it (instead of waiting out broker.session.timeout.ms).
   */
  brokerSessionDisconnectGraceMs?: number;
  /**
   * After becoming active, how long each registered broker has to open its BrokerSession (or heartbeat) before it
   * is fenced (default 1000 ms). Live brokers reopen their session within a few 100 ms retries of the new leader
   * being known: their stream to the old controller broke or was ended when it lost leadership.
   */
  brokerSessionTakeoverWindowMs?: number;
  /** Bound on queued commands (default 1024). */
  maxPendingCommands?: number;
  /** How long a command on a non-leader keeps looking for the active controller (default 5000 ms). */
  forwardTimeoutMs?: number;
  /** auto.leader.rebalance.enable (default true): the active controller moves leadership back to preferred replicas. */
  autoLeaderRebalanceEnable?: boolean;
  /** leader.imbalance.check.interval.seconds, in ms (default 300000). */
  leaderImbalanceCheckIntervalMs?: number;
  /** leader.imbalance.per.broker.percentage (default 10). */
  leaderImbalancePerBrokerPercentage?: number;
  clock?: () => number;
}

/** Default of QuorumControllerOptions.brokerSessionTakeoverWindowMs. */
export const DEFAULT_BROKER_SESSION_TAKEOVER_WINDOW_MS = 1000;

export class NotActiveControllerError extends ControllerError {
  constructor(readonly leaderId: number) {
    super('NOT_CONTROLLER', `not the active controller (leader ${leaderId})`, true);
  }
}

/** Bound on parked FetchMetadata long-polls per controller; beyond it a fetch is answered at once. */
export const MAX_PARKED_METADATA_FETCHES = 1024;
/** Upper bound of one FetchMetadata long-poll, whatever the fetcher asks for. */
export const MAX_METADATA_FETCH_WAIT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class QuorumController implements ControllerClient {
  private current: MetadataImage;
  private active = false;
  private sessions: BrokerSessions | null = null;
  private connections: BrokerConnections | null = null;
  private disconnectTimer: NodeJS.Timeout | null = null;
  private lastCommitIndex = 0;
  private closed = false;
  private fenceTimer: NodeJS.Timeout | null = null;
  private rebalanceTimer: NodeJS.Timeout | null = null;
  private localBroker: BrokerLifecycle | null = null;
  private readonly listeners = new Set<(image: MetadataImage) => void>();
  private readonly commitWaiters = new Set<() => void>();
  private readonly queue: CommandQueue;
  private readonly pool = new ControllerRpcPool();
  readonly tracker: ReplicationTracker;
  private readonly clock: () => number;
  private readonly random: RandomSource;
  readonly logger: Logger;
  /** The bound gRPC port (useful with listenPort 0). */
  port = 0;

  private constructor(
    private readonly options: QuorumControllerOptions,
    readonly voters: readonly QuorumVoter[],
    readonly log: RaftMetadataLog,
    private readonly transport: RaftTransport,
    private readonly server: grpc.Server,
    image: MetadataImage,
    logger: Logger,
  ) {
    this.current = image;
    this.logger = logger;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? ((byteCount: number) => randomBytes(byteCount));
    this.queue = new CommandQueue(options.maxPendingCommands);
    this.tracker = new ReplicationTracker(this.clock);
  }

  static async open(options: QuorumControllerOptions): Promise<QuorumController> {
    const logger = options.logger.child({ component: 'controller', nodeId: options.nodeId });
    const voters = typeof options.voters === 'string' ? parseQuorumVoters(options.voters) : options.voters;
    const self = voters.find((v) => v.nodeId === options.nodeId);
    if (self === undefined) throw new Error(`node ${options.nodeId} is not in controller.quorum.voters`);
    let controller: QuorumController | null = null;
    const transport = new RaftTransport(
      {
        clusterId: options.clusterId,
        nodeId: options.nodeId,
        peers: new Map(voters.map((v) => [v.nodeId, voterAddress(v)])),
        logger: options.logger.child({ component: 'raft-transport', nodeId: options.nodeId }),
      },
      (message) => controller?.onRaftMessage(message),
    );
    const log = await RaftMetadataLog.open({
      dataDir: options.dataDir,
      clusterId: options.clusterId,
      nodeId: options.nodeId,
      voters: voters.map((v) => v.nodeId),
      send: (messages) => transport.send(messages),
      logger: options.logger.child({ component: 'raft', nodeId: options.nodeId }),
      tickMs: options.tickMs,
      electionTicks: options.electionTicks,
      heartbeatTicks: options.heartbeatTicks,
      snapshotEveryEntries: options.snapshotEveryEntries,
    }).catch((error: unknown) => {
      transport.close();
      throw error;
    });
    const server = new grpc.Server(GRPC_CHANNEL_OPTIONS);
    try {
      const { snapshot, batches } = await log.load();
      let image =
        snapshot === null
          ? imageFromSnapshot(options.clusterId, [], -1n)
          : imageFromSnapshot(options.clusterId, snapshot.records, snapshot.lastOffset);
      for (const batch of batches) image = replayAll(image, batch.records, batch.baseOffset);
      controller = new QuorumController(options, voters, log, transport, server, image, logger);
      const { raft, controller: controllerProto } = loadProtos();
      server.addService(raft.tributary.raft.Raft.service, transport.handlers());
      server.addService(controllerProto.tributary.controller.Controller.service, controllerHandlers(controller));
      const address = `${options.listenHost ?? '0.0.0.0'}:${options.listenPort ?? self.port}`;
      controller.port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, port) =>
          error === null ? resolve(port) : reject(error),
        ),
      );
      controller.start();
      logger.info(
        { port: controller.port, offset: image.offset.toString(), voters: voters.map((v) => v.nodeId) },
        'quorum controller listening',
      );
      return controller;
    } catch (error) {
      server.forceShutdown();
      transport.close();
      await log.close();
      throw error;
    }
  }

  private start(): void {
    const { log } = this;
    log.onBatch((batch) => {
      this.current = replayAll(this.current, batch.records, batch.baseOffset);
      this.notify();
    });
    log.onSnapshot((snapshot) => {
      this.current = imageFromSnapshot(this.options.clusterId, snapshot.records, snapshot.lastOffset);
      this.logger.info({ offset: snapshot.lastOffset.toString() }, 'installed metadata snapshot from the leader');
      this.notify();
    });
    log.setSnapshotSource(() => ({ lastOffset: this.current.offset, records: imageToRecords(this.current) }));
    log.node.onChange(() => this.onRaftChange());
    const sessionTimeoutMs = this.options.brokerSessionTimeoutMs ?? DEFAULT_BROKER_SESSION_TIMEOUT_MS;
    this.fenceTimer = setInterval(() => void this.fenceExpired(), Math.max(50, Math.min(1000, sessionTimeoutMs / 4)));
    const graceMs = this.options.brokerSessionDisconnectGraceMs ?? DEFAULT_BROKER_SESSION_DISCONNECT_GRACE_MS;
    this.disconnectTimer = setInterval(() => void this.fenceDisconnected(), Math.max(20, Math.min(100, graceMs / 5)));
    if (this.options.autoLeaderRebalanceEnable ?? true) {
      const intervalMs = this.options.leaderImbalanceCheckIntervalMs ?? DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS;
      this.rebalanceTimer = setInterval(() => void this.rebalanceLeaders(), Math.max(10, intervalMs));
    }
    log.start();
  }

  // ---- Raft and image plumbing ----

  private onRaftMessage(message: Message): void {
    this.tracker.onRaftMessage(message);
    this.log.node.step(message);
  }

  private onRaftChange(): void {
    const node = this.log.node;
    const status = node.core.basicStatus();
    if (status.role === 'Leader') this.tracker.onLeaderStatus(node.status());
    const active = node.isActiveLeader();
    if (active && !this.active) {
      const now = this.clock();
      this.sessions = new BrokerSessions(this.options.brokerSessionTimeoutMs ?? DEFAULT_BROKER_SESSION_TIMEOUT_MS);
      for (const brokerId of this.current.brokers.keys()) this.sessions.touch(brokerId, now);
      this.connections = new BrokerConnections(
        this.options.brokerSessionDisconnectGraceMs ?? DEFAULT_BROKER_SESSION_DISCONNECT_GRACE_MS,
      );
      const unfenced = [...this.current.brokers.values()].filter((b) => !b.fenced);
      this.connections.expect(
        unfenced.map((b) => ({ brokerId: b.brokerId, epoch: b.epoch })),
        now,
        this.options.brokerSessionTakeoverWindowMs ?? DEFAULT_BROKER_SESSION_TAKEOVER_WINDOW_MS,
      );
      this.logger.info({ term: status.term, offset: this.current.offset.toString() }, 'became the active controller');
    } else if (!active && this.active) {
      this.sessions = null;
      this.connections?.endAll('not the active controller any more');
      this.connections = null;
      this.logger.info({ term: status.term, leaderId: status.leaderId }, 'no longer the active controller');
    }
    this.active = active;
    if (status.commitIndex !== this.lastCommitIndex) {
      this.lastCommitIndex = status.commitIndex;
      for (const wake of this.commitWaiters) wake();
      this.commitWaiters.clear();
    }
  }

  private notify(): void {
    for (const listener of this.listeners) {
      try {
        listener(this.current);
      } catch (error) {
        this.logger.error({ err: error }, 'metadata image listener failed');
      }
    }
  }

  image(): MetadataImage {
    return this.current;
  }

  onImage(listener: (image: MetadataImage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The Raft leader, or -1 when none is known (Metadata.controllerId). */
  activeControllerId(): number {
    const leaderId = this.log.node.core.basicStatus().leaderId;
    return leaderId === 0 ? -1 : leaderId;
  }

  isActive(): boolean {
    return this.active;
  }

  get clusterId(): string {
    return this.options.clusterId;
  }

  get nodeId(): number {
    return this.options.nodeId;
  }

  // ---- commands ----

  /** Runs a decision on the active controller: decide on the image, commit the records, respond. */
  execute<T>(name: string, decide: (image: MetadataImage) => ControllerResult<T>): Promise<T> {
    return this.queue.run(async () => {
      if (!this.active) throw new NotActiveControllerError(this.activeControllerId());
      const { records, response } = decide(this.current);
      if (records.length > 0) {
        await this.log.append(records);
        this.logger.debug({ command: name, records: records.length }, 'committed');
      }
      return response;
    });
  }

  /**
   * Runs `local` if this is the active controller, else `remote` against the leader; retries while no active
   * controller is known, until forwardTimeoutMs. `forwarded` requests are never forwarded again.
   */
  private async onLeader<T>(
    local: () => Promise<T>,
    remote: (leader: ControllerCommandsRpc) => Promise<T | null>,
    notController: () => T,
    forwarded: boolean,
  ): Promise<T> {
    const deadline = this.clock() + (this.options.forwardTimeoutMs ?? 5000);
    for (;;) {
      const status = this.log.node.core.basicStatus();
      try {
        if (this.active) return await local();
        if (!forwarded && status.leaderId !== 0 && status.leaderId !== this.nodeId) {
          const leader = this.voters.find((v) => v.nodeId === status.leaderId);
          if (leader !== undefined) {
            const options = { timeoutMs: this.rpcTimeoutMs(), forwarded: true };
            const answer = await remote(
              new ControllerCommandsRpc(this.pool.get(voterAddress(leader)), this.clusterId, options),
            );
            if (answer !== null) return answer;
          }
        }
      } catch (error) {
        const retriable =
          error instanceof ProposalError ||
          error instanceof NotActiveControllerError ||
          (error as grpc.ServiceError).code === grpc.status.UNAVAILABLE ||
          (error as grpc.ServiceError).code === grpc.status.DEADLINE_EXCEEDED;
        if (!retriable) throw error;
      }
      // A forwarded request at a follower: the forwarder has a fresher idea of the leader than we do.
      if (forwarded && status.role !== 'Leader') return notController();
      if (this.closed || this.clock() >= deadline) return notController();
      await sleep(100);
    }
  }

  private rpcTimeoutMs(): number {
    return Math.min(this.options.forwardTimeoutMs ?? 5000, 5000);
  }

  createTopics(
    topics: CreateTopicSpec[],
    options: { validateOnly: boolean },
    forwarded = false,
  ): Promise<CreateTopicResult[]> {
    const { defaults } = this.options;
    return this.onLeader(
      () =>
        this.execute('createTopics', (image) =>
          createTopics(image, topics, { ...options, defaults, random: this.random }),
        ),
      (leader) => leader.createTopics(topics, options),
      () => notController.createTopics(topics),
      forwarded,
    );
  }

  deleteTopics(names: string[], forwarded = false): Promise<DeleteTopicsResult[]> {
    return this.onLeader(
      () => this.execute('deleteTopics', (image) => deleteTopics(image, names)),
      (leader) => leader.deleteTopics(names),
      () => notController.deleteTopics(names),
      forwarded,
    );
  }

  createPartitions(
    requests: CreatePartitionsSpec[],
    options: { validateOnly: boolean },
    forwarded = false,
  ): Promise<CreatePartitionsResult[]> {
    return this.onLeader(
      () =>
        this.execute('createPartitions', (image) =>
          createPartitions(image, requests, { ...options, random: this.random }),
        ),
      (leader) => leader.createPartitions(requests, options),
      () => notController.createPartitions(requests),
      forwarded,
    );
  }

  /** KIP-631 BrokerRegistration: the broker starts fenced with epoch = its RegisterBrokerRecord's offset. */
  registerBroker(request: BrokerRegistrationRequest, forwarded = false): Promise<BrokerRegistrationResponse> {
    return this.onLeader(
      async () => {
        const response = await this.execute('registerBroker', (image) =>
          registerBroker(image, request, {
            sessionActive: this.sessions?.isActive(request.brokerId, this.clock()) ?? false,
          }),
        );
        if (response.errorCode === 0) this.sessions?.touch(request.brokerId, this.clock());
        return response;
      },
      (leader) => leader.registerBroker(request),
      notController.registration,
      forwarded,
    );
  }

  /** KIP-631 BrokerHeartbeat: renews the session; unfences a caught-up broker, fences one that asks. */
  brokerHeartbeat(request: BrokerHeartbeatRequest, forwarded = false): Promise<BrokerHeartbeatResponse> {
    return this.onLeader(
      async () => {
        const response = await this.execute('brokerHeartbeat', (image) => brokerHeartbeat(image, request));
        // A broker that finished its controlled shutdown has no session left: its next incarnation (a rolling
        // restart) may register at once instead of being refused as a duplicate until the session times out.
        // Its BrokerSession is dropped too, so the stream closing as the broker stops fences nothing a second time.
        if (response.errorCode === 0 && response.shouldShutDown) {
          this.sessions?.remove(request.brokerId);
          this.connections?.retire(request.brokerId);
        } else if (response.errorCode === 0) {
          this.sessions?.touch(request.brokerId, this.clock());
          this.connections?.heartbeat(request.brokerId);
        }
        return response;
      },
      (leader) => leader.brokerHeartbeat(request),
      notController.heartbeat,
      forwarded,
    );
  }

  /** KIP-497 AlterPartition from a partition leader; answered once the PartitionChange record is committed. */
  alterPartition(request: AlterPartitionRequest, forwarded = false): Promise<AlterPartitionResponse> {
    return this.onLeader(
      () => this.execute('alterPartition', (image) => alterPartition(image, request)),
      (leader) => leader.alterPartition(request),
      () => notController.alterPartition(request),
      forwarded,
    );
  }

  incrementalAlterConfigs(
    resources: AlterConfigsResource[],
    options: { validateOnly: boolean },
    forwarded = false,
  ): Promise<AlterConfigsResult[]> {
    return this.onLeader(
      () => this.execute('incrementalAlterConfigs', (image) => incrementalAlterConfigs(image, resources, options)),
      (leader) => leader.alterConfigs(resources, { ...options, replace: false }),
      () => notController.alterConfigs(resources),
      forwarded,
    );
  }

  /** Legacy AlterConfigs: decided on the active controller's image, so the keys it deletes are the current ones. */
  alterConfigs(
    resources: LegacyAlterConfigsResource[],
    options: { validateOnly: boolean },
    forwarded = false,
  ): Promise<AlterConfigsResult[]> {
    return this.onLeader(
      () => this.execute('alterConfigs', (image) => legacyAlterConfigs(image, resources, options)),
      (leader) => leader.alterConfigs(resources, { ...options, replace: true }),
      () => notController.alterConfigs(resources),
      forwarded,
    );
  }

  electLeaders(
    electionType: number,
    partitions: { topic: string; partition: number }[] | null,
    forwarded = false,
  ): Promise<ElectLeadersOutcome> {
    return this.onLeader(
      async () => ({
        errorCode: 0,
        results: await this.execute('electLeaders', (image) => electLeaders(image, electionType, partitions)),
      }),
      (leader) => leader.electLeaders(electionType, partitions),
      () => notController.electLeaders(partitions),
      forwarded,
    );
  }

  /** Session expiry on the active controller: fence every broker whose heartbeats stopped. */
  private async fenceExpired(): Promise<void> {
    const sessions = this.sessions;
    if (!this.active || sessions === null || this.closed) return;
    if (sessions.expired(this.current, this.clock()).length === 0) return;
    try {
      const fenced = await this.execute('fenceExpiredBrokers', (image) =>
        fenceExpiredBrokers(image, sessions, this.clock()),
      );
      if (fenced.length > 0) this.logger.info({ brokers: fenced }, 'fenced brokers whose session expired');
    } catch (error) {
      if (!(error instanceof ControllerError) && !(error instanceof ProposalError)) {
        this.logger.error({ err: error }, 'fencing expired brokers failed');
      }
    }
  }

  // ---- connection-based liveness (BrokerSession) ----

  /**
   * Accepts the BrokerSession of a registered broker at its current epoch on the active controller (replacing its
   * previous stream); returns the stream's id for brokerSessionBroken. Throws NotActiveControllerError elsewhere.
   */
  acceptBrokerSession(brokerId: number, brokerEpoch: bigint, stream: SessionStream): number {
    const connections = this.connections;
    if (!this.active || connections === null || this.closed)
      throw new NotActiveControllerError(this.activeControllerId());
    const broker = this.current.brokers.get(brokerId);
    if (broker === undefined || broker.epoch !== brokerEpoch) {
      throw new ControllerError(
        'STALE_BROKER_EPOCH',
        `broker ${brokerId} is not registered at epoch ${brokerEpoch} (registered: ${broker?.epoch ?? 'no'})`,
        true,
      );
    }
    return connections.open(brokerId, brokerEpoch, stream);
  }

  /** The stream `id` of `brokerId` ended without the controller ending it: fence after the disconnect grace. */
  brokerSessionBroken(brokerId: number, id: number): void {
    if (this.connections?.broken(brokerId, id, this.clock())) {
      this.logger.info({ brokerId }, 'broker session stream broke; fencing unless it reopens');
    }
  }

  /**
   * The BrokerSession of a broker of this process (BrokerControlChannel): in-process while this controller is
   * active, else a gRPC stream to the active controller. Rejects when no active controller is known yet.
   */
  holdBrokerSession(brokerId: number, brokerEpoch: bigint, signal: AbortSignal, onOpen: () => void): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    if (this.closed) return Promise.reject(new NotActiveControllerError(-1));
    if (this.active) {
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          this.brokerSessionBroken(brokerId, id);
          resolve();
        };
        const stream = {
          end: (reason: string) => {
            signal.removeEventListener('abort', onAbort);
            reject(new Error(reason));
          },
        };
        const id = this.acceptBrokerSession(brokerId, brokerEpoch, stream);
        signal.addEventListener('abort', onAbort, { once: true });
        onOpen();
      });
    }
    const leaderId = this.log.node.core.basicStatus().leaderId;
    const leader = leaderId === this.nodeId ? undefined : this.voters.find((v) => v.nodeId === leaderId);
    if (leader === undefined) return Promise.reject(new NotActiveControllerError(this.activeControllerId()));
    const request = { clusterId: this.clusterId, brokerId, brokerEpoch: brokerEpoch.toString() };
    return this.pool.get(voterAddress(leader)).holdBrokerSession(request, signal, onOpen);
  }

  /** Fences the brokers whose session stream stayed broken past the grace, or that never opened one after takeover. */
  private async fenceDisconnected(): Promise<void> {
    const connections = this.connections;
    if (!this.active || connections === null || this.closed) return;
    const due = connections.due(this.clock());
    if (due.length === 0) return;
    try {
      const fenced: DueBroker[] = await this.execute('fenceDisconnectedBrokers', (image) =>
        fenceDisconnectedBrokers(image, due),
      );
      for (const { brokerId } of fenced) this.sessions?.remove(brokerId);
      if (fenced.length > 0)
        this.logger.info(
          { brokers: fenced.map((f) => f.brokerId), why: fenced.map((f) => f.why) },
          'fenced brokers without a session',
        );
    } catch (error) {
      if (!(error instanceof ControllerError) && !(error instanceof ProposalError)) {
        this.logger.error({ err: error }, 'fencing disconnected brokers failed');
      }
    }
  }

  /**
   * auto.leader.rebalance.enable on the active controller: every leader.imbalance.check.interval, brokers whose
   * share of not-led preferred partitions exceeds leader.imbalance.per.broker.percentage get them back (preferred
   * election, only where the preferred replica is an eligible ISR member). Returns the elected partitions.
   */
  async rebalanceLeaders(): Promise<{ topic: string; partition: number }[]> {
    if (!this.active || this.closed) return [];
    const percentage =
      this.options.leaderImbalancePerBrokerPercentage ?? DEFAULT_LEADER_IMBALANCE_PER_BROKER_PERCENTAGE;
    try {
      const elected = await this.execute('rebalancePreferredLeaders', (image) =>
        rebalancePreferredLeaders(image, percentage),
      );
      if (elected.length > 0) {
        this.logger.info(
          { partitions: elected.map((e) => `${e.topic}-${e.partition}`) },
          'moved leadership back to preferred replicas',
        );
      }
      return elected.map(({ topic, partition }) => ({ topic, partition }));
    } catch (error) {
      if (!(error instanceof ControllerError) && !(error instanceof ProposalError)) {
        this.logger.error({ err: error }, 'preferred leader rebalance failed');
      }
      return [];
    }
  }

  /**
   * Starts the register/heartbeat loop of this process's own broker (a combined `broker,controller` node; broker id =
   * node id) through the same command path as a remote broker, so it is fenced like one when it stops heartbeating.
   * Call it once the broker listens (its real port known); close() stops it first.
   */
  startLocalBroker(endpoint: BrokerEndpointConfig, options: { heartbeatIntervalMs?: number } = {}): BrokerLifecycle {
    if (this.localBroker !== null) throw new Error('the local broker is already started');
    const lifecycle = new BrokerLifecycle({
      channel: this,
      clusterId: this.clusterId,
      brokerId: this.nodeId,
      endpoint,
      metadataOffset: () => this.current.offset,
      // A child of the root logger: a child of ours would write "component" twice.
      logger: this.options.logger.child({ component: 'broker-lifecycle', nodeId: this.nodeId }),
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      random: this.random,
    });
    this.localBroker = lifecycle;
    lifecycle.start();
    return lifecycle;
  }

  // ---- observers and DescribeQuorum ----

  /** FetchMetadata: committed metadata after `fromIndex`, long-polled; served by any controller. */
  async fetchMetadata(query: FetchMetadataQuery) {
    const status = () => this.log.node.core.basicStatus();
    const parked = this.commitWaiters.size < MAX_PARKED_METADATA_FETCHES;
    if (query.fromIndex >= status().commitIndex && query.maxWaitMs > 0 && parked) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, Math.min(query.maxWaitMs, MAX_METADATA_FETCH_WAIT_MS));
        function finish() {
          clearTimeout(timer);
          resolve();
        }
        this.commitWaiters.add(finish);
      });
    }
    this.tracker.onObserverFetch(query.replicaId, query.fromIndex, status().commitIndex);
    return encodeFetchResponse(this.log, query, status());
  }

  /** DescribeQuorum from the leader's view; a follower forwards, or answers from its own view if that fails. */
  async describeQuorum(forwarded = false): Promise<QuorumDescription> {
    const node = this.log.node;
    const basic = node.core.basicStatus();
    if (basic.role !== 'Leader' && !forwarded && basic.leaderId !== 0) {
      const leader = this.voters.find((v) => v.nodeId === basic.leaderId);
      if (leader !== undefined) {
        try {
          return await describeQuorumAt(this.pool.get(voterAddress(leader)), this.clusterId, this.rpcTimeoutMs(), true);
        } catch (error) {
          this.logger.debug({ err: (error as Error).message }, 'describeQuorum: leader unreachable, answering locally');
        }
      }
    }
    const status = node.status();
    return {
      clusterId: this.clusterId,
      leaderId: status.leaderId === 0 ? -1 : status.leaderId,
      leaderEpoch: status.term,
      highWatermark: status.commitIndex,
      currentVoters: this.voters.map((v) => this.tracker.voter(v.nodeId, status, { host: v.host, port: v.port })),
      observers: status.role === 'Leader' ? this.tracker.observerList() : [],
      answeredBy: this.nodeId,
    };
  }

  /**
   * Stops serving. With `transferLeadership` (default true) a leader first hands leadership to the most caught-up
   * voter and waits up to transferWaitMs for it to take over, so the quorum does not wait an election timeout.
   */
  async close(options: { transferLeadership?: boolean; transferWaitMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    await this.localBroker?.close();
    if (options.transferLeadership ?? true) await this.transferLeadership(options.transferWaitMs ?? 1000);
    this.closed = true;
    this.active = false;
    if (this.fenceTimer !== null) clearInterval(this.fenceTimer);
    if (this.disconnectTimer !== null) clearInterval(this.disconnectTimer);
    this.connections?.endAll('controller closed');
    this.connections = null;
    if (this.rebalanceTimer !== null) clearInterval(this.rebalanceTimer);
    for (const wake of this.commitWaiters) wake();
    this.commitWaiters.clear();
    this.server.forceShutdown();
    this.transport.close();
    this.pool.close();
    await this.log.close();
    await this.queue.close();
    this.logger.info('quorum controller closed');
  }

  private async transferLeadership(waitMs: number): Promise<void> {
    const node = this.log.node;
    const status = node.status();
    if (status.role !== 'Leader' || this.voters.length < 2) return;
    const target = status.followers
      .filter((f) => f.nodeId !== this.nodeId && f.isVoter)
      .sort((a, b) => b.matchIndex - a.matchIndex)[0];
    if (target === undefined) return;
    node.transferLeadership(target.nodeId);
    const deadline = this.clock() + waitMs;
    while (this.clock() < deadline && node.core.basicStatus().leaderId === this.nodeId) await sleep(20);
    this.logger.info({ to: target.nodeId, leaderId: node.core.basicStatus().leaderId }, 'leadership transferred');
  }
}
