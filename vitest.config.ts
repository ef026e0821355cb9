import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));
const names = ['protocol', 'log', 'raft', 'metadata', 'controller', 'broker', 'node', 'cli'];

export default defineConfig({
  resolve: {
    // Tests import sources directly so a stale dist/ never hides a change.
    alias: Object.fromEntries(names.map((n) => [`@tributary/${n}`, pkg(n)])),
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup/fast-check-seed.ts'],
  },
});
