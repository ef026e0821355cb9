/** Shared by the kafka-tools tests: when they can run, and one ToolRunner JVM whose calls must exit as expected. */
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { kafkaVersion, startToolRunner, type ToolRunner } from '../../scripts/kafka/jvm.mjs';

export const TOPICS = 'org.apache.kafka.tools.TopicCommand';
export const PRODUCER_PERF = 'org.apache.kafka.tools.ProducerPerformance';
export const CONSOLE_PRODUCER = 'org.apache.kafka.tools.ConsoleProducer';
export const CONSOLE_CONSUMER = 'org.apache.kafka.tools.consumer.ConsoleConsumer';
export const GET_OFFSETS = 'org.apache.kafka.tools.GetOffsetShell';
export const CONFIGS = 'kafka.admin.ConfigCommand';
export const CLUSTER = 'org.apache.kafka.tools.ClusterTool';
export const VERIFIABLE_PRODUCER = 'org.apache.kafka.tools.VerifiableProducer';

/** beforeAll may download Kafka from Maven Central on a fresh machine (about 54 MB), then start the brokers. */
export const FETCH_AND_START_TIMEOUT_MS = 600_000;

/** Why the Kafka tools cannot run here (logged), or null: needs java, and the fetched jars or mvn to fetch them. */
export function kafkaToolsSkipReason(testName: string): string | null {
  const has = (command: string, arg: string) => spawnSync(command, [arg], { stdio: 'ignore' }).status === 0;
  let reason: string | null = null;
  if (!has('java', '-version')) reason = 'java is not installed';
  // ToolRunner.java runs as a single-file source program, which needs a JDK's compiler, not just a runtime.
  else if (!has('javac', '-version')) reason = 'no JDK (javac) to run scripts/kafka/ToolRunner.java';
  else if (!kafkaVersion() && !has('mvn', '-v')) reason = 'the Kafka jars are not fetched and mvn is not installed';
  if (reason) console.warn(`${testName} skipped: ${reason}`);
  return reason;
}

export interface Tools {
  /** Runs a tool's main() and returns its stdout; it must exit with `status` (0 unless said otherwise). */
  run(mainClass: string, args: string[], options?: { input?: string; status?: number }): Promise<string>;
  close(): Promise<void>;
}

export function startTools(): Tools {
  const runner: ToolRunner = startToolRunner();
  return {
    async run(mainClass, args, { input = '', status = 0 } = {}) {
      const result = await runner.run(mainClass, args, { input });
      const context = `${mainClass} ${args.join(' ')}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
      expect(result.status, context).toBe(status);
      return result.stdout;
    },
    close: () => runner.close(),
  };
}

/** kafka-topics arguments creating `topic` with RF 1 and the given topic configs (`name=value`). */
export function createTopicArgs(topic: string, partitions: number, configs: string[] = []): string[] {
  const args = ['--create', '--topic', topic, '--partitions', `${partitions}`, '--replication-factor', '1'];
  return [...args, ...configs.flatMap((config) => ['--config', config])];
}

/** kafka-producer-perf-test arguments: `records` of 100 bytes, unthrottled, to `bootstrap` with extra producer props. */
export function producerPerfArgs(bootstrap: string, topic: string, records: number, props: string[] = []): string[] {
  const load = ['--topic', topic, '--num-records', `${records}`, '--record-size', '100', '--throughput', '-1'];
  // It takes the broker in --producer-props, not --bootstrap-server.
  return [...load, '--producer-props', `bootstrap.servers=${bootstrap}`, ...props];
}

/** `topic:partition:offset` lines of kafka-get-offsets, as a partition -> offset map. */
export function parseOffsets(stdout: string, topic: string): Map<number, number> {
  const offsets = new Map<number, number>();
  for (const line of stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')) {
    const match = /^(.+):(\d+):(-?\d+)$/.exec(line);
    expect(match, `kafka-get-offsets line "${line}"`).not.toBeNull();
    expect(match?.[1]).toBe(topic);
    offsets.set(Number(match?.[2]), Number(match?.[3]));
  }
  return offsets;
}
