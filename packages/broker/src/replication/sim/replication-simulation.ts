/**
 * Deterministic simulation of one RF=3, min.insync.replicas=2 partition (in the style of packages/raft/src/sim and
 * Kafka's RaftEventSimulationTest): three brokers running the real replication cores (PartitionLeaderState,
 * truncationOffset, leaderEpochEndOffset), a controller running the real metadata decisions (alterPartition,
 * fencing with leader election from the ISR, unclean election off, registration/unfencing) over the real image
 * and replay, and a network that loses and reorders messages. Brokers crash (their logs survive: appends are
 * treated as durable) and restart; metadata reaches each broker late.
 *
 * Every choice comes from one seeded PRNG, so a seed replays exactly. After every step the invariants of
 * ARCHITECTURE.md's guarantees are checked; a violation throws with the seed and step.
 */
import {
  type AlterPartitionRequest,
  alterPartition,
  brokerHeartbeat,
  type ControllerResult,
  createTopics,
  emptyImage,
  isBrokerEligible,
  type MetadataImage,
  type PartitionState,
  registerBroker,
  replayAll,
  seededRandom,
} from '@tributary/metadata';
import { leaderEpochEndOffset } from '../epoch-end-offset.js';
import { truncationOffset } from '../follower-truncation.js';
import { PartitionLeaderState, type PendingIsrChange } from '../partition-leader-state.js';
import { type SimEntry, SimLog } from './sim-log.js';

const TOPIC = 'sim';
const BROKER_IDS = [1, 2, 3] as const;
const MIN_INSYNC_REPLICAS = 2;
const REPLICA_LAG_TIME_MAX_MS = 1_000;
const FETCH_MAX_ENTRIES = 16;
const ISR_CHANGE_RETRY_BACKOFF_MS = 100;
const NONE = 0;
const OFFSET_OUT_OF_RANGE = 1;
const NOT_LEADER = 6;
const NOT_CONTROLLER = 41;
const INELIGIBLE_REPLICA = 107;
const AMBIGUOUS_ANSWER_RATE = 0.2;

export interface SimulationOptions {
  seed: number;
  steps: number;
  /** Probability that a delivered message is dropped instead. */
  lossRate?: number;
  /** Receives a one-line state summary after every step (for replaying a failing seed by eye). */
  trace?: (line: string) => void;
}

export interface SimulationStats {
  seed: number;
  acknowledged: number;
  rejectedNotEnoughReplicas: number;
  leaderChanges: number;
  truncations: number;
  /** DeleteRecords/retention on a leader, and followers that restarted their log at the leader's log start. */
  logStartMoves: number;
  followerResets: number;
  isrChanges: number;
  crashes: number;
  messagesDropped: number;
}

type Message =
  | { kind: 'fetch'; from: number; to: number; epoch: number; fetchOffset: bigint }
  | {
      kind: 'fetchResponse';
      from: number;
      to: number;
      epoch: number;
      error: number;
      base: bigint;
      entries: SimEntry[];
      hw: bigint;
      /** The leader's log start offset, sent with every answer as Kafka's Fetch does. */
      logStart: bigint;
    }
  | { kind: 'epochQuery'; from: number; to: number; epoch: number; requestedEpoch: number }
  | {
      kind: 'epochAnswer';
      from: number;
      to: number;
      epoch: number;
      error: number;
      answerEpoch: number;
      endOffset: bigint;
    }
  | { kind: 'alterPartition'; from: number; request: AlterPartitionRequest; proposal: PendingIsrChange }
  | {
      kind: 'alterPartitionResponse';
      to: number;
      errorCode: number;
      partitionEpoch: number;
      proposal: PendingIsrChange;
    };

interface PendingAck {
  epoch: number;
  offset: bigint;
  value: number;
}

interface SimBroker {
  readonly id: number;
  alive: boolean;
  readonly log: SimLog;
  highWatermark: bigint;
  image: MetadataImage;
  leader: PartitionLeaderState | null;
  follower: { leaderId: number; epoch: number; phase: 'truncating' | 'fetching' } | null;
  pendingAcks: PendingAck[];
}

export class SimulationFailure extends Error {}

export class ReplicationSimulation {
  private readonly random: () => number;
  private controllerImage: MetadataImage;
  private readonly brokers = new Map<number, SimBroker>();
  private network: Message[] = [];
  private nowMs = 0;
  private nextValue = 1;
  private step = 0;
  /** Every acks=all record acknowledged to a client: it must never be lost or move. */
  private readonly acknowledged: { offset: bigint; value: number }[] = [];
  /** Highest offset any leader deleted below: acknowledged records under it may legitimately be gone. */
  private deletedBelow = 0n;
  /** Highest high watermark each broker showed as leader in each epoch: it must never go back. */
  private readonly leaderHighWatermarks = new Map<string, bigint>();
  readonly stats: SimulationStats;

  constructor(private readonly options: SimulationOptions) {
    this.random = seededFloats(options.seed);
    this.stats = {
      seed: options.seed,
      acknowledged: 0,
      rejectedNotEnoughReplicas: 0,
      leaderChanges: 0,
      truncations: 0,
      logStartMoves: 0,
      followerResets: 0,
      isrChanges: 0,
      crashes: 0,
      messagesDropped: 0,
    };
    this.controllerImage = emptyImage('sim-cluster');
    for (const id of BROKER_IDS) this.registerAndUnfence(id);
    this.decide((image) =>
      createTopics(
        image,
        [
          {
            name: TOPIC,
            numPartitions: -1,
            replicationFactor: -1,
            assignments: [{ partitionIndex: 0, brokerIds: [...BROKER_IDS] }],
            configs: { 'min.insync.replicas': String(MIN_INSYNC_REPLICAS) },
          },
        ],
        {
          validateOnly: false,
          defaults: { numPartitions: 1, defaultReplicationFactor: 3 },
          random: seededRandom(options.seed),
        },
      ),
    );
    for (const id of BROKER_IDS) {
      const broker: SimBroker = {
        id,
        alive: true,
        log: new SimLog(),
        highWatermark: 0n,
        image: this.controllerImage,
        leader: null,
        follower: null,
        pendingAcks: [],
      };
      this.brokers.set(id, broker);
      this.applyImage(broker, this.controllerImage);
    }
  }

  run(): SimulationStats {
    for (this.step = 0; this.step < this.options.steps; this.step++) {
      this.randomStep();
      this.completeAcks();
      this.checkInvariants();
      if (this.options.trace !== undefined) this.options.trace(this.describe());
    }
    this.heal();
    return this.stats;
  }

  // ---- the controller: real decisions, replayed into the image ----

  private decide<T>(decision: (image: MetadataImage) => ControllerResult<T>): T {
    const { records, response } = decision(this.controllerImage);
    if (records.length > 0) {
      this.controllerImage = replayAll(this.controllerImage, records, this.controllerImage.offset + 1n);
    }
    return response;
  }

  private registerAndUnfence(id: number): void {
    const registration = this.decide((image) =>
      registerBroker(
        image,
        {
          brokerId: id,
          clusterId: 'sim-cluster',
          incarnationId: `incarnation-${id}`,
          endpoints: [{ name: 'PLAINTEXT', host: 'sim', port: id, securityProtocol: 0 }],
          rack: null,
        },
        { sessionActive: false },
      ),
    );
    this.decide((image) =>
      brokerHeartbeat(image, {
        brokerId: id,
        brokerEpoch: registration.brokerEpoch,
        currentMetadataOffset: image.offset,
        wantFence: false,
        wantShutDown: false,
      }),
    );
  }

  private fence(id: number): void {
    const registration = this.controllerImage.brokers.get(id)!;
    if (registration.fenced) return;
    this.decide((image) =>
      brokerHeartbeat(image, {
        brokerId: id,
        brokerEpoch: registration.epoch,
        currentMetadataOffset: image.offset,
        wantFence: true,
        wantShutDown: false,
      }),
    );
  }

  private partitionOf(image: MetadataImage): PartitionState {
    return image.topicsByName.get(TOPIC)!.partitions.get(0)!;
  }

  // ---- events ----

  private randomStep(): void {
    this.nowMs += Math.floor(this.random() * 20);
    const roll = this.random();
    if (roll < 0.3) this.deliver();
    else if (roll < 0.4) this.produce();
    else if (roll < 0.62) this.fetchTick(this.pickBroker());
    else if (roll < 0.74) this.propagateMetadata(this.pickBroker());
    else if (roll < 0.8) this.isrCheck(this.pickBroker());
    else if (roll < 0.81) this.crash(this.pickBroker());
    else if (roll < 0.83) this.expireSessions();
    else if (roll < 0.87) this.restart(this.pickBroker());
    else if (roll < 0.885) this.deleteRecords(this.pickBroker());
    else this.deliver();
  }

  private pickBroker(): SimBroker {
    return this.brokers.get(BROKER_IDS[Math.floor(this.random() * BROKER_IDS.length)])!;
  }

  private send(message: Message): void {
    if (this.network.length < 200) this.network.push(message);
  }

  /** Delivers one message chosen at random (reordering), or drops it. */
  private deliver(): void {
    if (this.network.length === 0) return;
    const index = Math.floor(this.random() * this.network.length);
    const [message] = this.network.splice(index, 1);
    if (this.random() < (this.options.lossRate ?? 0.1)) {
      this.stats.messagesDropped++;
      return;
    }
    this.handle(message);
  }

  private handle(message: Message): void {
    if (message.kind === 'alterPartition') {
      const response = this.decide((image) => alterPartition(image, message.request));
      if (response.errorCode === NONE && response.partitionEpoch > message.request.partitionEpoch)
        this.stats.isrChanges++;
      // A controller failover between applying and answering: the leader hears NOT_CONTROLLER for a change that
      // was applied (the answer says nothing either way, as in KRaft).
      const ambiguous = this.random() < AMBIGUOUS_ANSWER_RATE;
      this.send({
        kind: 'alterPartitionResponse',
        to: message.from,
        errorCode: ambiguous ? NOT_CONTROLLER : response.errorCode,
        partitionEpoch: ambiguous ? -1 : response.partitionEpoch,
        proposal: message.proposal,
      });
      return;
    }
    const broker = this.brokers.get(message.to)!;
    if (!broker.alive) return;
    switch (message.kind) {
      case 'fetch':
        this.onFetch(broker, message);
        return;
      case 'fetchResponse':
        this.onFetchResponse(broker, message);
        return;
      case 'epochQuery':
        this.onEpochQuery(broker, message);
        return;
      case 'epochAnswer':
        this.onEpochAnswer(broker, message);
        return;
      case 'alterPartitionResponse': {
        const leader = broker.leader;
        if (leader === null || leader.pendingIsrChange !== message.proposal) return;
        const retryAt = this.nowMs + ISR_CHANGE_RETRY_BACKOFF_MS;
        // The replica manager's rule: only a no-op or an answer proving the change was not applied clears it.
        if (message.errorCode === NONE) {
          if (message.partitionEpoch <= message.proposal.partitionEpoch) leader.clearPending(retryAt);
        } else if (message.errorCode === INELIGIBLE_REPLICA) leader.clearPending(retryAt);
        else leader.retryPendingAt(retryAt);
      }
    }
  }

  private produce(): void {
    const candidates = [...this.brokers.values()].filter((b) => b.alive && b.leader !== null);
    if (candidates.length === 0) return;
    const broker = candidates[Math.floor(this.random() * candidates.length)];
    const leader = broker.leader!;
    const acksAll = this.random() < 0.7;
    if (acksAll && this.partitionOf(broker.image).isr.length < MIN_INSYNC_REPLICAS) {
      this.stats.rejectedNotEnoughReplicas++;
      return;
    }
    const value = this.nextValue++;
    const offset = broker.log.logEndOffset;
    broker.log.append({ epoch: leader.leaderEpoch, value });
    this.advanceLeaderHighWatermark(broker);
    if (acksAll) broker.pendingAcks.push({ epoch: leader.leaderEpoch, offset, value });
  }

  /** DeleteRecords (or retention) on a leader: its log start moves up to some offset at or below its HW. */
  private deleteRecords(broker: SimBroker): void {
    if (!broker.alive || broker.leader === null) return;
    const start = broker.log.logStartOffset;
    if (broker.highWatermark <= start) return;
    const offset = start + BigInt(Math.floor(this.random() * Number(broker.highWatermark - start + 1n)));
    if (offset <= start) return;
    broker.log.deleteBefore(offset);
    if (offset > this.deletedBelow) this.deletedBelow = offset;
    this.stats.logStartMoves++;
  }

  private advanceLeaderHighWatermark(broker: SimBroker): void {
    const leader = broker.leader!;
    if (leader.maybeIncrementHighWatermark(broker.log.logEndOffset)) broker.highWatermark = leader.highWatermark;
  }

  /** A follower asks its leader: the truncation point first, then records. */
  private fetchTick(broker: SimBroker): void {
    const follower = broker.follower;
    if (!broker.alive || follower === null) return;
    if (follower.phase === 'truncating') {
      this.send({
        kind: 'epochQuery',
        from: broker.id,
        to: follower.leaderId,
        epoch: follower.epoch,
        requestedEpoch: broker.log.latestEpoch(),
      });
    } else {
      this.send({
        kind: 'fetch',
        from: broker.id,
        to: follower.leaderId,
        epoch: follower.epoch,
        fetchOffset: broker.log.logEndOffset,
      });
    }
  }

  private onEpochQuery(broker: SimBroker, message: Extract<Message, { kind: 'epochQuery' }>): void {
    const leader = broker.leader;
    const answer = (error: number, answerEpoch: number, endOffset: bigint) =>
      this.send({
        kind: 'epochAnswer',
        from: broker.id,
        to: message.from,
        epoch: message.epoch,
        error,
        answerEpoch,
        endOffset,
      });
    if (leader === null || leader.leaderEpoch !== message.epoch) {
      answer(NOT_LEADER, -1, -1n);
      return;
    }
    const found = leaderEpochEndOffset(broker.log, broker.log.logEndOffset, leader.leaderEpoch, message.requestedEpoch);
    answer(NONE, found.epoch, found.endOffset);
  }

  private onEpochAnswer(broker: SimBroker, message: Extract<Message, { kind: 'epochAnswer' }>): void {
    const follower = broker.follower;
    if (follower === null || follower.epoch !== message.epoch || follower.phase !== 'truncating') return;
    if (message.error !== NONE) return;
    const offset = truncationOffset(
      {
        logEndOffset: broker.log.logEndOffset,
        highWatermark: broker.highWatermark,
        latestEpoch: () => broker.log.latestEpoch(),
        endOffsetFor: (epoch) => broker.log.endOffsetFor(epoch),
      },
      { epoch: message.answerEpoch, endOffset: message.endOffset },
    );
    if (offset < broker.log.logEndOffset) {
      this.stats.truncations++;
      broker.log.truncateTo(offset);
      if (broker.highWatermark > offset) broker.highWatermark = offset;
    }
    follower.phase = 'fetching';
  }

  private onFetch(broker: SimBroker, message: Extract<Message, { kind: 'fetch' }>): void {
    const leader = broker.leader;
    const reply = (error: number, base: bigint, entries: SimEntry[]) =>
      this.send({
        kind: 'fetchResponse',
        from: broker.id,
        to: message.from,
        epoch: message.epoch,
        error,
        base,
        entries,
        hw: broker.highWatermark,
        logStart: broker.log.logStartOffset,
      });
    if (leader === null || leader.leaderEpoch !== message.epoch) {
      reply(NOT_LEADER, -1n, []);
      return;
    }
    if (message.fetchOffset > broker.log.logEndOffset || message.fetchOffset < broker.log.logStartOffset) {
      reply(OFFSET_OUT_OF_RANGE, -1n, []);
      return;
    }
    leader.updateFollowerFetchState(message.from, message.fetchOffset, broker.log.logEndOffset, this.nowMs);
    this.advanceLeaderHighWatermark(broker);
    this.isrCheck(broker);
    reply(
      NONE,
      message.fetchOffset,
      broker.log.slice(message.fetchOffset, 1 + Math.floor(this.random() * FETCH_MAX_ENTRIES)),
    );
  }

  private onFetchResponse(broker: SimBroker, message: Extract<Message, { kind: 'fetchResponse' }>): void {
    const follower = broker.follower;
    if (follower === null || follower.epoch !== message.epoch || follower.phase !== 'fetching') return;
    if (message.error === OFFSET_OUT_OF_RANGE) {
      if (message.logStart > broker.log.logEndOffset) {
        // What we lack is gone on the leader: restart empty at its log start (the real fetcher's restartLogAt).
        broker.log.resetTo(message.logStart);
        broker.highWatermark = message.logStart;
        this.stats.followerResets++;
        return;
      }
      follower.phase = 'truncating';
      return;
    }
    // A reordered or duplicated response that no longer starts at our end is stale: the real fetcher has one
    // request in flight, the simulation lets several race to test that appends stay contiguous.
    if (message.error !== NONE || message.base !== broker.log.logEndOffset) return;
    for (const entry of message.entries) broker.log.append(entry);
    if (message.logStart > broker.log.logStartOffset) broker.log.deleteBefore(message.logStart);
    const end = broker.log.logEndOffset;
    // biome-ignore lint/complexity/useMathMinMax: bigint operands, which Math.min rejects
    broker.highWatermark = message.hw < end ? message.hw : end;
  }

  private isrCheck(broker: SimBroker): void {
    const leader = broker.leader;
    if (!broker.alive || leader === null) return;
    const image = broker.image;
    const proposal = leader.proposeIsrChange(this.nowMs, REPLICA_LAG_TIME_MAX_MS, (id) => isBrokerEligible(image, id));
    if (proposal === null) return;
    const registration = broker.image.brokers.get(broker.id)!;
    this.send({
      kind: 'alterPartition',
      from: broker.id,
      proposal,
      request: {
        brokerId: broker.id,
        brokerEpoch: registration.epoch,
        topicId: broker.image.topicsByName.get(TOPIC)!.topicId,
        partitionIndex: 0,
        leaderEpoch: leader.leaderEpoch,
        partitionEpoch: proposal.partitionEpoch,
        newIsr: [...proposal.isr],
        leaderRecoveryState: 0,
      },
    });
  }

  /** The broker learns the controller's latest image (brokers see metadata late, never out of order). */
  private propagateMetadata(broker: SimBroker): void {
    if (broker.alive) this.applyImage(broker, this.controllerImage);
  }

  private applyImage(broker: SimBroker, image: MetadataImage): void {
    broker.image = image;
    const state = this.partitionOf(image);
    if (state.leader === broker.id) {
      broker.follower = null;
      if (broker.leader === null || broker.leader.leaderEpoch !== state.leaderEpoch) {
        this.stats.leaderChanges++;
        broker.pendingAcks = [];
        broker.leader = new PartitionLeaderState(
          broker.id,
          state,
          broker.log.logEndOffset,
          broker.highWatermark,
          this.nowMs,
        );
        this.checkAcknowledgedPresent(broker, 'became leader');
      } else {
        broker.leader.applyPartitionState(state, this.nowMs);
      }
      this.advanceLeaderHighWatermark(broker);
      return;
    }
    broker.leader = null;
    broker.pendingAcks = [];
    if (state.leader < 0) {
      broker.follower = null;
    } else if (broker.follower === null || broker.follower.epoch !== state.leaderEpoch) {
      broker.follower = { leaderId: state.leader, epoch: state.leaderEpoch, phase: 'truncating' };
    }
  }

  private crash(broker: SimBroker): void {
    if (!broker.alive) return;
    // Keep at least one broker up so the run keeps doing work.
    if ([...this.brokers.values()].filter((b) => b.alive).length <= 1) return;
    this.stats.crashes++;
    broker.alive = false;
    broker.leader = null;
    broker.follower = null;
    broker.pendingAcks = [];
  }

  /** The controller notices crashed brokers' sessions lapsed and fences them (leaders move within the ISR). */
  private expireSessions(): void {
    for (const broker of this.brokers.values()) if (!broker.alive) this.fence(broker.id);
  }

  private restart(broker: SimBroker): void {
    if (broker.alive) return;
    broker.alive = true;
    this.registerAndUnfence(broker.id);
    this.applyImage(broker, this.controllerImage);
  }

  /** acks=all: answered once the leader's high watermark passes the record in the epoch it was written in. */
  private completeAcks(): void {
    for (const broker of this.brokers.values()) {
      const leader = broker.leader;
      if (!broker.alive || leader === null) continue;
      broker.pendingAcks = broker.pendingAcks.filter((ack) => {
        if (ack.epoch !== leader.leaderEpoch) return false;
        if (broker.highWatermark <= ack.offset) return true;
        if (this.partitionOf(broker.image).isr.length >= MIN_INSYNC_REPLICAS) {
          this.acknowledged.push({ offset: ack.offset, value: ack.value });
          this.stats.acknowledged++;
        }
        return false;
      });
    }
  }

  private describe(): string {
    const state = this.partitionOf(this.controllerImage);
    const brokers = [...this.brokers.values()].map((b) => {
      const role = b.leader
        ? `leader(isr=${b.leader.isr} pending=${b.leader.pendingIsrChange?.isr ?? '-'})`
        : b.follower
          ? `follower(of=${b.follower.leaderId} ${b.follower.phase})`
          : '-';
      return `${b.id}${b.alive ? '' : '(down)'} leo=${b.log.logEndOffset} hw=${b.highWatermark} ${role}`;
    });
    return `step ${this.step} t=${this.nowMs} controller leader=${state.leader} epoch=${state.leaderEpoch} isr=${state.isr} | ${brokers.join(' | ')} | in flight ${this.network.length}`;
  }

  // ---- invariants ----

  private fail(message: string): never {
    throw new SimulationFailure(`seed ${this.options.seed} step ${this.step}: ${message}`);
  }

  private checkAcknowledgedPresent(broker: SimBroker, when: string): void {
    for (const ack of this.acknowledged) {
      if (ack.offset < this.deletedBelow) continue;
      const entry = broker.log.at(ack.offset);
      if (entry?.value !== ack.value) {
        this.fail(`${when}: broker ${broker.id} lacks acknowledged record ${ack.value} at offset ${ack.offset}`);
      }
    }
  }

  private checkInvariants(): void {
    const state = this.partitionOf(this.controllerImage);
    if (state.leader >= 0 && !state.isr.includes(state.leader))
      this.fail(`ISR ${state.isr} lacks leader ${state.leader}`);
    const all = [...this.brokers.values()];
    for (const broker of all) {
      if (broker.highWatermark > broker.log.logEndOffset) this.fail(`broker ${broker.id} HW above its LEO`);
      const leader = broker.leader;
      if (leader !== null) {
        const key = `${broker.id}:${leader.leaderEpoch}`;
        const previous = this.leaderHighWatermarks.get(key) ?? -1n;
        if (broker.highWatermark < previous)
          this.fail(`leader ${broker.id} HW went back ${previous} -> ${broker.highWatermark}`);
        this.leaderHighWatermarks.set(key, broker.highWatermark);
        // The leader the controller currently names must hold every acknowledged record.
        if (broker.alive && state.leader === broker.id && state.leaderEpoch === leader.leaderEpoch) {
          this.checkAcknowledgedPresent(broker, 'current leader');
        }
      }
    }
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const a = all[i];
        const b = all[j];
        // biome-ignore lint/complexity/useMathMinMax: bigint operands, which Math.min rejects
        const limit = a.highWatermark < b.highWatermark ? a.highWatermark : b.highWatermark;
        const start = a.log.logStartOffset > b.log.logStartOffset ? a.log.logStartOffset : b.log.logStartOffset;
        for (let offset = start; offset < limit; offset++) {
          const x = a.log.at(offset);
          const y = b.log.at(offset);
          if (x?.value !== y?.value || x?.epoch !== y?.epoch) {
            this.fail(`brokers ${a.id} and ${b.id} disagree at offset ${offset} below both high watermarks`);
          }
        }
      }
    }
  }

  /** No more faults: every broker up, metadata delivered, no loss. The replicas must converge on the leader's log. */
  private heal(): void {
    for (const broker of this.brokers.values()) if (!broker.alive) this.restart(broker);
    for (let round = 0; round < 400; round++) {
      this.step++;
      this.nowMs += 10;
      for (const broker of this.brokers.values()) {
        this.propagateMetadata(broker);
        this.fetchTick(broker);
        this.isrCheck(broker);
      }
      const pending = this.network;
      this.network = [];
      for (const message of pending) this.handle(message);
      this.completeAcks();
      this.checkInvariants();
      if (this.converged()) return;
    }
    this.fail(`replicas did not converge after healing: ${this.describe()}`);
  }

  private converged(): boolean {
    const state = this.partitionOf(this.controllerImage);
    if (state.leader < 0 || state.isr.length !== BROKER_IDS.length) return false;
    const leaderLog = this.brokers.get(state.leader)!.log;
    return [...this.brokers.values()].every((b) => {
      if (b.log.logEndOffset !== leaderLog.logEndOffset || b.highWatermark !== leaderLog.logEndOffset) return false;
      // Log starts may differ (retention ran at different times); every offset both still hold must match.
      const start = b.log.logStartOffset > leaderLog.logStartOffset ? b.log.logStartOffset : leaderLog.logStartOffset;
      for (let offset = start; offset < leaderLog.logEndOffset; offset++) {
        const x = b.log.at(offset);
        const y = leaderLog.at(offset);
        if (x?.value !== y?.value || x?.epoch !== y?.epoch) return false;
      }
      return true;
    });
  }
}

/** Uniform floats in [0, 1) from the metadata package's seeded generator: every choice of a run comes from here. */
function seededFloats(seed: number): () => number {
  const bytes = seededRandom(seed);
  return () => new DataView(bytes(4).buffer).getUint32(0) / 4294967296;
}

export function runReplicationSimulation(options: SimulationOptions): SimulationStats {
  return new ReplicationSimulation(options).run();
}
