/**
 * Connection-based broker liveness on the active controller (soft state, never logged; time is a parameter).
 *
 * Each registered broker holds one BrokerSession stream open to the active controller. When that stream breaks
 * (kill -9: the kernel resets the connection at once) and the broker does not reopen it with the same epoch within
 * `graceMs`, the broker is due to be fenced, long before broker.session.timeout.ms would expire. A controller that
 * just became active has never seen any stream, so every unfenced broker gets a takeover window instead: it is due
 * unless it opens a stream or heartbeats within it. At most one stream per broker id: a new one replaces the old.
 */
import { addFenceRecords, type ControllerResult, type MetadataImage, RecordBuilder } from '@tributary/metadata';

/** The server side of one open session stream, so the tracker can end a replaced one. */
export interface SessionStream {
  end(reason: string): void;
}

/** broker.session.disconnect.grace.ms default: how long a broken stream may stay unopened before the fence. */
export const DEFAULT_BROKER_SESSION_DISCONNECT_GRACE_MS = 500;

/** A broker to fence: `epoch` is the registration the deadline was armed for (a newer one is left alone). */
export interface DueBroker {
  brokerId: number;
  epoch: bigint;
  why: 'disconnected' | 'no session after takeover';
}

interface OpenStream {
  id: number;
  epoch: bigint;
  stream: SessionStream;
}

interface Deadline {
  epoch: bigint;
  atMs: number;
  why: DueBroker['why'];
}

export class BrokerConnections {
  private nextId = 1;
  private readonly streams = new Map<number, OpenStream>();
  private readonly deadlines = new Map<number, Deadline>();

  constructor(readonly graceMs: number = DEFAULT_BROKER_SESSION_DISCONNECT_GRACE_MS) {}

  /** Accepts a stream for `brokerId` at `epoch`; ends the one it replaces and cancels a pending deadline. */
  open(brokerId: number, epoch: bigint, stream: SessionStream): number {
    const previous = this.streams.get(brokerId);
    const id = this.nextId++;
    this.streams.set(brokerId, { id, epoch, stream });
    this.deadlines.delete(brokerId);
    previous?.stream.end('replaced by a newer session stream of the same broker');
    return id;
  }

  /**
   * The stream `id` of `brokerId` ended without the controller ending it (a reset connection, a cancel): arms the
   * disconnect deadline. A stream already replaced or retired changes nothing. Returns whether a deadline was armed.
   */
  broken(brokerId: number, id: number, nowMs: number): boolean {
    const current = this.streams.get(brokerId);
    if (current === undefined || current.id !== id) return false;
    this.streams.delete(brokerId);
    this.deadlines.set(brokerId, { epoch: current.epoch, atMs: nowMs + this.graceMs, why: 'disconnected' });
    return true;
  }

  /** Forgets a broker without fencing it (it finished its controlled shutdown and is fenced already). */
  retire(brokerId: number): void {
    this.deadlines.delete(brokerId);
    const current = this.streams.get(brokerId);
    this.streams.delete(brokerId);
    current?.stream.end('controlled shutdown completed');
  }

  /** At takeover: each of `brokers` is due at nowMs + windowMs unless it opens a stream or heartbeats before. */
  expect(brokers: Iterable<{ brokerId: number; epoch: bigint }>, nowMs: number, windowMs: number): void {
    for (const { brokerId, epoch } of brokers) {
      if (this.streams.has(brokerId)) continue;
      this.deadlines.set(brokerId, { epoch, atMs: nowMs + windowMs, why: 'no session after takeover' });
    }
  }

  /**
   * A heartbeat proves a broker alive during the takeover window (it may still be finding the new leader). A
   * disconnect deadline stays: only a reopened stream cancels it, as a heartbeat may have been sent before the kill.
   */
  heartbeat(brokerId: number): void {
    if (this.deadlines.get(brokerId)?.why === 'no session after takeover') this.deadlines.delete(brokerId);
  }

  hasStream(brokerId: number): boolean {
    return this.streams.has(brokerId);
  }

  /** Deadlines passed at `nowMs`, removed from the tracker. */
  due(nowMs: number): DueBroker[] {
    const due: DueBroker[] = [];
    for (const [brokerId, deadline] of this.deadlines) {
      if (deadline.atMs > nowMs) continue;
      this.deadlines.delete(brokerId);
      due.push({ brokerId, epoch: deadline.epoch, why: deadline.why });
    }
    return due;
  }

  /** The earliest pending deadline, or null. */
  nextDeadlineMs(): number | null {
    let next: number | null = null;
    for (const { atMs } of this.deadlines.values()) if (next === null || atMs < next) next = atMs;
    return next;
  }

  /** This controller stopped being active: every broker has to reopen its stream on the new one. */
  endAll(reason: string): void {
    const streams = [...this.streams.values()];
    this.streams.clear();
    this.deadlines.clear();
    for (const { stream } of streams) stream.end(reason);
  }
}

/**
 * The fence decision for brokers whose deadline passed: exactly what session expiry writes (FenceBroker, and each
 * partition it led elects another ISR member with leaderEpoch + 1), for those still registered at the epoch the
 * deadline was armed for and not fenced already (a controlled shutdown fenced it: nothing is written twice).
 */
export function fenceDisconnectedBrokers(
  image: MetadataImage,
  due: readonly DueBroker[],
): ControllerResult<DueBroker[]> {
  const builder = new RecordBuilder(image);
  const fenced: DueBroker[] = [];
  for (const candidate of due) {
    const broker = builder.image.brokers.get(candidate.brokerId);
    if (broker === undefined || broker.fenced || broker.epoch !== candidate.epoch) continue;
    addFenceRecords(builder, candidate.brokerId);
    fenced.push(candidate);
  }
  return { records: builder.records, response: fenced };
}
