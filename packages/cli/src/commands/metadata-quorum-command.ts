/**
 * `tributary metadata-quorum --bootstrap-controller HOST:PORT[,HOST:PORT] describe --status | --replication`:
 * Kafka's kafka-metadata-quorum.sh against the controller quorum. Any controller answers (a follower forwards to the
 * leader); when none does, one line naming every address tried and exit 1.
 */
import {
  describeQuorum,
  formatQuorumReplication,
  formatQuorumStatus,
  NoControllerAnsweredError,
} from '@tributary/controller';

export interface MetadataQuorumArgs {
  bootstrapController: string;
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
  try {
    const description = await describeQuorum(args.bootstrapController, { timeoutMs: args.timeoutMs ?? 5000 });
    process.stdout.write(args.status ? formatQuorumStatus(description) : formatQuorumReplication(description));
    return 0;
  } catch (error) {
    if (error instanceof NoControllerAnsweredError) {
      process.stderr.write(`tributary: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
