// Intent: meta.properties pins a data dir to one cluster and node id: generated once, reused, mismatches refused.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ensureMetaProperties,
  generateClusterId,
  MetaPropertiesMismatchError,
  readMetaProperties,
} from '../src/index.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tributary-meta-'));

describe('meta.properties', () => {
  it('generates a 22-character base64url cluster id once and reuses it', () => {
    const dirs = [join(tempDir(), 'a'), join(tempDir(), 'b')];
    const first = ensureMetaProperties(dirs, { clusterId: null, nodeId: 7 });
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ensureMetaProperties(dirs, { clusterId: null, nodeId: 7 })).toBe(first);
    expect(readMetaProperties(dirs[1])).toEqual({ clusterId: first, nodeId: 7 });
    expect(readFileSync(join(dirs[0], 'meta.properties'), 'utf8')).toMatch(/^version=1$/m);
  });

  it('uses the configured cluster id and refuses a different one later', () => {
    const dir = tempDir();
    expect(ensureMetaProperties([dir], { clusterId: 'abc', nodeId: 1 })).toBe('abc');
    expect(() => ensureMetaProperties([dir], { clusterId: 'xyz', nodeId: 1 })).toThrow(MetaPropertiesMismatchError);
    expect(() => ensureMetaProperties([dir], { clusterId: 'abc', nodeId: 2 })).toThrow(/node\.id 2 does not match/);
  });

  it('draws the id from injected randomness', () => {
    expect(generateClusterId((n) => Buffer.alloc(n, 0))).toBe('AAAAAAAAAAAAAAAAAAAAAA');
  });
});
