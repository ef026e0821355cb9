import * as fs from 'node:fs';

// Fixed-size-entry index file held in memory. Kafka mmaps its indexes; Node has no mmap, so entries
// live in a growable Buffer and reach disk in one positional write per flush (on roll, on the flush
// policy, on close). Entries not yet flushed are rebuilt by recovery after a crash, because the
// recovery point never passes an unflushed index.

const INITIAL_CAPACITY_ENTRIES = 64;

export class IndexFile {
  readonly path: string;
  readonly entrySize: number;
  readonly maxEntries: number;
  private buffer: Buffer;
  private entryCount = 0;
  /** Entries [0, persistedEntries) are on disk, byte for byte. */
  private persistedEntries = 0;

  private constructor(path: string, entrySize: number, maxIndexBytes: number, buffer: Buffer, entries: number) {
    this.path = path;
    this.entrySize = entrySize;
    this.maxEntries = Math.max(1, Math.floor(maxIndexBytes / entrySize));
    this.buffer = buffer;
    this.entryCount = entries;
    this.persistedEntries = entries;
  }

  static empty(path: string, entrySize: number, maxIndexBytes: number): IndexFile {
    return new IndexFile(path, entrySize, maxIndexBytes, Buffer.alloc(INITIAL_CAPACITY_ENTRIES * entrySize), 0);
  }

  /** Loads an index written earlier; null when the file is missing, oversized, or not whole entries. */
  static load(path: string, entrySize: number, maxIndexBytes: number): IndexFile | null {
    let size: number;
    try {
      size = fs.statSync(path).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // Bigger than segment.index.bytes allows (or torn): rebuild rather than trust or load it.
    if (size % entrySize !== 0 || size > Math.max(maxIndexBytes, entrySize)) return null;
    const bytes = fs.readFileSync(path);
    if (bytes.length !== size) return null;
    return new IndexFile(path, entrySize, maxIndexBytes, bytes, bytes.length / entrySize);
  }

  get entries(): number {
    return this.entryCount;
  }

  isFull(): boolean {
    return this.entryCount >= this.maxEntries;
  }

  /** Byte offset of entry `index` in the in-memory buffer, for the typed readers of subclasses' callers. */
  at(index: number): number {
    return index * this.entrySize;
  }

  get bytes(): Buffer {
    return this.buffer;
  }

  /** Reserves room for one more entry and returns its byte offset. */
  appendSlot(): number {
    if (this.isFull()) throw new Error(`index ${this.path} is full (${this.maxEntries} entries)`);
    const needed = (this.entryCount + 1) * this.entrySize;
    if (needed > this.buffer.length) {
      const grown = Buffer.alloc(Math.min(this.maxEntries * this.entrySize, this.buffer.length * 2 + this.entrySize));
      this.buffer.copy(grown, 0, 0, this.entryCount * this.entrySize);
      this.buffer = grown;
    }
    const slot = this.entryCount * this.entrySize;
    this.entryCount += 1;
    return slot;
  }

  /** Keeps the first `entries` entries, on disk as well. */
  truncateToEntries(entries: number): void {
    if (entries >= this.entryCount) return;
    this.entryCount = entries;
    if (this.persistedEntries > entries) {
      fs.truncateSync(this.path, entries * this.entrySize);
      this.persistedEntries = entries;
    }
  }

  /** Writes entries not yet on disk; with `sync`, fsyncs the file too. */
  flush(sync: boolean): void {
    if (this.persistedEntries === this.entryCount && !sync) return;
    const fd = fs.openSync(this.path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    try {
      const from = this.persistedEntries * this.entrySize;
      const to = this.entryCount * this.entrySize;
      if (to > from) fs.writeSync(fd, this.buffer, from, to - from, from);
      fs.ftruncateSync(fd, to);
      if (sync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.persistedEntries = this.entryCount;
  }

  /** Drops every entry and the file's contents (used before a rebuild). */
  reset(): void {
    this.entryCount = 0;
    this.persistedEntries = 0;
    fs.rmSync(this.path, { force: true });
  }

  deleteFile(): void {
    fs.rmSync(this.path, { force: true });
  }
}

/** What offset and time indexes share: a base offset and an IndexFile they delegate storage to. */
export abstract class SparseIndex {
  readonly baseOffset: bigint;
  protected readonly file: IndexFile;

  constructor(baseOffset: bigint, file: IndexFile) {
    this.baseOffset = baseOffset;
    this.file = file;
  }

  get path(): string {
    return this.file.path;
  }

  get entries(): number {
    return this.file.entries;
  }

  isFull(): boolean {
    return this.file.isFull();
  }

  flush(sync: boolean): void {
    this.file.flush(sync);
  }

  reset(): void {
    this.file.reset();
  }

  deleteFile(): void {
    this.file.deleteFile();
  }
}
