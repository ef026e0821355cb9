#!/usr/bin/env node
/** `tributary`: the operator's and developer's command line. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runClusterStart } from './commands/cluster-command.js';
import { type ConsumerGroupsAction, runConsumerGroupsCommand } from './commands/consumer-groups-command.js';
import { parseResetScenario } from './commands/consumer-groups-reset.js';
import { LOCAL_CLUSTER_NODES_DEFAULT } from './commands/local-cluster.js';
import { runMetadataQuorumDescribe } from './commands/metadata-quorum-command.js';
import { runNodeCommand } from './commands/node-command.js';
import { runTopicsCommand, type TopicsAction } from './commands/topics-command.js';
import { runConsumePerf } from './perf/consume-perf-command.js';
import { runProducePerf } from './perf/produce-perf-command.js';

const overrideOption = {
  type: 'string',
  array: true,
  description: 'a config key=value that wins over the file and the environment (repeatable)',
} as const;

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  await yargs(argv)
    .scriptName('tributary')
    .strict()
    .demandCommand(1)
    .command(
      'node',
      'run one Tributary node in the foreground',
      (y) =>
        y
          .option('config', { type: 'string', description: 'server.properties file (Kafka key names)' })
          .option('override', overrideOption),
      async (args) => {
        exitCode = await runNodeCommand({ config: args.config, override: args.override });
      },
    )
    .command('cluster', 'local development cluster', (y) =>
      y.demandCommand(1).command(
        'start',
        'run a local cluster in the foreground, one process per node',
        (c) =>
          c
            .option('nodes', {
              type: 'number',
              default: LOCAL_CLUSTER_NODES_DEFAULT,
              description: 'number of combined broker,controller nodes (all quorum voters)',
            })
            .option('data-dir', { type: 'string', default: './.data', description: 'data root (node-N below it)' })
            .option('base-port', {
              type: 'number',
              default: 9092,
              description: 'client port of node 1 (+100 per node)',
            })
            .option('override', overrideOption),
        async (args) => {
          exitCode = await runClusterStart({
            nodes: args.nodes,
            dataDir: args['data-dir'],
            basePort: args['base-port'],
            override: args.override,
          });
        },
      ),
    )
    .command('metadata-quorum', 'describe the controller quorum, like kafka-metadata-quorum.sh', (y) =>
      y
        .option('bootstrap-controller', {
          type: 'string',
          description: 'HOST:PORT[,HOST:PORT...] of controllers (their CONTROLLER listeners)',
        })
        .option('bootstrap-server', {
          type: 'string',
          description: 'HOST:PORT of a broker, which forwards DescribeQuorum to the controllers',
        })
        .conflicts('bootstrap-controller', 'bootstrap-server')
        .check((a) => {
          if (a['bootstrap-controller'] === undefined && a['bootstrap-server'] === undefined) {
            throw new Error('one of --bootstrap-server or --bootstrap-controller is required');
          }
          return true;
        })
        .demandCommand(1)
        .command(
          'describe',
          'print the quorum status or its replication state',
          (d) =>
            d
              .option('status', { type: 'boolean', default: false, description: 'leader, epoch, voters, lag' })
              .option('replication', { type: 'boolean', default: false, description: 'one row per replica' }),
          async (args) => {
            exitCode = await runMetadataQuorumDescribe({
              bootstrapController: args['bootstrap-controller'],
              bootstrapServer: args['bootstrap-server'],
              status: args.status,
              replication: args.replication,
            });
          },
        ),
    )
    .command(
      'topics',
      'create, describe, list, delete or alter topics, like kafka-topics.sh',
      (y) =>
        y
          .option('bootstrap-server', { type: 'string', demandOption: true, description: 'HOST:PORT' })
          .option('create', { type: 'boolean', default: false })
          .option('describe', { type: 'boolean', default: false })
          .option('list', { type: 'boolean', default: false })
          .option('delete', { type: 'boolean', default: false })
          .option('alter', { type: 'boolean', default: false })
          .option('topic', { type: 'string', description: 'topic name (a regex for describe/list/delete/alter)' })
          .option('partitions', { type: 'number' })
          .option('replication-factor', { type: 'number' })
          .option('config', { type: 'string', array: true, description: 'topic config key=value (repeatable)' })
          .option('replica-assignment', { type: 'string', description: 'broker ids per partition: 1:2:3,2:3:1' })
          .option('under-replicated-partitions', { type: 'boolean', default: false })
          .option('if-exists', { type: 'boolean', default: false })
          .option('if-not-exists', { type: 'boolean', default: false })
          .check((args) => {
            const actions = (['create', 'describe', 'list', 'delete', 'alter'] as const).filter((a) => args[a]);
            if (actions.length !== 1) throw new Error('exactly one of --create, --describe, --list, --delete, --alter');
            return true;
          }),
      async (args) => {
        const action = (['create', 'describe', 'list', 'delete', 'alter'] as const).find(
          (a) => args[a],
        ) as TopicsAction;
        exitCode = await runTopicsCommand({
          bootstrapServer: args['bootstrap-server'],
          action,
          topic: args.topic ?? null,
          partitions: args.partitions ?? null,
          replicationFactor: args['replication-factor'] ?? null,
          configs: args.config ?? [],
          replicaAssignment: args['replica-assignment'] ?? null,
          underReplicatedPartitions: args['under-replicated-partitions'],
          ifExists: args['if-exists'],
          ifNotExists: args['if-not-exists'],
        });
      },
    )
    .command(
      'consumer-groups',
      'list, describe, delete consumer groups or reset and delete their offsets, like kafka-consumer-groups.sh',
      (y) =>
        y
          .option('bootstrap-server', { type: 'string', demandOption: true, description: 'HOST:PORT' })
          .option('list', { type: 'boolean', default: false, description: 'list all consumer groups' })
          .option('describe', { type: 'boolean', default: false, description: 'describe groups: offsets and lag' })
          .option('delete', { type: 'boolean', default: false, description: 'delete groups' })
          .option('reset-offsets', { type: 'boolean', default: false, description: 'reset the offsets of groups' })
          .option('delete-offsets', { type: 'boolean', default: false, description: 'delete offsets of one group' })
          .option('group', { type: 'string', array: true, description: 'a consumer group (repeatable)' })
          .option('all-groups', { type: 'boolean', default: false })
          .option('topic', { type: 'string', array: true, description: 'topic or topic:0,1,2 (repeatable)' })
          .option('all-topics', { type: 'boolean', default: false })
          .option('members', { type: 'boolean', default: false })
          .option('offsets', { type: 'boolean', default: false })
          .option('state', { type: 'string', description: 'describe: the group state; list: filter by states' })
          .option('type', {
            type: 'string',
            description: 'list: show group types, optionally filtered (classic,consumer)',
          })
          .option('verbose', { type: 'boolean', default: false })
          .option('to-earliest', { type: 'boolean', default: false })
          .option('to-latest', { type: 'boolean', default: false })
          .option('to-current', { type: 'boolean', default: false })
          .option('to-offset', { type: 'string' })
          .option('shift-by', { type: 'string' })
          .option('to-datetime', { type: 'string', description: 'yyyy-MM-ddTHH:mm:ss.SSS[zone]' })
          .option('by-duration', { type: 'string', description: 'PnDTnHnMnS: now minus this duration' })
          .option('export', { type: 'boolean', default: false, description: 'print the reset plan as CSV' })
          .option('from-file', {
            type: 'string',
            description: 'reset to the offsets of a CSV plan (as --export prints)',
          })
          .option('dry-run', { type: 'boolean', default: false })
          .option('execute', { type: 'boolean', default: false })
          .option('timeout', { type: 'number', default: 5000, description: 'ms to wait for coordinators' })
          .check((args) => {
            const actions = CONSUMER_GROUPS_ACTIONS.filter((a) => args[a]);
            if (actions.length !== 1) {
              throw new Error(
                'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets',
              );
            }
            return true;
          }),
      async (args) => {
        const action = CONSUMER_GROUPS_ACTIONS.find((a) => args[a]) as ConsumerGroupsAction;
        exitCode = await runConsumerGroupsCommand({
          bootstrapServer: args['bootstrap-server'],
          action,
          groups: args.group ?? [],
          allGroups: args['all-groups'],
          topics: args.topic ?? [],
          allTopics: args['all-topics'],
          members: args.members,
          offsets: args.offsets,
          state: args.state ?? null,
          type: args.type ?? null,
          verbose: args.verbose,
          reset: parseResetScenario({
            toEarliest: args['to-earliest'],
            toLatest: args['to-latest'],
            toCurrent: args['to-current'],
            toOffset: args['to-offset'],
            shiftBy: args['shift-by'],
            toDatetime: args['to-datetime'],
            byDuration: args['by-duration'],
          }),
          dryRun: args['dry-run'],
          execute: args.execute,
          exportCsv: args.export,
          fromFile: args['from-file'] ?? null,
          timeoutMs: args.timeout,
        });
      },
    )
    .command(
      'produce-perf',
      'producer throughput test over the Kafka protocol (pipelined Produce requests)',
      (y) =>
        y
          .option('bootstrap-server', { type: 'string', demandOption: true, description: 'HOST:PORT' })
          .option('topic', { type: 'string', demandOption: true })
          .option('num-records', { type: 'number', demandOption: true })
          .option('record-size', { type: 'number', default: 100 })
          .option('acks', { type: 'string', default: 'all', choices: ['0', '1', 'all', '-1'] })
          .option('batch-bytes', { type: 'number', default: 16384 })
          .option('inflight', { type: 'number', default: 5, description: 'Produce requests in flight per connection' })
          .option('partitions', { type: 'number', description: 'use only the first P partitions of the topic' }),
      async (args) => {
        exitCode = await runProducePerf({
          bootstrapServer: args['bootstrap-server'],
          topic: args.topic,
          numRecords: args['num-records'],
          recordSize: args['record-size'],
          acks: args.acks === 'all' ? -1 : Number(args.acks),
          batchBytes: args['batch-bytes'],
          inflight: args.inflight,
          partitions: args.partitions ?? null,
        });
      },
    )
    .command(
      'consume-perf',
      'consumer throughput test over the Kafka protocol (Fetch loop per leader, from the log start)',
      (y) =>
        y
          .option('bootstrap-server', { type: 'string', demandOption: true, description: 'HOST:PORT' })
          .option('topic', { type: 'string', demandOption: true })
          .option('messages', { type: 'number', demandOption: true, description: 'records to consume' })
          .option('fetch-max-bytes', { type: 'number', default: 52428800 })
          .option('timeout', { type: 'number', default: 10000, description: 'ms without progress before giving up' }),
      async (args) => {
        exitCode = await runConsumePerf({
          bootstrapServer: args['bootstrap-server'],
          topic: args.topic,
          numRecords: args.messages,
          fetchMaxBytes: args['fetch-max-bytes'],
          timeoutMs: args.timeout,
        });
      },
    )
    .help()
    .fail((message, error, instance) => {
      // Errors thrown by a command are reported by main() without the usage text; only usage mistakes show help.
      if (error) throw error;
      process.stderr.write(`${instance.help()}\n`);
      throw new UsageError(message);
    })
    .parseAsync();
  return exitCode;
}

const CONSUMER_GROUPS_ACTIONS = ['list', 'describe', 'delete', 'reset-offsets', 'delete-offsets'] as const;

class UsageError extends Error {
  readonly exitCode = 2;
}

main(hideBin(process.argv)).then(
  (code) => {
    // Exit explicitly: a stopped node or a finished perf run has nothing left to wait for.
    process.exit(code);
  },
  (error) => {
    // Expected failures (bad arguments, unreachable broker, missing topic) read best as one line; set
    // DEBUG=tributary for the stack.
    const detail =
      error instanceof Error && process.env.DEBUG?.includes('tributary')
        ? error.stack
        : String(error?.message ?? error);
    process.stderr.write(`tributary: ${detail}\n`);
    process.exit(error instanceof UsageError ? error.exitCode : 1);
  },
);
