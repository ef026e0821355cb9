/** What the pure group logic needs from its surroundings: time, ids, limits and durable appends (no I/O itself). */
import type { ClassicGroup } from './classic-group.js';
import type { GroupCoordinatorConfig } from './group-config.js';
import type { GroupRecord } from './group-records.js';

export interface GroupContext {
  readonly config: GroupCoordinatorConfig;
  now(): number;
  /** A fresh UUID for member ids (`clientId-uuid`, `groupInstanceId-uuid`). */
  newUuid(): string;
  /**
   * Appends `records` to the group's `__consumer_offsets` partition; `done` is called exactly once, later, with NONE
   * once they are committed or with the append's error code. The group may have been superseded meanwhile (a
   * rebalance, a leadership change): callers check their own generation/state before acting on `done`.
   */
  persist(group: ClassicGroup, records: readonly GroupRecord[], done: (errorCode: number) => void): void;
  /** Forgets a group that became Dead. */
  removeGroup(group: ClassicGroup): void;
  /** A membership event worth an operator's log line (Kafka logs the same ones at info). */
  log(message: string, fields: Readonly<Record<string, unknown>>): void;
}
