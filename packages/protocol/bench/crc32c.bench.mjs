#!/usr/bin/env node
// CRC32C throughput of the native @node-rs/crc32 binding used by validateBatch (not a test).
//   node packages/protocol/bench/crc32c.bench.mjs
import { randomBytes } from 'node:crypto';
import { crc32c } from '../dist/index.js';

for (const size of [1024, 64 * 1024, 16 * 1024 * 1024]) {
  const buf = randomBytes(size);
  const iterations = Math.max(5, Math.floor((256 * 1024 * 1024) / size));
  crc32c(buf);
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) crc32c(buf);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`crc32c ${String(size).padStart(9)} B: ${((size * iterations) / seconds / 1e9).toFixed(2)} GB/s`);
}
