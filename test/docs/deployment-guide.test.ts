/**
 * docs/deployment-guide.md's disaster-recovery rehearsal works exactly as written: the shell block
 * after `<!-- test: dr-rehearsal -->` runs under `bash -euo pipefail` with `cardano-vrf` on PATH
 * (the built CLI), in a temporary directory. Needs a build (npm test builds).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The fenced block that follows `<!-- test: NAME -->` in a markdown file. */
function markedBlock(file: string, name: string): string {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(`<!-- test: ${name} -->`);
  assert.ok(at >= 0, `no <!-- test: ${name} --> marker in ${file}`);
  const m = /```[a-z]*\n([\s\S]*?)\n```/.exec(text.slice(at));
  assert.ok(m, `no code block after the ${name} marker`);
  return m[1];
}

test('the deployment guide\'s backup and restore rehearsal runs as written', () => {
  const script = markedBlock(join(ROOT, 'docs', 'deployment-guide.md'), 'dr-rehearsal');
  const work = mkdtempSync(join(tmpdir(), 'cardano-vrf-dr-'));
  try {
    const bin = join(work, 'bin');
    spawnSync('mkdir', ['-p', bin, join(work, 'tmp')]);
    const shim = join(bin, 'cardano-vrf');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist', 'cli', 'main.js')}" "$@"\n`);
    chmodSync(shim, 0o755);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('CARDANO_VRF_')) env[k] = v;
    env.PATH = bin + delimiter + (process.env.PATH ?? '');
    env.TMPDIR = join(work, 'tmp');
    env.HOME = work;
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: work, env, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `rehearsal failed:\n${r.stdout}\n${r.stderr}`);
    // Every public key printed (generate, export-vkey, public-key after restore, inspect) is the same key.
    const keys = [...r.stdout.matchAll(/"(?:public_key|vrf_vkey|verification_key)": "([0-9a-f]{64})"/g)].map((m) => m[1]);
    assert.ok(keys.length >= 4, `expected the key printed at least 4 times, got ${keys.length}:\n${r.stdout}`);
    assert.equal(new Set(keys).size, 1, 'the restored key differs from the generated one');
    assert.match(r.stdout, /"restored": \[\s*"pool-vrf"\s*\]/);
    assert.equal((r.stdout.match(/"ok": true/g) ?? []).length >= 3, true, 'audit verify and keys verify report ok');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
