/**
 * Hands out idempotent-producer ids that are never reused, across restarts and across brokers.
 *
 * Ids come in blocks (as Kafka's ProducerIdManager gets blocks from the controller): the end of the current block is
 * made durable (write, fsync, rename) before any id of the block is handed out, so a crash can only skip ids, never
 * repeat them. The broker's node id fills the high bits (nodeId * 2^40 + counter), keeping brokers disjoint until
 * the controller offers block allocation.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export const PRODUCER_ID_BLOCK_SIZE = 1000n;
const NODE_ID_SHIFT = 40n;
const COUNTER_MAX = (1n << NODE_ID_SHIFT) - 1n;

export class ProducerIdManager {
  private next = 0n;
  private blockEnd = 0n;
  /** Block reservations run one at a time so concurrent InitProducerId calls never share a block. */
  private pending: Promise<void> | null = null;

  private constructor(
    private readonly path: string,
    private readonly nodeId: number,
  ) {}

  /** Opens the counter file at `path` (created on first use). */
  static async open(path: string, nodeId: number): Promise<ProducerIdManager> {
    const manager = new ProducerIdManager(path, nodeId);
    let text: string | null = null;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text !== null) {
      const value = text.trim();
      if (!/^\d+$/.test(value)) throw new Error(`corrupt producer id file ${path}: ${JSON.stringify(value)}`);
      manager.next = BigInt(value);
      manager.blockEnd = manager.next;
    }
    return manager;
  }

  async nextProducerId(): Promise<bigint> {
    while (this.next >= this.blockEnd) {
      if (this.pending === null) {
        this.pending = this.reserveBlock().finally(() => {
          this.pending = null;
        });
      }
      await this.pending;
    }
    const counter = this.next++;
    return (BigInt(this.nodeId) << NODE_ID_SHIFT) | counter;
  }

  private async reserveBlock(): Promise<void> {
    const end = this.blockEnd + PRODUCER_ID_BLOCK_SIZE;
    if (end > COUNTER_MAX) throw new Error('producer id space of this broker is exhausted');
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(`${end}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.path);
    this.next = this.blockEnd;
    this.blockEnd = end;
  }
}
