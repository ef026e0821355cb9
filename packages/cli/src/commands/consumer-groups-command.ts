/**
 * `tributary consumer-groups`: Kafka's kafka-consumer-groups.sh over the Kafka protocol, with its options, its
 * checks and its output (consumer-groups-format.ts). Like Kafka's tool, errors met while running are printed as
 * "\nError: …" and the exit code stays 0; only usage mistakes exit 1.
 */
import { readFile } from 'node:fs/promises';
import { ErrorCode } from '@tributary/protocol';
import {
  type CommittedOffset,
  ConsumerGroupsClient,
  ConsumerGroupsUsageError,
  type DescribedGroup,
  KafkaResponseError,
  type ListedGroup,
  type TopicPartition,
  tpKey,
} from './consumer-groups-client.js';
import { formatResetPlanCsv, parseResetPlanCsv } from './consumer-groups-csv.js';
import {
  errorLine,
  exceptionText,
  formatDeleteGroups,
  formatDeleteOffsets,
  formatGroupList,
  formatMembers,
  formatOffsets,
  formatResetPlan,
  formatState,
  groupStateNotes,
  offsetRows,
} from './consumer-groups-format.js';
import { javaHashMapOrder, javaStringHash } from './consumer-groups-java-order.js';
import { type ResetScenario, resetTargets } from './consumer-groups-reset.js';

export { ConsumerGroupsUsageError } from './consumer-groups-client.js';
export type { ResetScenario } from './consumer-groups-reset.js';

export type ConsumerGroupsAction = 'list' | 'describe' | 'delete' | 'reset-offsets' | 'delete-offsets';

export interface ConsumerGroupsOptions {
  bootstrapServer: string;
  action: ConsumerGroupsAction;
  groups: readonly string[];
  allGroups: boolean;
  /** --topic values: `name` or `name:0,1,2`. */
  topics: readonly string[];
  allTopics: boolean;
  members: boolean;
  offsets: boolean;
  /** --state: null when absent; with --list an optional comma-separated filter ('' = none). */
  state: string | null;
  /** --type (with --list): null when absent, else an optional comma-separated filter of classic/consumer. */
  type: string | null;
  verbose: boolean;
  reset: ResetScenario | null;
  dryRun: boolean;
  execute: boolean;
  /** --export: print the reset plan as CSV instead of the table. */
  exportCsv: boolean;
  /** --from-file: a CSV reset plan (as --export prints it) instead of a scenario. */
  fromFile: string | null;
  /** --timeout (ms): how long coordinator lookups and group requests are retried. */
  timeoutMs: number;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

/** The states kafka-consumer-groups.sh accepts for --list --state (GroupState.groupStatesForType(CONSUMER)). */
const CONSUMER_GROUP_STATES = [
  'PreparingRebalance',
  'CompletingRebalance',
  'Stable',
  'Dead',
  'Empty',
  'Assigning',
  'Reconciling',
];

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function runConsumerGroupsCommand(options: ConsumerGroupsOptions): Promise<number> {
  const io: Io = {
    out: options.out ?? ((text) => process.stdout.write(text)),
    err: options.err ?? ((text) => process.stderr.write(text)),
  };
  try {
    checkArgs(options, io);
  } catch (error) {
    if (!(error instanceof ConsumerGroupsUsageError)) throw error;
    io.err(`${error.message}\n`);
    return 1;
  }
  const client = await ConsumerGroupsClient.connect(options.bootstrapServer, options.timeoutMs);
  try {
    await runAction(client, options, io);
  } catch (error) {
    if (error instanceof ConsumerGroupsUsageError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    const detail = error instanceof KafkaResponseError ? exceptionText(error.errorCode) : (error as Error).message;
    io.out(errorLine(`Executing consumer group command failed due to ${detail}`));
  } finally {
    client.close();
  }
  return 0;
}

/** ConsumerGroupCommandOptions.checkArgs, for the options this command has. */
function checkArgs(options: ConsumerGroupsOptions, io: Io): void {
  const hasGroups = options.groups.length > 0 || options.allGroups;
  const needsGroups = ['describe', 'delete', 'reset-offsets'].includes(options.action);
  if (needsGroups && !hasGroups) {
    throw new ConsumerGroupsUsageError(`Option [${options.action}] takes one of these options: [all-groups], [group]`);
  }
  if (options.groups.length > 0 && options.allGroups) {
    throw new ConsumerGroupsUsageError("Option [group] can't be used with option [all-groups]");
  }
  if (options.action === 'delete-offsets') {
    if (options.groups.length !== 1 || options.topics.length === 0) {
      throw new ConsumerGroupsUsageError('Option [delete-offsets] takes the following options: [group], [topic]');
    }
  }
  if (
    options.action === 'describe' &&
    [options.members, options.offsets, options.state !== null].filter(Boolean).length > 1
  ) {
    throw new ConsumerGroupsUsageError(
      'Option [describe] takes at most one of these options: [members], [offsets], [state]',
    );
  }
  if (options.action === 'reset-offsets') {
    if (options.dryRun && options.execute) {
      throw new ConsumerGroupsUsageError('Option [reset-offsets] only accepts one of [execute], [dry-run]');
    }
    if (!options.dryRun && !options.execute) {
      io.err(
        'WARN: No action will be performed as the --execute option is missing. In a future major release, the default ' +
          'behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. ' +
          'You should add the --dry-run option explicitly if you are scripting this command and want to keep the current ' +
          'default behavior without prompting.\n',
      );
    }
    if (options.topics.length > 0 && options.allTopics) {
      throw new ConsumerGroupsUsageError("Option [all-topics] can't be used with option [topic]");
    }
    if (options.reset !== null && options.fromFile !== null) {
      throw new ConsumerGroupsUsageError("Option [from-file] can't be used with another reset scenario");
    }
    if (options.reset === null && options.fromFile === null) {
      throw new ConsumerGroupsUsageError(
        "Option '[reset-offsets]' requires one of the following scenarios: [to-offset], [to-earliest], [to-latest], [shift-by], [to-current]",
      );
    }
  }
}

async function runAction(client: ConsumerGroupsClient, options: ConsumerGroupsOptions, io: Io): Promise<void> {
  switch (options.action) {
    case 'list':
      return list(client, options, io);
    case 'describe':
      return describe(client, options, io);
    case 'delete': {
      const groups = await groupIds(client, options);
      const results = [];
      for (const groupId of groups) results.push({ groupId, errorCode: await client.deleteGroup(groupId) });
      io.out(formatDeleteGroups(results));
      return;
    }
    case 'reset-offsets':
      return resetOffsets(client, options, io);
    case 'delete-offsets':
      return deleteOffsets(client, options, io);
  }
}

/**
 * Consumer groups: the classic "consumer" protocol type, or "" for groups that only commit offsets. Kafka's Admin
 * collects the brokers' listings in a HashMap by group id, and so lists them in that map's order.
 */
async function consumerGroups(client: ConsumerGroupsClient): Promise<ListedGroup[]> {
  const byId = new Map<string, ListedGroup>();
  for (const g of await client.listGroups()) {
    if (g.protocolType === 'consumer' || g.protocolType === '') byId.set(g.groupId, g);
  }
  return javaHashMapOrder([...byId.values()], (g) => javaStringHash(g.groupId));
}

async function groupIds(client: ConsumerGroupsClient, options: ConsumerGroupsOptions): Promise<string[]> {
  if (options.allGroups) return (await consumerGroups(client)).map((g) => g.groupId);
  return [...new Set(options.groups)];
}

async function list(client: ConsumerGroupsClient, options: ConsumerGroupsOptions, io: Io): Promise<void> {
  let groups = await consumerGroups(client);
  if (options.state !== null && options.state !== '') {
    const wanted = options.state.split(',').map((s) => {
      const state = CONSUMER_GROUP_STATES.find((known) => known.toLowerCase() === s.trim().toLowerCase());
      if (state === undefined) {
        throw new ConsumerGroupsUsageError(
          `Invalid state list '${options.state}'. Valid states are: ${CONSUMER_GROUP_STATES.join(', ')}`,
        );
      }
      return state;
    });
    groups = groups.filter((g) => wanted.includes(g.groupState));
  }
  if (options.type !== null && options.type !== '') {
    const wanted = options.type.split(',').map((t) => t.trim().toLowerCase());
    if (wanted.some((t) => t !== 'classic' && t !== 'consumer')) {
      throw new ConsumerGroupsUsageError(`Invalid types list '${options.type}'. Valid types are: Classic, Consumer`);
    }
    groups = groups.filter((g) => wanted.includes(g.groupType.toLowerCase()));
  }
  io.out(formatGroupList(groups, options.type !== null, options.state !== null));
}

async function describe(client: ConsumerGroupsClient, options: ConsumerGroupsOptions, io: Io): Promise<void> {
  // Kafka collects every group first (a failure prints nothing but the error), then prints them by group id.
  const collected: { group: DescribedGroup; committed: Map<string, CommittedOffset & TopicPartition> }[] = [];
  for (const groupId of (await groupIds(client, options)).sort()) {
    const group = await client.describeGroup(groupId);
    const wantsOffsets = !options.members && options.state === null;
    collected.push({ group, committed: wantsOffsets ? await client.fetchOffsets(groupId) : new Map() });
  }
  for (const { group, committed } of collected) {
    if (options.members) {
      const notes = groupStateNotes(group.groupId, group.state, group.members.length);
      io.out(notes.out);
      io.err(notes.err);
      io.out(formatMembers(group, options.verbose));
    } else if (options.state !== null) {
      const notes = groupStateNotes(group.groupId, group.state, 1);
      io.out(notes.out);
      io.err(notes.err);
      if (notes.print) io.out(formatState(group, options.verbose));
    } else {
      const partitions = [...group.members.flatMap((m) => m.assignment), ...committed.values()];
      const logEnd = partitions.length > 0 ? await client.logEndOffsets(partitions) : new Map<string, bigint>();
      const rows = offsetRows(group, committed, logEnd);
      const notes = groupStateNotes(group.groupId, group.state, rows.length);
      io.out(notes.out);
      io.err(notes.err);
      if (notes.print) io.out(formatOffsets(rows, options.verbose));
    }
  }
}

/** `topic` or `topic:0,1,2` arguments as partitions; bare topics expand to all their partitions. */
async function parseTopicPartitions(
  client: ConsumerGroupsClient,
  topics: readonly string[],
): Promise<TopicPartition[]> {
  const result: TopicPartition[] = [];
  const bare: string[] = [];
  for (const arg of topics) {
    if (!arg.includes(':')) {
      bare.push(arg);
      continue;
    }
    const parts = arg.split(':');
    if (parts.length !== 2)
      throw new ConsumerGroupsUsageError(`Invalid topic arg '${arg}', expected topic name and partitions`);
    for (const p of parts[1].split(',')) {
      if (!/^-?\d+$/.test(p))
        throw new ConsumerGroupsUsageError(`Invalid partition '${p}' specified in topic arg '${arg}''`);
      result.push({ topic: parts[0], partition: Number(p) });
    }
  }
  if (bare.length > 0) {
    const { topics: metadata } = await client.metadata(bare);
    for (const topic of bare) {
      const t = metadata.get(topic);
      if (t === undefined || t.errorCode !== ErrorCode.NONE) {
        throw new KafkaResponseError(t?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      }
      for (const p of t.partitions) result.push({ topic, partition: p.partition });
    }
  }
  return result;
}

async function resetOffsets(client: ConsumerGroupsClient, options: ConsumerGroupsOptions, io: Io): Promise<void> {
  const fromFile =
    options.fromFile === null ? null : parseResetPlanCsv(await readFile(options.fromFile, 'utf8'), options.groups);
  if (fromFile === null && !options.allTopics && options.topics.length === 0) {
    throw new ConsumerGroupsUsageError('One of the reset scopes should be defined: --all-topics, --topic.');
  }
  const plan = new Map<string, (TopicPartition & { offset: bigint })[]>();
  for (const groupId of await groupIds(client, options)) {
    const group = await client.describeGroup(groupId);
    if (group.state !== 'Empty' && group.state !== 'Dead') {
      io.out(
        errorLine(
          `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${group.state}.`,
        ),
      );
      plan.set(groupId, []);
      continue;
    }
    const committed = await client.fetchOffsets(groupId);
    let scenario = options.reset;
    let partitions: TopicPartition[];
    if (fromFile !== null) {
      const planned = fromFile.get(groupId);
      if (planned === undefined) throw new ConsumerGroupsUsageError(`No reset plan for group ${groupId} found`);
      partitions = planned.map(({ topic, partition }) => ({ topic, partition }));
      scenario = { kind: 'from-file', offsets: new Map(planned.map((p) => [tpKey(p), p.offset])) };
    } else if (options.allTopics) {
      partitions = [...committed.values()];
    } else {
      partitions = await parseTopicPartitions(client, options.topics);
    }
    const offsets = await resetTargets(client, scenario!, partitions, committed, io.out);
    if (options.execute) {
      const errors = await client.commitOffsets(groupId, offsets);
      const failed = [...errors.values()].find((code) => code !== ErrorCode.NONE);
      if (failed !== undefined) throw new KafkaResponseError(failed);
    }
    plan.set(groupId, offsets);
  }
  // Kafka prints the CSV with println: one more line break after the last row.
  io.out(options.exportCsv ? `${formatResetPlanCsv(plan, options.groups.length === 1)}\n` : formatResetPlan(plan));
}

async function deleteOffsets(client: ConsumerGroupsClient, options: ConsumerGroupsOptions, io: Io): Promise<void> {
  const groupId = options.groups[0];
  const results: (TopicPartition & { errorCode: number })[] = [];
  const partitions: TopicPartition[] = [];
  for (const arg of options.topics) {
    try {
      partitions.push(...(await parseTopicPartitions(client, [arg])));
    } catch (error) {
      // A topic that cannot be described is reported as its own row, as Kafka's tool does.
      if (!(error instanceof KafkaResponseError)) throw error;
      results.push({ topic: arg, partition: -1, errorCode: error.errorCode });
    }
  }
  const unique = [...new Map(partitions.map((tp) => [tpKey(tp), tp])).values()];
  const response = await client.deleteOffsets(groupId, unique);
  let topLevel = response.errorCode;
  for (const tp of unique) {
    const errorCode = topLevel !== ErrorCode.NONE ? topLevel : (response.partitions.get(tpKey(tp)) ?? ErrorCode.NONE);
    results.push({ ...tp, errorCode });
  }
  // DeleteConsumerGroupOffsetsResult.all() fails with the first partition error when the group answered NONE.
  if (topLevel === ErrorCode.NONE)
    topLevel = results.find((r) => r.partition >= 0 && r.errorCode !== ErrorCode.NONE)?.errorCode ?? ErrorCode.NONE;
  io.out(formatDeleteOffsets(groupId, topLevel, results));
}
