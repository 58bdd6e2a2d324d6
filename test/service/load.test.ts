/**
 * The load test's bounded variant for the test suite: 50 concurrent keep-alive clients
 * send Praos proves to the real service over loopback; every answer must be a 200 with a
 * proof that verifies (every 10th checked by the client; the service checks all). No
 * timing assertions: throughput and latency are reported by `bench/service-load.ts`
 * (20,000 proves) and printed here as a diagnostic. SERVICE_LOAD_REQUESTS overrides the count.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runLoad } from '../../bench/service-loadgen.js';
import { vrfFor } from '../../src/vrf/index.js';
import { call, serveSoftwareKeys, mainnetSlotNow, metricValue, tempDir, testKey, TOKENS, type ServeProcess } from './harness.js';

const REQUESTS = Number(process.env.SERVICE_LOAD_REQUESTS ?? 1000);
const key = testKey('load-key');

describe('load (real serve process)', () => {
  const tmp = tempDir();
  let svc: ServeProcess;
  before(async () => {
    svc = await serveSoftwareKeys(tmp.dir, [key]);
  });
  after(() => {
    svc?.kill();
    tmp.cleanup();
  });

  test(`50 concurrent clients, ${REQUESTS} Praos proves: 0 errors, every checked proof verifies`, async (t) => {
    const { publicKey } = vrfFor('draft03').keypairFromSeed(key.seed);
    const r = await runLoad({
      base: svc.base,
      token: TOKENS.prover,
      keyId: key.id,
      requests: REQUESTS,
      concurrency: 50,
      budgetMs: 240_000,
      slot: mainnetSlotNow,
      verify: { publicKey, suite: 'draft03' },
      verifyEvery: 10,
    });
    assert.equal(r.sent, REQUESTS, 'all requests sent within the budget');
    assert.equal(r.errors, 0, JSON.stringify(r.errorKinds));
    assert.equal(r.ok, REQUESTS);
    assert.equal(r.badProofs, 0);
    const m = (await call(svc.base, 'GET', '/metrics', { token: TOKENS.metrics })).text;
    assert.equal(metricValue(m, 'vrf_prove_total', { key_id: key.id, backend: 'main', suite: 'draft03' }), REQUESTS);
    assert.equal(metricValue(m, 'vrf_verify_total', { key_id: key.id, backend: 'main', suite: 'draft03' }), REQUESTS);
    t.diagnostic(`load ${JSON.stringify({ requests: REQUESTS, concurrency: 50, rps: Number(r.requestsPerSecond.toFixed(1)), p50Ms: Number(r.p50Ms.toFixed(1)), p99Ms: Number(r.p99Ms.toFixed(1)) })}`);
  });
});
