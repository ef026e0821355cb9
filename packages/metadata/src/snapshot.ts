/**
 * Snapshots: a snapshot of an image is the list of records that rebuilds it (Kafka writes the same records into a
 * .checkpoint file). imageFromSnapshot(imageToRecords(image)) deep-equals image; tests hold us to that.
 */
import { emptyImage, type MetadataImage } from './image.js';
import { ConfigResourceType, type MetadataRecord } from './records.js';
import { ImageDelta } from './replay.js';

export function imageToRecords(image: MetadataImage): MetadataRecord[] {
  const records: MetadataRecord[] = [];
  for (const [name, featureLevel] of image.features) records.push({ type: 'FeatureLevel', name, featureLevel });
  for (const broker of image.brokers.values()) {
    records.push({
      type: 'RegisterBroker',
      brokerId: broker.brokerId,
      incarnationId: broker.incarnationId,
      brokerEpoch: broker.epoch,
      endPoints: broker.endpoints.map((endpoint) => ({ ...endpoint })),
      rack: broker.rack,
      fenced: broker.fenced,
      inControlledShutdown: broker.inControlledShutdown,
    });
  }
  for (const [resourceName, configs] of image.brokerConfigs) {
    for (const [name, value] of configs) {
      records.push({ type: 'Config', resourceType: ConfigResourceType.BROKER, resourceName, name, value });
    }
  }
  for (const topic of image.topicsByName.values()) {
    records.push({ type: 'Topic', name: topic.name, topicId: topic.topicId });
    for (const [name, value] of topic.configs) {
      records.push({ type: 'Config', resourceType: ConfigResourceType.TOPIC, resourceName: topic.name, name, value });
    }
    const partitions = [...topic.partitions.values()].sort((a, b) => a.partition - b.partition);
    for (const state of partitions) {
      records.push({
        type: 'Partition',
        partitionId: state.partition,
        topicId: topic.topicId,
        replicas: [...state.replicas],
        isr: [...state.isr],
        leader: state.leader,
        leaderRecoveryState: state.leaderRecoveryState,
        leaderEpoch: state.leaderEpoch,
        partitionEpoch: state.partitionEpoch,
      });
    }
  }
  if (image.producerIds.nextProducerId > 0n) {
    records.push({ type: 'ProducerIds', ...image.producerIds });
  }
  return records;
}

/** Rebuilds the image a snapshot taken at `offset` describes; every record is applied at that offset. */
export function imageFromSnapshot(
  clusterId: string,
  records: readonly MetadataRecord[],
  offset: bigint,
): MetadataImage {
  const delta = new ImageDelta(emptyImage(clusterId));
  for (const record of records) delta.apply(record);
  // An empty snapshot still records how far the log had been applied.
  return delta.build(offset);
}
