// Public entry of @tributary/cli: the pieces the `tributary` binary (main.ts) is built from, exported for tests
// and scripts.
export { runClusterStart } from './commands/cluster-command.js';
export type { LocalNodeSpec } from './commands/local-cluster.js';
export {
  LOCAL_CLUSTER_NODES_DEFAULT,
  LOCAL_CLUSTER_NODES_MAX,
  localClusterLayout,
  toPropertiesText,
} from './commands/local-cluster.js';
export { type MetadataQuorumArgs, runMetadataQuorumDescribe } from './commands/metadata-quorum-command.js';
export { runNodeCommand } from './commands/node-command.js';
export {
  type ConsumePerfOptions,
  type ConsumeSummary,
  consumePerf,
  runConsumePerf,
} from './perf/consume-perf-command.js';
export { KafkaConnection } from './perf/kafka-connection.js';
export { formatProducerLine, PerfStats, type PerfSummary } from './perf/perf-stats.js';
export { type ProducePerfOptions, producePerf, runProducePerf } from './perf/produce-perf-command.js';
export {
  apiVersions,
  openTopicSession,
  type PartitionLeader,
  parseHostPort,
  pickVersion,
  type TopicSession,
  topicLeaders,
} from './perf/topic-leaders.js';
