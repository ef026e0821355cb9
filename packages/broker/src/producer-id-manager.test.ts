// Intent: producer ids are unique under concurrent allocation, never repeat after reopening the counter file (the
// block end is durable before any id of the block is used), carry the node id in their high bits, and a corrupt
// counter file is refused rather than silently restarting at zero.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PRODUCER_ID_BLOCK_SIZE, ProducerIdManager } from './producer-id-manager.js';

let dir: string | null = null;

afterEach(async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('ProducerIdManager', () => {
  it('hands out unique ids concurrently and never repeats them after a reopen', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pid-'));
    const path = join(dir, 'state', 'producer-id');
    const first = await ProducerIdManager.open(path, 3);
    const ids = await Promise.all(Array.from({ length: 2500 }, () => first.nextProducerId()));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id >> 40n === 3n)).toBe(true);
    // Reopen without any shutdown step, as after a crash: the next id comes from a fresh block.
    const second = await ProducerIdManager.open(path, 3);
    const next = await second.nextProducerId();
    // biome-ignore lint/complexity/useMathMinMax: bigint operands, which Math.max rejects
    const maxBefore = ids.reduce((a, b) => (a > b ? a : b));
    expect(next > maxBefore).toBe(true);
    expect(next & ((1n << 40n) - 1n)).toBe(3n * PRODUCER_ID_BLOCK_SIZE);
  });

  it('refuses a corrupt counter file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pid-'));
    const path = join(dir, 'producer-id');
    await writeFile(path, 'garbage');
    await expect(ProducerIdManager.open(path, 1)).rejects.toThrow(/corrupt producer id file/);
  });
});
