// Intent: LogManager discovers and recovers partition dirs across log.dirs, places new partitions, and deletes them Kafka-style.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLogConfig, LogManager, parsePartitionDirName } from '../src/index.js';
import { simpleBatch } from './batch-builder.mjs';
import { tempDir } from './helpers.js';

describe('LogManager', () => {
  it('parses <topic>-<partition> by the last dash', () => {
    expect(parsePartitionDirName('my-topic.v2-12')).toEqual({ topic: 'my-topic.v2', partition: 12 });
    expect(parsePartitionDirName('no_partition')).toBeNull();
    expect(parsePartitionDirName('topic-x')).toBeNull();
    expect(parsePartitionDirName('-3')).toBeNull();
  });

  it('spreads partitions over log dirs and finds them again after restart', async () => {
    const dirs = [tempDir(), tempDir()];
    const manager = await LogManager.open({ logDirs: dirs, defaultConfig: defaultLogConfig });
    for (let partition = 0; partition < 4; partition++) {
      const log = await manager.getOrCreate('orders-eu.v1', partition);
      log.append(simpleBatch(partition + 1, 10, partition), { assignOffsets: true, leaderEpoch: 0 });
    }
    expect(fs.readdirSync(dirs[0]).length).toBe(2);
    expect(fs.readdirSync(dirs[1]).length).toBe(2);
    expect(await manager.getOrCreate('orders-eu.v1', 0)).toBe(manager.get('orders-eu.v1', 0));
    await manager.close();

    fs.mkdirSync(path.join(dirs[0], '__cluster_metadata-0'));
    fs.mkdirSync(path.join(dirs[0], 'stray-dir.abc-delete'));
    const reopened = await LogManager.open({ logDirs: dirs, defaultConfig: defaultLogConfig });
    expect(reopened.all().length).toBe(4);
    expect(reopened.get('orders-eu.v1', 3)?.logEndOffset).toBe(4n);
    expect(fs.existsSync(path.join(dirs[0], 'stray-dir.abc-delete'))).toBe(false);
    expect(fs.existsSync(path.join(dirs[0], '__cluster_metadata-0'))).toBe(true);
    await reopened.close();
  });

  it('applies config overrides, runs retention and deletes a partition directory', async () => {
    const dir = tempDir();
    let now = 1_000_000;
    const manager = await LogManager.open({ logDirs: [dir], defaultConfig: defaultLogConfig, clock: () => now });
    const log = await manager.getOrCreate('t', 0, { segmentBytes: 300, retentionMs: 5_000 });
    for (let seed = 0; seed < 10; seed++)
      log.append(simpleBatch(1, 100, seed, BigInt(now)), { assignOffsets: true, leaderEpoch: 0 });
    const segments = log.segmentCount();
    expect(segments).toBeGreaterThan(2);
    expect(manager.runRetention()).toBe(0);
    now += 10_000;
    expect(manager.runRetention()).toBe(segments - 1);
    expect(log.segmentCount()).toBe(1);
    await manager.flushAll();
    await manager.delete('t', 0);
    expect(manager.get('t', 0)).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([]);
    await manager.close();
  });

  it('returns one log for concurrent getOrCreate calls', async () => {
    const manager = await LogManager.open({ logDirs: [tempDir()], defaultConfig: defaultLogConfig });
    const [a, b] = await Promise.all([manager.getOrCreate('t', 1), manager.getOrCreate('t', 1)]);
    expect(a).toBe(b);
    await manager.close();
  });
});
