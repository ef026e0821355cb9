// Intent: the README's configuration table documents every key the node reads, so docs and code cannot drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../src/index.js';

describe('README', () => {
  it('has a row for every configuration key', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const missing = CONFIG_KEYS.filter((d) => !readme.includes(`| \`${d.key}\` | ${d.type} |`)).map((d) => d.key);
    expect(missing).toEqual([]);
  });
});
