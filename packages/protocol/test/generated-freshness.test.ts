// Intent: the committed src/generated/ files are exactly what scripts/generate-protocol.mjs produces from the
// Kafka message definitions, so nobody edits generated code by hand or forgets to regenerate.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const committed = join(repoRoot, 'packages/protocol/src/generated');
const definitions = join(repoRoot, '../shared/kafka-messages');

test('generated files match a fresh generation', () => {
  const committedFiles = readdirSync(committed).sort();
  expect(committedFiles).toContain('index.ts');
  if (!existsSync(definitions)) {
    // Without the definitions (outside the workspace) only the committed output can be checked.
    for (const f of committedFiles) expect(readFileSync(join(committed, f), 'utf8')).toMatch(/^\/\/ GENERATED/);
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'protocol-generated-'));
  try {
    execFileSync('node', [join(repoRoot, 'scripts/generate-protocol.mjs')], {
      env: { ...process.env, PROTOCOL_GENERATED_DIR: scratch },
      stdio: 'pipe',
    });
    expect(readdirSync(scratch).sort()).toEqual(committedFiles);
    for (const f of committedFiles) {
      expect(readFileSync(join(scratch, f), 'utf8'), f).toBe(readFileSync(join(committed, f), 'utf8'));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
