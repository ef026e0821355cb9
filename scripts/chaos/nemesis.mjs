// Runs a fault schedule (schedule.mjs) against the cluster, one fault at a time, logging every action with its time.
//   kill      - kill -9 the node; heal: restart it on its data dir and config (waits for "node started")
//   pause     - SIGSTOP (a frozen process: the GC-pause / zombie-leader case); heal: SIGCONT
//   partition - cut the node off from the other nodes (partition.mjs); heal: drop the rules

/** Sleeps ms, or less if `signal` aborts first. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class Nemesis {
  /** Every action: { atMs (since the workload started), at (ISO time), fault, nodeId, action, detail? }. */
  events = [];
  /** The fault in force, healed by heal() (also on abort). */
  active = null;

  constructor({ cluster, partition, clock, log }) {
    Object.assign(this, { cluster, partition, clock, log });
  }

  record(fault, nodeId, action, detail) {
    const event = {
      atMs: this.clock(),
      at: new Date().toISOString(),
      fault,
      nodeId,
      action,
      ...(detail && { detail }),
    };
    this.events.push(event);
    this.log(
      `nemesis +${(event.atMs / 1000).toFixed(1)}s ${action} ${fault} node ${nodeId}${detail ? ` (${detail})` : ''}`,
    );
  }

  /** Runs the schedule until done or until `signal` aborts; the fault in force when it stops is healed either way. */
  async run(schedule, signal) {
    for (const step of schedule) {
      await sleep(step.startMs - this.clock(), signal);
      if (signal.aborted) break;
      await this.inject(step);
      await sleep(step.faultMs, signal);
      await this.heal();
    }
    await this.heal();
  }

  async inject({ kind, nodeId }) {
    this.active = { kind, nodeId };
    const pid = this.cluster.pid(nodeId);
    if (kind === 'kill') this.cluster.kill9(nodeId);
    else if (kind === 'pause') this.cluster.pause(nodeId);
    else if (kind === 'partition') this.partition.isolate(nodeId);
    else throw new Error(`unknown fault ${kind}`);
    this.record(kind, nodeId, 'start', `pid ${pid}`);
  }

  async heal() {
    if (this.active === null) return;
    const { kind, nodeId } = this.active;
    this.active = null;
    if (kind === 'kill') {
      this.record(kind, nodeId, 'heal', 'restarting');
      await this.cluster.startNode(nodeId);
      this.record(kind, nodeId, 'healed', `node started, pid ${this.cluster.pid(nodeId)}`);
    } else if (kind === 'pause') {
      this.cluster.resume(nodeId);
      this.record(kind, nodeId, 'heal', 'SIGCONT');
    } else {
      this.partition.heal();
      this.record(kind, nodeId, 'heal', 'rules removed');
    }
  }
}
