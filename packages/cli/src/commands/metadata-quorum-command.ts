/**
 * `tributary metadata-quorum --bootstrap-controller HOST:PORT[,HOST:PORT] | --bootstrap-server HOST:PORT describe
 * --status | --replication`: Kafka's kafka-metadata-quorum.sh against the controller quorum, directly or through a
 * broker (DescribeQuorum on the Kafka port, forwarded to the controllers). Any controller answers (a follower
 * forwards to the leader); when none does, one line naming every address tried and exit 1.
 */
import {
  describeQuorum,
  formatQuorumReplication,
  formatQuorumStatus,
  NoControllerAnsweredError,
} from '@tributary/controller';
import { describeQuorumViaBroker } from './metadata-quorum-broker.js';

export interface MetadataQuorumArgs {
  /** Exactly one of bootstrapController and bootstrapServer. */
  bootstrapController?: string;
  bootstrapServer?: string;
  status: boolean;
  replication: boolean;
  /** Per-controller deadline of one DescribeQuorum call. */
  timeoutMs?: number;
}

export async function runMetadataQuorumDescribe(args: MetadataQuorumArgs): Promise<number> {
  if (args.status === args.replication) {
    process.stderr.write('tributary: describe needs exactly one of --status or --replication\n');
    return 2;
  }
  if ((args.bootstrapController === undefined) === (args.bootstrapServer === undefined)) {
    process.stderr.write('tributary: give exactly one of --bootstrap-server or --bootstrap-controller\n');
    return 2;
  }
  const timeoutMs = args.timeoutMs ?? 5000;
  try {
    const description =
      args.bootstrapServer !== undefined
        ? await describeQuorumViaBroker(args.bootstrapServer, timeoutMs)
        : await describeQuorum(args.bootstrapController!, { timeoutMs });
    process.stdout.write(args.status ? formatQuorumStatus(description) : formatQuorumReplication(description));
    return 0;
  } catch (error) {
    if (error instanceof NoControllerAnsweredError || args.bootstrapServer !== undefined) {
      process.stderr.write(`tributary: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}
