/**
 * The aws-kms backend against a loopback KMS that speaks the real JSON 1.1 / SigV4
 * protocol to the unmodified @aws-sdk/client-kms (test/helpers/fake-kms.ts), with real
 * AES-GCM blobs that authenticate the encryption context.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KeyBackend } from '../../src/custody/backend.js';
import { createBackend } from '../../src/custody/aws-kms/index.js';
import type { CloudEnvelopeBackend } from '../../src/custody/cloud/envelopeBackend.js';
import type { AwsKmsConfig } from '../../src/custody/config.js';
import { loadConfigFile, openBackend } from '../../src/custody/config.js';
import { vrfFor } from '../../src/vrf/index.js';
import { SUITES } from '../../src/vrf/suite.js';
import { startFakeKms, type FakeKms } from '../helpers/fake-kms.js';
import { captureContext, coded, referenceProve, tempDir, testSeed } from './cloud-test-support.js';

/** Short deadline for the outage tests; attempts fail fast there (503, connection refused). */
const OUTAGE_RETRY = { max_attempts: 100, deadline_ms: 3000, base_delay_ms: 50, max_delay_ms: 200, attempt_timeout_ms: 3000 };

let kms: FakeKms;
let kmsKeyId: string;
const dirs: Array<() => void> = [];
const backends: KeyBackend[] = [];

function config(overrides: Partial<AwsKmsConfig> & Record<string, unknown> = {}): AwsKmsConfig {
  const { dir, cleanup } = tempDir('kms-');
  dirs.push(cleanup);
  return {
    type: 'aws-kms',
    audit_log: join(dir, 'audit.log'),
    key_id: 'alias/cardano-vrf',
    region: kms.region,
    endpoint: kms.endpoint,
    keystore_dir: join(dir, 'keys'),
    retry: { deadline_ms: 20_000, base_delay_ms: 10, max_delay_ms: 1500, attempt_timeout_ms: 10_000 },
    ...overrides,
  } as AwsKmsConfig;
}

async function open(overrides: Partial<AwsKmsConfig> & Record<string, unknown> = {}) {
  const { ctx, events } = captureContext();
  const backend = (await createBackend(config(overrides), ctx)) as CloudEnvelopeBackend;
  backends.push(backend);
  return { backend, events };
}

before(async () => {
  kms = await startFakeKms();
  kmsKeyId = kms.createKey('cardano-vrf');
  process.env.AWS_ACCESS_KEY_ID = kms.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = kms.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});

after(async () => {
  for (const b of backends) await b.close();
  await kms.stop();
  for (const c of dirs) c();
});

describe('aws-kms backend: proofs', () => {
  for (const suite of SUITES) {
    it(`imported seed: proofs equal the in-memory proofs byte for byte (${suite})`, async () => {
      const { backend } = await open();
      const seed = testSeed(`kms-${suite}`);
      const md = await backend.importKey('pool1-vrf', seed.slice(), { suite, tags: { env: 'test' } });
      const alphas = [new Uint8Array(0), Uint8Array.from([0x72]), new Uint8Array(64).fill(0xab)];
      for (const alpha of alphas) {
        const ref = referenceProve(seed, alpha, suite);
        const got = await backend.prove('pool1-vrf', alpha);
        assert.deepEqual(got.proof, ref.proof);
        assert.deepEqual(got.output, ref.output);
        assert.equal(got.proof.length, suite === 'draft03' ? 80 : 128);
      }
      assert.deepEqual(md.publicKey, referenceProve(seed, new Uint8Array(0), suite).publicKey);
      assert.equal(md.suite, suite);
      assert.deepEqual(md.tags, { env: 'test' });
      // Encrypt for the import, one Decrypt per proof (no cache by default).
      assert.equal(kms.count('Decrypt') >= alphas.length, true);
    });

    it(`generated key: seed from GenerateDataKey, only the ciphertext blob stored (${suite})`, async () => {
      const { backend } = await open();
      const before = kms.count('GenerateDataKey');
      const md = await backend.generateKey('gen-1', { suite });
      assert.equal(kms.count('GenerateDataKey'), before + 1);
      const alpha = new TextEncoder().encode('slot 42');
      const r = await backend.prove('gen-1', alpha);
      const vrf = vrfFor(suite);
      assert.deepEqual(vrf.verify(md.publicKey, r.proof, alpha), r.output);
      // The other suite's proof with the same seed is also available on request.
      const other = suite === 'draft03' ? 'draft13' : 'draft03';
      const r2 = await backend.prove('gen-1', alpha, other);
      assert.deepEqual(vrfFor(other).verify(md.publicKey, r2.proof, alpha), r2.output);
    });
  }

  it('stores an envelope (mode 0600) holding the blob, the key ARN and the binding context, no plaintext', async () => {
    const cfg = config();
    const { ctx } = captureContext();
    const backend = await createBackend(cfg, ctx);
    backends.push(backend);
    const seed = testSeed('envelope');
    await backend.importKey('env-check', seed.slice(), { suite: 'draft13' });
    const path = join(cfg.keystore_dir, 'env-check.json');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const env = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(env.kek.backend, 'aws-kms');
    assert.equal(env.kek.id, `arn:aws:kms:${kms.region}:${kms.accountId}:key/${kmsKeyId}`);
    assert.equal(env.kek.mechanism, 'SYMMETRIC_DEFAULT');
    assert.deepEqual(env.context, { purpose: 'cardano-vrf-seed', vrf_key_id: 'env-check', vrf_suite: 'draft13' });
    const text = readFileSync(path);
    assert.equal(text.includes(Buffer.from(seed)), false);
    assert.equal(text.toString().includes(Buffer.from(seed).toString('hex')), false);
    assert.equal(text.toString().includes(Buffer.from(seed).toString('base64')), false);
  });
});

describe('aws-kms backend: encryption context binding', () => {
  it('refuses a blob copied to another key id, or relabelled with another suite (CLOUD_DECRYPT_REFUSED)', async () => {
    const cfg = config();
    const { ctx } = captureContext();
    const backend = await createBackend(cfg, ctx);
    backends.push(backend);
    await backend.generateKey('alice', { suite: 'draft03' });
    const env = JSON.parse(readFileSync(join(cfg.keystore_dir, 'alice.json'), 'utf8'));
    writeFileSync(join(cfg.keystore_dir, 'mallory.json'), JSON.stringify({ ...env, key_id: 'mallory' }), { mode: 0o600 });
    await assert.rejects(backend.prove('mallory', new Uint8Array(1)), coded('CLOUD_DECRYPT_REFUSED'));
    writeFileSync(join(cfg.keystore_dir, 'alice.json'), JSON.stringify({ ...env, suite: 'draft13' }), { mode: 0o600 });
    await assert.rejects(backend.prove('alice', new Uint8Array(1)), coded('CLOUD_DECRYPT_REFUSED'));
    writeFileSync(join(cfg.keystore_dir, 'alice.json'), JSON.stringify(env), { mode: 0o600 });
    assert.equal((await backend.prove('alice', new Uint8Array(1))).proof.length, 80);
  });

  it('refuses a tampered blob', async () => {
    const cfg = config();
    const { ctx } = captureContext();
    const backend = await createBackend(cfg, ctx);
    backends.push(backend);
    await backend.generateKey('bob');
    const path = join(cfg.keystore_dir, 'bob.json');
    const env = JSON.parse(readFileSync(path, 'utf8'));
    const blob = Buffer.from(env.wrapped, 'base64');
    blob[blob.length - 1]! ^= 1;
    writeFileSync(path, JSON.stringify({ ...env, wrapped: blob.toString('base64') }), { mode: 0o600 });
    await assert.rejects(backend.prove('bob', new Uint8Array(1)), coded('CLOUD_DECRYPT_REFUSED'));
  });
});

describe('aws-kms backend: throttling, outages, recovery', () => {
  it('survives ThrottlingException with Retry-After, waiting at least what it asks', async () => {
    const { backend } = await open();
    await backend.generateKey('busy');
    const before = kms.count('Decrypt');
    kms.failNext(2, { status: 400, type: 'ThrottlingException', retryAfter: '1' });
    const t0 = performance.now();
    const r = await backend.prove('busy', new Uint8Array(3));
    const waited = performance.now() - t0;
    assert.equal(r.proof.length, 80);
    assert.equal(kms.count('Decrypt'), before + 3);
    assert.ok(waited >= 1990, `retried after ${waited} ms, Retry-After asked 2 × 1000 ms`);
  });

  it('retries 5xx and KMSInternalException', async () => {
    const { backend } = await open();
    await backend.generateKey('flaky');
    kms.failNext(1, { status: 500, type: 'KMSInternalException' });
    kms.failNext(1, { status: 503 });
    assert.equal((await backend.prove('flaky', new Uint8Array(1))).output.length, 64);
  });

  it('an outage longer than the deadline: CLOUD_DEADLINE_EXCEEDED, unhealthy BACKEND_UNAVAILABLE, then recovery', async () => {
    const { backend } = await open({ retry: OUTAGE_RETRY });
    await backend.generateKey('outage');
    assert.equal((await backend.health()).healthy, true);
    kms.outage = true;
    try {
      const n0 = kms.count('Decrypt');
      await assert.rejects(backend.prove('outage', new Uint8Array(1)), coded('CLOUD_DEADLINE_EXCEEDED', 'BACKEND_UNAVAILABLE'));
      assert.ok(kms.count('Decrypt') - n0 >= 2, 'retried before giving up');
      const h = await backend.health();
      assert.equal(h.healthy, false);
      assert.equal(h.code, 'BACKEND_UNAVAILABLE');
    } finally {
      kms.outage = false;
    }
    assert.equal((await backend.prove('outage', new Uint8Array(1))).proof.length, 80);
    assert.deepEqual(await backend.health().then((h) => [h.healthy, h.code]), [true, undefined]);
  });

  it('a stopped endpoint (connection refused) is BACKEND_UNAVAILABLE, and the backend recovers when it returns', async () => {
    const port = Number(new URL(kms.endpoint).port);
    const { backend } = await open({ retry: OUTAGE_RETRY });
    await backend.generateKey('down');
    await kms.stop();
    try {
      await assert.rejects(backend.prove('down', new Uint8Array(1)), coded('CLOUD_DEADLINE_EXCEEDED', 'BACKEND_UNAVAILABLE'));
      const h = await backend.health();
      assert.equal(h.healthy, false);
      assert.equal(h.code, 'BACKEND_UNAVAILABLE');
    } finally {
      await kms.start(port);
    }
    assert.equal((await backend.health()).healthy, true);
    assert.equal((await backend.prove('down', new Uint8Array(1))).proof.length, 80);
  });

  it('the client-side token bucket refuses (CLOUD_THROTTLED) without calling KMS when no token can come before the deadline', async () => {
    const { backend } = await open({ rate_limit: { per_second: 0.01, burst: 3 } });
    await backend.importKey('paced', testSeed('paced')); // Encrypt + the check Decrypt: 2 tokens
    assert.equal((await backend.prove('paced', new Uint8Array([1]))).proof.length, 80); // the 3rd
    const calls = kms.calls.length;
    await assert.rejects(backend.prove('paced', new Uint8Array([2])), coded('CLOUD_THROTTLED'));
    assert.equal(kms.calls.length, calls, 'refused client-side');
  });
});

describe('aws-kms backend: typed failures', () => {
  it('wrong credentials: CLOUD_AUTH_FAILED, audited, health says so', async () => {
    const { backend, events } = await open();
    await backend.generateKey('auth');
    const saved = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
    try {
      const { backend: bad, events: badEvents } = await open();
      await assert.rejects(bad.generateKey('x'), coded('CLOUD_AUTH_FAILED'));
      const h = await bad.health();
      assert.equal(h.healthy, false);
      assert.equal(h.code, 'CLOUD_AUTH_FAILED');
      assert.ok(badEvents.some((e) => e.operation === 'auth' && e.result === 'failure' && e.code === 'CLOUD_AUTH_FAILED'));
      assert.equal(JSON.stringify(badEvents).includes('not-the-secret'), false);
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = saved;
    }
    assert.equal(events.length, 0);
  });

  it('a denied Decrypt is CLOUD_FORBIDDEN; an unknown KMS key is CLOUD_KEY_NOT_FOUND; a disabled one CLOUD_KEY_DISABLED', async () => {
    const { backend } = await open();
    await backend.generateKey('perm');
    kms.denied.add('Decrypt');
    try {
      await assert.rejects(backend.prove('perm', new Uint8Array(1)), coded('CLOUD_FORBIDDEN'));
    } finally {
      kms.denied.delete('Decrypt');
    }
    const { backend: missing } = await open({ key_id: 'alias/no-such-key' });
    await assert.rejects(missing.generateKey('m'), coded('CLOUD_KEY_NOT_FOUND'));
    assert.equal((await missing.health()).code, 'CLOUD_KEY_NOT_FOUND');
    kms.setEnabled(kmsKeyId, false);
    try {
      assert.equal((await backend.health()).code, 'CLOUD_KEY_DISABLED');
      await assert.rejects(backend.prove('perm', new Uint8Array(1)), coded('CLOUD_KEY_DISABLED'));
    } finally {
      kms.setEnabled(kmsKeyId, true);
    }
  });

  it('a key is only created when its blob decrypts: without kms:Decrypt, generate and import fail and leave nothing', async () => {
    const { backend } = await open();
    kms.denied.add('Decrypt');
    try {
      await assert.rejects(backend.generateKey('half'), coded('CLOUD_FORBIDDEN'));
      await assert.rejects(backend.importKey('half', testSeed('half')), coded('CLOUD_FORBIDDEN'));
    } finally {
      kms.denied.delete('Decrypt');
    }
    assert.deepEqual(await backend.listKeys(), []);
    await backend.generateKey('half');
    assert.equal((await backend.prove('half', new Uint8Array(1))).proof.length, 80);
  });

  it('lifecycle errors are coded and cost no KMS call', async () => {
    const { backend } = await open();
    await backend.generateKey('k1', { deletionProtection: true });
    const calls = kms.calls.length;
    await assert.rejects(backend.generateKey('k1'), coded('KEY_EXISTS'));
    await assert.rejects(backend.importKey('k1', testSeed('x')), coded('KEY_EXISTS'));
    await assert.rejects(backend.prove('nope', new Uint8Array(1)), coded('KEY_NOT_FOUND'));
    await assert.rejects(backend.generateKey('../etc'), coded('BAD_KEY_ID'));
    await assert.rejects(backend.importKey('short', new Uint8Array(31)), coded('BAD_INPUT'));
    await assert.rejects(backend.deleteKey('k1', { confirm: true }), coded('KEY_DELETION_PROTECTED'));
    assert.equal(kms.calls.length, calls);
    await backend.generateKey('k0');
    await assert.rejects(backend.deleteKey('k0', { confirm: false }), coded('CONFIRMATION_REQUIRED'));
    assert.deepEqual((await backend.listKeys()).map((k) => k.keyId), ['k0', 'k1']);
    await backend.deleteKey('k0', { confirm: true });
    assert.deepEqual((await backend.listKeys()).map((k) => k.keyId), ['k1']);
    await backend.close();
    await assert.rejects(backend.prove('k1', new Uint8Array(1)), coded('BACKEND_UNAVAILABLE'));
  });
});

describe('aws-kms backend: seed cache', () => {
  it('after the first Decrypt, proofs are local until the TTL; delete and close zero the seed', async () => {
    const { backend } = await open({ seed_cache_ttl_seconds: 60 });
    const seed = testSeed('cache');
    await backend.importKey('c1', seed.slice());
    const n0 = kms.count('Decrypt');
    const alpha = Uint8Array.from([1, 2, 3]);
    const ref = referenceProve(seed, alpha, 'draft03');
    for (let i = 0; i < 5; i++) assert.deepEqual((await backend.prove('c1', alpha)).proof, ref.proof);
    assert.equal(kms.count('Decrypt'), n0 + 1);
    assert.deepEqual(backend.seedCache.stats(), { hits: 4, misses: 1, size: 1 });
    await backend.deleteKey('c1', { confirm: true });
    assert.equal(backend.seedCache.size, 0);
    await backend.importKey('c2', seed.slice());
    await backend.prove('c2', alpha);
    assert.equal(backend.seedCache.size, 1);
    await backend.close();
    assert.equal(backend.seedCache.size, 0);
  });

  it('concurrent proofs of one key share a single Decrypt when the cache is on (one per proof when off)', async () => {
    const { backend } = await open({ seed_cache_ttl_seconds: 60 });
    const seed = testSeed('herd');
    await backend.importKey('herd', seed.slice());
    const n0 = kms.count('Decrypt');
    const alphas = Array.from({ length: 8 }, (_, i) => Uint8Array.from([i]));
    const results = await Promise.all(alphas.map((a) => backend.prove('herd', a)));
    assert.equal(kms.count('Decrypt'), n0 + 1);
    results.forEach((r, i) => assert.deepEqual(r.proof, referenceProve(seed, alphas[i]!, 'draft03').proof));
    const { backend: plain } = await open();
    await plain.importKey('herd', seed.slice());
    const n1 = kms.count('Decrypt');
    await Promise.all(alphas.map((a) => plain.prove('herd', a)));
    assert.equal(kms.count('Decrypt'), n1 + alphas.length);
  });

  it('an expired seed is zeroed by its timer and unwrapped again', async () => {
    const { backend } = await open({ seed_cache_ttl_seconds: 0.05 });
    await backend.generateKey('c3');
    const n0 = kms.count('Decrypt');
    await backend.prove('c3', new Uint8Array(1));
    assert.equal(kms.count('Decrypt'), n0 + 1);
    for (let i = 0; i < 100 && backend.seedCache.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(backend.seedCache.size, 0, 'the expiry timer dropped (and zeroed) the seed');
    await backend.prove('c3', new Uint8Array(1));
    assert.equal(kms.count('Decrypt'), n0 + 2);
  });
});

describe('aws-kms backend: through the configuration file and openBackend', () => {
  it('parses the config (retry, rate_limit, seed cache) and proves through the audited backend', async () => {
    const { dir, cleanup } = tempDir('kms-cfg-');
    dirs.push(cleanup);
    const file = join(dir, 'custody.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'aws-kms',
        key_id: 'alias/cardano-vrf',
        region: kms.region,
        endpoint: kms.endpoint,
        keystore_dir: 'keys',
        audit_log: 'audit.log',
        seed_cache_ttl_seconds: 30,
        rate_limit: { per_second: 100, burst: 10 },
        retry: { max_attempts: 4, deadline_ms: 15000 },
      }),
    );
    const cfg = loadConfigFile(file);
    assert.deepEqual((cfg as AwsKmsConfig).retry, { max_attempts: 4, deadline_ms: 15000 });
    const backend = await openBackend(cfg);
    try {
      const seed = testSeed('cfg');
      await backend.importKey('cfg-key', seed.slice(), { suite: 'draft13' });
      const alpha = new Uint8Array([9]);
      assert.deepEqual((await backend.prove('cfg-key', alpha)).proof, referenceProve(seed, alpha, 'draft13').proof);
      assert.equal((await backend.health()).healthy, true);
    } finally {
      await backend.close();
    }
    const audit = readFileSync(join(dir, 'audit.log'), 'utf8');
    assert.match(audit, /"prove"/);
    writeFileSync(file, JSON.stringify({ type: 'aws-kms', key_id: 'k', region: 'r', keystore_dir: 'keys', retry: { deadline: 1 } }));
    assert.throws(() => loadConfigFile(file), coded('CONFIG_INVALID'));
  });
});
