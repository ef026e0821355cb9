// Intent: the README's configuration table documents every key the node reads, so docs and code cannot drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../src/index.js';

describe('README', () => {
  it('has a row for every configuration key', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    // Cells may be padded (the formatter aligns the table), so match the key and type cells loosely.
    const row = (key: string, type: string) =>
      new RegExp(`^\\|\\s*\`${key.replace(/\./g, '\\.')}\`\\s*\\|\\s*${type}\\s*\\|`, 'm');
    const missing = CONFIG_KEYS.filter((d) => !row(d.key, d.type).test(readme)).map((d) => d.key);
    expect(missing).toEqual([]);
  });
});
