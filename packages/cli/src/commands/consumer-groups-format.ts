/**
 * The text of `tributary consumer-groups`, exactly as Kafka 4.1's kafka-consumer-groups.sh prints it
 * (ConsumerGroupCommand.java: Java printf columns `%-Ns` at least 15 wide, rows led by "\n", "-" for a missing
 * value, notes about empty or rebalancing groups on stderr, errors as "\nError: …" on stdout). Pure functions
 * of the data the command collected; where Kafka prints out of a HashMap, the same HashMap order is reproduced.
 */
import { ErrorCode, errorName } from '@tributary/protocol';
import type { CommittedOffset, DescribedGroup, ListedGroup, TopicPartition } from './consumer-groups-client.js';
import { tpKey } from './consumer-groups-client.js';
import { javaHashMapOrder, javaStringHash, topicPartitionHash } from './consumer-groups-java-order.js';

export const MISSING_COLUMN_VALUE = '-';

/** What a command prints: stdout and stderr text. */
export interface Printed {
  out: string;
  err: string;
}

/** Java's `%-Ns`: left-justified, padded to `width`, never cut. */
export const pad = (value: string | number | bigint, width: number): string => String(value).padEnd(width);

const columns = (values: readonly (string | number | bigint)[], widths: readonly number[]): string =>
  values.map((v, i) => (i < widths.length ? pad(v, widths[i]) : String(v))).join(' ');

const widest = (minimum: number, values: Iterable<string>): number => {
  let width = minimum;
  for (const v of values) width = Math.max(width, v.length);
  return width;
};

const compareTp = (a: TopicPartition, b: TopicPartition): number =>
  a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;

/** `\nError: <message>\n`, what Kafka's printError writes to stdout. */
export const errorLine = (message: string): string => `\nError: ${message}\n`;

/** Kafka's exception class and message for an error code, as `Throwable.toString()` prints them. */
const EXCEPTIONS: Record<number, [string, string]> = {
  [ErrorCode.GROUP_ID_NOT_FOUND]: ['GroupIdNotFoundException', 'The group id does not exist.'],
  [ErrorCode.NON_EMPTY_GROUP]: ['GroupNotEmptyException', 'The group is not empty.'],
  [ErrorCode.INVALID_GROUP_ID]: ['InvalidGroupIdException', 'The configured groupId is invalid.'],
  [ErrorCode.GROUP_AUTHORIZATION_FAILED]: ['GroupAuthorizationException', 'Group authorization failed.'],
  [ErrorCode.COORDINATOR_NOT_AVAILABLE]: ['CoordinatorNotAvailableException', 'The coordinator is not available.'],
  [ErrorCode.NOT_COORDINATOR]: ['NotCoordinatorException', 'This is not the correct coordinator.'],
  [ErrorCode.COORDINATOR_LOAD_IN_PROGRESS]: [
    'CoordinatorLoadInProgressException',
    "The coordinator is loading and hence can't process requests.",
  ],
  [ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC]: [
    'GroupSubscribedToTopicException',
    'The consumer group is actively subscribed to the topic',
  ],
  [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]: [
    'UnknownTopicOrPartitionException',
    'This server does not host this topic-partition.',
  ],
  [ErrorCode.UNKNOWN_MEMBER_ID]: ['UnknownMemberIdException', 'The coordinator is not aware of this member.'],
  [ErrorCode.REBALANCE_IN_PROGRESS]: [
    'RebalanceInProgressException',
    'The group is rebalancing, so a rejoin is needed.',
  ],
  [ErrorCode.REQUEST_TIMED_OUT]: ['TimeoutException', 'The request timed out.'],
};

/** Errors.message(): the text Kafka prints for a top-level error code. */
export function errorMessage(errorCode: number): string {
  return EXCEPTIONS[errorCode]?.[1] ?? errorName(errorCode);
}

/** `org.apache.kafka.common.errors.<Exception>: <message>` */
export function exceptionText(errorCode: number): string {
  const known = EXCEPTIONS[errorCode];
  if (known === undefined) return `org.apache.kafka.common.errors.ApiException: ${errorName(errorCode)}`;
  return `org.apache.kafka.common.errors.${known[0]}: ${known[1]}`;
}

// ---- --list ----

/** GroupType#toString of a ListGroups group type ("classic" -> "Classic"); "Unknown" when the broker sent none. */
export const groupTypeName = (type: string): string =>
  type === '' ? 'Unknown' : `${type[0].toUpperCase()}${type.slice(1).toLowerCase()}`;

/** --list: group ids, or with --type/--state a table (the GROUP column 10 wider than the longest id). */
export function formatGroupList(groups: readonly ListedGroup[], includeType: boolean, includeState: boolean): string {
  if (!includeType && !includeState) return groups.map((g) => `${g.groupId}\n`).join('');
  const width =
    widest(
      15,
      groups.map((g) => g.groupId),
    ) + 10;
  const line = (id: string, type: string, state: string) =>
    `${pad(id, width)}${includeType ? ` ${pad(type, 20)}` : ''}${includeState ? ` ${pad(state, 20)}` : ''}\n`;
  const rows = groups.map((g) => line(g.groupId, groupTypeName(g.groupType), g.groupState || 'Unknown'));
  return line('GROUP', 'TYPE', 'STATE') + rows.join('');
}

// ---- --describe: the group's state, then one of three tables ----

const REBALANCING_STATES = new Set(['PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling']);

/** shouldPrintMemberState: notes about the group, and whether its table has anything to show. */
export function groupStateNotes(groupId: string, state: string, rowCount: number): Printed & { print: boolean } {
  if (state === 'Dead') return { out: errorLine(`Consumer group '${groupId}' does not exist.`), err: '', print: false };
  let err = '';
  if (state === 'Empty') err = `\nConsumer group '${groupId}' has no active members.\n`;
  else if (REBALANCING_STATES.has(state)) err = `\nWarning: Consumer group '${groupId}' is rebalancing.\n`;
  else if (state !== 'Stable') throw new Error(`Expected a valid consumer group state, but found '${state}'.`);
  return { out: '', err, print: rowCount > 0 };
}

export interface OffsetRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly leaderEpoch: number | null;
  readonly offset: bigint | null;
  readonly logEndOffset: bigint | null;
  readonly consumerId: string;
  readonly host: string;
  readonly clientId: string;
}

/**
 * The rows of `--describe [--offsets]`: members with partitions (most partitions first), each member's partitions
 * by topic and partition, then committed partitions no member holds (consumer "-").
 */
export function offsetRows(
  group: DescribedGroup,
  committed: ReadonlyMap<string, CommittedOffset>,
  logEndOffsets: ReadonlyMap<string, bigint>,
): OffsetRow[] {
  const rows: OffsetRow[] = [];
  const assigned = new Set<string>();
  const row = (tp: TopicPartition, consumerId: string, host: string, clientId: string): OffsetRow => {
    const c = committed.get(tpKey(tp));
    return {
      group: group.groupId,
      topic: tp.topic,
      partition: tp.partition,
      leaderEpoch: c === undefined || c.leaderEpoch < 0 ? null : c.leaderEpoch,
      offset: c?.offset ?? null,
      logEndOffset: logEndOffsets.get(tpKey(tp)) ?? null,
      consumerId,
      host,
      clientId,
    };
  };
  const members = group.members.filter((m) => m.assignment.length > 0);
  // Array.prototype.sort is stable, as Java's List.sort: equal sizes keep the coordinator's member order.
  members.sort((a, b) => b.assignment.length - a.assignment.length);
  for (const member of members) {
    for (const tp of [...member.assignment].sort(compareTp)) {
      assigned.add(tpKey(tp));
      rows.push(row(tp, member.memberId, member.clientHost, member.clientId));
    }
  }
  const unassigned = [...committed.entries()]
    .filter(([key]) => !assigned.has(key))
    .map(([, c]) => c as CommittedOffset & TopicPartition)
    .sort(compareTp);
  const dash = MISSING_COLUMN_VALUE;
  for (const tp of unassigned) rows.push(row(tp, dash, dash, dash));
  return rows;
}

const orDash = (value: number | bigint | null): string => (value === null ? MISSING_COLUMN_VALUE : String(value));

export function formatOffsets(rows: readonly OffsetRow[], verbose: boolean): string {
  const widths = [
    widest(
      15,
      rows.map((r) => r.group),
    ),
    widest(
      15,
      rows.map((r) => r.topic),
    ),
    10,
    ...(verbose ? [15] : []),
    15,
    15,
    15,
    widest(
      15,
      rows.map((r) => r.consumerId),
    ),
    widest(
      15,
      rows.map((r) => r.host),
    ),
  ];
  const header = ['GROUP', 'TOPIC', 'PARTITION', ...(verbose ? ['LEADER-EPOCH'] : [])];
  header.push('CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID');
  let text = `\n${columns(header, widths)}`;
  for (const r of rows) {
    const lag = r.offset !== null && r.logEndOffset !== null ? r.logEndOffset - r.offset : null;
    const values = [r.group, r.topic, r.partition, ...(verbose ? [orDash(r.leaderEpoch)] : [])];
    values.push(orDash(r.offset), orDash(r.logEndOffset), orDash(lag), r.consumerId, r.host, r.clientId);
    text += `\n${columns(values, widths)}`;
  }
  return `${text}\n`;
}

/** `t1:0,1;t2:3`: topics sorted, each topic's partitions sorted. */
export function assignmentString(assignment: readonly TopicPartition[]): string {
  const byTopic = new Map<string, number[]>();
  for (const tp of assignment) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  return [...byTopic]
    .map(([topic, partitions]) => `${topic}:${[...partitions].sort((a, b) => a - b).join(',')}`)
    .sort()
    .join(';');
}

export function formatMembers(group: DescribedGroup, verbose: boolean): string {
  const members = group.members;
  const withInstanceId = members.some((m) => (m.groupInstanceId ?? '') !== '');
  const assignments = members.map((m) =>
    m.assignment.length === 0 ? MISSING_COLUMN_VALUE : assignmentString(m.assignment),
  );
  const widths = [
    widest(15, members.length > 0 ? [group.groupId] : []),
    widest(
      15,
      members.map((m) => m.memberId),
    ),
    ...(withInstanceId
      ? [
          widest(
            17,
            members.map((m) => m.groupInstanceId ?? ''),
          ),
        ]
      : []),
    widest(
      15,
      members.map((m) => m.clientHost),
    ),
    widest(
      15,
      members.map((m) => m.clientId),
    ),
    15,
  ];
  const assignmentWidth = widest(20, assignments);
  // Classic-protocol members have no epochs and no target assignment: "-" (KIP-848 groups would fill them).
  const verboseColumns = (epoch: string, current: string, targetEpoch: string, target: string) =>
    `${pad(epoch, 15)} ${pad(current, assignmentWidth)} ${pad(targetEpoch, 15)} ${pad(target, 20)}`;
  const header = ['GROUP', 'CONSUMER-ID', ...(withInstanceId ? ['GROUP-INSTANCE-ID'] : []), 'HOST', 'CLIENT-ID'];
  let text = `\n${header.map((h, i) => pad(h, widths[i])).join(' ')} ${pad('#PARTITIONS', 15)} `;
  if (verbose) text += verboseColumns('CURRENT-EPOCH', 'CURRENT-ASSIGNMENT', 'TARGET-EPOCH', 'TARGET-ASSIGNMENT');
  text += '\n';
  members.forEach((m, index) => {
    const values = [
      group.groupId,
      m.memberId,
      ...(withInstanceId ? [m.groupInstanceId ?? ''] : []),
      m.clientHost,
      m.clientId,
    ];
    text += `${values.map((v, i) => pad(v, widths[i])).join(' ')} ${pad(m.assignment.length, 15)} `;
    if (verbose) text += verboseColumns('-', assignments[index], '-', '-');
    text += '\n';
  });
  return text;
}

export function formatState(group: DescribedGroup, verbose: boolean): string {
  const coordinator = `${group.coordinator.host}:${group.coordinator.port}  (${group.coordinator.nodeId})`;
  const strategy = group.protocol === '' ? MISSING_COLUMN_VALUE : group.protocol;
  const widths = [
    Math.max(15, group.groupId.length),
    Math.max(25, coordinator.length),
    20,
    20,
    ...(verbose ? [15, 25] : []),
  ];
  const header = [
    'GROUP',
    'COORDINATOR (ID)',
    'ASSIGNMENT-STRATEGY',
    'STATE',
    ...(verbose ? ['GROUP-EPOCH', 'TARGET-ASSIGNMENT-EPOCH'] : []),
  ];
  const row = [group.groupId, coordinator, strategy, group.state, ...(verbose ? ['-', '-'] : [])];
  return `\n${columns([...header, '#MEMBERS'], widths)}\n${columns([...row, group.members.length], widths)}\n`;
}

// ---- --reset-offsets, --delete, --delete-offsets ----

/**
 * printOffsetsToReset (Kafka 4.1: fixed 30/30/10/15 columns); a group whose reset was refused has no rows. Groups
 * and each group's partitions come in HashMap order, as Kafka keeps both in HashMaps.
 */
export function formatResetPlan(plan: ReadonlyMap<string, readonly (TopicPartition & { offset: bigint })[]>): string {
  const line = (values: readonly (string | number | bigint)[]) => `\n${columns(values, [30, 30, 10, 15])}`;
  let text = plan.size > 0 ? line(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET']) : '';
  for (const groupId of javaHashMapOrder([...plan.keys()], javaStringHash)) {
    const offsets = javaHashMapOrder(plan.get(groupId)!, (o) => topicPartitionHash(o.topic, o.partition));
    for (const o of offsets) text += line([groupId, o.topic, o.partition, o.offset]);
  }
  return `${text}\n`;
}

export function formatDeleteGroups(results: readonly { groupId: string; errorCode: number }[]): string {
  const quoted = (groups: readonly { groupId: string }[]) => groups.map((g) => `'${g.groupId}'`).join(', ');
  const hashMap = (groups: typeof results) => javaHashMapOrder(groups, (g) => javaStringHash(g.groupId));
  const failed = hashMap(results.filter((r) => r.errorCode !== ErrorCode.NONE));
  const succeeded = hashMap(results.filter((r) => r.errorCode === ErrorCode.NONE));
  if (failed.length === 0) return `Deletion of requested consumer groups (${quoted(succeeded)}) was successful.\n`;
  let text = errorLine('Deletion of some consumer groups failed:');
  for (const f of failed) text += `* Group '${f.groupId}' could not be deleted due to: ${exceptionText(f.errorCode)}\n`;
  if (succeeded.length > 0) text += `\nThese consumer groups were deleted successfully: ${quoted(succeeded)}\n`;
  return text;
}

/** `partition` -1 stands for a whole topic that could not be described. */
export function formatDeleteOffsets(
  groupId: string,
  errorCode: number,
  partitions: readonly (TopicPartition & { errorCode: number })[],
): string {
  let text: string;
  switch (errorCode) {
    case ErrorCode.NONE:
      text = `Request succeeded for deleting offsets from group ${groupId}.\n`;
      break;
    case ErrorCode.INVALID_GROUP_ID:
    case ErrorCode.GROUP_ID_NOT_FOUND:
    case ErrorCode.GROUP_AUTHORIZATION_FAILED:
    case ErrorCode.NON_EMPTY_GROUP:
      text = errorLine(errorMessage(errorCode));
      break;
    case ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC:
    case ErrorCode.TOPIC_AUTHORIZATION_FAILED:
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
      text = errorLine('Encountered some partition-level error, see the follow-up details.');
      break;
    default:
      text = errorLine(`Encountered some unknown error: ${errorName(errorCode)}`);
  }
  const widths = [
    widest(
      15,
      partitions.map((p) => p.topic),
    ),
    10,
    15,
  ];
  text += `\n${columns(['TOPIC', 'PARTITION', 'STATUS'], widths)}`;
  // Kafka sorts by topic + partition as one string.
  const sorted = [...partitions].sort((a, b) => {
    const ka = `${a.topic}${a.partition}`;
    const kb = `${b.topic}${b.partition}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (const p of sorted) {
    const status = p.errorCode === ErrorCode.NONE ? 'Successful' : `Error: ${exceptionText(p.errorCode)}`;
    text += `\n${columns([p.topic, p.partition >= 0 ? p.partition : MISSING_COLUMN_VALUE, status], widths)}`;
  }
  return `${text}\n`;
}
