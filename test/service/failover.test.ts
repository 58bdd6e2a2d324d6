/**
 * Failover on the real service: one key held by a primary and a standby software
 * keystore (the same seed imported into both). The primary's directory is removed while
 * clients prove: every prove still succeeds (served by the standby, proofs identical),
 * `/health/hsm` shows the primary down and the key failed over, and the metrics show the
 * standby active and count the failover proves. When the primary returns it serves again.
 */
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { vrfFor } from '../../src/vrf/index.js';
import { runLoad } from '../../bench/service-loadgen.js';
import { call, mainnetSlotNow, makeKeystore, metricValue, startServe, tempDir, testKey, tokenSection, TOKENS, waitFor, writeConfig, type ServeProcess } from './harness.js';

const key = testKey('ha-key');
const wrong = testKey('ha-wrong');
const wrongOther = { ...testKey('ha-wrong'), seed: testKey('x').seed };

describe('primary/standby failover (real serve process)', () => {
  const tmp = tempDir();
  const primaryDir = join(tmp.dir, 'primary');
  let svc: ServeProcess;
  before(async () => {
    await makeKeystore(primaryDir, [key, wrong]);
    await makeKeystore(join(tmp.dir, 'standby'), [key, wrongOther]);
    writeConfig(join(tmp.dir, 'service.json'), {
      anonymous: { health: true, metrics: true },
      backends: {
        hsm_a: { type: 'software', keystore_dir: './primary', audit_log: './audit.log' },
        hsm_b: { type: 'software', keystore_dir: './standby', audit_log: './audit.log' },
      },
      keys: [
        { id: key.id, backend: 'hsm_a', standby: 'hsm_b' },
        { id: wrong.id, backend: 'hsm_a', standby: 'hsm_b' },
      ],
      tokens: tokenSection([]),
      audit_log: './audit.log',
    });
    svc = await startServe(join(tmp.dir, 'service.json'));
  });
  after(() => {
    svc?.kill();
    tmp.cleanup();
  });

  const prove = () => call(svc.base, 'POST', `/v1/keys/${key.id}/praos/prove`, { token: TOKENS.prover, body: { slot: mainnetSlotNow(), epoch_nonce: '77'.repeat(32) } });

  test('a standby holding a different key under the same id is refused and reported', async () => {
    const h = await call(svc.base, 'GET', '/health/hsm');
    assert.equal(h.json.keys[wrong.id].problem.code, 'STANDBY_KEY_MISMATCH');
    const k = await call(svc.base, 'GET', `/v1/keys/${wrong.id}`, { token: TOKENS.prover });
    assert.equal(k.json.public_key, Buffer.from(vrfFor('draft03').keypairFromSeed(wrong.seed).publicKey).toString('hex'), 'the primary key is served');
  });

  test('primary removed under load: no failed prove, standby serves, health and metrics show it, primary returns', async (t) => {
    const before = await prove();
    assert.equal(before.status, 200);
    let stop = false;
    let ok = 0;
    const { publicKey } = vrfFor('draft03').keypairFromSeed(key.seed);
    const load = runLoad({
      base: svc.base,
      token: TOKENS.prover,
      keyId: key.id,
      requests: 1_000_000,
      concurrency: 8,
      budgetMs: 120_000,
      slot: mainnetSlotNow,
      verify: { publicKey, suite: 'draft03' },
      stop: () => stop,
      onResponse: (s) => {
        if (s === 200) ok++;
      },
    });
    try {
      await waitFor(async () => ok >= 5, 60_000, 'proves before the fault');
      const t0 = Date.now();
      renameSync(primaryDir, primaryDir + '.away');
      const failoverMs = await waitFor(async () => {
        const h = await call(svc.base, 'GET', '/health/hsm');
        return h.status === 503 && h.json.keys[key.id].failed_over === true;
      }, 2000, 'health showing the failover');
      const h = await call(svc.base, 'GET', '/health/hsm');
      assert.equal(h.json.backends.hsm_a.healthy, false);
      assert.equal(h.json.backends.hsm_b.healthy, true);
      assert.equal(h.json.keys[key.id].active_backend, 'hsm_b');
      assert.equal(h.json.keys[key.id].available, true);
      await waitFor(
        async () => (metricValue((await call(svc.base, 'GET', '/metrics')).text, 'vrf_failover_total', { key_id: key.id, from: 'hsm_a', to: 'hsm_b' }) ?? 0) >= 10,
        60_000,
        'ten proves served by the standby',
      );
      const p = await prove();
      assert.equal(p.status, 200);
      const m = (await call(svc.base, 'GET', '/metrics')).text;
      assert.equal(metricValue(m, 'vrf_backend_active', { key_id: key.id, backend: 'hsm_b', role: 'standby' }), 1);
      assert.equal(metricValue(m, 'vrf_backend_active', { key_id: key.id, backend: 'hsm_a', role: 'primary' }), 0);
      assert.ok((metricValue(m, 'vrf_failover_total', { key_id: key.id, from: 'hsm_a', to: 'hsm_b' }) ?? 0) >= 10);
      assert.ok((metricValue(m, 'vrf_prove_total', { key_id: key.id, backend: 'hsm_b', suite: 'draft03' }) ?? 0) >= 10);
      assert.equal(metricValue(m, 'vrf_backend_up', { backend: 'hsm_a', type: 'software' }), 0);

      renameSync(primaryDir + '.away', primaryDir);
      const backMs = await waitFor(async () => (await call(svc.base, 'GET', '/health/hsm')).status === 200, 5000, 'primary healthy again');
      await waitFor(async () => {
        const mm = (await call(svc.base, 'GET', '/metrics')).text;
        return metricValue(mm, 'vrf_backend_active', { key_id: key.id, backend: 'hsm_a', role: 'primary' }) === 1;
      }, 5000, 'primary active again');
      stop = true;
      const r = await load;
      assert.equal(r.errors, 0, JSON.stringify(r.errorKinds));
      assert.equal(r.badProofs, 0);
      t.diagnostic(`failover timings ${JSON.stringify({ health_shows_failover_ms: failoverMs, primary_back_ms: backMs, fault_window_ms: Date.now() - t0, proves_ok: r.ok, errors: r.errors })}`);
    } finally {
      stop = true;
      await load;
    }
  });
});
