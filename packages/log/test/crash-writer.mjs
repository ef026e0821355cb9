// Child process for the kill -9 test: appends batches forever and prints "<index> <baseOffset> <lastOffset>"
// after each append returns. stdout to a pipe is synchronous on Linux, so a printed line means acknowledged.
// Imports the built package (../dist), which the test builds first: Node 20 cannot load .ts directly.
import { defaultLogConfig, PartitionLog } from '../dist/index.js';
import { CRASH_LEADER_EPOCH, CRASH_RECORDS_PER_BATCH, crashBatch, crashConfigOverrides } from './crash-batches.mjs';

const dir = process.argv[2];
const config = { ...defaultLogConfig, ...crashConfigOverrides };
const log = await PartitionLog.open({ dir, topic: 'crash', partition: 0, config });
// Resume where the recovered log ends, so batch number and offsets stay in step.
for (let index = Number(log.logEndOffset) / CRASH_RECORDS_PER_BATCH; ; index++) {
  const result = log.append(crashBatch(index), { assignOffsets: true, leaderEpoch: CRASH_LEADER_EPOCH });
  process.stdout.write(`${index} ${result.baseOffset} ${result.lastOffset}\n`);
}
