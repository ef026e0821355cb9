// Where the fetched Apache Kafka jars live and how to run their main classes: shared by run-kafka.mjs,
// bench-vs-kafka.mjs and test/kafka-tools. The jars come from fetch.sh (Maven Central, version pinned in pom.xml).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const KAFKA_DIR = fileURLToPath(new URL('.', import.meta.url));
export const KAFKA_LIB = join(KAFKA_DIR, 'target/lib');
export const LOG4J_CONFIG = join(KAFKA_DIR, 'log4j2.properties');

/** The JVM flags kafka-run-class.sh uses for every Kafka process (G1, short pauses), without JMX and GC logs. */
export const KAFKA_JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:MaxInlineLevel=15',
  '-Djava.awt.headless=true',
];

/** Why Apache Kafka cannot run here, or null when java and the jars are present. */
export function kafkaUnavailableReason() {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) return 'java is not installed';
  if (!kafkaVersion()) return `no Kafka jars in ${KAFKA_LIB}: run scripts/kafka/fetch.sh`;
  return null;
}

/**
 * Runs fetch.sh when mvn exists (idempotent and locked, so parallel callers wait for one fetch instead of reading a
 * half-copied lib dir); without mvn, uses jars fetched before. Returns why the jars are missing, or null.
 */
export function ensureKafkaFetched() {
  if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) {
    return kafkaVersion() ? null : 'mvn is not installed (needed to fetch Kafka)';
  }
  execFileSync(join(KAFKA_DIR, 'fetch.sh'), { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
  return kafkaVersion() ? null : 'fetch.sh ran but left no kafka_2.13 jar';
}

/** The fetched Kafka version (from the kafka_2.13 jar's name), or null. */
export function kafkaVersion() {
  if (!existsSync(KAFKA_LIB)) return null;
  const jar = readdirSync(KAFKA_LIB).find((f) => /^kafka_2\.13-.*\.jar$/.test(f));
  return jar ? jar.slice('kafka_2.13-'.length, -'.jar'.length) : null;
}

/** `java` arguments that run mainClass from the fetched jars with quiet logging. */
export function javaArgs(mainClass, args, { heap = [], extraJvm = [], log4jConfig = LOG4J_CONFIG } = {}) {
  return [
    ...heap,
    ...KAFKA_JVM_FLAGS,
    `-Dlog4j2.configurationFile=${log4jConfig}`,
    ...extraJvm,
    '-cp',
    `${KAFKA_LIB}/*`,
    mainClass,
    ...args,
  ];
}

/** Runs one Kafka tool to completion; throws with its output when it exits non-zero. */
export function runKafkaTool(mainClass, args, { timeoutMs = 120_000, input } = {}) {
  const result = spawnSync('java', javaArgs(mainClass, args), {
    encoding: 'utf8',
    input,
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${mainClass} ${args.join(' ')} exited ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

/**
 * One JVM that runs Kafka tools' main() one after another (ToolRunner.java), for callers running many tools.
 * `run(mainClass, args, { input })` resolves to { status, stdout, stderr }; a call past timeoutMs kills the JVM.
 */
export function startToolRunner({ timeoutMs = 120_000 } = {}) {
  const missing = ensureKafkaFetched();
  if (missing !== null) throw new Error(`cannot run Kafka tools: ${missing}`);
  const jvm = { extraJvm: ['--add-opens', 'java.base/java.lang=ALL-UNNAMED'] }; // to find Runtime shutdown hooks
  const child = spawn('java', javaArgs(join(KAFKA_DIR, 'ToolRunner.java'), [], jvm), {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pending = [];
  let failure = null;
  const failAll = (error) => {
    failure ??= error;
    for (const call of pending.splice(0)) {
      clearTimeout(call.timer);
      call.reject(failure);
    }
  };
  child.once('exit', (code, signal) => failAll(new Error(`ToolRunner JVM exited (${code ?? signal})`)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const call = pending.shift();
    if (!call) return;
    clearTimeout(call.timer);
    const [status, stdout, stderr] = line.split(' ');
    const text = (b64) => Buffer.from(b64 ?? '', 'base64').toString('utf8');
    call.resolve({ status: Number(status), stdout: text(stdout), stderr: text(stderr) });
  });
  const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
  return {
    run(mainClass, args, { input = '' } = {}) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          failAll(new Error(`${mainClass} ${args.join(' ')} took over ${timeoutMs} ms`));
          child.kill('SIGKILL');
        }, timeoutMs);
        pending.push({ resolve, reject, timer });
        child.stdin.write(`${[input, mainClass, ...args].map(b64).join(' ')}\n`);
      });
    },
    /** Ends stdin (the JVM exits after the call under way); SIGKILL if it is still there after 10 s. */
    close() {
      child.stdin.end();
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
