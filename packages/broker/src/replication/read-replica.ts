/**
 * Fetch from the closest replica (KIP-392). Pure. A consumer fetch of version 11+ may be served by a follower (up
 * to the follower's high watermark); the leader points a consumer in another rack at an in-sync follower in the
 * consumer's rack that already has the requested offset (Kafka's RackAwareReplicaSelector), answering with
 * `preferredReadReplica` and no records.
 */
import type { MetadataImage } from '@tributary/metadata';
import type { PartitionLeaderState } from './partition-leader-state.js';

/** From this Fetch version requests carry rackId and consumers may read from followers. */
export const FOLLOWER_FETCH_MIN_VERSION = 11;

export function consumerMayReadFromFollower(apiVersion: number, replicaId: number): boolean {
  return replicaId < 0 && apiVersion >= FOLLOWER_FETCH_MIN_VERSION;
}

/** The replica the consumer should read from instead of this leader, or -1 to read here. */
export function preferredReadReplica(
  image: MetadataImage,
  leader: PartitionLeaderState,
  clientRack: string,
  localRack: string | null,
  fetchOffset: bigint,
): number {
  if (clientRack === '' || clientRack === localRack) return -1;
  for (const id of leader.isr) {
    if (id === leader.localId) continue;
    const broker = image.brokers.get(id);
    if (broker === undefined || broker.fenced || broker.rack !== clientRack) continue;
    const follower = leader.follower(id);
    if (follower !== undefined && follower.logEndOffset >= fetchOffset) return id;
  }
  return -1;
}
