import * as fs from 'node:fs';

// Fixed-size-entry index file held in memory. Kafka mmaps its indexes; Node has no mmap, so entries
// live in a growable Buffer and reach disk in one positional write per flush (on roll, on the flush
// policy, on close). Entries not yet flushed are rebuilt by recovery after a crash, because the
// recovery point never passes an unflushed index. An index opened from disk is read into memory only
// when first searched, so a broker holds just the indexes of the segments it actually reads.

const INITIAL_CAPACITY_ENTRIES = 64;

export class IndexFile {
  readonly path: string;
  readonly entrySize: number;
  readonly maxEntries: number;
  /** null until an index opened from disk is first needed. */
  private buffer: Buffer | null;
  private entryCount = 0;
  /** Entries [0, persistedEntries) are on disk, byte for byte. */
  private persistedEntries = 0;

  private constructor(path: string, entrySize: number, maxIndexBytes: number, buffer: Buffer | null, entries: number) {
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

  /** Opens an index written earlier (without reading it); null when the file is missing, oversized, or not whole entries. */
  static open(path: string, entrySize: number, maxIndexBytes: number): IndexFile | null {
    let size: number;
    try {
      size = fs.statSync(path).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // Bigger than segment.index.bytes allows (or torn): rebuild rather than trust or load it.
    if (size % entrySize !== 0 || size > Math.max(maxIndexBytes, entrySize)) return null;
    return new IndexFile(path, entrySize, maxIndexBytes, null, size / entrySize);
  }

  get isLoaded(): boolean {
    return this.buffer !== null;
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

  /** The entries in memory, read from disk on first use. */
  get bytes(): Buffer {
    if (this.buffer === null) {
      const bytes = fs.readFileSync(this.path);
      if (bytes.length !== this.persistedEntries * this.entrySize) {
        throw new Error(`index ${this.path} changed size on disk since it was opened`);
      }
      this.buffer = bytes;
    }
    return this.buffer;
  }

  /** Entry `index` as stored; read with one pread when the index is not in memory. */
  entryBytes(index: number): Buffer {
    const start = index * this.entrySize;
    if (this.buffer !== null) return this.buffer.subarray(start, start + this.entrySize);
    const fd = fs.openSync(this.path, 'r');
    try {
      const entry = Buffer.alloc(this.entrySize);
      if (fs.readSync(fd, entry, 0, this.entrySize, start) !== this.entrySize) {
        throw new Error(`index ${this.path} is shorter than ${index + 1} entries`);
      }
      return entry;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Reserves room for one more entry and returns its byte offset. */
  appendSlot(): number {
    if (this.isFull()) throw new Error(`index ${this.path} is full (${this.maxEntries} entries)`);
    const needed = (this.entryCount + 1) * this.entrySize;
    const current = this.bytes;
    if (needed > current.length) {
      const grown = Buffer.alloc(Math.min(this.maxEntries * this.entrySize, current.length * 2 + this.entrySize));
      current.copy(grown, 0, 0, this.entryCount * this.entrySize);
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
      if (to > from) fs.writeSync(fd, this.bytes, from, to - from, from);
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
    this.buffer = Buffer.alloc(INITIAL_CAPACITY_ENTRIES * this.entrySize);
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
