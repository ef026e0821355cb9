// Intent: the official Java client (kafka-clients 3.9.1) with DEFAULT settings (idempotent, acks=all) produces to and
// consumes from a real node; skipped only where java/javac/mvn are absent.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic } from './support/kafka-admin.js';
import {
  ensureBuilt,
  freePort,
  HEAVY_TEST_TIMEOUT_MS,
  NodeProcess,
  REPO_ROOT,
  tempDir,
} from './support/node-process.js';

const JAVA_DIR = join(REPO_ROOT, 'test/java');
const LIB_DIR = join(JAVA_DIR, 'target/lib');
const CLASSES_DIR = join(JAVA_DIR, 'target/classes');
const RECORDS = 5000;

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}
const missing = ['java', 'javac', 'mvn'].filter((c) => !has(c));
if (missing.length > 0) console.warn(`java-client e2e skipped: ${missing.join(', ')} not installed`);

describe.skipIf(missing.length > 0)('Java client', () => {
  let node: NodeProcess;

  beforeAll(async () => {
    ensureBuilt();
    // Jars are fetched once into the gitignored target/lib (CI runs the same command in scripts/test.sh).
    if (!existsSync(LIB_DIR) || !readdirSync(LIB_DIR).some((f) => f.startsWith('kafka-clients'))) {
      execFileSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=target/lib'], {
        cwd: JAVA_DIR,
        stdio: 'inherit',
      });
    }
    mkdirSync(CLASSES_DIR, { recursive: true });
    execFileSync('javac', ['-cp', `${LIB_DIR}/*`, '-d', CLASSES_DIR, join(JAVA_DIR, 'src/JavaClientCheck.java')], {
      stdio: 'inherit',
    });
    node = await NodeProcess.start({ dataDir: tempDir('java'), port: await freePort() });
  });

  afterAll(async () => {
    await node?.stop();
    node?.cleanup();
  });

  it(
    'produces with default (idempotent) settings and reads everything back with assign()',
    async () => {
      const topic = 'e2e-java';
      await createTopic(node.bootstrap, topic, 3);

      const run = spawnSync(
        'java',
        ['-cp', `${CLASSES_DIR}:${LIB_DIR}/*`, 'JavaClientCheck', node.bootstrap, topic, String(RECORDS)],
        { encoding: 'utf8', timeout: 120_000 },
      );
      const output = `${run.stdout}\n${run.stderr}\n--- node output ---\n${node.tail()}`;
      expect(run.status, output).toBe(0);
      expect(run.stdout).toContain(`consumed ${RECORDS}`);
      expect(run.stdout).toContain('OK');
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
