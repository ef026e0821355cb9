// Intent: `tributary consumer-groups` prints byte for byte what Kafka 4.1's kafka-consumer-groups.sh prints for
// the same data (expected strings produced by Java's String.format with ConsumerGroupCommand's format strings).
import { ConsumerProtocolAssignmentSchema, ErrorCode, encodeMessage } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { type DescribedGroup, decodeAssignment, tpKey } from '../src/commands/consumer-groups-client.js';
import {
  assignmentString,
  formatDeleteGroups,
  formatDeleteOffsets,
  formatGroupList,
  formatMembers,
  formatOffsets,
  formatResetPlan,
  formatState,
  groupStateNotes,
  offsetRows,
} from '../src/commands/consumer-groups-format.js';

const coordinator = { nodeId: 1, host: '127.0.0.1', port: 9092 };
const longMemberId = 'consumer-1-0123456789abcdef0123456789ab';

const stableGroup: DescribedGroup = {
  groupId: 'my-group',
  coordinator,
  state: 'Stable',
  protocolType: 'consumer',
  protocol: 'range',
  members: [
    {
      memberId: 'consumer-2',
      groupInstanceId: null,
      clientId: 'consumer-2',
      clientHost: '/10.0.0.2',
      assignment: [{ topic: 'orders-long-topic-name', partition: 0 }],
    },
    {
      memberId: longMemberId,
      groupInstanceId: null,
      clientId: 'consumer-1',
      clientHost: '/127.0.0.1',
      assignment: [
        { topic: 'orders', partition: 1 },
        { topic: 'orders', partition: 0 },
      ],
    },
    { memberId: 'idle', groupInstanceId: null, clientId: 'c', clientHost: '/h', assignment: [] },
  ],
};

const committed = new Map(
  [
    { topic: 'orders', partition: 0, offset: 5n, leaderEpoch: 0 },
    { topic: 'orders-long-topic-name', partition: 0, offset: 3n, leaderEpoch: -1 },
    { topic: 'z', partition: 2, offset: 9n, leaderEpoch: 4 },
  ].map((c) => [tpKey(c), c]),
);
const logEnd = new Map([
  [tpKey({ topic: 'orders', partition: 0 }), 10n],
  [tpKey({ topic: 'orders', partition: 1 }), 7n],
  [tpKey({ topic: 'z', partition: 2 }), 9n],
]);

describe('--describe --offsets', () => {
  it('lists members by partition count, their partitions sorted, then unassigned committed partitions', () => {
    const rows = offsetRows(stableGroup, committed, logEnd);
    expect(formatOffsets(rows, false)).toBe(
      '\nGROUP           TOPIC                  PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                             HOST            CLIENT-ID' +
        '\nmy-group        orders                 0          5               10              5               consumer-1-0123456789abcdef0123456789ab /127.0.0.1      consumer-1' +
        '\nmy-group        orders                 1          -               7               -               consumer-1-0123456789abcdef0123456789ab /127.0.0.1      consumer-1' +
        '\nmy-group        orders-long-topic-name 0          3               -               -               consumer-2                              /10.0.0.2       consumer-2' +
        '\nmy-group        z                      2          9               9               0               -                                       -               -\n',
    );
  });

  it('adds LEADER-EPOCH with --verbose', () => {
    const text = formatOffsets(offsetRows(stableGroup, committed, logEnd), true);
    expect(text.split('\n')[1]).toMatch(/^GROUP {11}TOPIC {18}PARTITION {2}LEADER-EPOCH {4}CURRENT-OFFSET/);
    expect(text.split('\n')[2]).toMatch(/^my-group {8}orders {17}0 {10}0 {15}5 /);
    expect(text.split('\n')[4]).toMatch(/^my-group {8}orders-long-topic-name 0 {10}- {15}3 /);
  });
});

describe('group state notes', () => {
  it('reports a dead group as missing on stdout and prints no table', () => {
    expect(groupStateNotes('g', 'Dead', 0)).toEqual({
      out: "\nError: Consumer group 'g' does not exist.\n",
      err: '',
      print: false,
    });
  });

  it('notes empty and rebalancing groups on stderr', () => {
    expect(groupStateNotes('g', 'Empty', 2)).toEqual({
      out: '',
      err: "\nConsumer group 'g' has no active members.\n",
      print: true,
    });
    expect(groupStateNotes('g', 'PreparingRebalance', 0)).toEqual({
      out: '',
      err: "\nWarning: Consumer group 'g' is rebalancing.\n",
      print: false,
    });
    expect(() => groupStateNotes('g', 'Bogus', 1)).toThrow("Expected a valid consumer group state, but found 'Bogus'.");
  });
});

describe('--describe --members / --state', () => {
  const group: DescribedGroup = {
    groupId: 'g',
    coordinator,
    state: 'Stable',
    protocolType: 'consumer',
    protocol: 'range',
    members: [
      {
        memberId: 'm-1',
        groupInstanceId: null,
        clientId: 'c1',
        clientHost: '/127.0.0.1',
        assignment: [
          { topic: 'b', partition: 2 },
          { topic: 'a', partition: 1 },
          { topic: 'a', partition: 0 },
        ],
      },
      { memberId: 'm-2', groupInstanceId: null, clientId: 'c2', clientHost: '/127.0.0.1', assignment: [] },
    ],
  };

  it('prints members with --verbose assignment columns', () => {
    expect(formatMembers(group, true)).toBe(
      '\nGROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT   ' +
        '\ng               m-1             /127.0.0.1      c1              3               -               a:0,1;b:2            -               -                   ' +
        '\ng               m-2             /127.0.0.1      c2              0               -               -                    -               -                   \n',
    );
    expect(assignmentString(group.members[0].assignment)).toBe('a:0,1;b:2');
  });

  it('prints the group state with its coordinator', () => {
    expect(formatState(group, false)).toBe(
      '\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                #MEMBERS' +
        '\ng               127.0.0.1:9092  (1)       range                Stable               2\n',
    );
  });
});

describe('--list, --reset-offsets, --delete, --delete-offsets', () => {
  it('lists group ids, or a GROUP/STATE table with --state', () => {
    const groups = [{ groupId: 'g1', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' }];
    expect(formatGroupList(groups, false, false)).toBe('g1\n');
    expect(formatGroupList(groups, true, true)).toBe(
      'GROUP                     TYPE                 STATE               \ng1                        Classic              Stable              \n',
    );
    expect(formatGroupList(groups, false, true)).toBe(
      'GROUP                     STATE               \ng1                        Stable              \n',
    );
  });

  it('prints the reset plan in 30-wide columns', () => {
    const plan = new Map([
      [
        'g',
        [
          { topic: 'orders', partition: 1, offset: 42n },
          { topic: 'orders', partition: 0, offset: 0n },
        ],
      ],
    ]);
    expect(formatResetPlan(plan)).toBe(
      '\nGROUP                          TOPIC                          PARTITION  NEW-OFFSET     ' +
        '\ng                              orders                         0          0              ' +
        '\ng                              orders                         1          42             \n',
    );
    expect(formatResetPlan(new Map())).toBe('\n');
  });

  it('reports group deletion as one line, or the failures with Kafka exception names', () => {
    expect(formatDeleteGroups([{ groupId: 'a', errorCode: 0 }])).toBe(
      "Deletion of requested consumer groups ('a') was successful.\n",
    );
    expect(
      formatDeleteGroups([
        { groupId: 'a', errorCode: ErrorCode.NON_EMPTY_GROUP },
        { groupId: 'b', errorCode: 0 },
      ]),
    ).toBe(
      '\nError: Deletion of some consumer groups failed:\n' +
        "* Group 'a' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.\n" +
        "\nThese consumer groups were deleted successfully: 'b'\n",
    );
  });

  it('prints per-partition offset deletion results', () => {
    expect(
      formatDeleteOffsets('g', ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, [
        { topic: 'orders', partition: 1, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC },
        { topic: 'orders', partition: 0, errorCode: 0 },
      ]),
    ).toBe(
      '\nError: Encountered some partition-level error, see the follow-up details.\n' +
        '\nTOPIC           PARTITION  STATUS         ' +
        '\norders          0          Successful     ' +
        '\norders          1          Error: org.apache.kafka.common.errors.GroupSubscribedToTopicException: The consumer group is actively subscribed to the topic\n',
    );
    expect(formatDeleteOffsets('g', 0, [])).toMatch(/^Request succeeded for deleting offsets from group g\.\n/);
  });
});

describe('decodeAssignment', () => {
  it('reads the partitions of a version-prefixed ConsumerProtocolAssignment, and nothing from garbage', () => {
    const body = encodeMessage(ConsumerProtocolAssignmentSchema, 1, {
      assignedPartitions: [{ topic: 'orders', partitions: [0, 2] }],
      userData: null,
    });
    const bytes = Buffer.concat([Buffer.from([0, 1]), body]);
    expect(decodeAssignment(bytes)).toEqual([
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 2 },
    ]);
    expect(decodeAssignment(Buffer.from([0, 1, 9]))).toEqual([]);
    expect(decodeAssignment(null)).toEqual([]);
  });
});
