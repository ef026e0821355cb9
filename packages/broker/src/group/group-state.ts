/**
 * The classic group state machine (Kafka's GroupMetadata states). Every transition goes through
 * `assertTransition`, so an illegal one is a programmer error that fails loudly rather than a silent corruption.
 *
 *   Empty -> PreparingRebalance -> CompletingRebalance -> Stable -> PreparingRebalance ...
 *   PreparingRebalance -> Empty (every member left or timed out)
 *   any -> Dead (deleted, or its partition moved away)
 */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export const GROUP_STATES: readonly GroupState[] = [
  'Empty',
  'PreparingRebalance',
  'CompletingRebalance',
  'Stable',
  'Dead',
];

/** The states a group may be in just before entering the key state (Kafka's validPreviousStates). */
const VALID_PREVIOUS: Readonly<Record<GroupState, readonly GroupState[]>> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

export function assertTransition(from: GroupState, to: GroupState, groupId: string): void {
  if (!VALID_PREVIOUS[to].includes(from)) {
    throw new Error(`group ${groupId}: illegal state transition ${from} -> ${to}`);
  }
}
