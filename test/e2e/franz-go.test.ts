// Intent: franz-go 1.22.2 (newest API versions: Fetch by topic id, Produce 11, Metadata 12, ListOffsets 9, batched
// FindCoordinator, JoinGroup 9, cooperative-sticky) works against a real 3-node cluster: admin, 10,000 idempotent
// acks=all records read back byte for byte, and a two-member consumer group; skipped only where `go` is absent.
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeClientChecks } from './support/client-scenarios.js';
import { REPO_ROOT } from './support/node-process.js';

const GO_DIR = join(REPO_ROOT, 'test/go');
const GO = ['/usr/local/go/bin/go', 'go'].find((go) => spawnSync(go, ['version']).status === 0);
// Outside the repo: the binary is a build product, not a source.
const BINARY = join(tmpdir(), 'tributary-franz-check');

describeClientChecks(
  { name: 'franz-go 1.22.2', command: [BINARY] },
  GO === undefined ? 'go is not installed (/usr/local/go/bin/go or on PATH)' : undefined,
  () => {
    // go build is incremental (its build cache), so a warm run costs well under a second; -mod=readonly keeps
    // go.mod/go.sum as committed.
    execFileSync(GO!, ['build', '-mod=readonly', '-buildvcs=false', '-o', BINARY, '.'], {
      cwd: GO_DIR,
      stdio: 'inherit',
    });
  },
);
