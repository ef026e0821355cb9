#!/usr/bin/env node
// Measures LevelStorage write rates with fsync (sync: true) on this machine's disk.
// Usage (after `pnpm exec tsc -b packages/raft`): node packages/raft/scripts/bench-storage.mjs [writes=2000] [batch=100]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LevelStorage } from '../dist/index.js';

const [writes = 2000, batch = 100] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'raft-bench-'));
const storage = await LevelStorage.open(dir);
const data = new Uint8Array(100).fill(7);
let index = 0;
const entries = (n) => Array.from({ length: n }, () => ({ index: ++index, term: 1, type: 'Normal', data }));

let started = performance.now();
for (let k = 0; k < writes; k++) {
  const readyEntries = entries(1);
  await storage.writeReady({ snapshot: null, entries: readyEntries, hardState: { term: 1, vote: 1, commit: index } });
}
const singleMs = performance.now() - started;
started = performance.now();
for (let k = 0; k < writes / 10; k++) await storage.append(entries(batch));
const batchMs = performance.now() - started;
console.log(`one Ready (1 entry + hardState) per synced batch: ${Math.round((writes / singleMs) * 1000)} Readies/s`);
console.log(
  `batches of ${batch} x 100-byte entries: ${Math.round(((writes / 10) * batch * 1000) / batchMs)} entries/s`,
);
await storage.close();
rmSync(dir, { recursive: true, force: true });
