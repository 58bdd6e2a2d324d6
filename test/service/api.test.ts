/**
 * Every endpoint of the real `cardano-vrf serve` process: upcheck, health, metrics,
 * key listing, raw and Praos proves in both suites. Proofs are verified with
 * draftXX.verify and must equal the in-memory proof from the same seed byte for byte;
 * the Praos fields must equal the Cardano layer's derivations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { praosInput, praosLeaderHash, praosNonceOutput } from '../../src/cardano/inputs.js';
import { vrfFor } from '../../src/vrf/index.js';
import { call, hex, mainnetSlotNow, makeKeystore, metricValue, startServe, tempDir, testKey, tokenSection, TOKENS, unhex, writeConfig, type ServeProcess } from './harness.js';

const k03 = testKey('pool-03', 'draft03');
const k13 = testKey('pool-13', 'draft13');
const raw = testKey('raw-key', 'draft03');

function inMemory(k: typeof k03, alpha: Uint8Array) {
  const vrf = vrfFor(k.suite);
  const { secretKey, publicKey } = vrf.keypairFromSeed(k.seed);
  const proof = vrf.prove(secretKey, alpha);
  secretKey.fill(0);
  return { publicKey, proof, output: vrf.proofToHash(proof)! };
}

describe('signing service API (real serve process)', () => {
  const tmp = tempDir();
  let svc: ServeProcess;
  before(async () => {
    await makeKeystore(join(tmp.dir, 'keys'), [k03, k13, raw]);
    writeConfig(join(tmp.dir, 'service.json'), {
      backends: { main: { type: 'software', keystore_dir: './keys', audit_log: './audit.log' } },
      keys: [
        { id: k03.id, backend: 'main' },
        { id: k13.id, backend: 'main' },
        { id: raw.id, backend: 'main', policy: { allow_raw_alpha: true } },
      ],
      tokens: tokenSection([k03.id]),
      audit_log: './audit.log',
    });
    svc = await startServe(join(tmp.dir, 'service.json'));
  });
  after(() => {
    svc?.kill();
    tmp.cleanup();
  });

  test('GET /upcheck is anonymous and 200', async () => {
    const r = await call(svc.base, 'GET', '/upcheck');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'ok' });
  });

  test('GET /health/hsm reports the backend healthy (authenticated, as configured)', async () => {
    assert.equal((await call(svc.base, 'GET', '/health/hsm')).status, 401);
    const r = await call(svc.base, 'GET', '/health/hsm', { token: TOKENS.metrics });
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'ok');
    assert.equal(r.json.backends.main.healthy, true);
    assert.equal(r.json.backends.main.type, 'software');
    assert.equal(r.json.keys[k03.id].available, true);
    assert.equal(r.json.keys[k03.id].active_backend, 'main');
  });

  test('GET /v1/keys lists ids, suites and public keys', async () => {
    const r = await call(svc.base, 'GET', '/v1/keys', { token: TOKENS.prover });
    assert.equal(r.status, 200);
    const byId = Object.fromEntries(r.json.keys.map((k: { key_id: string }) => [k.key_id, k]));
    assert.deepEqual(Object.keys(byId).sort(), [k03.id, k13.id, raw.id].sort());
    for (const k of [k03, k13, raw]) {
      assert.equal(byId[k.id].suite, k.suite);
      assert.equal(byId[k.id].public_key, hex(inMemory(k, new Uint8Array()).publicKey));
    }
    assert.equal(byId[raw.id].policy.allow_raw_alpha, true);
    assert.equal(byId[k03.id].policy.allow_raw_alpha, false);
  });

  test('GET /v1/keys/{id} answers one key; a token limited to some keys sees only those', async () => {
    const r = await call(svc.base, 'GET', `/v1/keys/${k13.id}`, { token: TOKENS.prover });
    assert.equal(r.status, 200);
    assert.equal(r.json.key_id, k13.id);
    assert.equal(r.json.suite, 'draft13');
    assert.equal(r.json.public_key, hex(inMemory(k13, new Uint8Array()).publicKey));
    const limited = await call(svc.base, 'GET', '/v1/keys', { token: TOKENS.limited });
    assert.deepEqual(limited.json.keys.map((k: { key_id: string }) => k.key_id), [k03.id]);
    assert.equal((await call(svc.base, 'GET', `/v1/keys/${k13.id}`, { token: TOKENS.limited })).status, 404);
  });

  for (const k of [k03, k13]) {
    test(`POST /v1/keys/{id}/praos/prove (${k.suite}) answers a proof that verifies, equal to the in-memory proof`, async () => {
      const slot = mainnetSlotNow();
      const nonce = unhex('c7937fc47fecbe687891b3decd71e904d1e129598aa3852481d295eea3ea3ada');
      const r = await call(svc.base, 'POST', `/v1/keys/${k.id}/praos/prove`, { token: TOKENS.prover, body: { slot, epoch_nonce: hex(nonce) } });
      assert.equal(r.status, 200, r.text);
      const alpha = praosInput(slot, nonce);
      const want = inMemory(k, alpha);
      assert.equal(r.json.alpha, hex(alpha));
      assert.equal(r.json.proof, hex(want.proof));
      assert.equal(r.json.proof.length, k.suite === 'draft03' ? 160 : 256);
      const out = vrfFor(k.suite).verify(want.publicKey, unhex(r.json.proof), alpha);
      assert.ok(out, 'proof verifies');
      assert.equal(r.json.output, hex(out));
      assert.equal(r.json.leader_value, hex(praosLeaderHash(out)));
      assert.equal(r.json.nonce_vrf_output, hex(praosNonceOutput(out)));
      assert.equal(r.json.slot, slot);
      assert.equal(r.json.suite, k.suite);
    });
  }

  test('the slot may be a decimal string; 0x-prefixed hex is accepted', async () => {
    const slot = mainnetSlotNow();
    const r = await call(svc.base, 'POST', `/v1/keys/${k03.id}/praos/prove`, { token: TOKENS.prover, body: { slot: String(slot), epoch_nonce: '0x' + '11'.repeat(32) } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.alpha, hex(praosInput(slot, unhex('11'.repeat(32)))));
  });

  test('POST /v1/keys/{id}/prove with raw alpha on a key that allows it; empty alpha too', async () => {
    for (const alphaHex of ['', '00', 'deadbeef'.repeat(50)]) {
      const r = await call(svc.base, 'POST', `/v1/keys/${raw.id}/prove`, { token: TOKENS.prover, body: { alpha: alphaHex } });
      assert.equal(r.status, 200, r.text);
      const want = inMemory(raw, unhex(alphaHex));
      assert.equal(r.json.proof, hex(want.proof));
      assert.equal(r.json.output, hex(want.output));
      assert.ok(vrfFor('draft03').verify(want.publicKey, unhex(r.json.proof), unhex(alphaHex)));
    }
  });

  test('GET /metrics needs the metrics role and exposes the guide names with key_id/backend/suite labels', async () => {
    assert.equal((await call(svc.base, 'GET', '/metrics')).status, 401);
    assert.equal((await call(svc.base, 'GET', '/metrics', { token: TOKENS.prover })).status, 403);
    const r = await call(svc.base, 'GET', '/metrics', { token: TOKENS.metrics });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/plain/);
    const labels = { key_id: k03.id, backend: 'main', suite: 'draft03' };
    assert.ok((metricValue(r.text, 'vrf_prove_total', labels) ?? 0) >= 1);
    assert.ok((metricValue(r.text, 'vrf_verify_total', labels) ?? 0) >= 1);
    assert.ok((metricValue(r.text, 'vrf_prove_duration_seconds_count', labels) ?? 0) >= 1);
    assert.notEqual(metricValue(r.text, 'vrf_prove_duration_seconds_bucket', { ...labels, le: '0.0001' }), null);
    assert.notEqual(metricValue(r.text, 'vrf_verify_duration_seconds_bucket', { ...labels, le: '0.0001' }), null);
    assert.equal(metricValue(r.text, 'vrf_backend_up', { backend: 'main', type: 'software' }), 1);
    assert.equal(metricValue(r.text, 'vrf_ready'), 1);
    assert.equal(metricValue(r.text, 'vrf_backend_active', { key_id: k03.id, backend: 'main', role: 'primary' }), 1);
    assert.ok((metricValue(r.text, 'vrf_public_key_cache_hits_total', { key_id: k13.id }) ?? 0) >= 1);
    assert.ok((metricValue(r.text, 'vrf_auth_failures_total', { reason: 'missing' }) ?? 0) >= 1);
    assert.match(r.text, /^vrf_build_info\{version="[^"]+",node_version="v20[^"]*"\} 1$/m);
    assert.match(r.text, /^# TYPE vrf_prove_errors_total counter$/m);
    assert.match(r.text, /^# TYPE vrf_seed_cache_hits_total counter$/m);
  });

  test('unknown paths 404, wrong methods 405 with Allow, HEAD on GET routes', async () => {
    const nf = await call(svc.base, 'GET', '/v2/nothing', { token: TOKENS.prover });
    assert.equal(nf.status, 404);
    assert.equal(nf.json.error.code, 'NOT_FOUND');
    const m = await call(svc.base, 'GET', `/v1/keys/${k03.id}/prove`, { token: TOKENS.prover });
    assert.equal(m.status, 405);
    assert.equal(m.json.error.code, 'METHOD_NOT_ALLOWED');
    assert.equal(m.headers.allow, 'POST');
    assert.equal((await call(svc.base, 'HEAD', '/upcheck')).status, 200);
  });
});
