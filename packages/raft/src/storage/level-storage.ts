import { Level } from 'level';
import type { RaftInitialState } from '../core/raft-core.js';
import type { Ready } from '../core/ready.js';
import type { Entry, HardState, Snapshot, SnapshotMeta } from '../core/types.js';
import type { RaftStorage } from './raft-storage.js';
import { checkAppendable } from './raft-storage.js';

// Key layout: one byte of kind, then for entries the index as 8 big-endian bytes so that LevelDB's byte order is
// index order and a range read is a single ordered scan.
const KEY_HARD_STATE = Uint8Array.of(0x01);
const KEY_SNAPSHOT_META = Uint8Array.of(0x02);
const KEY_SNAPSHOT_DATA = Uint8Array.of(0x03);
const ENTRY_PREFIX = 0x10;
const ENTRY_KEY_END = Uint8Array.of(ENTRY_PREFIX + 1);
/** Every write is fsynced before its promise resolves: a Raft acknowledgement is a promise about the disk. */
const SYNC = { sync: true } as const;

type Op = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

function entryKey(index: number): Uint8Array {
  const key = new Uint8Array(9);
  const view = new DataView(key.buffer);
  key[0] = ENTRY_PREFIX;
  view.setUint32(1, Math.floor(index / 2 ** 32));
  view.setUint32(5, index >>> 0);
  return key;
}

function encodeEntry(entry: Entry): Uint8Array {
  // term (8 bytes BE) | type (1 byte: 0 = Normal, 1 = VotersChange) | data
  const value = new Uint8Array(9 + entry.data.byteLength);
  const view = new DataView(value.buffer);
  view.setUint32(0, Math.floor(entry.term / 2 ** 32));
  view.setUint32(4, entry.term >>> 0);
  value[8] = entry.type === 'Normal' ? 0 : 1;
  value.set(entry.data, 9);
  return value;
}

function decodeEntry(index: number, value: Uint8Array): Entry {
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  if (value[8] > 1) throw new Error(`unknown entry type ${value[8]} at index ${index}`);
  const term = view.getUint32(0) * 2 ** 32 + view.getUint32(4);
  return { term, index, type: value[8] === 0 ? 'Normal' : 'VotersChange', data: value.slice(9) };
}

const encodeJson = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const decodeJson = <T>(value: Uint8Array): T => JSON.parse(new TextDecoder().decode(value)) as T;

/**
 * RaftStorage on LevelDB (classic-level via `level`). Index bounds, hardState and snapshot metadata are cached in
 * memory after open; entries are read from disk. Each mutation is one atomic, synced batch, so a kill -9 leaves
 * either the whole write or none of it.
 */
export class LevelStorage implements RaftStorage {
  private constructor(
    private readonly db: Level<Uint8Array, Uint8Array>,
    private hard: HardState,
    private snapMeta: SnapshotMeta | null,
    private last: number,
  ) {}

  static async open(path: string): Promise<LevelStorage> {
    const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    const hardBytes = await db.get(KEY_HARD_STATE);
    const metaBytes = await db.get(KEY_SNAPSHOT_META);
    const hard = hardBytes === undefined ? { term: 0, vote: 0, commit: 0 } : decodeJson<HardState>(hardBytes);
    const meta = metaBytes === undefined ? null : decodeJson<SnapshotMeta>(metaBytes);
    let last = meta === null ? 0 : meta.index;
    for await (const key of db.keys({ gte: entryKey(0), lt: ENTRY_KEY_END, reverse: true, limit: 1 })) {
      const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
      last = Math.max(last, view.getUint32(1) * 2 ** 32 + view.getUint32(5));
    }
    return new LevelStorage(db, hard, meta, last);
  }

  private get snapshotIndex(): number {
    return this.snapMeta === null ? 0 : this.snapMeta.index;
  }

  async load(): Promise<RaftInitialState> {
    return {
      hardState: { ...this.hard },
      snapshot: await this.snapshot(),
      entries: await this.entries(this.firstIndex(), this.last + 1),
    };
  }

  hardState(): HardState {
    return { ...this.hard };
  }

  async setHardState(hardState: HardState): Promise<void> {
    await this.db.put(KEY_HARD_STATE, encodeJson(hardState), SYNC);
    this.hard = { ...hardState };
  }

  firstIndex(): number {
    return this.snapshotIndex + 1;
  }

  lastIndex(): number {
    return this.last;
  }

  async term(index: number): Promise<number | undefined> {
    if (this.snapMeta !== null && index === this.snapMeta.index) return this.snapMeta.term;
    if (index === 0) return 0;
    if (index <= this.snapshotIndex || index > this.last) return undefined;
    const value = await this.db.get(entryKey(index));
    if (value === undefined) throw new Error(`entry ${index} missing inside [${this.firstIndex()}, ${this.last}]`);
    return decodeEntry(index, value).term;
  }

  async entries(lo: number, hi: number, maxBytes = Number.POSITIVE_INFINITY): Promise<Entry[]> {
    if (lo < this.firstIndex()) throw new Error(`entries(${lo}) below firstIndex ${this.firstIndex()} (compacted)`);
    const end = Math.min(hi, this.last + 1);
    if (lo >= end) return [];
    const out: Entry[] = [];
    let bytes = 0;
    let index = lo;
    for await (const [key, value] of this.db.iterator({ gte: entryKey(lo), lt: entryKey(end) })) {
      if (key.byteLength !== 9) throw new Error('corrupt entry key');
      const entry = decodeEntry(index, value);
      bytes += entry.data.byteLength;
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(entry);
      index++;
    }
    if (out.length === 0 || out[out.length - 1].index !== out[0].index + out.length - 1) {
      throw new Error(`stored entries in [${lo}, ${end}) are not dense`);
    }
    return out;
  }

  async append(entries: Entry[]): Promise<void> {
    await this.writeReady({ snapshot: null, entries, hardState: null });
  }

  async snapshot(): Promise<Snapshot | null> {
    if (this.snapMeta === null) return null;
    const data = await this.db.get(KEY_SNAPSHOT_DATA);
    return { meta: this.snapMeta, data: data ?? new Uint8Array(0) };
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    await this.writeReady({ snapshot, entries: [], hardState: null });
  }

  /** Snapshot, entries and hardState of one Ready in ONE atomic, synced batch: one fsync per Ready. */
  async writeReady(ready: Pick<Ready, 'snapshot' | 'entries' | 'hardState'>): Promise<void> {
    const ops: Op[] = [];
    let last = this.last;
    let snapMeta = this.snapMeta;
    const { snapshot, entries, hardState } = ready;
    if (snapshot !== null && snapshot.meta.index > (snapMeta?.index ?? 0)) {
      const { index, term } = snapshot.meta;
      const keepsSuffix = index <= last && (await this.term(index)) === term;
      const dropTo = keepsSuffix ? index : last;
      ops.push({ type: 'put', key: KEY_SNAPSHOT_META, value: encodeJson(snapshot.meta) });
      ops.push({ type: 'put', key: KEY_SNAPSHOT_DATA, value: snapshot.data });
      for (let i = this.firstIndex(); i <= dropTo; i++) ops.push({ type: 'del', key: entryKey(i) });
      snapMeta = { ...snapshot.meta };
      if (!keepsSuffix) last = index;
    }
    if (entries.length > 0) {
      checkAppendable(entries, (snapMeta?.index ?? 0) + 1, last);
      for (const e of entries) ops.push({ type: 'put', key: entryKey(e.index), value: encodeEntry(e) });
      const newLast = entries[entries.length - 1].index;
      for (let i = newLast + 1; i <= last; i++) ops.push({ type: 'del', key: entryKey(i) });
      last = newLast;
    }
    if (hardState !== null) ops.push({ type: 'put', key: KEY_HARD_STATE, value: encodeJson(hardState) });
    if (ops.length === 0) return;
    await this.db.batch(ops, SYNC);
    this.last = last;
    this.snapMeta = snapMeta;
    if (hardState !== null) this.hard = { ...hardState };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
