/**
 * The single-node control plane: a MetadataController over a FileMetadataLog under
 * `<dataDir>/__cluster_metadata-0/`, which at open replays the log, checks the stored cluster id, and registers and
 * unfences the local broker (a new incarnation and broker epoch per start, as Kafka does).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AllocateProducerIdsResponse,
  type AlterConfigsResource,
  type AlterConfigsResult,
  type AlterPartitionRequest,
  type AlterPartitionResponse,
  type BrokerRegistration,
  type CreateTopicResult,
  type CreateTopicSpec,
  type ElectLeadersResult,
  type LegacyAlterConfigsResource,
  MetadataErrorCode,
  type MetadataImage,
  type RandomSource,
  randomUuid,
  type TopicDefaults,
} from '@tributary/metadata';
import type { Logger } from 'pino';
import type {
  ControllerClient,
  CreatePartitionsResult,
  CreatePartitionsSpec,
  DeleteTopicsResult,
  ElectLeadersOutcome,
} from './controller-client.js';
import { InconsistentClusterIdError, LocalBrokerRegistrationError } from './errors.js';
import { FileMetadataLog } from './file-metadata-log.js';
import { MetadataController } from './metadata-controller.js';
import type { QuorumDescription } from './quorum/quorum-description.js';

export interface BrokerEndpointConfig {
  host: string;
  port: number;
  rack: string | null;
}

export interface LocalControllerOptions {
  dataDir: string;
  clusterId: string;
  nodeId: number;
  brokerEndpoint: BrokerEndpointConfig;
  defaults: TopicDefaults;
  logger: Logger;
  /** Defaults to crypto.randomBytes; tests pass seededRandom for reproducible topic ids and placement. */
  random?: RandomSource;
  /** Bound on queued commands (default DEFAULT_MAX_PENDING_COMMANDS = 1024). */
  maxPendingCommands?: number;
  /** Records between snapshots (default DEFAULT_SNAPSHOT_INTERVAL_RECORDS = 10000). */
  snapshotIntervalRecords?: number;
}

const META_PROPERTIES = 'meta.properties';

/** Records the cluster id beside the log on first start and refuses a data dir that belongs to another cluster. */
async function checkClusterId(directory: string, clusterId: string, nodeId: number): Promise<void> {
  const path = join(directory, META_PROPERTIES);
  let text: string | null = null;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== null) {
    const stored = /^cluster\.id=(.*)$/m.exec(text)?.[1];
    if (stored !== clusterId) {
      throw new InconsistentClusterIdError(
        `metadata log in ${directory} belongs to cluster ${stored}, not ${clusterId}`,
      );
    }
    return;
  }
  await writeFile(`${path}.tmp`, `version=1\ncluster.id=${clusterId}\nnode.id=${nodeId}\n`, { flush: true });
  await rename(`${path}.tmp`, path);
}

export class LocalController implements ControllerClient {
  private localBrokerEpoch = -1n;

  private constructor(
    private readonly controller: MetadataController,
    private readonly log: FileMetadataLog,
    private readonly options: LocalControllerOptions,
    private readonly random: RandomSource,
    private readonly incarnationId: string,
  ) {}

  static async open(options: LocalControllerOptions): Promise<LocalController> {
    const logger = options.logger.child({ component: 'controller', nodeId: options.nodeId });
    const log = await FileMetadataLog.open(options.dataDir, logger);
    try {
      await checkClusterId(log.directory, options.clusterId, options.nodeId);
      const random = options.random ?? ((byteCount: number) => randomBytes(byteCount));
      const controller = await MetadataController.load({
        log,
        clusterId: options.clusterId,
        nodeId: options.nodeId,
        defaults: options.defaults,
        logger,
        random,
        maxPendingCommands: options.maxPendingCommands,
        snapshotIntervalRecords: options.snapshotIntervalRecords,
      });
      const local = new LocalController(controller, log, options, random, randomUuid(random));
      await local.registerLocalBroker(options.brokerEndpoint);
      logger.info(
        { offset: controller.image().offset.toString(), topics: controller.image().topicsByName.size },
        'local controller open',
      );
      return local;
    } catch (error) {
      await log.close();
      throw error;
    }
  }

  /** Registers this process's broker and unfences it at once: it shares the image, so it is caught up. */
  private async registerLocalBroker(endpoint: BrokerEndpointConfig): Promise<void> {
    const registration = await this.controller.registerBroker({
      brokerId: this.options.nodeId,
      clusterId: this.options.clusterId,
      incarnationId: this.incarnationId,
      endpoints: [{ name: 'PLAINTEXT', host: endpoint.host, port: endpoint.port, securityProtocol: 0 }],
      rack: endpoint.rack,
    });
    if (registration.errorCode !== MetadataErrorCode.NONE) {
      throw new LocalBrokerRegistrationError(`registering broker ${this.options.nodeId}: ${registration.errorMessage}`);
    }
    const heartbeat = await this.controller.brokerHeartbeat({
      brokerId: this.options.nodeId,
      brokerEpoch: registration.brokerEpoch,
      currentMetadataOffset: this.controller.image().offset,
      wantFence: false,
      wantShutDown: false,
    });
    if (heartbeat.errorCode !== MetadataErrorCode.NONE || heartbeat.isFenced) {
      throw new LocalBrokerRegistrationError(`unfencing broker ${this.options.nodeId} failed (${heartbeat.errorCode})`);
    }
    this.localBrokerEpoch = registration.brokerEpoch;
  }

  /**
   * Re-registers the local broker when its advertised endpoint changes, e.g. once a listener configured with
   * port 0 knows its real port. No-op when nothing changed.
   */
  async updateLocalEndpoint(endpoint: BrokerEndpointConfig): Promise<void> {
    const current = this.localBroker();
    if (current?.host === endpoint.host && current.port === endpoint.port && current.rack === endpoint.rack) return;
    await this.registerLocalBroker(endpoint);
  }

  localBroker(): BrokerRegistration | undefined {
    return this.controller.image().brokers.get(this.options.nodeId);
  }

  image(): MetadataImage {
    return this.controller.image();
  }

  onImage(listener: (image: MetadataImage) => void): () => void {
    return this.controller.onImage(listener);
  }

  activeControllerId(): number {
    return this.controller.activeControllerId();
  }

  createTopics(topics: CreateTopicSpec[], options: { validateOnly: boolean }): Promise<CreateTopicResult[]> {
    return this.controller.createTopics(topics, options);
  }

  deleteTopics(names: string[]): Promise<DeleteTopicsResult[]> {
    return this.controller.deleteTopics(names);
  }

  createPartitions(
    requests: CreatePartitionsSpec[],
    options: { validateOnly: boolean },
  ): Promise<CreatePartitionsResult[]> {
    return this.controller.createPartitions(requests, options);
  }

  alterPartition(request: AlterPartitionRequest): Promise<AlterPartitionResponse> {
    return this.controller.alterPartition(request);
  }

  /** A block of producer ids for the local broker's InitProducerId (unique across restarts). */
  allocateProducerIds(): Promise<AllocateProducerIdsResponse> {
    return this.controller.allocateProducerIds({ brokerId: this.options.nodeId, brokerEpoch: this.localBrokerEpoch });
  }

  incrementalAlterConfigs(
    resources: AlterConfigsResource[],
    options: { validateOnly: boolean },
  ): Promise<AlterConfigsResult[]> {
    return this.controller.incrementalAlterConfigs(resources, options);
  }

  alterConfigs(
    resources: LegacyAlterConfigsResource[],
    options: { validateOnly: boolean },
  ): Promise<AlterConfigsResult[]> {
    return this.controller.alterConfigs(resources, options);
  }

  electLeaders(
    electionType: number,
    partitions: { topic: string; partition: number }[] | null,
  ): Promise<ElectLeadersOutcome> {
    return this.controller.electLeaders(electionType, partitions);
  }

  describeQuorum(): Promise<QuorumDescription> {
    return this.controller.describeQuorum();
  }

  electPreferredLeaders(partitions: { topic: string; partition: number }[] | null): Promise<ElectLeadersResult[]> {
    return this.controller.electPreferredLeaders(partitions);
  }

  /** Pending + running commands. */
  queuedCommands(): number {
    return this.controller.queuedCommands();
  }

  /** Finishes queued commands, then closes the metadata log. */
  async close(): Promise<void> {
    await this.controller.close();
    await this.log.close();
  }

  /** The random source in use (exposed so a node can share it for ids it generates beside the controller). */
  randomSource(): RandomSource {
    return this.random;
  }
}
