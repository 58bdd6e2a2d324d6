/**
 * The deployment guide's picture on a real PKCS#11 token: the service proves with a key
 * whose seed is wrapped by a non-extractable KEK on a SoftHSMv2 token. Mid-load the
 * token directory is renamed away (as root, chmod would not stop the process):
 * `/health/hsm` turns 503 within 2 s, proves fail fast with a coded 503. When the
 * directory returns the service reopens the module by itself (SoftHSM only sees the
 * token again after C_Initialize) and serves again, same process.
 */
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../src/custody/config.js';
import { openBackend } from '../../src/custody/openBackend.js';
import { vrfFor } from '../../src/vrf/index.js';
import { runLoad } from '../../bench/service-loadgen.js';
import { createSoftHsm, requireSoftHsm, type SoftHsm } from '../helpers/softhsm.js';
import { call, mainnetSlotNow, metricValue, startServe, tokenSection, TOKENS, unhex, waitFor, writeConfig, type ServeProcess } from './harness.js';

const req = requireSoftHsm();

describe('PKCS#11 token lost under load (SoftHSMv2, real serve process)', { skip: req.skip || false }, () => {
  let hsm: SoftHsm;
  let svc: ServeProcess;
  let publicKey: Uint8Array;
  before(async () => {
    if (req.skip !== false) return;
    hsm = createSoftHsm(req); // sets SOFTHSM2_CONF, which the serve child inherits
    hsm.initToken('service-test', '9876');
    writeFileSync(join(hsm.dir, 'pin'), '9876\n', { mode: 0o600 });
    const backendDoc = { type: 'pkcs11', module: hsm.module, token_label: 'service-test', pin_file: './pin', kek_label: 'service-kek', keystore_dir: './envelopes', audit_log: './audit.log' };
    const b = await openBackend(parseConfig({ ...backendDoc, audit_log: './setup-audit.log' }, hsm.dir), { actor: 'test-setup' });
    publicKey = (await b.generateKey('hsm-key')).publicKey;
    await b.close();
    writeConfig(join(hsm.dir, 'service.json'), {
      anonymous: { health: true },
      backends: { hsm: backendDoc },
      keys: [{ id: 'hsm-key', backend: 'hsm' }],
      tokens: tokenSection([]),
      audit_log: './audit.log',
    });
    svc = await startServe(join(hsm.dir, 'service.json'));
  });
  after(() => {
    svc?.kill();
    hsm?.cleanup();
  });

  test('token directory gone: health 503 within 2 s, coded 503 fast; back: serves again without restart', async (t) => {
    const tokens = join(hsm.dir, 'tokens');
    const prove = () => call(svc.base, 'POST', '/v1/keys/hsm-key/praos/prove', { token: TOKENS.prover, body: { slot: mainnetSlotNow(), epoch_nonce: '99'.repeat(32) } });
    const first = await prove();
    assert.equal(first.status, 200, first.text);
    assert.ok(vrfFor('draft03').verify(publicKey, unhex(first.json.proof), unhex(first.json.alpha)), 'HSM-backed proof verifies');
    assert.equal((await call(svc.base, 'GET', '/health/hsm')).json.backends.hsm.type, 'pkcs11');

    let stop = false;
    let ok = 0;
    const load = runLoad({ base: svc.base, token: TOKENS.prover, keyId: 'hsm-key', requests: 1_000_000, concurrency: 8, budgetMs: 120_000, slot: mainnetSlotNow, verify: { publicKey, suite: 'draft03' }, verifyEvery: 4, stop: () => stop, onResponse: (s) => void (s === 200 && ok++) });
    try {
      await waitFor(async () => ok >= 10, 60_000, 'proves through the HSM');
      renameSync(tokens, tokens + '.away');
      const downMs = await waitFor(async () => (await call(svc.base, 'GET', '/health/hsm')).status === 503, 2000, 'health 503');
      const h = await call(svc.base, 'GET', '/health/hsm');
      assert.equal(h.json.backends.hsm.healthy, false);
      assert.equal(typeof h.json.backends.hsm.code, 'string');
      const fast: number[] = [];
      for (let i = 0; i < 5; i++) {
        const s = performance.now();
        const r = await prove();
        fast.push(performance.now() - s);
        assert.equal(r.status, 503);
        assert.equal(r.json.error.code, 'BACKEND_UNAVAILABLE');
      }
      assert.ok(Math.max(...fast) < 1000, fast.join(', '));

      renameSync(tokens + '.away', tokens);
      const upMs = await waitFor(async () => (await call(svc.base, 'GET', '/health/hsm')).status === 200, 15_000, 'health 200 after the token returned');
      const okAtRecovery = ok;
      await waitFor(async () => ok >= okAtRecovery + 5, 30_000, 'proves through the HSM again');
      stop = true;
      const r = await load;
      assert.equal(r.badProofs, 0);
      for (const k of Object.keys(r.errorKinds)) assert.match(k, /^503 BACKEND_UNAVAILABLE$/);
      assert.equal(svc.proc.exitCode, null, 'same process');
      const m = (await call(svc.base, 'GET', '/metrics', { token: TOKENS.metrics })).text;
      assert.equal(metricValue(m, 'vrf_backend_up', { backend: 'hsm', type: 'pkcs11' }), 1);
      t.diagnostic(`pkcs11 fault ${JSON.stringify({ health_503_after_ms: downMs, fail_fast_ms_max: Number(Math.max(...fast).toFixed(1)), health_200_after_restore_ms: upMs, proves_ok: r.ok, errors: r.errorKinds })}`);
    } finally {
      stop = true;
      await load;
    }
  });
});
