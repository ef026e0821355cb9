/**
 * meta.properties in every log dir, as Kafka's KRaft mode writes it (version=1, cluster.id, node.id). It pins a
 * data directory to one cluster and one node: starting with a different cluster.id or node.id is refused, because
 * serving another cluster's data would silently mix two logs.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProperties } from './properties-file.js';

export const META_PROPERTIES_FILE = 'meta.properties';

export class MetaPropertiesMismatchError extends Error {
  readonly code = 'INCONSISTENT_CLUSTER_ID';
  constructor(message: string) {
    super(message);
    this.name = 'MetaPropertiesMismatchError';
  }
}

export interface MetaProperties {
  clusterId: string;
  nodeId: number;
}

/** A fresh Kafka-style cluster id: 16 random bytes as unpadded base64url (22 characters). */
export function generateClusterId(random: (size: number) => Buffer = randomBytes): string {
  return random(16).toString('base64url');
}

export function readMetaProperties(logDir: string): MetaProperties | null {
  let text: string;
  try {
    text = readFileSync(join(logDir, META_PROPERTIES_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const values = new Map(parseProperties(text).map((e) => [e.key, e.value]));
  const clusterId = values.get('cluster.id');
  const nodeId = Number(values.get('node.id'));
  if (!clusterId || !Number.isInteger(nodeId)) {
    throw new MetaPropertiesMismatchError(`${join(logDir, META_PROPERTIES_FILE)} lacks cluster.id or node.id`);
  }
  return { clusterId, nodeId };
}

/**
 * Checks every log dir against the configured ids, fills in missing files, and returns the cluster id in force:
 * the configured one, else the one already on disk, else a new one.
 */
export function ensureMetaProperties(
  logDirs: readonly string[],
  configured: { clusterId: string | null; nodeId: number },
  random: (size: number) => Buffer = randomBytes,
): string {
  const existing = logDirs.map((dir) => ({ dir, meta: readMetaProperties(dir) }));
  let clusterId = configured.clusterId;
  for (const { dir, meta } of existing) {
    if (meta === null) continue;
    clusterId ??= meta.clusterId;
    if (meta.clusterId !== clusterId) {
      throw new MetaPropertiesMismatchError(
        `cluster.id ${clusterId} does not match ${join(dir, META_PROPERTIES_FILE)} (cluster.id=${meta.clusterId}); ` +
          'this directory belongs to another cluster',
      );
    }
    if (meta.nodeId !== configured.nodeId) {
      throw new MetaPropertiesMismatchError(
        `node.id ${configured.nodeId} does not match ${join(dir, META_PROPERTIES_FILE)} (node.id=${meta.nodeId})`,
      );
    }
  }
  clusterId ??= generateClusterId(random);
  for (const { dir, meta } of existing) {
    if (meta === null) writeMetaProperties(dir, { clusterId, nodeId: configured.nodeId });
  }
  return clusterId;
}

/** Write-then-rename with fsyncs, so a crash leaves either no file or a whole one. */
function writeMetaProperties(logDir: string, meta: MetaProperties): void {
  mkdirSync(logDir, { recursive: true });
  const path = join(logDir, META_PROPERTIES_FILE);
  const temporary = `${path}.tmp`;
  const text = `#\n#${new Date().toString()}\nnode.id=${meta.nodeId}\nversion=1\ncluster.id=${meta.clusterId}\n`;
  writeFileSync(temporary, text);
  const fd = openSync(temporary, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const dirFd = openSync(logDir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
