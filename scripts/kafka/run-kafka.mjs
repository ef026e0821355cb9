#!/usr/bin/env node
// Runs a single-node KRaft Apache Kafka (process.roles=broker,controller) on loopback free ports with its data in a
// temp dir, from the jars fetched by fetch.sh.
//
//   node scripts/kafka/run-kafka.mjs [--port N] [--dir DIR] [--partitions P]
//
// prints `bootstrap 127.0.0.1:PORT` once the broker serves requests, and stops it (and deletes a temp data dir it
// made) on Ctrl-C / SIGTERM. `kill <pid of this script>` is the way to stop it from elsewhere. As a module:
// startKafka(options) -> { bootstrap, port, dataDir, pid, stop() }.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { javaArgs, kafkaUnavailableReason, runKafkaTool } from './jvm.mjs';
import { startServerProcess } from './server-process.mjs';

const STARTUP_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
/** KafkaRaftServer logs this (KafkaBroker.STARTED_MESSAGE) once broker and controller serve requests. */
const STARTED_MESSAGE = 'Kafka Server started';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * 16 random bytes in URL-safe base64 without padding, like `kafka-storage.sh random-uuid`; like Kafka's
 * Uuid.randomUuid never one starting with '-', which the tools' argument parsers would take for an option.
 */
function randomClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties({ port, controllerPort, logDir, partitions }) {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDir}`,
    `num.partitions=${partitions}`,
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

/** The broker's log4j2 config: the shared quiet one plus INFO for KafkaRaftServer, whose start line we wait for. */
function brokerLog4j(dir) {
  const path = join(dir, 'log4j2-broker.properties');
  writeFileSync(
    path,
    [
      'status = error',
      'appender.out.type = Console',
      'appender.out.name = OUT',
      'appender.out.target = SYSTEM_OUT',
      'appender.out.layout.type = PatternLayout',
      'appender.out.layout.pattern = [%d{HH:mm:ss,SSS}] %-5p %c{1}: %m%n',
      'rootLogger.level = warn',
      'rootLogger.appenderRef.out.ref = OUT',
      'logger.started.name = kafka.server.KafkaRaftServer',
      'logger.started.level = info',
      '',
    ].join('\n'),
  );
  return path;
}

/**
 * Formats storage (kafka-storage.sh format -t CLUSTERID -c server.properties) and starts kafka.Kafka
 * (kafka-server-start.sh) with kafka-server-start.sh's 1 GiB heap. Resolves once the broker serves requests.
 */
export async function startKafka({ dataDir, port, controllerPort, partitions = 1, log = () => {} } = {}) {
  const unavailable = kafkaUnavailableReason();
  if (unavailable) throw new Error(`cannot run Apache Kafka: ${unavailable}`);
  const ownDir = !dataDir;
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'apache-kafka-'));
  mkdirSync(dir, { recursive: true });
  const brokerPort = port ?? (await freePort());
  const quorumPort = controllerPort ?? (await freePort());
  const propsPath = join(dir, 'server.properties');
  writeFileSync(
    propsPath,
    serverProperties({ port: brokerPort, controllerPort: quorumPort, logDir: join(dir, 'data'), partitions }),
  );
  const clusterId = randomClusterId();
  try {
    runKafkaTool('kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', propsPath, '--ignore-formatted']);
  } catch (error) {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const args = javaArgs('kafka.Kafka', [propsPath], {
    heap: ['-Xmx1G', '-Xms1G'], // kafka-server-start.sh's default heap
    extraJvm: [`-Dkafka.logs.dir=${join(dir, 'logs')}`],
    log4jConfig: brokerLog4j(dir),
  });
  const server = await startServerProcess({
    name: 'Apache Kafka',
    command: 'java',
    args,
    readyLine: STARTED_MESSAGE,
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
    stopTimeoutMs: STOP_TIMEOUT_MS,
    log,
  }).catch((error) => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  });

  return {
    bootstrap: `127.0.0.1:${brokerPort}`,
    port: brokerPort,
    dataDir: dir,
    pid: server.pid,
    clusterId,
    /** SIGTERM (Kafka's controlled shutdown), SIGKILL if that takes over 30 s; removes a temp dir this made. */
    async stop() {
      await server.stop();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      dir: { type: 'string' },
      partitions: { type: 'string', default: '1' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const kafka = await startKafka({
    port: values.port ? Number(values.port) : undefined,
    dataDir: values.dir,
    partitions: Number(values.partitions),
    log: values.verbose ? (line) => process.stderr.write(`${line}\n`) : () => {},
  });
  console.log(`bootstrap ${kafka.bootstrap}`);
  console.log(
    `data ${kafka.dataDir} (cluster id ${kafka.clusterId}, java pid ${kafka.pid}); Ctrl-C or kill ${process.pid} stops it`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await kafka.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
