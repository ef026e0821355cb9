/**
 * The checks every client family runs against a real three-node cluster, through its JSON-lines program
 * (client-program.ts): admin (create an RF 3 topic, describe its configs, list offsets), 10,000+ idempotent acks=all
 * keyed records with headers read back byte for byte in partition order by an assigned consumer, and two members of
 * one consumer group splitting the partitions, reading everything exactly once and leaving their commits behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientProgram, GroupMember, runClient } from './client-program.js';
import {
  expectedByPartition,
  generateRecords,
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
const ISR_TIMEOUT_MS = 60_000;
const GROUP_TIMEOUT_MS = 90_000;

/** missing: why the client can't run here (printed, and the checks are skipped); prepare: build it, before the cluster. */
export function describeClientChecks(program: ClientProgram, missing: string | undefined, prepare: () => void): void {
  if (missing !== undefined) console.warn(`${program.name} e2e skipped: ${missing}`);
  describe.skipIf(missing !== undefined)(`${program.name} against a real 3-node cluster`, () => {
    let cluster: ReplicatedCluster;
    const seed = recordSeed();
    const diagnostics = () =>
      `(records seed ${seed}: CLIENT_RECORDS_SEED=${seed} replays it)\n${cluster.process.stderr()}`;
    const flags = (more: Record<string, string | number>) => ({ brokers: cluster.liveBootstrap(), ...more });

    beforeAll(async () => {
      ensureBuilt();
      prepare();
      cluster = await ReplicatedCluster.start(program.name.split(' ')[0]);
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

    async function endOffsets(topic: string): Promise<Map<number, number>> {
      const listed = await runClient(program, 'list-offsets', flags({ topic }));
      return new Map(listed.lines.map((line) => [line.p, line.end]));
    }

    const topic = 'client-records';
    const records = generateRecords(RECORDS, seed);
    let expected: ReturnType<typeof expectedByPartition>;

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
        expect(produced.lines.map((ack) => ack.i)).toEqual(records.map((_, i) => i));
        expected = expectedByPartition(records, produced.lines);
        const partitionOfKey = new Map<string, number>();
        for (const ack of produced.lines) {
          expect(partitionOfKey.get(records[ack.i].k) ?? ack.p, `key of record ${ack.i}`).toBe(ack.p);
          partitionOfKey.set(records[ack.i].k, ack.p);
        }
        const byPartition = new Map<number, number[]>();
        for (const ack of produced.lines) byPartition.set(ack.p, [...(byPartition.get(ack.p) ?? []), ack.o]);
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

    it(
      'two members of one group split the partitions, read everything exactly once and leave their commits',
      async () => {
        const groupTopic = 'client-group';
        const group = `${program.name.split(' ')[0]}-group`;
        await createTopic(groupTopic, GROUP_PARTITIONS);
        const all = Array.from({ length: GROUP_PARTITIONS }, (_, p) => p);
        const members = [new GroupMember(program, flags({ topic: groupTopic, group }))];
        try {
          await pollUntil(
            'the first member owning every partition',
            async () => (members[0].assignment.size === GROUP_PARTITIONS ? true : undefined),
            GROUP_TIMEOUT_MS,
          );
          members.push(new GroupMember(program, flags({ topic: groupTopic, group })));
          await pollUntil(
            'the two members splitting the partitions',
            async () => {
              const [a, b] = members.map((m) => [...m.assignment]);
              const split = a.length > 0 && b.length > 0 && a.length + b.length === GROUP_PARTITIONS;
              return split && new Set([...a, ...b]).size === GROUP_PARTITIONS ? true : undefined;
            },
            GROUP_TIMEOUT_MS,
          );
          const assignments = members.map((m) => [...m.assignment].sort());

          const groupRecords = generateRecords(GROUP_RECORDS, seed + 1);
          const produced = await runClient(program, 'produce', flags({ topic: groupTopic }), toJsonLines(groupRecords));
          const expectedGroup = expectedByPartition(groupRecords, produced.lines);
          await pollUntil(
            `the members reading ${GROUP_RECORDS} records`,
            async () => (members[0].records.length + members[1].records.length >= GROUP_RECORDS ? true : undefined),
            GROUP_TIMEOUT_MS,
            250,
          );
          for (const member of members) await member.leave();

          // Exactly once: no record twice, none missing, each member only from the partitions it was given.
          expect(members[0].records.length + members[1].records.length, diagnostics()).toBe(GROUP_RECORDS);
          members.forEach((member, m) => {
            for (const record of member.records) expect(assignments[m]).toContain(record.p);
            expect(member.records.length).toBeGreaterThan(0);
          });
          const read = readByPartition([...members[0].records, ...members[1].records]);
          for (const p of all) expect(read.get(p) ?? [], `partition ${p}`).toEqual(expectedGroup.get(p) ?? []);

          const ends = await endOffsets(groupTopic);
          const commits = await runClient(program, 'committed', flags({ topic: groupTopic, group }));
          const committed = commits.lines.filter((c) => c.t === groupTopic && ends.get(c.p)! > 0);
          expect(
            committed.map((c) => [c.p, c.o]).sort((a, b) => a[0] - b[0]),
            'committed offsets are the end offsets',
          ).toEqual([...ends].filter(([, end]) => end > 0).sort((a, b) => a[0] - b[0]));
        } finally {
          for (const member of members) member.kill();
        }
      },
      HEAVY_TEST_TIMEOUT_MS,
    );
  });
}
