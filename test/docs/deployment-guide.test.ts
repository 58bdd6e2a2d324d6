/**
 * docs/deployment-guide.md's disaster-recovery rehearsal works exactly as written: the shell block
 * after `<!-- test: dr-rehearsal -->` runs under `bash -euo pipefail` with `cardano-vrf` on PATH
 * (the built CLI), in a temporary directory. Needs a build (npm test builds).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { markedBlock, ROOT, runShellBlock } from './snippets.js';

test('the deployment guide\'s backup and restore rehearsal runs as written', () => {
  const script = markedBlock(join(ROOT, 'docs', 'deployment-guide.md'), 'dr-rehearsal');
  const r = runShellBlock(script);
  assert.equal(r.status, 0, `rehearsal failed:\n${r.stdout}\n${r.stderr}`);
  // Every public key printed (generate, export-vkey, public-key after restore, inspect) is the same key.
  const keys = [...r.stdout.matchAll(/"(?:public_key|vrf_vkey|verification_key)": "([0-9a-f]{64})"/g)].map((m) => m[1]);
  assert.ok(keys.length >= 4, `expected the key printed at least 4 times, got ${keys.length}:\n${r.stdout}`);
  assert.equal(new Set(keys).size, 1, 'the restored key differs from the generated one');
  assert.match(r.stdout, /"restored": \[\s*"pool-vrf"\s*\]/);
  assert.ok((r.stdout.match(/"ok": true/g) ?? []).length >= 3, 'audit verify and keys verify report ok');
});
