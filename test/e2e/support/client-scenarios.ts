/**
 * The checks every client family runs against a real three-node cluster, through its JSON-lines program
 * (client-program.ts): admin (create an RF 3 topic, describe its configs, list offsets), 10,000+ idempotent acks=all
 * keyed records with headers read back byte for byte in partition order by an assigned consumer, and two members of
 * one consumer group splitting the partitions, reading everything exactly once and leaving their commits behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acksOf, type ClientProgram, GroupMember, runClient, StreamingProducer } from './client-program.js';
import {
  type ExpectedRecords,
  expectedByPartition,
  generateRecords,
  offsetsAtOrAfter,
  type ReadRecord,
  readByPartition,
  recordSeed,
  toJsonLines,
} from './client-records.js';
import { ensureBuilt, HEAVY_TEST_TIMEOUT_MS } from './node-process.js';
import { pollUntil } from './quorum.js';
import { ReplicatedCluster } from './replicated-cluster.js';

const RECORDS = 10_000;
const PARTITIONS = 6;
const GROUP_RECORDS = 10_000;
const GROUP_PARTITIONS = 4;
const CODEC_RECORDS = 2000;
const CODEC_PARTITIONS = 3;
const FAILOVER_RECORDS = 20_000;
const ISR_TIMEOUT_MS = 60_000;
const GROUP_TIMEOUT_MS = 90_000;

/** missing: why the client can't run here (printed, and the checks are skipped); prepare: build it, before the cluster. */
export function describeClientChecks(program: ClientProgram, missing: string | undefined, prepare: () => void): void {
  if (missing !== undefined) console.warn(`${program.name} e2e skipped: ${missing}`);
  describe.skipIf(missing !== undefined)(`${program.name} against a real 3-node cluster`, () => {
    let cluster: ReplicatedCluster;
    const shortName = program.name.split(' ')[0];
    const seed = recordSeed();
    const diagnostics = () =>
      `(records seed ${seed}: CLIENT_RECORDS_SEED=${seed} replays it)\n${cluster.process.stderr()}`;
    const flags = (more: Record<string, string | number>) => ({ brokers: cluster.liveBootstrap(), ...more });

    beforeAll(async () => {
      ensureBuilt();
      prepare();
      cluster = await ReplicatedCluster.start(shortName);
    });

    afterAll(async () => {
      await cluster?.stop();
    });

    async function createTopic(topic: string, partitions: number): Promise<void> {
      await runClient(
        program,
        'create-topic',
        flags({ topic, partitions, 'replication-factor': 3, config: 'min.insync.replicas=2' }),
      );
      await cluster.waitForFullIsr(topic, partitions, ISR_TIMEOUT_MS);
    }

    /** ListOffsets by timestamp through the client, at a probe inside the records' timestamps. */
    async function expectOffsetsForTime(topic: string, expected: ExpectedRecords, probeMs: number, what: string) {
      const listed = await runClient(program, 'offsets-for-time', flags({ topic, timestamp: probeMs }));
      const answers = offsetsAtOrAfter(expected, probeMs);
      expect(listed.lines.length, what).toBe(answers.size);
      for (const line of listed.lines) {
        const answer = answers.get(line.p)!;
        // confluent-kafka-python's offsets_for_times gives the offset only.
        expect(line, `${what}: partition ${line.p}`).toEqual(
          line.t === undefined ? { p: line.p, o: answer.o } : { p: line.p, ...answer },
        );
      }
    }

    async function endOffsets(topic: string): Promise<Map<number, number>> {
      const listed = await runClient(program, 'list-offsets', flags({ topic }));
      return new Map(listed.lines.map((line) => [line.p, line.end]));
    }

    const topic = 'client-records';
    const baseTimestampMs = Date.now() - 3_600_000;
    const records = generateRecords(RECORDS, seed, baseTimestampMs);
    let expected: ExpectedRecords;

    it('creates an RF 3 topic with its admin client and describes the topic config it was given', async () => {
      await createTopic(topic, PARTITIONS);
      const configs = await runClient(program, 'describe-configs', flags({ topic }));
      expect(configs.lines).toContainEqual({ key: 'min.insync.replicas', value: '2', source: 'DYNAMIC_TOPIC_CONFIG' });
      expect(configs.lines).toContainEqual({ key: 'cleanup.policy', value: 'delete', source: 'DEFAULT_CONFIG' });
    });

    it(
      `produces ${RECORDS} keyed records with headers (idempotent, acks=all) at dense, per-key ordered offsets`,
      async () => {
        const produced = await runClient(program, 'produce', flags({ topic }), toJsonLines(records));
        expect(acksOf(produced.lines).map((ack) => ack.i)).toEqual(records.map((_, i) => i));
        expected = expectedByPartition(records, acksOf(produced.lines));
        const partitionOfKey = new Map<string, number>();
        for (const ack of acksOf(produced.lines)) {
          expect(partitionOfKey.get(records[ack.i].k) ?? ack.p, `key of record ${ack.i}`).toBe(ack.p);
          partitionOfKey.set(records[ack.i].k, ack.p);
        }
        const byPartition = new Map<number, number[]>();
        for (const ack of acksOf(produced.lines)) byPartition.set(ack.p, [...(byPartition.get(ack.p) ?? []), ack.o]);
        for (const [partition, offsets] of byPartition) {
          // Acks are in production order: one idempotent producer keeps that order within a partition.
          expect(offsets, `partition ${partition} ${diagnostics()}`).toEqual(offsets.map((_, i) => i));
        }
        expect(byPartition.size).toBeGreaterThan(1);

        const ends = await endOffsets(topic);
        for (let p = 0; p < PARTITIONS; p++)
          expect(ends.get(p) ?? -1, `end of ${p}`).toBe(byPartition.get(p)?.length ?? 0);
      },
      HEAVY_TEST_TIMEOUT_MS,
    );

    it(
      'reads every record back byte for byte in partition order with an assigned consumer',
      async () => {
        const consumed = await runClient(program, 'consume', flags({ topic, count: RECORDS }));
        expect(consumed.lines.length, diagnostics()).toBe(RECORDS);
        const read = readByPartition(consumed.lines as ReadRecord[]);
        expect([...read.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [partition, list] of expected) {
          expect(read.get(partition), `partition ${partition} ${diagnostics()}`).toEqual(list);
        }
      },
      HEAVY_TEST_TIMEOUT_MS,
    );

    it('looks offsets up by timestamp (ListOffsets): the exact first record at or after it, past the end -1', async () => {
      for (const probe of [baseTimestampMs, baseTimestampMs + RECORDS / 2 + 0.5, baseTimestampMs + RECORDS - 7]) {
        await expectOffsetsForTime(topic, expected, Math.ceil(probe), `at ${Math.ceil(probe) - baseTimestampMs}`);
      }
      await expectOffsetsForTime(topic, expected, baseTimestampMs + RECORDS, 'past the last timestamp');
    });

    /** Waits until both members own partitions and together own each partition once. */
    function waitForSplit(members: GroupMember[]): Promise<true> {
      return pollUntil(
        'the two members splitting the partitions',
        async () => {
          const [a, b] = members.map((m) => [...m.assignment]);
          const split = a.length > 0 && b.length > 0 && a.length + b.length === GROUP_PARTITIONS;
          return split && new Set([...a, ...b]).size === GROUP_PARTITIONS ? true : undefined;
        },
        GROUP_TIMEOUT_MS,
      );
    }

    /** Waits until the members together printed `total` records, then has them commit and leave. */
    async function readAllAndLeave(members: GroupMember[], total: number): Promise<void> {
      await pollUntil(
        `the members reading ${total} records`,
        async () => (members.reduce((sum, m) => sum + m.records.length, 0) >= total ? true : undefined),
        GROUP_TIMEOUT_MS,
        250,
      );
      for (const member of members) await member.leave();
    }

    /**
     * Exactly once: together the members printed every produced record once, none missing, each member's records of
     * a partition in offset order; and the group's committed offsets are the end offsets.
     */
    async function expectExactlyOnce(members: GroupMember[], topic: string, group: string, expected: ExpectedRecords) {
      const all = members.flatMap((m) => m.records as ReadRecord[]);
      expect(all.length, `records read by the group ${diagnostics()}`).toBe(GROUP_RECORDS);
      for (const member of members) {
        for (const [p, list] of readByPartition(member.records)) {
          expect(
            list.map((r) => r.o),
            `one member's offsets of partition ${p}`,
          ).toEqual(list.map((r) => r.o).sort((a, b) => a - b));
        }
      }
      const read = readByPartition(all);
      for (let p = 0; p < GROUP_PARTITIONS; p++) {
        const list = (read.get(p) ?? []).sort((a, b) => a.o - b.o);
        expect(list, `partition ${p}`).toEqual(expected.get(p) ?? []);
      }
      const ends = await endOffsets(topic);
      const commits = await runClient(program, 'committed', flags({ topic, group }));
      const committed = commits.lines.filter((c) => c.t === topic && ends.get(c.p)! > 0);
      expect(
        committed.map((c) => [c.p, c.o]).sort((a, b) => a[0] - b[0]),
        'committed offsets are the end offsets',
      ).toEqual([...ends].filter(([, end]) => end > 0).sort((a, b) => a[0] - b[0]));
    }

    async function produceGroupRecords(topic: string, seedOffset: number, more = {}): Promise<ExpectedRecords> {
      const records = generateRecords(GROUP_RECORDS, seed + seedOffset, baseTimestampMs);
      const produced = await runClient(program, 'produce', flags({ topic, ...more }), toJsonLines(records));
      return expectedByPartition(records, acksOf(produced.lines));
    }

    it(
      'two members of one group split the partitions, read everything exactly once and leave their commits',
      async () => {
        const topic = 'client-group';
        const group = `${shortName}-group`;
        await createTopic(topic, GROUP_PARTITIONS);
        const members = [new GroupMember(program, flags({ topic, group }))];
        try {
          await pollUntil(
            'the first member owning every partition',
            async () => (members[0].assignment.size === GROUP_PARTITIONS ? true : undefined),
            GROUP_TIMEOUT_MS,
          );
          members.push(new GroupMember(program, flags({ topic, group })));
          await waitForSplit(members);
          const assignments = members.map((m) => [...m.assignment]);

          const expectedGroup = await produceGroupRecords(topic, 1);
          await readAllAndLeave(members, GROUP_RECORDS);
          members.forEach((member, m) => {
            expect(member.records.length).toBeGreaterThan(0);
            for (const record of member.records) expect(assignments[m]).toContain(record.p);
          });
          await expectExactlyOnce(members, topic, group, expectedGroup);
        } finally {
          for (const member of members) member.kill();
        }
      },
      HEAVY_TEST_TIMEOUT_MS,
    );

    it(
      'a member joining mid-read takes partitions over where the first one committed: every record exactly once',
      async () => {
        const topic = 'client-rebalance';
        const group = `${shortName}-rebalance`;
        await createTopic(topic, GROUP_PARTITIONS);
        // Small batches and fetches (16 KiB) and slow members (50 records per poll, 25 ms apart: ~5 s alone), so
        // the first member has read part of every partition when the second one joins.
        const smallBytes = 16 * 1024;
        const expectedGroup = await produceGroupRecords(topic, 2, { 'batch-bytes-max': smallBytes });
        const slow = {
          topic,
          group,
          'poll-records-max': 50,
          'poll-delay-ms': 25,
          'fetch-partition-bytes-max': smallBytes,
        };
        const members = [new GroupMember(program, flags(slow))];
        try {
          // Every partition started: whichever the second member is given, it takes over a partition mid-read
          // (a client may read partitions in turn, so "some record read" alone could leave it only untouched ones).
          await pollUntil(
            'the first member reading every partition',
            async () => (new Set(members[0].records.map((r) => r.p)).size === GROUP_PARTITIONS ? true : undefined),
            GROUP_TIMEOUT_MS,
          );
          members.push(new GroupMember(program, flags(slow)));
          await readAllAndLeave(members, GROUP_RECORDS);
          expect(members[0].records.length, 'the first member read before the handover').toBeLessThan(GROUP_RECORDS);
          expect(members[1].records.length, 'the second member took partitions over').toBeGreaterThan(0);
          const readBy = members.map((m) => new Set(m.records.map((r) => r.p)));
          const handedOver = [...readBy[1]].filter((p) => readBy[0].has(p));
          expect(handedOver.length, 'a partition moved mid-read').toBeGreaterThan(0);
          await expectExactlyOnce(members, topic, group, expectedGroup);
        } finally {
          for (const member of members) member.kill();
        }
      },
      HEAVY_TEST_TIMEOUT_MS,
    );

    it(
      'a static member (group.instance.id) back within the session timeout gets its partitions, the other untouched',
      async () => {
        const topic = 'client-static';
        const group = `${shortName}-static`;
        await createTopic(topic, GROUP_PARTITIONS);
        const member = (id: string) => new GroupMember(program, flags({ topic, group, 'instance-id': id }));
        const members = [member('static-a'), member('static-b')];
        try {
          await waitForSplit(members);
          const owned = [...members[0].assignment].sort();
          const eventsBefore = members[1].events.length;
          // A static member exits without LeaveGroup (KIP-345): the coordinator keeps its place for the session.
          await members[0].leave();
          members[0] = member('static-a');
          await pollUntil(
            'the restarted member owning its partitions again',
            async () => (members[0].assignment.size === owned.length ? true : undefined),
            GROUP_TIMEOUT_MS,
          );
          expect([...members[0].assignment].sort()).toEqual(owned);
          // No rebalance: the other member was neither revoked nor reassigned (empty cooperative reports aside).
          const moved = members[1].events.slice(eventsBefore).filter((e) => (e.assigned ?? e.revoked ?? []).length > 0);
          expect(moved).toEqual([]);
        } finally {
          for (const m of members) m.kill();
        }
      },
      HEAVY_TEST_TIMEOUT_MS,
    );

    it(
      'produces with every codec (none, gzip, snappy, lz4, zstd), reads back byte for byte and finds offsets by timestamp',
      async () => {
        const codecRecords = generateRecords(CODEC_RECORDS, seed + 3, baseTimestampMs);
        // The codecs run side by side: each run mostly waits (acks, fetch waits), so this takes one codec's time.
        const checkCodec = async (codec: string) => {
          const topic = `client-${codec}`;
          await createTopic(topic, CODEC_PARTITIONS);
          const produced = await runClient(
            program,
            'produce',
            flags({ topic, compression: codec }),
            toJsonLines(codecRecords),
          );
          const consumed = await runClient(program, 'consume', flags({ topic, count: CODEC_RECORDS }));
          const read = readByPartition(consumed.lines as ReadRecord[]);
          const expectedCodec = expectedByPartition(codecRecords, acksOf(produced.lines));
          for (const [partition, list] of expectedCodec) {
            expect(read.get(partition), `${codec}: partition ${partition} ${diagnostics()}`).toEqual(list);
          }
          // Inside a compressed batch the answer is still the exact record (it was the batch's first for snappy,
          // lz4 and zstd until the broker decoded them).
          await expectOffsetsForTime(topic, expectedCodec, baseTimestampMs + CODEC_RECORDS / 2 + 1, codec);
        };
        await Promise.all(['none', 'gzip', 'snappy', 'lz4', 'zstd'].map(checkCodec));
      },
      HEAVY_TEST_TIMEOUT_MS,
    );

    // Last: it leaves a node down.
    it(
      `keeps ${FAILOVER_RECORDS} idempotent records exactly once while a partition leader is killed mid-produce`,
      async () => {
        const topic = 'client-failover';
        await createTopic(topic, PARTITIONS);
        const lines = await cluster.describeTopic(topic);
        const bootstrapId = 1; // liveBootstrap() while nothing is down
        const victim = lines.find((line) => line.leader !== bootstrapId)!.leader;
        const failoverRecords = generateRecords(FAILOVER_RECORDS, seed + 4, baseTimestampMs);
        const half = FAILOVER_RECORDS / 2;
        const producer = new StreamingProducer(program, flags({ topic }));
        try {
          producer.write(toJsonLines(failoverRecords.slice(0, half)));
          await pollUntil(
            'the first half acknowledged',
            async () => (producer.acked >= half ? true : undefined),
            GROUP_TIMEOUT_MS,
          );
          cluster.kill9(victim);
          // The rest goes to the same producer: the partitions that lose their leader continue on a new one, whose
          // producer state must carry on the sequence numbers without a duplicate or a gap.
          producer.write(toJsonLines(failoverRecords.slice(half)));
          const acks = await producer.finish();
          expect(acks.map((ack) => ack.i)).toEqual(failoverRecords.map((_, i) => i));
          const expectedFailover = expectedByPartition(failoverRecords, acks);
          for (const [partition, list] of expectedFailover) {
            expect(
              list.map((r) => r.o),
              `partition ${partition} offsets`,
            ).toEqual(list.map((_, i) => i));
          }
          const consumed = await runClient(program, 'consume', flags({ topic, count: FAILOVER_RECORDS }));
          const read = readByPartition(consumed.lines as ReadRecord[]);
          for (const [partition, list] of expectedFailover) {
            expect(read.get(partition), `partition ${partition} ${diagnostics()}`).toEqual(list);
          }
          const ends = await endOffsets(topic);
          for (const [partition, list] of expectedFailover) expect(ends.get(partition)).toBe(list.length);
        } finally {
          producer.kill();
        }
      },
      HEAVY_TEST_TIMEOUT_MS,
    );
  });
}
