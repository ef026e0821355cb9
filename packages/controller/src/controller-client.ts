/**
 * Everything a broker asks of the control plane (contracts.md). LocalController implements it now; the
 * quorum-backed controller of the Raft issue will implement the same interface.
 */
import type {
  AlterConfigsResource,
  AlterConfigsResult,
  AlterPartitionRequest,
  AlterPartitionResponse,
  CreatePartitionsResult,
  CreatePartitionsRequest as CreatePartitionsSpec,
  CreateTopicResult,
  CreateTopicSpec,
  DeleteTopicResult as DeleteTopicsResult,
  ElectLeadersResult,
  LegacyAlterConfigsResource,
  MetadataImage,
} from '@tributary/metadata';
import type { QuorumDescription } from './quorum/quorum-description.js';

export type {
  CreatePartitionsRequest as CreatePartitionsSpec,
  CreatePartitionsResult,
  CreateTopicResult,
  CreateTopicSpec,
  DeleteTopicResult as DeleteTopicsResult,
} from '@tributary/metadata';

/** ElectLeaders as answered by the controller: a request-level error (NOT_CONTROLLER) or per-partition results. */
export interface ElectLeadersOutcome {
  errorCode: number;
  results: ElectLeadersResult[];
}

export interface ControllerClient {
  /** Latest applied image. */
  image(): MetadataImage;
  /** Called after each applied change; returns the unsubscribe function. */
  onImage(listener: (image: MetadataImage) => void): () => void;
  createTopics(topics: CreateTopicSpec[], options: { validateOnly: boolean }): Promise<CreateTopicResult[]>;
  deleteTopics(names: string[]): Promise<DeleteTopicsResult[]>;
  createPartitions(
    requests: CreatePartitionsSpec[],
    options: { validateOnly: boolean },
  ): Promise<CreatePartitionsResult[]>;
  /** For Metadata.controllerId. */
  activeControllerId(): number;
  /**
   * A partition leader's ISR change (KIP-497 AlterPartition). Resolves once the PartitionChange record is durable
   * (and visible in image()), or with a Kafka error code in the response when the controller refused it.
   */
  alterPartition(request: AlterPartitionRequest): Promise<AlterPartitionResponse>;
  /** IncrementalAlterConfigs (KIP-339): per-resource results; resolves once the ConfigRecords are durable. */
  incrementalAlterConfigs(
    resources: AlterConfigsResource[],
    options: { validateOnly: boolean },
  ): Promise<AlterConfigsResult[]>;
  /** Legacy AlterConfigs: each resource's given set replaces its whole dynamic config. */
  alterConfigs(
    resources: LegacyAlterConfigsResource[],
    options: { validateOnly: boolean },
  ): Promise<AlterConfigsResult[]>;
  /** ElectLeaders (KIP-460); `partitions` null = every partition. electionType: PREFERRED 0, UNCLEAN 1. */
  electLeaders(
    electionType: number,
    partitions: { topic: string; partition: number }[] | null,
  ): Promise<ElectLeadersOutcome>;
  /** The metadata quorum as DescribeQuorum reports it (the active controller's view where reachable). */
  describeQuorum(): Promise<QuorumDescription>;
}
