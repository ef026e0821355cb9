/**
 * `meta.properties` beside the Raft log (like `kafka-storage format` writes): the cluster id and node id the data
 * dir belongs to. Written once, atomically (temp file, fsync, rename); a later start with another cluster id or
 * node id is refused, because replaying another cluster's or node's votes would break Raft's safety.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InconsistentClusterIdError } from '../errors.js';

export const QUORUM_META_PROPERTIES = 'meta.properties';

export async function checkQuorumMetaProperties(directory: string, clusterId: string, nodeId: number): Promise<void> {
  const path = join(directory, QUORUM_META_PROPERTIES);
  let text: string | null = null;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === null) {
    await writeFile(`${path}.tmp`, `version=1\ncluster.id=${clusterId}\nnode.id=${nodeId}\n`, { flush: true });
    await rename(`${path}.tmp`, path);
    return;
  }
  const stored = (key: string) => new RegExp(`^${key.replace('.', '\\.')}=(.*)$`, 'm').exec(text)?.[1];
  if (stored('cluster.id') !== clusterId) {
    throw new InconsistentClusterIdError(`${directory} belongs to cluster ${stored('cluster.id')}, not ${clusterId}`);
  }
  if (stored('node.id') !== String(nodeId)) {
    throw new InconsistentClusterIdError(`${directory} belongs to node ${stored('node.id')}, not ${nodeId}`);
  }
}
