/**
 * Everything a broker asks of the control plane (contracts.md). LocalController implements it now; the
 * quorum-backed controller of the Raft issue will implement the same interface.
 */
import type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  CreatePartitionsResult,
  CreatePartitionsRequest as CreatePartitionsSpec,
  CreateTopicResult,
  CreateTopicSpec,
  DeleteTopicResult as DeleteTopicsResult,
  MetadataImage,
} from '@tributary/metadata';

export type {
  CreatePartitionsRequest as CreatePartitionsSpec,
  CreatePartitionsResult,
  CreateTopicResult,
  CreateTopicSpec,
  DeleteTopicResult as DeleteTopicsResult,
} from '@tributary/metadata';

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
}
