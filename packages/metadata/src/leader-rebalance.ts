/**
 * Automatic preferred-leader rebalancing (Kafka's `auto.leader.rebalance.enable`): after failovers and controlled
 * shutdowns, leadership piles up on the brokers that stayed up. Periodically the active controller measures, per
 * broker, the share of the partitions it prefers (first replica) that it does not lead; a broker above
 * `leader.imbalance.per.broker.percentage` gets those partitions back wherever it is an eligible ISR member.
 */
import type { ControllerResult } from './controller-result.js';
import { type ElectLeadersResult, electPreferredLeaders } from './elect-leaders.js';
import { isBrokerEligible, type MetadataImage } from './image.js';

/** Kafka's leader.imbalance.per.broker.percentage default. */
export const DEFAULT_LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = 10;
/** Kafka's leader.imbalance.check.interval.seconds default, in ms. */
export const DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS = 300_000;
/** Elections per check (Kafka's maxElectionsPerImbalance): a large backlog is worked off over several checks. */
export const MAX_PREFERRED_ELECTIONS_PER_CHECK = 1000;

export interface BrokerLeaderImbalance {
  brokerId: number;
  /** Partitions whose first replica is this broker. */
  preferred: number;
  /** Of those, the ones another broker (or nobody) leads. */
  notLed: number;
  /** notLed / preferred as a percentage (0 when the broker prefers nothing). */
  percentage: number;
}

/** Per broker that is the preferred replica of at least one partition, sorted by broker id. */
export function leaderImbalance(image: MetadataImage): BrokerLeaderImbalance[] {
  const counts = new Map<number, { preferred: number; notLed: number }>();
  for (const topic of image.topicsByName.values()) {
    for (const state of topic.partitions.values()) {
      const preferred = state.replicas[0];
      if (preferred === undefined) continue;
      const count = counts.get(preferred) ?? { preferred: 0, notLed: 0 };
      count.preferred++;
      if (state.leader !== preferred) count.notLed++;
      counts.set(preferred, count);
    }
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([brokerId, { preferred, notLed }]) => ({
      brokerId,
      preferred,
      notLed,
      percentage: (notLed * 100) / preferred,
    }));
}

/**
 * Preferred-leader elections for every broker whose imbalance exceeds `perBrokerPercentage`, limited to partitions
 * the preferred replica can take now (eligible broker, in the ISR). Only successful elections are reported; no
 * records when nothing is imbalanced.
 */
export function rebalancePreferredLeaders(
  image: MetadataImage,
  perBrokerPercentage: number = DEFAULT_LEADER_IMBALANCE_PER_BROKER_PERCENTAGE,
): ControllerResult<ElectLeadersResult[]> {
  const overloaded = new Set(
    leaderImbalance(image)
      .filter((broker) => broker.percentage > perBrokerPercentage && isBrokerEligible(image, broker.brokerId))
      .map((broker) => broker.brokerId),
  );
  if (overloaded.size === 0) return { records: [], response: [] };
  const targets: { topic: string; partition: number }[] = [];
  for (const topic of image.topicsByName.values()) {
    if (targets.length >= MAX_PREFERRED_ELECTIONS_PER_CHECK) break;
    for (const state of topic.partitions.values()) {
      const preferred = state.replicas[0];
      if (preferred === undefined || !overloaded.has(preferred) || state.leader === preferred) continue;
      if (!state.isr.includes(preferred)) continue;
      targets.push({ topic: topic.name, partition: state.partition });
      if (targets.length >= MAX_PREFERRED_ELECTIONS_PER_CHECK) break;
    }
  }
  if (targets.length === 0) return { records: [], response: [] };
  const { records, response } = electPreferredLeaders(image, targets);
  return { records, response: response.filter((result) => result.errorCode === 0) };
}
