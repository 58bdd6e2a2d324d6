/**
 * `cardano-vrf demo` (what `npm start` runs): it starts the service on a software
 * keystore in its home with a demo key and a fresh token, prints curl commands that
 * work (the Praos prove is run here through curl itself when available, else the same
 * request over node:http), keeps serving, and stops cleanly on SIGINT. A second run
 * reuses the key and issues a new token (the old one no longer works).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { vrfFor } from '../../src/vrf/index.js';
import { findTool } from '../helpers/requirements.js';
import { call, CLI, ROOT, tempDir, unhex, waitFor } from './harness.js';

interface DemoRun {
  info: { url: string; token: string; key_id: string; public_key: string; slot: number; epoch_nonce: string; curl: { prove: string; keys: string; health: string }; self_check: { valid: boolean }[] };
  stop: () => Promise<number | null>;
}

async function startDemo(home: string): Promise<DemoRun> {
  const proc = spawn(process.execPath, [CLI, 'demo', '--json', '--port', '0', '--home', home], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
  await waitFor(async () => {
    if (proc.exitCode !== null) throw new Error(`demo exited: ${err}`);
    try {
      JSON.parse(out);
      return true;
    } catch {
      return false;
    }
  }, 15_000, 'demo JSON');
  return {
    info: JSON.parse(out),
    stop: async () => {
      proc.kill('SIGINT');
      return exited;
    },
  };
}

describe('cardano-vrf demo', () => {
  const tmp = tempDir('cvrf-demo-');
  after(() => tmp.cleanup());

  test('serves a demo key; the printed curl commands work; SIGINT stops it with exit 0', async () => {
    const run = await startDemo(join(tmp.dir, 'home'));
    try {
      const { info } = run;
      assert.ok(info.self_check.every((s) => s.valid));
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(info.curl.prove, /^curl -s -H 'Authorization: Bearer cvrf_[A-Za-z0-9_-]{43}' -H 'Content-Type: application\/json' -d '\{"slot":\d+,"epoch_nonce":"[0-9a-f]{64}"\}' http:\/\/127\.0\.0\.1:\d+\/v1\/keys\/demo-pool\/praos\/prove$/);
      const curl = findTool(['curl']);
      let proof: { proof: string; output: string; alpha: string; leader_value: string };
      if (curl) {
        // Run the printed command as printed (through sh, as a user pasting it would).
        const r = spawnSync('sh', ['-c', info.curl.prove], { encoding: 'utf8', timeout: 15_000 });
        assert.equal(r.status, 0, r.stderr);
        proof = JSON.parse(r.stdout);
        const keys = JSON.parse(spawnSync('sh', ['-c', info.curl.keys], { encoding: 'utf8', timeout: 15_000 }).stdout);
        assert.equal(keys.keys[0].public_key, info.public_key);
        assert.equal(JSON.parse(spawnSync('sh', ['-c', info.curl.health], { encoding: 'utf8', timeout: 15_000 }).stdout).status, 'ok');
      } else {
        const r = await call(info.url, 'POST', `/v1/keys/${info.key_id}/praos/prove`, { token: info.token, body: { slot: info.slot, epoch_nonce: info.epoch_nonce } });
        assert.equal(r.status, 200);
        proof = r.json;
      }
      assert.ok(vrfFor('draft03').verify(unhex(info.public_key), unhex(proof.proof), unhex(proof.alpha)));
      assert.equal(proof.leader_value.length, 64);
    } finally {
      assert.equal(await run.stop(), 0);
    }
  });

  test('a second run reuses the demo key and replaces the token', async () => {
    const first = await startDemo(join(tmp.dir, 'home2'));
    const firstInfo = first.info;
    assert.equal(await first.stop(), 0);
    const second = await startDemo(join(tmp.dir, 'home2'));
    try {
      assert.equal(second.info.public_key, firstInfo.public_key);
      assert.notEqual(second.info.token, firstInfo.token);
      assert.equal((await call(second.info.url, 'GET', '/v1/keys', { token: firstInfo.token })).status, 401);
      assert.equal((await call(second.info.url, 'GET', '/v1/keys', { token: second.info.token })).status, 200);
    } finally {
      assert.equal(await second.stop(), 0);
    }
  });

  test('--no-serve only runs the self-check', () => {
    const r = spawnSync(process.execPath, [CLI, 'demo', '--no-serve', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { suite: string; valid: boolean }[];
    assert.deepEqual(j.map((x) => [x.suite, x.valid]), [['draft03', true], ['draft13', true]]);
  });
});
