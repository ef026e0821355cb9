// The partition nemesis: cuts one node off from the other nodes (both directions) while clients still reach every
// node, as when a broker loses its links to its peers but not to the load balancer in front of it.
//
// Why cgroups: on loopback every node talks from 127.0.0.1 and from ephemeral ports, so neither addresses nor source
// ports say which node opened a connection. Each node therefore runs in its own cgroup v2 (joined before it opens any
// socket, see cluster.mjs), and iptables' cgroup match on OUTPUT drops (a) the isolated node's packets to the other
// nodes' broker and controller ports and (b) the other nodes' packets to its ports. Dropping one direction of a TCP
// connection is enough to stall it, so established connections stall as new ones do.
//
// Every rule lives in one chain of this run's own (TRIB-CHAOS-<pid>), jumped to from OUTPUT; teardown() removes the
// jump and the chain and is synchronous so that exit and signal handlers can run it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CGROUP2_ROOT_CANDIDATES = ['/sys/fs/cgroup/unified', '/sys/fs/cgroup'];

function iptables(args) {
  return execFileSync('iptables', ['-w', '5', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function cgroup2Root() {
  for (const candidate of CGROUP2_ROOT_CANDIDATES) {
    if (existsSync(join(candidate, 'cgroup.procs')) && existsSync(join(candidate, 'cgroup.controllers'))) {
      return candidate;
    }
  }
  return null;
}

/** Why the partition nemesis cannot run here, or null when it can. */
export function partitionUnavailableReason() {
  if (process.getuid?.() !== 0) return 'the partition nemesis needs root (it adds iptables rules and cgroups)';
  try {
    iptables(['-S', 'OUTPUT']);
  } catch (error) {
    return `the partition nemesis needs iptables: ${error.message.split('\n')[0]}`;
  }
  if (cgroup2Root() === null) return 'the partition nemesis needs a writable cgroup v2 hierarchy (none mounted)';
  return null;
}

/**
 * spawn(command, args) with the child in the cgroup whose cgroup.procs file is `procs` (or where it is, when null)
 * from its first instruction: the shell joins the cgroup and then execs the command under the same pid, so every
 * socket the command opens belongs to the cgroup.
 */
export function spawnInCgroup(procs, command, args, options = {}) {
  if (procs === null) return spawn(command, args, options);
  return spawn('/bin/sh', ['-c', 'echo $$ > "$CHAOS_CGROUP_PROCS" && exec "$@"', 'sh', command, ...args], {
    ...options,
    env: { ...(options.env ?? process.env), CHAOS_CGROUP_PROCS: procs },
  });
}

export class PartitionNemesis {
  /** `portsOf(nodeId)` lists a node's broker and controller ports. */
  constructor({ nodeIds, portsOf, log }) {
    this.nodeIds = nodeIds;
    this.portsOf = portsOf;
    this.log = log;
    this.chain = `TRIB-CHAOS-${process.pid}`;
    this.root = cgroup2Root();
    this.group = `tributary-chaos-${process.pid}`;
    this.isolated = null;
    this.installed = false;
  }

  cgroupPath(nodeId) {
    return `${this.group}/node-${nodeId}`;
  }

  /** The cgroup.procs file node `nodeId` must join when it starts. */
  cgroupProcsOf(nodeId) {
    return join(this.root, this.cgroupPath(nodeId), 'cgroup.procs');
  }

  setup() {
    for (const id of this.nodeIds) mkdirSync(join(this.root, this.cgroupPath(id)), { recursive: true });
    iptables(['-N', this.chain]);
    this.installed = true;
    iptables(['-I', 'OUTPUT', '1', '-j', this.chain]);
  }

  isolate(nodeId) {
    const rule = (cgroupOf, port) => [
      '-A',
      this.chain,
      '-o',
      'lo',
      '-p',
      'tcp',
      '-m',
      'cgroup',
      '--path',
      this.cgroupPath(cgroupOf),
      '--dport',
      String(port),
      '-j',
      'DROP',
    ];
    for (const other of this.nodeIds.filter((id) => id !== nodeId)) {
      for (const port of this.portsOf(other)) iptables(rule(nodeId, port));
      for (const port of this.portsOf(nodeId)) iptables(rule(other, port));
    }
    this.isolated = nodeId;
  }

  heal() {
    iptables(['-F', this.chain]);
    this.isolated = null;
  }

  /** Idempotent and synchronous: safe from an exit handler, after a failure halfway through setup. */
  teardown() {
    if (this.installed) {
      for (const args of [
        ['-D', 'OUTPUT', '-j', this.chain],
        ['-F', this.chain],
        ['-X', this.chain],
      ]) {
        try {
          iptables(args);
        } catch {
          // Already gone (a second teardown, or setup failed before this step).
        }
      }
      this.installed = false;
    }
    if (this.root === null) return;
    const groupDir = join(this.root, this.group);
    if (!existsSync(groupDir)) return;
    for (const id of this.nodeIds) {
      const dir = join(this.root, this.cgroupPath(id));
      if (!existsSync(dir)) continue;
      // A node still alive (teardown on an error path) moves back to the root cgroup so its cgroup can go.
      for (const pid of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
        try {
          writeFileSync(join(this.root, 'cgroup.procs'), pid);
        } catch {
          // It exited meanwhile.
        }
      }
      removeDirWithRetry(dir);
    }
    removeDirWithRetry(groupDir);
  }
}

/** rmdir of a cgroup fails with EBUSY for a moment after its last process died. */
function removeDirWithRetry(dir) {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      if (error.code === 'ENOENT') return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}
