/**
 * Everything a broker asks of the control plane (contracts.md). LocalController implements it now; the
 * quorum-backed controller of the Raft issue will implement the same interface.
 */
import type {
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
}
