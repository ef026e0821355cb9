// Intent: LevelStorage keeps every promise of the RaftStorage contract, across reopen and across a real kill -9.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RaftStorage } from '../src/index.js';
import { LevelStorage } from '../src/index.js';
import { describeRaftStorage } from './storage-contract.js';

const root = mkdtempSync(join(tmpdir(), 'raft-level-'));
let counter = 0;
const paths = new Map<RaftStorage, string>();

afterAll(() => rmSync(root, { recursive: true, force: true }));

describeRaftStorage(
  'LevelStorage',
  async () => {
    const path = join(root, `db-${counter++}`);
    const s = await LevelStorage.open(path);
    paths.set(s, path);
    return s;
  },
  async (s) => {
    const path = paths.get(s) as string;
    await s.close();
    const reopened = await LevelStorage.open(path);
    paths.set(reopened, path);
    return reopened;
  },
);

describe('LevelStorage crash safety', () => {
  const repo = fileURLToPath(new URL('../../..', import.meta.url));
  beforeAll(() => {
    execFileSync('pnpm', ['exec', 'tsc', '-b', 'packages/raft'], { cwd: repo, stdio: 'inherit' });
  });

  it('after kill -9 of a writer process, every write it acknowledged is on disk', async () => {
    const path = join(root, 'killed');
    const child = spawn(process.execPath, [
      fileURLToPath(new URL('./fixtures/storage-writer.mjs', import.meta.url)),
      path,
    ]);
    const acked: { index: number; term: number; commit: number }[] = [];
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stderr.on('data', (d) => process.stderr.write(d));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() as string;
        for (const line of lines) acked.push(JSON.parse(line));
        // Kill in the middle of a stream of writes, not at a quiet moment.
        if (acked.length >= 150 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(150);
    const s = await LevelStorage.open(path);
    const last = acked[acked.length - 1];
    const hs = s.hardState();
    // The writer stores entry i, then hardState {term: i, vote: 1, commit: i}, then prints the acknowledgement.
    expect(hs.commit).toBeGreaterThanOrEqual(last.commit);
    expect(hs.term).toBeGreaterThanOrEqual(last.term);
    expect(s.lastIndex()).toBeGreaterThanOrEqual(last.index);
    const entries = await s.entries(1, last.index + 1);
    expect(entries.map((e) => e.index)).toEqual(acked.map((a) => a.index));
    for (const e of entries) expect(new TextDecoder().decode(e.data)).toBe(`payload-${e.index}`);
    await s.close();
  });
});
