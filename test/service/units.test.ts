/**
 * The service's small parts in isolation: configuration validation (every refusal
 * names its field, defaults apply), the slot clock against known network points, the
 * token bucket, token hashing and constant-time lookup, and the concurrency gate.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { authenticate, hashToken, newToken } from '../../src/service/auth.js';
import { parseServiceConfig } from '../../src/service/config.js';
import { ServiceConfigError } from '../../src/service/errors.js';
import { TokenBucket } from '../../src/service/rate-limit.js';
import { Semaphore } from '../../src/service/semaphore.js';
import { NETWORK_CLOCKS, currentSlot, slotInWindow } from '../../src/service/slot-clock.js';
import { createLogger } from '../../src/service/logger.js';
import { Writable } from 'node:stream';

const minimal = () => ({
  backends: { main: { type: 'software', keystore_dir: '/tmp/x', audit_log: '/tmp/x.log' } },
  keys: [{ id: 'k', backend: 'main' }],
  tokens: [{ name: 't', sha256: 'ab'.repeat(32), roles: ['prover'] }],
});

describe('service configuration', () => {
  test('defaults: loopback 9090, raw alpha off, window 60/60, verify on, anonymous off', () => {
    const c = parseServiceConfig(minimal());
    assert.deepEqual(c.listen, { host: '127.0.0.1', port: 9090 });
    assert.deepEqual(c.keys[0].policy, { allowRawAlpha: false, pastSlots: 60, futureSlots: 60 });
    assert.deepEqual(c.anonymous, { health: false, metrics: false });
    assert.equal(c.verifyProofs, true);
    assert.equal(c.network.name, 'mainnet');
    assert.equal(c.tls, undefined);
  });

  test('default_policy applies to keys without their own policy; a key policy overrides field by field', () => {
    const doc = { ...minimal(), default_policy: { allow_raw_alpha: true, past_slots: 5 }, keys: [{ id: 'a', backend: 'main' }, { id: 'b', backend: 'main', policy: { future_slots: 7 } }] };
    const c = parseServiceConfig(doc);
    assert.deepEqual(c.keys[0].policy, { allowRawAlpha: true, pastSlots: 5, futureSlots: 60 });
    assert.deepEqual(c.keys[1].policy, { allowRawAlpha: true, pastSlots: 5, futureSlots: 7 });
  });

  const bad: [string, (d: any) => void, RegExp][] = [
    ['unknown top-level field', (d) => (d.listn = {}), /\(root\)\.listn is not a known field/],
    ['port out of range', (d) => (d.listen = { port: 70000 }), /listen\.port/],
    ['no backends', (d) => (d.backends = {}), /backends must name at least one/],
    ['backend type unknown', (d) => (d.backends.main.type = 'floppy'), /backends\.main is invalid: type/],
    ['backend secret in the file', (d) => (d.backends.main.passphrase = 'x'), /backends\.main is invalid: passphrase is not accepted/],
    ['key names a missing backend', (d) => (d.keys[0].backend = 'nope'), /keys\[0\]\.backend names no backend/],
    ['standby equal to primary', (d) => (d.keys[0].standby = 'main'), /keys\[0\]\.standby must differ/],
    ['bad key id', (d) => (d.keys[0].id = '../etc'), /keys\[0\]\.id/],
    ['duplicate key', (d) => d.keys.push({ id: 'k', backend: 'main' }), /listed twice/],
    ['token hash not hex', (d) => (d.tokens[0].sha256 = 'plaintext-token'), /tokens\[0\]\.sha256 must be 64 hex digits/],
    ['token plain value field', (d) => (d.tokens[0].token = 'secret'), /tokens\[0\]\.token is not a known field/],
    ['unknown role', (d) => (d.tokens[0].roles = ['admin']), /tokens\[0\]\.roles\[0\] must be one of/],
    ['duplicate token hash', (d) => d.tokens.push({ name: 'u', sha256: 'AB'.repeat(32), roles: ['metrics'] }), /used by two tokens/],
    ['token limited to unknown key', (d) => (d.tokens[0].keys = ['zz']), /tokens\[0\]\.keys\[0\]/],
    ['negative window', (d) => (d.keys[0].policy = { past_slots: -1 }), /keys\[0\]\.policy\.past_slots/],
    ['rate limit zero', (d) => (d.keys[0].policy = { rate_limit: { per_second: 0 } }), /rate_limit\.per_second/],
    ['mTLS without CA', (d) => (d.tls = { cert_file: 'c', key_file: 'k', require_client_cert: true }), /needs tls\.client_ca_file/],
    ['network unknown', (d) => (d.network = 'testnet'), /network must be/],
    ['network start not ISO', (d) => (d.network = { system_start: 'yesterday', slot_length: 1 }), /network\.system_start/],
    ['log level', (d) => (d.log = { level: 'loud' }), /log\.level/],
    ['body limit too small', (d) => (d.limits = { max_body_bytes: 10 }), /limits\.max_body_bytes/],
  ];
  for (const [name, mutate, re] of bad) {
    test(`refused: ${name}`, () => {
      const d = minimal();
      mutate(d);
      assert.throws(() => parseServiceConfig(d), (e: unknown) => e instanceof ServiceConfigError && e.code === 'CONFIG_INVALID' && re.test(e.message));
    });
  }

  test('relative paths resolve against the configuration file folder', () => {
    const d = { ...minimal(), backends: { main: { type: 'software', keystore_dir: './keys' } }, audit_log: 'audit.log', tls: { cert_file: 'c.pem', key_file: 'k.pem' } };
    const c = parseServiceConfig(d, '/etc/cvrf');
    assert.equal((c.backends.main as { keystore_dir: string }).keystore_dir, '/etc/cvrf/keys');
    assert.equal(c.auditLog, '/etc/cvrf/audit.log');
    assert.equal(c.tls?.certFile, '/etc/cvrf/c.pem');
  });
});

describe('slot clock', () => {
  test('mainnet: the real header vector slot 134402628 was at 2024-09-07T07:32:59Z (Shelley offset 4492800 at 2020-07-29T21:44:51Z)', () => {
    // 134402628 − 4492800 = 129909828 s after the Shelley start.
    const t = Date.UTC(2020, 6, 29, 21, 44, 51) + 129_909_828_000;
    assert.equal(currentSlot(NETWORK_CLOCKS.mainnet, t), 134_402_628);
    assert.equal(currentSlot(NETWORK_CLOCKS.mainnet, t + 999), 134_402_628);
    assert.equal(currentSlot(NETWORK_CLOCKS.mainnet, t + 1000), 134_402_629);
  });
  test('preview starts at slot 0 on 2022-10-25; preprod Shelley at slot 86400 on 2022-06-21', () => {
    assert.equal(currentSlot(NETWORK_CLOCKS.preview, Date.UTC(2022, 9, 25)), 0);
    assert.equal(currentSlot(NETWORK_CLOCKS.preprod, Date.UTC(2022, 5, 21)), 86_400);
    assert.equal(currentSlot(NETWORK_CLOCKS.preprod, Date.UTC(2022, 5, 22)), 86_400 + 86_400);
  });
  test('window bounds are inclusive and work with 64-bit slots', () => {
    const p = { startMs: 0, firstSlot: 1000, slotLengthMs: 1000 };
    const now = 50_000; // slot 1050
    assert.equal(slotInWindow(p, 1040n, 10, 5, now).ok, true);
    assert.equal(slotInWindow(p, 1039n, 10, 5, now).ok, false);
    assert.equal(slotInWindow(p, 1055n, 10, 5, now).ok, true);
    assert.equal(slotInWindow(p, 1056n, 10, 5, now).ok, false);
    assert.equal(slotInWindow(p, (1n << 64n) - 1n, 10, 5, now).ok, false);
  });
  test('a 20 s custom slot length', () => {
    const c = parseServiceConfig({ ...minimal(), network: { name: 'byronish', system_start: '2020-01-01T00:00:00Z', slot_length: 20, first_slot: 7 } });
    assert.equal(currentSlot(c.network, Date.UTC(2020, 0, 1, 0, 1, 0)), 10);
  });
});

describe('tokens', () => {
  test('hashToken is SHA-256 hex of the UTF-8 token; newToken is cvrf_ + 43 base64url characters', () => {
    assert.equal(hashToken('abc'), createHash('sha256').update('abc').digest('hex'));
    const t = newToken();
    assert.match(t, /^cvrf_[A-Za-z0-9_-]{43}$/);
    assert.notEqual(newToken(), t);
  });
  test('authenticate finds the right token among several and refuses the rest', () => {
    const toks = ['one-token-aaaaaaaaaaaa', 'two-token-bbbbbbbbbbbb', 'three-token-cccccccccc'].map((v, i) => ({ name: `n${i}`, sha256: Buffer.from(hashToken(v), 'hex'), roles: ['prover' as const] }));
    assert.equal((authenticate('Bearer two-token-bbbbbbbbbbbb', toks) as { token: { name: string } }).token.name, 'n1');
    assert.equal((authenticate('bearer   three-token-cccccccccc', toks) as { token: { name: string } }).token.name, 'n2');
    assert.deepEqual(authenticate(undefined, toks), { ok: false, reason: 'missing' });
    assert.deepEqual(authenticate('Bearer one-token-aaaaaaaaaaab', toks), { ok: false, reason: 'unknown' });
    assert.deepEqual(authenticate('Token one-token-aaaaaaaaaaaa', toks), { ok: false, reason: 'malformed' });
    assert.deepEqual(authenticate(`Bearer ${'x'.repeat(600)}`, toks), { ok: false, reason: 'malformed' });
  });
});

describe('rate limiting and the concurrency gate', () => {
  test('token bucket: burst, then refill at the rate', () => {
    const b = new TokenBucket({ perSecond: 2, burst: 3 }, 0);
    assert.deepEqual([b.take(0), b.take(0), b.take(0)], [0, 0, 0]);
    assert.equal(b.take(0), 0.5);
    assert.ok(Math.abs(b.take(499) - 0.001) < 1e-9);
    assert.equal(b.take(500), 0);
    assert.equal(b.take(10_000), 0);
  });
  test('semaphore: at most `limit` run; waiters get turns in order; a long wait is 503 BACKEND_BUSY', async () => {
    const s = new Semaphore(2, 50);
    const r1 = await s.acquire('x');
    const r2 = await s.acquire('x');
    const order: number[] = [];
    const w3 = s.acquire('x').then((r) => (order.push(3), r));
    const w4 = s.acquire('x').then((r) => (order.push(4), r));
    assert.equal(s.queued, 2);
    r1();
    r1();
    const r3 = await w3;
    assert.equal(s.running, 2);
    r2();
    const r4 = await w4;
    assert.deepEqual(order, [3, 4]);
    const late = s.acquire('backend b');
    await assert.rejects(late, (e: { status?: number; code?: string }) => e.status === 503 && e.code === 'BACKEND_BUSY');
    r3();
    r4();
    assert.equal(s.running, 0);
  });
});

describe('logger', () => {
  test('redacts authorization headers, tokens, seeds, PINs and passphrases wherever they appear', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger('info', sink as never);
    log.info({ headers: { authorization: 'Bearer sekrit-1' }, token: 'sekrit-2', backend: { pin: 'sekrit-3', passphrase: 'sekrit-4', seed: 'sekrit-5' }, req: { headers: { authorization: 'Bearer sekrit-6' } }, key_id: 'pool' }, 'x');
    const text = lines.join('');
    for (let i = 1; i <= 6; i++) assert.ok(!text.includes(`sekrit-${i}`), `secret ${i} redacted: ${text}`);
    assert.match(text, /"key_id":"pool"/);
    assert.match(text, /\[redacted\]/);
  });
});
