/**
 * Leader election and ISR changes for one partition, after Kafka's PartitionChangeBuilder. The result is a
 * PartitionChangeRecord or null when nothing changes; replay then bumps partitionEpoch, and leaderEpoch when the
 * leader changes.
 */
import {
  isBrokerEligible,
  type MetadataImage,
  type PartitionState,
  type TopicImage,
  topicConfigValue,
} from './image.js';
import { NO_LEADER, NO_LEADER_CHANGE, type PartitionChangeRecord } from './records.js';

export type Election =
  /** Keep the current leader if it stays acceptable, else the first acceptable ISR member in replica order. */
  | 'online'
  /** The preferred (first) replica if it is in the ISR and acceptable, else as 'online'. */
  | 'preferred'
  /** As 'online', then any live replica even when the topic forbids unclean election (ElectLeaders UNCLEAN). */
  | 'unclean';

export interface PartitionChangeTarget {
  readonly isr: readonly number[];
  readonly election: Election;
}

/** unclean.leader.election.enable for this topic: topic override, then cluster default, else false (Kafka's). */
export function uncleanElectionEnabled(image: MetadataImage, topic: TopicImage): boolean {
  return topicConfigValue(image, topic, 'unclean.leader.election.enable') === 'true';
}

interface LeaderChoice {
  leader: number;
  isr: readonly number[];
  unclean: boolean;
}

function electLeader(
  image: MetadataImage,
  state: PartitionState,
  target: PartitionChangeTarget,
  unclean: boolean,
): LeaderChoice {
  const acceptable = (id: number) => target.isr.includes(id) && isBrokerEligible(image, id);
  const preferred = state.replicas[0];
  if (target.election === 'preferred' && preferred !== undefined && acceptable(preferred)) {
    return { leader: preferred, isr: target.isr, unclean: false };
  }
  if (state.leader !== NO_LEADER && acceptable(state.leader))
    return { leader: state.leader, isr: target.isr, unclean: false };
  const fromIsr = state.replicas.find(acceptable);
  if (fromIsr !== undefined) return { leader: fromIsr, isr: target.isr, unclean: false };
  if (unclean) {
    // Unclean election: any live replica leads and becomes the whole ISR; records above its log end may be lost.
    const live = state.replicas.find((id) => isBrokerEligible(image, id));
    if (live !== undefined) return { leader: live, isr: [live], unclean: true };
  }
  return { leader: NO_LEADER, isr: target.isr, unclean: false };
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

export function buildPartitionChange(
  image: MetadataImage,
  topic: TopicImage,
  state: PartitionState,
  target: PartitionChangeTarget,
): PartitionChangeRecord | null {
  if (target.isr.length === 0) throw new Error(`${topic.name}-${state.partition}: target ISR may not be empty`);
  const unclean = target.election === 'unclean' || uncleanElectionEnabled(image, topic);
  const choice = electLeader(image, state, target, unclean);
  const isrChanged = !sameMembers(choice.isr, state.isr);
  const leaderChanged = choice.leader !== state.leader;
  const recoveryState = choice.unclean ? 1 : -1;
  if (!isrChanged && !leaderChanged && recoveryState === -1) return null;
  return {
    type: 'PartitionChange',
    partitionId: state.partition,
    topicId: topic.topicId,
    isr: isrChanged ? [...choice.isr] : null,
    leader: leaderChanged ? choice.leader : NO_LEADER_CHANGE,
    replicas: null,
    leaderRecoveryState: recoveryState,
  };
}

/**
 * Removes `brokerId` from the ISR and moves its leadership (fencing, controlled shutdown). Kafka never empties an
 * ISR: when the broker is its last member it stays, leaderless, so a later unfence can bring the data back cleanly.
 */
export function removeBrokerFromPartition(
  image: MetadataImage,
  topic: TopicImage,
  state: PartitionState,
  brokerId: number,
): PartitionChangeRecord | null {
  const shrunk = state.isr.filter((id) => id !== brokerId);
  return buildPartitionChange(image, topic, state, { isr: shrunk.length > 0 ? shrunk : state.isr, election: 'online' });
}

/** Every (topic, partition) whose ISR or leadership includes `brokerId`, in name then partition order. */
export function partitionsOfBroker(image: MetadataImage, brokerId: number): [TopicImage, PartitionState][] {
  const found: [TopicImage, PartitionState][] = [];
  for (const topic of image.topicsByName.values()) {
    for (const state of topic.partitions.values()) {
      if (state.isr.includes(brokerId) || state.leader === brokerId) found.push([topic, state]);
    }
  }
  return found;
}
