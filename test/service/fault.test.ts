/**
 * Fault injection under load on the real service: the software keystore directory is
 * renamed away while clients keep proving (as root chmod would not stop the process, so
 * the files really disappear). `/health/hsm` must turn 503 within 2 s, proves must fail
 * fast with a coded 503, and once the directory is back the same process serves again.
 * The measured timings are printed as test diagnostics.
 */
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { vrfFor } from '../../src/vrf/index.js';
import { runLoad, type LoadResult } from '../../bench/service-loadgen.js';
import { call, serveSoftwareKeys, mainnetSlotNow, metricValue, tempDir, testKey, TOKENS, waitFor, type ServeProcess } from './harness.js';

const key = testKey('fault-key');

describe('backend fault under load (real serve process)', () => {
  const tmp = tempDir();
  const keys = join(tmp.dir, 'keys');
  let svc: ServeProcess;
  before(async () => {
    svc = await serveSoftwareKeys(tmp.dir, [key], { anonymous: { health: true } });
  });
  after(() => {
    svc?.kill();
    tmp.cleanup();
  });

  test('keystore removed mid-load: health 503 within 2 s, proves 503 BACKEND_UNAVAILABLE fast, recovery without restart', async (t) => {
    const pid = svc.proc.pid;
    let phase: 'before' | 'fault' | 'after' = 'before';
    let okBefore = 0;
    const statusesDuringFault = new Map<string, number>();
    let stop = false;
    const { publicKey } = vrfFor('draft03').keypairFromSeed(key.seed);
    const load: Promise<LoadResult> = runLoad({
      base: svc.base,
      token: TOKENS.prover,
      keyId: key.id,
      requests: 1_000_000,
      concurrency: 16,
      budgetMs: 120_000,
      slot: mainnetSlotNow,
      verify: { publicKey, suite: 'draft03' },
      verifyEvery: 5,
      stop: () => stop,
      onResponse: (status, code) => {
        if (phase === 'before' && status === 200) okBefore++;
        if (phase === 'fault') statusesDuringFault.set(`${status} ${code ?? ''}`.trim(), (statusesDuringFault.get(`${status} ${code ?? ''}`.trim()) ?? 0) + 1);
      },
    });
    try {
      await waitFor(async () => okBefore >= 10, 60_000, 'ten proves before the fault');

      // Fault: the key directory disappears.
      phase = 'fault';
      const tFault = Date.now();
      renameSync(keys, keys + '.away');
      const healthMs = await waitFor(async () => (await call(svc.base, 'GET', '/health/hsm')).status === 503, 2000, '/health/hsm 503');
      const h = await call(svc.base, 'GET', '/health/hsm');
      assert.equal(h.status, 503);
      assert.equal(h.json.backends.main.healthy, false);
      assert.match(h.json.backends.main.code, /^(KEY_MISSING|KEY_NOT_FOUND|BACKEND_UNAVAILABLE|STORAGE_ERROR)$/);
      assert.equal(h.json.keys[key.id].available, false);

      // Fail fast: single proves now answer 503 BACKEND_UNAVAILABLE without touching the backend.
      const fastMs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const s = performance.now();
        const r = await call(svc.base, 'POST', `/v1/keys/${key.id}/praos/prove`, { token: TOKENS.prover, body: { slot: mainnetSlotNow(), epoch_nonce: '5a'.repeat(32) } });
        fastMs.push(performance.now() - s);
        assert.equal(r.status, 503);
        assert.equal(r.json.error.code, 'BACKEND_UNAVAILABLE');
        assert.ok(Number(r.headers['retry-after']) >= 1);
      }
      // "Fast" means well before the 2 s backend timeout: no backend call is attempted.
      assert.ok(Math.max(...fastMs) < 1000, `503s took ${fastMs.map((x) => x.toFixed(1)).join(', ')} ms`);
      const mFault = (await call(svc.base, 'GET', '/metrics', { token: TOKENS.metrics })).text;
      assert.equal(metricValue(mFault, 'vrf_backend_active', { key_id: key.id, backend: 'main', role: 'none' }), 1, 'no backend serves the key');
      assert.equal(metricValue(mFault, 'vrf_backend_up', { backend: 'main', type: 'software' }), 0);
      const faultDurationMs = Date.now() - tFault;

      // Recovery: the directory comes back (replacing the empty one the probe may have made).
      phase = 'after';
      const tRestore = Date.now();
      renameSync(keys + '.away', keys);
      const recoverMs = await waitFor(async () => (await call(svc.base, 'GET', '/health/hsm')).status === 200, 5000, '/health/hsm 200 again');
      const r = await call(svc.base, 'POST', `/v1/keys/${key.id}/praos/prove`, { token: TOKENS.prover, body: { slot: mainnetSlotNow(), epoch_nonce: '5a'.repeat(32) } });
      assert.equal(r.status, 200, r.text);
      assert.equal(svc.proc.pid, pid);
      assert.equal(svc.proc.exitCode, null, 'same process, no restart');
      stop = true;
      const result = await load;
      // Every answer during the fault was a coded 503 (or a 200 that finished before it).
      for (const k of statusesDuringFault.keys()) assert.match(k, /^(200|503 BACKEND_UNAVAILABLE)$/, `unexpected answer during the fault: ${k}`);
      assert.equal(result.badProofs, 0);
      assert.ok(!Object.keys(result.errorKinds).some((k) => !k.startsWith('503 ')), JSON.stringify(result.errorKinds));
      const m = (await call(svc.base, 'GET', '/metrics', { token: TOKENS.metrics })).text;
      assert.ok((metricValue(m, 'vrf_prove_errors_total', { key_id: key.id, backend: 'main', suite: 'draft03', code: 'BACKEND_UNAVAILABLE' }) ?? 0) >= 10);
      assert.equal(metricValue(m, 'vrf_backend_up', { backend: 'main', type: 'software' }), 1);
      assert.equal(metricValue(m, 'vrf_backend_active', { key_id: key.id, backend: 'main', role: 'primary' }), 1);
      assert.equal(metricValue(m, 'vrf_backend_active', { key_id: key.id, backend: 'main', role: 'none' }), 0);
      const timings = {
        health_503_after_ms: healthMs,
        fail_fast_503_ms_max: Number(Math.max(...fastMs).toFixed(2)),
        fail_fast_503_ms_median: Number(fastMs.sort((a, b) => a - b)[5].toFixed(2)),
        fault_window_ms: faultDurationMs,
        recovered_after_ms: recoverMs,
        restore_to_first_200_ms: Date.now() - tRestore,
        load: { ok: result.ok, errors: result.errorKinds },
      };
      t.diagnostic(`fault timings ${JSON.stringify(timings)}`);
    } finally {
      stop = true;
      await load;
    }
  });
});
