// Intent: confluent-kafka-python 1.7.0 (Debian's python3-confluent-kafka on librdkafka 2.0.2) works against a real
// 3-node cluster: AdminClient, 10,000 idempotent acks=all records read back byte for byte, and a two-member consumer
// group with subscribe() and synchronous commits; skipped only where the package is not installed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describeClientChecks } from './support/client-scenarios.js';
import { REPO_ROOT } from './support/node-process.js';

// The Debian package installs for the system interpreter, not for a pyenv or venv python earlier on PATH.
const PYTHON = '/usr/bin/python3';
const installed = spawnSync(PYTHON, ['-c', 'import confluent_kafka']).status === 0;

describeClientChecks(
  { name: 'confluent-kafka-python 1.7.0', command: [PYTHON, join(REPO_ROOT, 'test/python/client.py')] },
  installed ? undefined : 'python3-confluent-kafka is not installed (apt-get install python3-confluent-kafka)',
  () => {},
);
