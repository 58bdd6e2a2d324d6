/**
 * A cloud primary stopped mid-load: the key lives in an aws-kms backend (seeds under a
 * KMS key on a loopback server speaking the real KMS protocol to the real SDK, with a
 * seed cache) and, as standby, in a software keystore. The KMS server is stopped while
 * clients prove: every prove still succeeds through the standby, `/health/hsm` turns 503
 * within 2 s, and when the server returns the primary serves again. The seed cache's hits
 * reach vrf_seed_cache_hits_total.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../src/custody/config.js';
import { openBackend } from '../../src/custody/openBackend.js';
import { vrfFor } from '../../src/vrf/index.js';
import { runLoad } from '../../bench/service-loadgen.js';
import { startFakeKms, type FakeKms } from '../helpers/fake-kms.js';
import { call, mainnetSlotNow, makeKeystore, metricValue, startServe, tempDir, testKey, tokenSection, TOKENS, waitFor, writeConfig, type ServeProcess } from './harness.js';

const key = testKey('cloud-key');

describe('cloud primary stopped, software standby (real serve process, loopback KMS)', () => {
  const tmp = tempDir();
  let kms: FakeKms;
  let svc: ServeProcess;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    kms = await startFakeKms();
    kms.createKey('cardano-vrf');
    env = { AWS_ACCESS_KEY_ID: kms.accessKeyId, AWS_SECRET_ACCESS_KEY: kms.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true', AWS_SESSION_TOKEN: '', AWS_PROFILE: '' };
    const kmsDoc = {
      type: 'aws-kms',
      key_id: 'alias/cardano-vrf',
      region: kms.region,
      endpoint: kms.endpoint,
      keystore_dir: './kms-envelopes',
      audit_log: './audit.log',
      seed_cache_ttl_seconds: 600,
      retry: { max_attempts: 2, base_delay_ms: 10, max_delay_ms: 50, deadline_ms: 400, attempt_timeout_ms: 200 },
    };
    // Import the seed through the real backend (KMS Encrypt), with the test process's credentials.
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const b = await openBackend(parseConfig({ ...kmsDoc, audit_log: './setup-audit.log' }, tmp.dir), { actor: 'test-setup' });
      await b.importKey(key.id, Uint8Array.from(key.seed));
      await b.close();
    } finally {
      for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
      Object.assign(process.env, saved);
    }
    await makeKeystore(join(tmp.dir, 'standby'), [key]);
    writeConfig(join(tmp.dir, 'service.json'), {
      anonymous: { health: true, metrics: true },
      backends: { kms: kmsDoc, local: { type: 'software', keystore_dir: './standby', audit_log: './audit.log' } },
      keys: [{ id: key.id, backend: 'kms', standby: 'local' }],
      tokens: tokenSection([]),
      audit_log: './audit.log',
    });
    svc = await startServe(join(tmp.dir, 'service.json'), [], env);
  });
  after(async () => {
    svc?.kill();
    await kms?.stop();
    tmp.cleanup();
  });

  test('KMS stopped under load: no failed prove, health 503 within 2 s, primary back after restart of the KMS', async (t) => {
    const port = Number(new URL(kms.endpoint).port);
    const h0 = await call(svc.base, 'GET', '/health/hsm');
    assert.equal(h0.status, 200, h0.text);
    assert.equal(h0.json.backends.kms.type, 'aws-kms');
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
      verifyEvery: 3,
      stop: () => stop,
      onResponse: (s) => void (s === 200 && ok++),
    });
    try {
      await waitFor(async () => ok >= 10, 60_000, 'proves through KMS');
      let m = (await call(svc.base, 'GET', '/metrics')).text;
      assert.ok((metricValue(m, 'vrf_prove_total', { key_id: key.id, backend: 'kms', suite: 'draft03' }) ?? 0) >= 5, 'served by the KMS primary');
      await waitFor(async () => (metricValue((await call(svc.base, 'GET', '/metrics')).text, 'vrf_seed_cache_hits_total', { backend: 'kms' }) ?? 0) >= 1, 3000, 'seed cache hits reported');

      await kms.stop();
      const downMs = await waitFor(async () => (await call(svc.base, 'GET', '/health/hsm')).status === 503, 2000, 'health 503 after the KMS stopped');
      const h = await call(svc.base, 'GET', '/health/hsm');
      assert.equal(h.json.backends.kms.healthy, false);
      assert.equal(h.json.backends.kms.code, 'BACKEND_UNAVAILABLE');
      assert.equal(h.json.keys[key.id].active_backend, 'local');
      // Proves already inside the KMS backend when it stopped may finish there (seed cache);
      // everything after goes to the standby.
      await waitFor(
        async () => (metricValue((await call(svc.base, 'GET', '/metrics')).text, 'vrf_failover_total', { key_id: key.id, from: 'kms', to: 'local' }) ?? 0) >= 10,
        60_000,
        'ten proves served by the standby',
      );
      m = (await call(svc.base, 'GET', '/metrics')).text;
      assert.equal(metricValue(m, 'vrf_backend_active', { key_id: key.id, backend: 'local', role: 'standby' }), 1);

      await kms.start(port);
      const upMs = await waitFor(async () => (await call(svc.base, 'GET', '/health/hsm')).status === 200, 5000, 'KMS healthy again');
      await waitFor(async () => metricValue((await call(svc.base, 'GET', '/metrics')).text, 'vrf_backend_active', { key_id: key.id, backend: 'kms', role: 'primary' }) === 1, 10_000, 'primary serving again');
      stop = true;
      const r = await load;
      assert.equal(r.errors, 0, JSON.stringify(r.errorKinds));
      assert.equal(r.badProofs, 0);
      t.diagnostic(`cloud failover ${JSON.stringify({ health_503_after_ms: downMs, health_200_after_restart_ms: upMs, proves_ok: r.ok, errors: r.errors })}`);
    } finally {
      stop = true;
      await load;
    }
  });
});
