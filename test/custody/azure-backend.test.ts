/**
 * The azure-keyvault backend against a loopback Microsoft Entra token endpoint and Key
 * Vault / Managed HSM that speak the real protocols over HTTPS to the unmodified
 * @azure/identity (ClientSecretCredential with authority_host on loopback) and
 * @azure/keyvault-keys, including the 401 bearer challenge (test/helpers/fake-azure.ts).
 * Real RSA-OAEP-256 and A256KW inside the fake.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KeyBackend } from '../../src/custody/backend.js';
import { createBackend } from '../../src/custody/azure-keyvault/index.js';
import type { CloudEnvelopeBackend } from '../../src/custody/cloud/envelopeBackend.js';
import type { AzureKeyVaultConfig } from '../../src/custody/config.js';
import { parseConfig } from '../../src/custody/config.js';
import { vrfFor } from '../../src/vrf/index.js';
import { SUITES } from '../../src/vrf/suite.js';
import { FakeAzure } from '../helpers/fake-azure.js';
import { requireTool } from '../helpers/requirements.js';
import { captureContext, coded, referenceProve, tempDir, testSeed } from './cloud-test-support.js';

const openssl = requireTool('openssl', ['openssl', '/usr/bin/openssl']);
const skip = openssl.skip;

/** Short deadline for the outage tests; attempts fail fast there (503). */
const OUTAGE_RETRY = { max_attempts: 100, deadline_ms: 3000, base_delay_ms: 50, max_delay_ms: 200, attempt_timeout_ms: 3000 };

let az: FakeAzure;
const dirs: Array<() => void> = [];
const backends: KeyBackend[] = [];
const SECRET_ENV = 'TEST_AZURE_CLIENT_SECRET';

function config(overrides: Partial<AzureKeyVaultConfig> & Record<string, unknown> = {}): AzureKeyVaultConfig {
  const { dir, cleanup } = tempDir('akv-');
  dirs.push(cleanup);
  return {
    type: 'azure-keyvault',
    audit_log: join(dir, 'audit.log'),
    vault_url: az.vaultUrl,
    key_name: 'vrf-kek',
    algorithm: 'RSA-OAEP-256',
    keystore_dir: join(dir, 'keys'),
    credential: {
      type: 'client-secret',
      tenant_id: az.tenantId,
      client_id: az.clientId,
      client_secret_env: SECRET_ENV,
      authority_host: az.authorityHost,
    },
    retry: { deadline_ms: 20_000, base_delay_ms: 10, max_delay_ms: 1500, attempt_timeout_ms: 10_000 },
    ...overrides,
  } as AzureKeyVaultConfig;
}

const hsmConfig = (o: Partial<AzureKeyVaultConfig> & Record<string, unknown> = {}) =>
  config({ vault_url: az.managedHsmUrl, key_name: 'vrf-aes-kek', algorithm: 'A256KW', ...o });

async function open(cfg: AzureKeyVaultConfig, env: Record<string, string | undefined> = { [SECRET_ENV]: az.clientSecret }) {
  const { ctx, events } = captureContext();
  ctx.env = env;
  const backend = (await createBackend(cfg, ctx, { agent: az.agent })) as CloudEnvelopeBackend;
  backends.push(backend);
  return { backend, events, cfg };
}

before(async () => {
  if (skip) return;
  az = await new FakeAzure().start(openssl.path!);
  az.createRsaKey('vrf-kek');
  az.createAesKey('vrf-aes-kek');
});

after(async () => {
  for (const b of backends) await b.close();
  if (az) await az.dispose();
  for (const c of dirs) c();
});

describe('azure-keyvault backend: proofs', { skip }, () => {
  for (const algorithm of ['RSA-OAEP-256', 'A256KW'] as const) {
    for (const suite of SUITES) {
      it(`${algorithm}: imported seed proves byte for byte like the in-memory VRF (${suite})`, async () => {
        const { backend } = await open(algorithm === 'A256KW' ? hsmConfig() : config());
        const seed = testSeed(`azure-${algorithm}-${suite}`);
        const md = await backend.importKey('pool1-vrf', seed.slice(), { suite });
        assert.equal(md.backend, 'azure-keyvault');
        for (const alpha of [new Uint8Array(0), Uint8Array.from([0x72]), new Uint8Array(100).fill(7)]) {
          const ref = referenceProve(seed, alpha, suite);
          const got = await backend.prove('pool1-vrf', alpha);
          assert.deepEqual(got.proof, ref.proof);
          assert.deepEqual(got.output, ref.output);
        }
        assert.deepEqual(md.publicKey, referenceProve(seed, new Uint8Array(0), suite).publicKey);
      });
    }

    it(`${algorithm}: generated key proves and verifies; the envelope holds the versioned key id and no seed`, async () => {
      const { backend, cfg } = await open(algorithm === 'A256KW' ? hsmConfig() : config());
      const rng = az.count('rng');
      const md = await backend.generateKey('gen', { suite: 'draft13', tags: { purpose: 'test' } });
      // A Managed HSM supplies the seed from its own generator; a Premium vault has none.
      assert.equal(az.count('rng'), rng + (algorithm === 'A256KW' ? 1 : 0));
      const alpha = new TextEncoder().encode('epoch nonce');
      const r = await backend.prove('gen', alpha);
      assert.deepEqual(vrfFor('draft13').verify(md.publicKey, r.proof, alpha), r.output);
      const env = JSON.parse(readFileSync(join(cfg.keystore_dir, 'gen.json'), 'utf8'));
      assert.equal(env.kek.backend, 'azure-keyvault');
      assert.equal(env.kek.mechanism, algorithm);
      const base = algorithm === 'A256KW' ? az.managedHsmUrl : az.vaultUrl;
      assert.match(env.kek.id, new RegExp(`^${base.replace(/[.]/g, '\\.')}/keys/${cfg.key_name}/[0-9a-f]{32}$`));
      assert.equal(Buffer.from(env.wrapped, 'base64').length, algorithm === 'A256KW' ? 40 : 256);
    });
  }

  it('speaks the real protocol: challenge, token for the vault resource, then authorised calls', async () => {
    const challenges = az.count('challenge');
    const tokens = az.count('token');
    const { backend } = await open(config());
    await backend.generateKey('proto');
    assert.ok(az.count('challenge') > challenges, 'the SDK first got the 401 bearer challenge');
    assert.ok(az.count('token') > tokens, 'then fetched a token from the loopback Entra endpoint');
    assert.ok(az.calls.some((c) => c.kind === 'wrapkey' && c.status === 200));
  });

  it('a key rotation keeps older envelopes working (they name their key version)', async () => {
    const { backend } = await open(config({ key_name: 'rotating' }));
    az.createRsaKey('rotating');
    const seed = testSeed('rotation');
    await backend.importKey('before', seed.slice());
    az.createRsaKey('rotating');
    await backend.importKey('after', seed.slice());
    const alpha = new Uint8Array([5]);
    const ref = referenceProve(seed, alpha, 'draft03');
    assert.deepEqual((await backend.prove('before', alpha)).proof, ref.proof);
    assert.deepEqual((await backend.prove('after', alpha)).proof, ref.proof);
    const ids = (await Promise.all(['before', 'after'].map((k) => backend.getKey(k)))).length;
    assert.equal(ids, 2);
  });

  it('the DefaultAzureCredential path (environment service principal) works as well', async () => {
    // DefaultAzureCredential reads process.env; set the service principal there for this call only.
    const keys = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_AUTHORITY_HOST'] as const;
    const saved = keys.map((k) => process.env[k]);
    process.env.AZURE_TENANT_ID = az.tenantId;
    process.env.AZURE_CLIENT_ID = az.clientId;
    process.env.AZURE_CLIENT_SECRET = az.clientSecret;
    process.env.AZURE_AUTHORITY_HOST = az.authorityHost;
    try {
      const { backend: b2 } = await open(config({ credential: { type: 'default', authority_host: az.authorityHost } }), {});
      await b2.generateKey('dac');
      assert.equal((await b2.prove('dac', new Uint8Array(1))).proof.length, 80);
    } finally {
      keys.forEach((k, i) => (saved[i] === undefined ? delete process.env[k] : (process.env[k] = saved[i])));
    }
  });
});

describe('azure-keyvault backend: refusals', { skip }, () => {
  it('an envelope wrapped by another key (or tampered) is refused: CLOUD_DECRYPT_REFUSED', async () => {
    const { backend, cfg } = await open(config());
    await backend.generateKey('victim');
    const path = join(cfg.keystore_dir, 'victim.json');
    const env = JSON.parse(readFileSync(path, 'utf8'));
    const blob = Buffer.from(env.wrapped, 'base64');
    blob[10]! ^= 0x40;
    writeFileSync(path, JSON.stringify({ ...env, wrapped: blob.toString('base64') }), { mode: 0o600 });
    await assert.rejects(backend.prove('victim', new Uint8Array(1)), coded('CLOUD_DECRYPT_REFUSED'));
    // A blob wrapped under the Managed HSM key, pointed at the vault key: refused too.
    const { backend: hsm, cfg: hcfg } = await open(hsmConfig());
    await hsm.generateKey('other');
    const other = JSON.parse(readFileSync(join(hcfg.keystore_dir, 'other.json'), 'utf8'));
    writeFileSync(path, JSON.stringify({ ...env, wrapped: other.wrapped, kek: { ...env.kek, mechanism: 'RSA-OAEP-256' } }), { mode: 0o600 });
    await assert.rejects(backend.prove('victim', new Uint8Array(1)), coded('CLOUD_DECRYPT_REFUSED'));
  });

  it('a seed that does not derive the stored public key is KEY_CORRUPT', async () => {
    const { backend, cfg } = await open(config());
    await backend.generateKey('a');
    await backend.generateKey('b');
    const a = JSON.parse(readFileSync(join(cfg.keystore_dir, 'a.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(cfg.keystore_dir, 'b.json'), 'utf8'));
    writeFileSync(join(cfg.keystore_dir, 'a.json'), JSON.stringify({ ...a, wrapped: b.wrapped }), { mode: 0o600 });
    await assert.rejects(backend.prove('a', new Uint8Array(1)), coded('KEY_CORRUPT'));
  });
});

describe('azure-keyvault backend: throttling, outages, recovery', { skip }, () => {
  it('survives 429 with Retry-After', async () => {
    const { backend } = await open(config());
    await backend.generateKey('busy');
    const before = az.count('unwrapkey');
    az.failNext(1, { status: 429, code: 'Throttled', retryAfter: '1' });
    const t0 = performance.now();
    assert.equal((await backend.prove('busy', new Uint8Array(2))).proof.length, 80);
    assert.ok(performance.now() - t0 >= 990, 'waited at least the Retry-After second');
    assert.ok(az.count('unwrapkey') >= before + 1);
    assert.ok(az.calls.some((c) => c.status === 429));
  });

  it('an outage longer than the deadline: CLOUD_DEADLINE_EXCEEDED, unhealthy BACKEND_UNAVAILABLE, then recovery', async () => {
    const { backend } = await open(config({ retry: OUTAGE_RETRY }));
    await backend.generateKey('outage');
    assert.equal((await backend.health()).healthy, true);
    az.outage = true;
    try {
      await assert.rejects(backend.prove('outage', new Uint8Array(1)), coded('CLOUD_DEADLINE_EXCEEDED', 'BACKEND_UNAVAILABLE'));
      const h = await backend.health();
      assert.equal(h.healthy, false);
      assert.equal(h.code, 'BACKEND_UNAVAILABLE');
    } finally {
      az.outage = false;
    }
    assert.equal((await backend.prove('outage', new Uint8Array(1))).proof.length, 80);
    assert.equal((await backend.health()).healthy, true);
  });

  it('the token endpoint down: a backend holding a token keeps working; one without is BACKEND_UNAVAILABLE, not an auth failure', async () => {
    const fast = { retry: OUTAGE_RETRY };
    const { backend: warm } = await open(config());
    await warm.generateKey('warm');
    assert.equal((await warm.health()).healthy, true);
    const { backend: cold } = await open(config(fast));
    az.entraOutage = true;
    try {
      assert.equal((await warm.prove('warm', new Uint8Array(1))).proof.length, 80, 'the cached token still serves');
      const h = await cold.health();
      assert.equal(h.healthy, false);
      assert.equal(h.code, 'BACKEND_UNAVAILABLE');
      assert.match(h.message ?? '', /token endpoint unavailable/);
    } finally {
      az.entraOutage = false;
    }
    // (MSAL then refuses token requests from `cold` for its own throttle window, 60 s,
    // before asking again; a backend opened now is not affected.)
    const { backend: fresh } = await open(config());
    assert.equal((await fresh.health()).healthy, true);
  });
});

describe('azure-keyvault backend: typed failures', { skip }, () => {
  it('a wrong client secret: CLOUD_AUTH_FAILED in health and operations, audited, secret never logged', async () => {
    const { backend, events } = await open(config(), { [SECRET_ENV]: 'wrong-secret-value' });
    const h = await backend.health();
    assert.equal(h.healthy, false);
    assert.equal(h.code, 'CLOUD_AUTH_FAILED');
    await assert.rejects(backend.generateKey('x'), coded('CLOUD_AUTH_FAILED'));
    assert.ok(events.some((e) => e.operation === 'auth' && e.code === 'CLOUD_AUTH_FAILED'));
    assert.equal(JSON.stringify(events).includes('wrong-secret-value'), false);
    assert.equal((h.message ?? '').includes('wrong-secret-value'), false);
  });

  it('a missing role (403 ForbiddenByRbac) is CLOUD_FORBIDDEN; a missing key CLOUD_KEY_NOT_FOUND; a disabled key CLOUD_KEY_DISABLED', async () => {
    const { backend } = await open(config());
    await backend.generateKey('perm');
    az.allowed.delete('unwrapKey');
    try {
      await assert.rejects(backend.prove('perm', new Uint8Array(1)), coded('CLOUD_FORBIDDEN'));
    } finally {
      az.allowed.add('unwrapKey');
    }
    const { backend: missing } = await open(config({ key_name: 'no-such-key' }));
    assert.equal((await missing.health()).code, 'CLOUD_KEY_NOT_FOUND');
    await assert.rejects(missing.generateKey('m'), coded('CLOUD_KEY_NOT_FOUND'));
    az.setEnabled('vrf-kek', false);
    try {
      assert.equal((await backend.health()).code, 'CLOUD_KEY_DISABLED');
      await assert.rejects(backend.prove('perm', new Uint8Array(1)), coded('CLOUD_KEY_DISABLED'));
    } finally {
      az.setEnabled('vrf-kek', true);
    }
  });

  it('a role that can wrap but not unwrap creates no key (the check unwrap fails first)', async () => {
    const { backend } = await open(config());
    az.allowed.delete('unwrapKey');
    try {
      await assert.rejects(backend.generateKey('one-way'), coded('CLOUD_FORBIDDEN'));
    } finally {
      az.allowed.add('unwrapKey');
    }
    assert.deepEqual(await backend.listKeys(), []);
  });

  it('an algorithm that does not fit the key type is refused at the probe', async () => {
    const { backend } = await open(config({ algorithm: 'A256KW' }));
    const h = await backend.health();
    assert.equal(h.healthy, false);
    assert.equal(h.code, 'CLOUD_BAD_REQUEST');
  });

  it('a missing client secret variable is CONFIG_INVALID at open', async () => {
    const { ctx } = captureContext();
    ctx.env = {};
    await assert.rejects(createBackend(config(), ctx, { agent: az.agent }), coded('CONFIG_INVALID'));
  });
});

describe('azure-keyvault backend: seed cache and configuration', { skip }, () => {
  it('caches the unwrapped seed for the TTL: one unwrap for many proofs', async () => {
    const { backend } = await open(config({ seed_cache_ttl_seconds: 60 }));
    const seed = testSeed('akv-cache');
    await backend.importKey('c', seed.slice());
    const n0 = az.count('unwrapkey');
    const alpha = new Uint8Array([1]);
    const ref = referenceProve(seed, alpha, 'draft03');
    for (let i = 0; i < 4; i++) assert.deepEqual((await backend.prove('c', alpha)).proof, ref.proof);
    assert.equal(az.count('unwrapkey'), n0 + 1);
    await backend.close();
    assert.equal(backend.seedCache.size, 0);
  });

  it('the configuration file form parses (credential, retry) and matches what the backend needs', () => {
    const cfg = parseConfig(
      {
        type: 'azure-keyvault',
        vault_url: 'https://pool.vault.azure.net',
        key_name: 'vrf-kek',
        algorithm: 'RSA-OAEP-256',
        keystore_dir: '/var/lib/cardano-vrf/keys',
        credential: { type: 'client-secret', tenant_id: 't', client_id: 'c', client_secret_env: 'AZ_SECRET' },
        seed_cache_ttl_seconds: 300,
        rate_limit: { per_second: 200, burst: 50 },
        retry: { deadline_ms: 8000 },
      },
      '/etc/cardano-vrf',
    );
    assert.equal(cfg.type, 'azure-keyvault');
    assert.deepEqual((cfg as AzureKeyVaultConfig).retry, { deadline_ms: 8000 });
    assert.throws(
      () => parseConfig({ type: 'azure-keyvault', vault_url: 'https://x', key_name: 'k', algorithm: 'RSA-OAEP-256', keystore_dir: 'k', credential: { type: 'client-secret', client_secret: 'inline' } }, '/'),
      coded('CONFIG_INVALID'),
    );
  });
});
