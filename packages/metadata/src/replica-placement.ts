/**
 * Replica placement, Kafka's AdminUtils.assignReplicasToBrokers: leaders striped round-robin over the brokers from a
 * random start, followers shifted so replicas spread evenly, and, when racks are known, the broker list alternated
 * by rack so each partition's replicas land on as many racks as possible. Deterministic for a given random source.
 * Brokers without a rack count as one rack (as KRaft's StripedReplicaPlacer does) instead of refusing to place.
 */
import { type RandomSource, randomInt } from './uuid.js';

export interface PlacementBroker {
  readonly brokerId: number;
  readonly rack: string | null;
}

export interface PlacementRequest {
  readonly partitionCount: number;
  readonly replicationFactor: number;
  /** First partition id being placed; > 0 when adding partitions so striping continues where it left off. */
  readonly startPartitionId: number;
}

function replicaIndex(
  firstReplicaIndex: number,
  secondReplicaShift: number,
  index: number,
  brokerCount: number,
): number {
  const shift = 1 + ((secondReplicaShift + index) % (brokerCount - 1));
  return (firstReplicaIndex + shift) % brokerCount;
}

/** Brokers ordered rack by rack in turn (a1, b1, c1, a2, b2, ...), so neighbours sit on different racks. */
function rackAlternatedBrokers(brokers: readonly PlacementBroker[]): PlacementBroker[] {
  const byRack = new Map<string, PlacementBroker[]>();
  for (const broker of brokers) {
    const rack = broker.rack ?? '';
    byRack.set(rack, [...(byRack.get(rack) ?? []), broker]);
  }
  const racks = [...byRack.keys()].sort();
  for (const rack of racks) byRack.get(rack)!.sort((a, b) => a.brokerId - b.brokerId);
  const result: PlacementBroker[] = [];
  for (let round = 0; result.length < brokers.length; round++) {
    for (const rack of racks) {
      const broker = byRack.get(rack)![round];
      if (broker !== undefined) result.push(broker);
    }
  }
  return result;
}

/**
 * The striping loop both placements share: leader of partition p at (p + startIndex) mod n, the follower shift
 * growing by one each time the partition id wraps the broker list (so follower pairs vary across rounds).
 */
function stripe(
  brokers: readonly PlacementBroker[],
  request: PlacementRequest,
  random: RandomSource,
  followers: (first: number, nextReplicaShift: number) => number[],
): number[][] {
  const brokerCount = brokers.length;
  const startIndex = randomInt(random, brokerCount);
  let nextReplicaShift = randomInt(random, brokerCount);
  const assignments: number[][] = [];
  for (let partitionId = request.startPartitionId; assignments.length < request.partitionCount; partitionId++) {
    if (partitionId > 0 && partitionId % brokerCount === 0) nextReplicaShift++;
    const first = (partitionId + startIndex) % brokerCount;
    assignments.push([brokers[first].brokerId, ...followers(first, nextReplicaShift)]);
  }
  return assignments;
}

function placeRackUnaware(
  brokers: readonly PlacementBroker[],
  request: PlacementRequest,
  random: RandomSource,
): number[][] {
  return stripe(brokers, request, random, (first, nextReplicaShift) =>
    Array.from(
      { length: request.replicationFactor - 1 },
      (_, j) => brokers[replicaIndex(first, nextReplicaShift, j, brokers.length)].brokerId,
    ),
  );
}

function placeRackAware(
  brokers: readonly PlacementBroker[],
  request: PlacementRequest,
  random: RandomSource,
): number[][] {
  const arranged = rackAlternatedBrokers(brokers);
  const rackCount = new Set(arranged.map((broker) => broker.rack ?? '')).size;
  return stripe(arranged, request, random, (first, nextReplicaShift) => {
    const chosen = [arranged[first].brokerId];
    const racksUsed = new Set([arranged[first].rack ?? '']);
    for (let k = 0; chosen.length < request.replicationFactor; k++) {
      const broker = arranged[replicaIndex(first, nextReplicaShift * rackCount, k, arranged.length)];
      const rack = broker.rack ?? '';
      // Prefer a new rack; once every rack holds a replica, any broker not yet used will do.
      if ((!racksUsed.has(rack) || racksUsed.size === rackCount) && !chosen.includes(broker.brokerId)) {
        chosen.push(broker.brokerId);
        racksUsed.add(rack);
      }
    }
    return chosen.slice(1);
  });
}

/**
 * Places `partitionCount` partitions of `replicationFactor` replicas on `brokers` (the eligible ones). The caller
 * has already checked 1 <= replicationFactor <= brokers.length.
 */
export function placeReplicas(
  brokers: readonly PlacementBroker[],
  request: PlacementRequest,
  random: RandomSource,
): number[][] {
  if (request.replicationFactor < 1 || request.replicationFactor > brokers.length) {
    throw new Error(`replication factor ${request.replicationFactor} does not fit ${brokers.length} broker(s)`);
  }
  if (brokers.length === 1) return Array.from({ length: request.partitionCount }, () => [brokers[0].brokerId]);
  const sorted = [...brokers].sort((a, b) => a.brokerId - b.brokerId);
  const rackAware = sorted.some((broker) => broker.rack !== null);
  return rackAware ? placeRackAware(sorted, request, random) : placeRackUnaware(sorted, request, random);
}
