// Intent: the file metadata log returns exactly the acknowledged batches after reopen, truncates a torn tail, refuses
// corruption before the tail, and snapshots roll and trim the log without losing anything.
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetadataRecord } from '@tributary/metadata';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptMetadataLogError, FileMetadataLog, METADATA_LOG_DIR_NAME } from '../src/index.js';

const logger = pino({ level: 'silent' });
const topic = (name: string, id: number): MetadataRecord => ({
  type: 'Topic',
  name,
  topicId: Buffer.alloc(16, id).toString('base64url'),
});

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'metadata-log-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function reopen() {
  const log = await FileMetadataLog.open(dataDir, logger);
  return { log, loaded: await log.load() };
}

describe('FileMetadataLog', () => {
  it('assigns dense offsets and returns every batch after reopen', async () => {
    const { log } = await reopen();
    expect(await log.append([topic('a', 1), topic('b', 2)])).toBe(0n);
    expect(await log.append([{ type: 'NoOp' }])).toBe(2n);
    await log.close();
    const { log: again, loaded } = await reopen();
    expect(loaded.snapshot).toBeNull();
    expect(loaded.batches).toEqual([
      { baseOffset: 0n, records: [topic('a', 1), topic('b', 2)] },
      { baseOffset: 2n, records: [{ type: 'NoOp' }] },
    ]);
    expect(await again.append([{ type: 'NoOp' }])).toBe(3n);
    await again.close();
  });

  it('truncates a torn tail and keeps appending after it', async () => {
    const { log } = await reopen();
    await log.append([topic('a', 1)]);
    await log.close();
    const segment = join(dataDir, METADATA_LOG_DIR_NAME, '00000000000000000000.log');
    await appendFile(segment, Buffer.from([0, 0, 0, 40, 1, 2, 3])); // a frame header promising bytes never written
    const { log: again, loaded } = await reopen();
    expect(loaded.batches).toEqual([{ baseOffset: 0n, records: [topic('a', 1)] }]);
    expect(await again.append([topic('b', 2)])).toBe(1n);
    await again.close();
    const { loaded: third, log: last } = await reopen();
    expect(third.batches.map((batch) => batch.baseOffset)).toEqual([0n, 1n]);
    await last.close();
  });

  it('refuses to open when a segment before the last is corrupt', async () => {
    const { log } = await reopen();
    await log.append([topic('a', 1)]);
    await log.close();
    const directory = join(dataDir, METADATA_LOG_DIR_NAME);
    await appendFile(join(directory, '00000000000000000000.log'), Buffer.from('garbage!'));
    await writeFile(join(directory, '00000000000000000001.log'), Buffer.alloc(0));
    const broken = await FileMetadataLog.open(dataDir, logger);
    await expect(broken.load()).rejects.toBeInstanceOf(CorruptMetadataLogError);
    await broken.close();
  });

  it('loads the newest snapshot plus the batches after it, and trims covered segments', async () => {
    const { log } = await reopen();
    await log.append([topic('a', 1), topic('b', 2)]);
    await log.writeSnapshot({ lastOffset: 1n, records: [topic('a', 1), topic('b', 2)] });
    await log.append([topic('c', 3)]);
    await log.close();
    const files = (await readdir(join(dataDir, METADATA_LOG_DIR_NAME))).sort();
    expect(files).toEqual(['00000000000000000001.snapshot', '00000000000000000002.log']);
    const { log: again, loaded } = await reopen();
    expect(loaded.snapshot).toEqual({ lastOffset: 1n, records: [topic('a', 1), topic('b', 2)] });
    expect(loaded.batches).toEqual([{ baseOffset: 2n, records: [topic('c', 3)] }]);
    expect(await again.append([{ type: 'NoOp' }])).toBe(3n);
    await again.close();
  });

  it('rejects a snapshot that is not at the log end', async () => {
    const { log } = await reopen();
    await log.append([topic('a', 1), topic('b', 2)]);
    await expect(log.writeSnapshot({ lastOffset: 0n, records: [] })).rejects.toThrow(/not at the log end/);
    await log.close();
  });
});
