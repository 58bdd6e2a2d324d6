/**
 * createServer used as a library, with backends wrapped for fault injection around a
 * real software keystore: a backend that returns corrupted proofs is caught by the
 * service's own verification (PROOF_MISMATCH) and the standby serves; a backend that
 * hangs is cut off by the backend timeout and taken out of service; a backend that cannot
 * be opened at start leaves the service running (health 503) and is opened later by the
 * probe loop.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KeyBackend } from '../../src/custody/backend.js';
import { openBackend } from '../../src/custody/openBackend.js';
import { NULL_AUDIT } from '../../src/custody/context.js';
import { CustodyError } from '../../src/custody/errors.js';
import { createServer, type VrfService } from '../../src/service/server.js';
import { parseServiceConfig } from '../../src/service/config.js';
import { createLogger } from '../../src/service/logger.js';
import { call, mainnetSlotNow, makeKeystore, metricValue, tempDir, testKey, tokenSection, TOKENS, waitFor } from './harness.js';
import { pino } from 'pino';

const key = testKey('lib-key');

type Mode = { corrupt: boolean; hang: boolean; failOpen: boolean };

/** A real backend whose prove can be made to corrupt its proof or hang. */
function faulty(inner: KeyBackend, mode: Mode): KeyBackend {
  const proxy: KeyBackend = new Proxy(inner, {
    get(target, prop, recv) {
      // The service asks audited backends for a per-client view; keep the fault in it.
      if (prop === 'withActor') return () => proxy;
      if (prop === 'prove') {
        return async (id: string, alpha: Uint8Array) => {
          if (mode.hang) return new Promise(() => undefined);
          const r = await target.prove(id, alpha);
          if (mode.corrupt) r.proof[5] ^= 0x01;
          return r;
        };
      }
      const v = Reflect.get(target, prop, recv);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return proxy;
}

describe('createServer with fault-injecting backends', () => {
  const tmp = tempDir();
  const primaryMode: Mode = { corrupt: false, hang: false, failOpen: false };
  const lateMode: Mode = { corrupt: false, hang: false, failOpen: true };
  let svc: VrfService;
  let base: string;
  before(async () => {
    await makeKeystore(join(tmp.dir, 'a'), [key]);
    await makeKeystore(join(tmp.dir, 'b'), [key]);
    await makeKeystore(join(tmp.dir, 'c'), [key]);
    const sw = (dir: string) => ({ type: 'software', keystore_dir: dir, audit_log: join(tmp.dir, 'audit.log') });
    const config = parseServiceConfig({
      backends: { a: sw('./a'), b: sw('./b'), late: sw('./c') },
      keys: [
        { id: key.id, backend: 'a', standby: 'b' },
      ],
      tokens: tokenSection([]),
      limits: { backend_timeout_ms: 300 },
      health: { interval_ms: 100 },
    }, tmp.dir);
    svc = await createServer(config, {
      audit: NULL_AUDIT,
      logger: createLogger('silent', pino.destination({ fd: 2, sync: true })),
      opener: async (name, bc) => {
        if (name === 'late' && lateMode.failOpen) throw new CustodyError('BACKEND_UNAVAILABLE', 'simulated: HSM not reachable at start');
        const b = await openBackend(bc, { audit: NULL_AUDIT, actor: 'test' });
        return name === 'a' ? faulty(b, primaryMode) : b;
      },
    });
    const addr = await svc.listen('127.0.0.1', 0);
    base = `http://127.0.0.1:${addr.port}`;
  });
  after(async () => {
    await svc?.close();
    tmp.cleanup();
  });

  const prove = () => call(base, 'POST', `/v1/keys/${key.id}/praos/prove`, { token: TOKENS.prover, body: { slot: mainnetSlotNow(), epoch_nonce: '31'.repeat(32) } });

  test('a backend that cannot open at start: the service runs, health names it, the probe loop opens it later', async () => {
    const h = await call(base, 'GET', '/health/hsm', { token: TOKENS.metrics });
    assert.equal(h.status, 503);
    assert.equal(h.json.backends.late.healthy, false);
    assert.equal(h.json.backends.late.code, 'BACKEND_UNAVAILABLE');
    assert.equal(h.json.backends.a.healthy, true);
    lateMode.failOpen = false;
    await waitFor(async () => (await call(base, 'GET', '/health/hsm', { token: TOKENS.metrics })).status === 200, 5000, 'late backend opened');
  });

  test('a corrupted proof is caught by the service (PROOF_MISMATCH) and the standby answers with a valid one', async () => {
    primaryMode.corrupt = true;
    const r = await prove();
    assert.equal(r.status, 200, r.text);
    const m = svc.metrics;
    const text = await m.render();
    assert.equal(metricValue(text, 'vrf_verify_errors_total', { key_id: key.id, backend: 'a', suite: 'draft03', code: 'PROOF_MISMATCH' }), 1);
    assert.equal(metricValue(text, 'vrf_failover_total', { key_id: key.id, from: 'a', to: 'b' }), 1);
    const h = await call(base, 'GET', '/health/hsm', { token: TOKENS.metrics });
    assert.equal(h.json.backends.a.code, 'PROOF_MISMATCH');
    primaryMode.corrupt = false;
    await waitFor(async () => (await call(base, 'GET', '/health/hsm', { token: TOKENS.metrics })).json.backends.a.healthy === true, 5000, 'primary back after a healthy probe');
  });

  test('a hanging backend is cut off after backend_timeout_ms, marked down, and the standby serves', async () => {
    primaryMode.hang = true;
    const s = performance.now();
    const r = await prove();
    const ms = performance.now() - s;
    assert.equal(r.status, 200, r.text);
    assert.ok(ms >= 250, `waited for the timeout (${ms.toFixed(0)} ms)`);
    const text = await svc.metrics.render();
    assert.equal(metricValue(text, 'vrf_prove_errors_total', { key_id: key.id, backend: 'a', suite: 'draft03', code: 'BACKEND_TIMEOUT' }), 1);
    // Marked down: the next prove goes straight to the standby, so no second timeout is counted.
    assert.equal((await prove()).status, 200);
    const after = await svc.metrics.render();
    assert.equal(metricValue(after, 'vrf_prove_errors_total', { key_id: key.id, backend: 'a', suite: 'draft03', code: 'BACKEND_TIMEOUT' }), 1, 'no second wait for the hung primary');
    primaryMode.hang = false;
  });
});
