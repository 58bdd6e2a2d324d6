/**
 * Lifecycle of the real service: `POST /v1/reload` and SIGHUP re-read the configuration
 * and the keys while clients keep proving (no request dropped), an invalid configuration
 * is refused and the old one keeps serving; SIGTERM lets an in-flight request finish,
 * refuses new connections, closes the backends and exits 0.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseConfig } from '../../src/custody/config.js';
import { openBackend } from '../../src/custody/openBackend.js';
import { vrfFor } from '../../src/vrf/index.js';
import { hashToken } from '../../src/service/auth.js';
import { runLoad } from '../../bench/service-loadgen.js';
import { call, serveSoftwareKeys, hex, mainnetSlotNow, makeKeystore, startServe, tempDir, testKey, tokenSection, TOKENS, waitFor, writeConfig, type ServeProcess } from './harness.js';

const a = testKey('key-a');
const b = testKey('key-b');
const NEW_TOKEN = 'a-token-added-by-reload-0123456789';

describe('reload (real serve process)', () => {
  const tmp = tempDir();
  const file = join(tmp.dir, 'service.json');
  const base = {
    backends: { main: { type: 'software', keystore_dir: './keys', audit_log: './audit.log' } },
    tokens: tokenSection([]),
  };
  let svc: ServeProcess;
  before(async () => {
    await makeKeystore(join(tmp.dir, 'keys'), [a, b]);
    writeConfig(file, { ...base, keys: [{ id: a.id, backend: 'main' }] });
    svc = await startServe(file);
  });
  after(() => {
    svc?.kill();
    tmp.cleanup();
  });

  test('POST /v1/reload under load: new key, policy and token take effect, no request fails', async () => {
    assert.equal((await call(svc.base, 'GET', `/v1/keys/${b.id}`, { token: TOKENS.prover })).status, 404);
    assert.equal((await call(svc.base, 'POST', `/v1/keys/${a.id}/prove`, { token: TOKENS.prover, body: { alpha: '01' } })).json.error.code, 'POLICY_RAW_ALPHA_DISALLOWED');
    let stop = false;
    let ok = 0;
    const load = runLoad({ base: svc.base, token: TOKENS.prover, keyId: a.id, requests: 1_000_000, concurrency: 8, budgetMs: 60_000, slot: mainnetSlotNow, stop: () => stop, onResponse: (s) => void (s === 200 && ok++) });
    try {
      await waitFor(async () => ok >= 5, 30_000, 'load running');
      writeConfig(file, {
        ...base,
        tokens: [...tokenSection([]), { name: 'added', sha256: hashToken(NEW_TOKEN), roles: ['prover'] }],
        keys: [
          { id: a.id, backend: 'main', policy: { allow_raw_alpha: true } },
          { id: b.id, backend: 'main' },
        ],
      });
      const r = await call(svc.base, 'POST', '/v1/reload', { token: TOKENS.officer });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 'reloaded');
      assert.equal(r.json.keys, 2);
      assert.deepEqual(r.json.keys_unavailable, []);
      assert.deepEqual(r.json.restart_required, []);
      const okAtReload = ok;
      await waitFor(async () => ok >= okAtReload + 5, 30_000, 'load after reload');
    } finally {
      stop = true;
    }
    const result = await load;
    assert.equal(result.errors, 0, JSON.stringify(result.errorKinds));
    const kb = await call(svc.base, 'GET', `/v1/keys/${b.id}`, { token: NEW_TOKEN });
    assert.equal(kb.status, 200);
    assert.equal(kb.json.public_key, hex(vrfFor('draft03').keypairFromSeed(b.seed).publicKey));
    const raw = await call(svc.base, 'POST', `/v1/keys/${a.id}/prove`, { token: TOKENS.prover, body: { alpha: '01' } });
    assert.equal(raw.status, 200, raw.text);
  });

  test('an invalid configuration is refused with 400 CONFIG_INVALID and the old one keeps serving', async () => {
    writeConfig(file, { ...base, keys: [{ id: a.id, backend: 'nope' }] });
    const r = await call(svc.base, 'POST', '/v1/reload', { token: TOKENS.officer });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'CONFIG_INVALID');
    assert.match(r.json.error.message, /keys\[0\]\.backend/);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, '{ not json');
    const r2 = await call(svc.base, 'POST', '/v1/reload', { token: TOKENS.officer });
    assert.equal(r2.status, 400);
    assert.equal(r2.json.error.code, 'CONFIG_INVALID');
    assert.equal((await call(svc.base, 'GET', `/v1/keys/${b.id}`, { token: NEW_TOKEN })).status, 200);
  });

  test('reload onto a different backend: the new one serves, the old one is retired', async () => {
    const moved = testKey(a.id);
    await makeKeystore(join(tmp.dir, 'keys2'), [moved]);
    writeConfig(file, { ...base, backends: { second: { type: 'software', keystore_dir: './keys2', audit_log: './audit.log' } }, keys: [{ id: a.id, backend: 'second' }] });
    const r = await call(svc.base, 'POST', '/v1/reload', { token: TOKENS.officer });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.backends, 1);
    const h = await call(svc.base, 'GET', '/health/hsm', { token: TOKENS.metrics });
    assert.deepEqual(Object.keys(h.json.backends), ['second']);
    const k = await call(svc.base, 'GET', `/v1/keys/${a.id}`, { token: TOKENS.prover });
    assert.equal(k.json.public_key, hex(vrfFor('draft03').keypairFromSeed(moved.seed).publicKey));
    assert.equal(k.json.backend, 'second');
    const p = await call(svc.base, 'POST', `/v1/keys/${a.id}/praos/prove`, { token: TOKENS.prover, body: { slot: mainnetSlotNow(), epoch_nonce: '00'.repeat(32) } });
    assert.equal(p.status, 200);
    assert.ok(vrfFor('draft03').verify(vrfFor('draft03').keypairFromSeed(moved.seed).publicKey, Buffer.from(p.json.proof, 'hex'), Buffer.from(p.json.alpha, 'hex')));
  });

  test('SIGHUP reloads; a rotated key (same id, new seed) is picked up', async () => {
    const rotated = testKey(b.id);
    const cfg = parseConfig({ type: 'software', keystore_dir: join(tmp.dir, 'keys'), audit_log: join(tmp.dir, 'audit.log') }, tmp.dir);
    const be = await openBackend(cfg, { actor: 'test' });
    await be.deleteKey(b.id, { confirm: true });
    await be.importKey(b.id, Uint8Array.from(rotated.seed));
    await be.close();
    writeConfig(file, { ...base, keys: [{ id: a.id, backend: 'main' }, { id: b.id, backend: 'main', policy: { allow_raw_alpha: true } }] });
    svc.proc.kill('SIGHUP');
    const want = hex(vrfFor('draft03').keypairFromSeed(rotated.seed).publicKey);
    await waitFor(async () => (await call(svc.base, 'GET', `/v1/keys/${b.id}`, { token: TOKENS.prover })).json.public_key === want, 5000, 'rotated key served');
    const p = await call(svc.base, 'POST', `/v1/keys/${b.id}/prove`, { token: TOKENS.prover, body: { alpha: 'ff' } });
    assert.equal(p.status, 200);
    assert.ok(vrfFor('draft03').verify(Buffer.from(want, 'hex'), Buffer.from(p.json.proof, 'hex'), Uint8Array.of(0xff)));
    assert.equal((await call(svc.base, 'GET', '/v1/keys', { token: NEW_TOKEN })).status, 401, 'token removed by the reload');
  });
});

describe('graceful SIGTERM (real serve process)', () => {
  const tmp = tempDir();
  let svc: ServeProcess;
  const key = testKey('term-key');
  before(async () => {
    svc = await serveSoftwareKeys(tmp.dir, [key]);
  });
  after(() => {
    svc?.kill();
    tmp.cleanup();
  });

  test('an in-flight request finishes after SIGTERM; new connections are refused; exit 0', async () => {
    const body = JSON.stringify({ slot: mainnetSlotNow(), epoch_nonce: '42'.repeat(32) });
    const sock = connect(svc.port, '127.0.0.1');
    await new Promise<void>((r) => sock.once('connect', () => r()));
    let reply = '';
    sock.on('data', (d) => (reply += d.toString()));
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    // Headers and half the body: the request is in flight.
    sock.write(`POST /v1/keys/${key.id}/praos/prove HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKENS.prover}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 200));
    svc.proc.kill('SIGTERM');
    await waitFor(async () => svc.logs.some((l) => l.msg === 'shutting down'), 5000, 'shutdown started');
    // No new connections.
    const refused = await new Promise<string>((r) => {
      const s = connect(svc.port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        r('connected');
      });
      s.once('error', (e: NodeJS.ErrnoException) => r(e.code ?? 'error'));
    });
    assert.equal(refused, 'ECONNREFUSED');
    // The rest of the body: the request completes normally.
    sock.write(body.slice(10));
    await closed;
    assert.match(reply, /^HTTP\/1\.1 200 /);
    const json = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as { proof: string };
    assert.equal(json.proof.length, 160);
    const { code, signal } = await svc.exited;
    assert.equal(signal, null);
    assert.equal(code, 0);
    assert.ok(svc.logs.some((l) => l.msg === 'shutdown complete'));
  });
});
