// Intent: every scripted scenario in testdata/*.txt produces exactly its golden trace (UPDATE_GOLDEN=1 rewrites).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InteractionEnv } from './scenario/interaction-env.js';

const dir = fileURLToPath(new URL('../testdata/', import.meta.url));

interface Stanza {
  comments: string[];
  command: string;
}

/** Format: optional `#` comment lines, a command line, `----`, the expected output, then a blank line. */
function parse(text: string): Stanza[] {
  const lines = text.split('\n');
  const stanzas: Stanza[] = [];
  let comments: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('#')) comments.push(line);
    else if (line.trim() !== '') {
      if (lines[i + 1] !== '----') throw new Error(`line ${i + 2}: expected ---- after "${line}"`);
      stanzas.push({ comments, command: line });
      comments = [];
      i += 2;
      while (i < lines.length && lines[i].trim() !== '') i++;
    }
  }
  return stanzas;
}

function render(stanzas: Stanza[], outputs: string[]): string {
  return stanzas.map((s, k) => [...s.comments, s.command, '----', outputs[k], ''].join('\n')).join('\n');
}

describe('scenario tests (golden traces)', () => {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    it(file, () => {
      const path = `${dir}${file}`;
      const text = readFileSync(path, 'utf8');
      const stanzas = parse(text);
      const env = new InteractionEnv();
      const actual = render(
        stanzas,
        stanzas.map((s) => env.run(s.command)),
      );
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
      else expect(actual).toBe(text);
    });
  }
});
