/**
 * Authentication, authorisation and per-key policy on the real service: 401 without or
 * with a wrong token, 403 for the wrong role, 403 with a POLICY_* code for raw alpha on a
 * Praos-only key, slots outside the window and keys the token may not use, 429 for rate
 * limits. Refusals appear in the metrics and in the hash-chained audit log (with the
 * token's name and the alpha's SHA-256, never the token).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyAuditText } from '../../src/custody/audit/verify.js';
import { hashToken } from '../../src/service/auth.js';
import { call, mainnetSlotNow, makeKeystore, metricValue, startServe, tempDir, testKey, tokenSection, TOKENS, unhex, writeConfig, type ServeProcess } from './harness.js';

const strict = testKey('strict-key');
const other = testKey('other-key');
const limitedKey = testKey('limited-key');
const NONCE = 'ab'.repeat(32);
const SLOW_TOKEN = 'slow-client-token-0123456789abcdef';

describe('authentication and policy (real serve process)', () => {
  const tmp = tempDir();
  let svc: ServeProcess;
  before(async () => {
    await makeKeystore(join(tmp.dir, 'keys'), [strict, other, limitedKey]);
    writeConfig(join(tmp.dir, 'service.json'), {
      backends: { main: { type: 'software', keystore_dir: './keys' } },
      keys: [
        { id: strict.id, backend: 'main', policy: { past_slots: 10, future_slots: 20 } },
        { id: other.id, backend: 'main' },
        { id: limitedKey.id, backend: 'main', policy: { rate_limit: { per_second: 0.01, burst: 3 } } },
      ],
      tokens: [...tokenSection([other.id, limitedKey.id]), { name: 'slow-client', sha256: hashToken(SLOW_TOKEN), roles: ['prover'], rate_limit: { per_second: 0.01, burst: 2 } }],
      audit_log: './audit.log',
    });
    svc = await startServe(join(tmp.dir, 'service.json'));
  });
  after(() => {
    svc?.kill();
    tmp.cleanup();
  });

  const praos = (keyId: string, token: string | undefined, slot = mainnetSlotNow(), extra: Record<string, string> = {}) =>
    call(svc.base, 'POST', `/v1/keys/${keyId}/praos/prove`, { ...(token ? { token } : {}), body: { slot, epoch_nonce: NONCE }, headers: extra });

  test('no token: 401 AUTH_MISSING with a Bearer challenge', async () => {
    const r = await praos(strict.id, undefined);
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'AUTH_MISSING');
    assert.match(String(r.headers['www-authenticate']), /^Bearer /);
    assert.equal((await call(svc.base, 'GET', '/v1/keys')).status, 401);
  });

  test('wrong token, malformed header, other scheme: 401 AUTH_INVALID', async () => {
    assert.equal((await praos(strict.id, 'not-the-token-0123456789')).json.error.code, 'AUTH_INVALID');
    for (const h of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', `Bearer ${TOKENS.prover}x`, TOKENS.prover]) {
      const r = await call(svc.base, 'GET', '/v1/keys', { headers: { authorization: h } });
      assert.equal(r.status, 401, h);
      assert.equal(r.json.error.code, 'AUTH_INVALID', h);
    }
  });

  test('wrong role: 403 AUTH_FORBIDDEN', async () => {
    for (const t of [TOKENS.metrics, TOKENS.officer]) {
      const r = await praos(strict.id, t);
      assert.equal(r.status, 403);
      assert.equal(r.json.error.code, 'AUTH_FORBIDDEN');
    }
    const reload = await call(svc.base, 'POST', '/v1/reload', { token: TOKENS.prover });
    assert.equal(reload.status, 403);
    assert.equal(reload.json.error.code, 'AUTH_FORBIDDEN');
  });

  test('raw alpha on a Praos-only key (the default): 403 POLICY_RAW_ALPHA_DISALLOWED', async () => {
    const r = await call(svc.base, 'POST', `/v1/keys/${strict.id}/prove`, { token: TOKENS.prover, body: { alpha: 'aa' } });
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'POLICY_RAW_ALPHA_DISALLOWED');
  });

  test('slots outside [now - past_slots, now + future_slots]: 403 POLICY_SLOT_OUT_OF_WINDOW; inside: 200', async () => {
    const now = mainnetSlotNow();
    for (const slot of [now - 1000, now + 1000, 0, now + 5_000_000, Number.MAX_SAFE_INTEGER]) {
      const r = await praos(strict.id, TOKENS.prover, slot);
      assert.equal(r.status, 403, `slot ${slot}`);
      assert.equal(r.json.error.code, 'POLICY_SLOT_OUT_OF_WINDOW');
    }
    const far = await call(svc.base, 'POST', `/v1/keys/${strict.id}/praos/prove`, { token: TOKENS.prover, body: { slot: '18446744073709551615', epoch_nonce: NONCE } });
    assert.equal(far.json.error.code, 'POLICY_SLOT_OUT_OF_WINDOW');
    for (const slot of [now - 5, now, now + 15]) assert.equal((await praos(strict.id, TOKENS.prover, slot)).status, 200, `slot ${slot}`);
  });

  test('a token restricted to some keys: 403 POLICY_KEY_NOT_ALLOWED on the others', async () => {
    const r = await praos(strict.id, TOKENS.limited);
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'POLICY_KEY_NOT_ALLOWED');
    assert.equal((await praos(other.id, TOKENS.limited)).status, 200);
  });

  test('per-key rate limit: burst then 429 RATE_LIMITED with Retry-After', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await praos(limitedKey.id, TOKENS.prover)).status);
    assert.deepEqual(codes, [200, 200, 200, 429, 429]);
    const r = await praos(limitedKey.id, TOKENS.limited);
    assert.equal(r.status, 429);
    assert.equal(r.json.error.code, 'RATE_LIMITED');
    assert.ok(Number(r.headers['retry-after']) >= 1);
  });

  test('per-token rate limit: the token\'s bucket empties whatever key it uses; other tokens are unaffected', async () => {
    const codes: number[] = [];
    codes.push((await praos(strict.id, SLOW_TOKEN)).status);
    codes.push((await praos(other.id, SLOW_TOKEN)).status);
    const third = await praos(other.id, SLOW_TOKEN);
    codes.push(third.status);
    assert.deepEqual(codes, [200, 200, 429]);
    assert.equal(third.json.error.code, 'RATE_LIMITED');
    assert.match(third.json.error.message, /token "slow-client"/);
    assert.equal((await praos(other.id, TOKENS.prover)).status, 200);
  });

  test('refusals are counted in the metrics', async () => {
    const m = (await call(svc.base, 'GET', '/metrics', { token: TOKENS.metrics })).text;
    assert.ok((metricValue(m, 'vrf_policy_refusals_total', { key_id: strict.id, code: 'POLICY_RAW_ALPHA_DISALLOWED' }) ?? 0) >= 1);
    assert.ok((metricValue(m, 'vrf_policy_refusals_total', { key_id: strict.id, code: 'POLICY_SLOT_OUT_OF_WINDOW' }) ?? 0) >= 6);
    assert.ok((metricValue(m, 'vrf_policy_refusals_total', { key_id: strict.id, code: 'POLICY_KEY_NOT_ALLOWED' }) ?? 0) >= 1);
    assert.ok((metricValue(m, 'vrf_policy_refusals_total', { key_id: limitedKey.id, code: 'RATE_LIMITED' }) ?? 0) >= 3);
    assert.ok((metricValue(m, 'vrf_auth_failures_total', { reason: 'forbidden' }) ?? 0) >= 3);
    assert.ok((metricValue(m, 'vrf_auth_failures_total', { reason: 'unknown' }) ?? 0) >= 1);
  });

  test('refusals and proves are in the audit log, chained, with actor and alpha hash and no token', async () => {
    const text = readFileSync(join(tmp.dir, 'audit.log'), 'utf8');
    const v = verifyAuditText(text);
    assert.equal(v.ok, true, JSON.stringify(v));
    const recs = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const window = recs.find((r) => r.code === 'POLICY_SLOT_OUT_OF_WINDOW');
    assert.ok(window, 'slot-window refusal audited');
    assert.equal(window.actor, 'producer');
    assert.equal(window.operation, 'prove');
    assert.equal(window.key_id, strict.id);
    assert.equal(typeof window.alpha_sha256, 'string');
    const raw = recs.find((r) => r.code === 'POLICY_RAW_ALPHA_DISALLOWED');
    assert.equal(raw?.alpha_sha256, createHash('sha256').update(unhex('aa')).digest('hex'));
    assert.ok(recs.some((r) => r.operation === 'auth' && r.code === 'AUTH_MISSING'));
    assert.ok(recs.some((r) => r.operation === 'auth' && r.code === 'AUTH_FORBIDDEN' && r.actor === 'prometheus'));
    const ok = recs.find((r) => r.operation === 'prove' && r.result === 'ok' && r.key_id === other.id);
    assert.equal(ok?.actor, 'limited');
    assert.match(String(ok?.alpha_sha256), /^[0-9a-f]{64}$/);
    for (const t of Object.values(TOKENS)) assert.ok(!text.includes(t), 'no token in the audit log');
    for (const l of svc.logs) for (const t of Object.values(TOKENS)) assert.ok(!JSON.stringify(l).includes(t), 'no token in the service log');
  });
});
