import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  checkEnvelope, createEnvelope, defaultConfig, EnvelopeStore, loadConfigFile, parseConfig, parseEnvelope, resolveConfig, serializeEnvelope,
  CLOUDHSM_MODULE, type Envelope,
} from '../../src/custody/index.js';
import { rejectsWithCode, tempHome } from './softwareFixtures.js';

const throwsCode = (fn: () => unknown, code: string, re?: RegExp) =>
  assert.throws(fn, (e: Error & { code?: string }) => e.code === code && (!re || re.test(e.message)));

test('configuration: each backend type parses; paths resolve against the file; defaults fill in', () => {
  const base = '/etc/cardano-vrf';
  const home = '/home/op/.cardano-vrf';
  const sw = parseConfig({ type: 'software', keystore_dir: 'keys', passphrase_file: '/run/pass', seed_cache_ttl_seconds: 0 }, base, home);
  assert.deepEqual(sw, { type: 'software', audit_log: `${home}/audit.log`, seed_cache_ttl_seconds: 0, keystore_dir: `${base}/keys`, passphrase_file: '/run/pass' });
  assert.equal(parseConfig({ type: 'software', keystore_dir: '~/vrf' }, base, home).keystore_dir, join(homedir(), 'vrf'));
  const p11 = parseConfig({ type: 'pkcs11', module: '/usr/lib/softhsm/libsofthsm2.so', token_label: 'cardano-vrf', pin_env: 'PIN', kek_label: 'kek', keystore_dir: '/var/lib/vrf', rate_limit: { per_second: 50, burst: 10 } }, base, home);
  assert.equal(p11.type, 'pkcs11');
  assert.deepEqual(p11.type === 'pkcs11' && p11.rate_limit, { per_second: 50, burst: 10 });
  const hsm = parseConfig({ type: 'aws-cloudhsm', token_label: 'hsm1', kek_label: 'kek', keystore_dir: 'ks', secrets_manager: { secret_id: 'prod/cloudhsm/vrf', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' } }, base, home);
  assert.equal(hsm.type === 'aws-cloudhsm' && hsm.module, CLOUDHSM_MODULE);
  assert.deepEqual(hsm.type === 'aws-cloudhsm' && hsm.secrets_manager, { secret_id: 'prod/cloudhsm/vrf', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' });
  const az = parseConfig({ type: 'azure-keyvault', vault_url: 'https://v.vault.azure.net', key_name: 'kek', algorithm: 'RSA-OAEP-256', keystore_dir: 'ks', credential: { type: 'client-secret', tenant_id: 't', client_id: 'c', client_secret_env: 'AZ_SECRET' } }, base, home);
  assert.equal(az.type === 'azure-keyvault' && az.credential?.client_secret_env, 'AZ_SECRET');
  const kms = parseConfig({ type: 'aws-kms', key_id: 'alias/vrf', region: 'eu-west-1', keystore_dir: 'ks', actor: 'node-1', audit_log: 'audit/a.log' }, base, home);
  assert.deepEqual(kms, { type: 'aws-kms', audit_log: `${base}/audit/a.log`, actor: 'node-1', key_id: 'alias/vrf', region: 'eu-west-1', keystore_dir: `${base}/ks` });
});

test('configuration errors are CONFIG_INVALID and name the field, never a secret value', () => {
  const p = (v: unknown) => () => parseConfig(v, '/b', '/h');
  throwsCode(p([]), 'CONFIG_INVALID');
  throwsCode(p({ type: 'hsm' }), 'CONFIG_INVALID', /type must be one of/);
  throwsCode(p({ type: 'software', keystore_dirr: 'x' }), 'CONFIG_INVALID', /unknown field "keystore_dirr"/);
  throwsCode(p({ type: 'pkcs11', module: '/m.so', token_label: 't', kek_label: 'k', keystore_dir: 'd' }), 'CONFIG_INVALID', /pin_env or pin_file is required/);
  throwsCode(p({ type: 'pkcs11', module: '/m.so', token_label: 't', kek_label: 'k', keystore_dir: 'd', pin: 'hunter2' }), 'CONFIG_INVALID', /pin is not accepted/);
  assert.throws(p({ type: 'pkcs11', module: '/m.so', token_label: 't', kek_label: 'k', keystore_dir: 'd', pin: 'hunter2' }), (e: Error) => !e.message.includes('hunter2'));
  throwsCode(p({ type: 'pkcs11', module: '/m.so', token_label: 't', kek_label: 'k', keystore_dir: 'd', pin_env: 'A', pin_file: 'B' }), 'CONFIG_INVALID', /not both/);
  throwsCode(p({ type: 'pkcs11', token_label: 't', kek_label: 'k', keystore_dir: 'd', pin_env: 'A' }), 'CONFIG_INVALID', /module/);
  throwsCode(p({ type: 'aws-cloudhsm', token_label: 't', kek_label: 'k', keystore_dir: 'd', pin_env: 'A', secrets_manager: { secret_id: 's', region: 'r' } }), 'CONFIG_INVALID', /not both/);
  throwsCode(p({ type: 'aws-cloudhsm', token_label: 't', kek_label: 'k', keystore_dir: 'd', secrets_manager: { secret_id: 's' } }), 'CONFIG_INVALID', /secrets_manager.region/);
  throwsCode(p({ type: 'azure-keyvault', vault_url: 'ftp://x', key_name: 'k', algorithm: 'RSA-OAEP-256', keystore_dir: 'd' }), 'CONFIG_INVALID', /vault_url/);
  throwsCode(p({ type: 'azure-keyvault', vault_url: 'https://x', key_name: 'k', algorithm: 'RSA1_5', keystore_dir: 'd' }), 'CONFIG_INVALID', /algorithm/);
  throwsCode(p({ type: 'azure-keyvault', vault_url: 'https://x', key_name: 'k', algorithm: 'A256KW', keystore_dir: 'd', credential: { type: 'client-secret', client_secret: 's' } }), 'CONFIG_INVALID', /client_secret is not accepted/);
  throwsCode(p({ type: 'aws-kms', key_id: 'k', keystore_dir: 'd' }), 'CONFIG_INVALID', /region/);
  throwsCode(p({ type: 'software', seed_cache_ttl_seconds: -1 }), 'CONFIG_INVALID', /seed_cache_ttl_seconds/);
  throwsCode(p({ type: 'software', rate_limit: { burst: 3 } }), 'CONFIG_INVALID', /per_second/);
  throwsCode(p({ type: 'software', passphrase: 'x' }), 'CONFIG_INVALID', /passphrase is not accepted/);
});

test('configuration resolution: --config, then CARDANO_VRF_CONFIG, then the software keystore in CARDANO_VRF_HOME', () => {
  const { dir, cleanup } = tempHome();
  try {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify({ type: 'software', keystore_dir: 'A' }));
    writeFileSync(b, JSON.stringify({ type: 'aws-kms', key_id: 'k', region: 'r', keystore_dir: 'B' }));
    const env = { CARDANO_VRF_CONFIG: b, CARDANO_VRF_HOME: join(dir, 'home') };
    assert.equal(resolveConfig(a, env).keystore_dir, join(dir, 'A'));
    assert.equal(resolveConfig(undefined, env).type, 'aws-kms');
    assert.deepEqual(resolveConfig(undefined, { CARDANO_VRF_HOME: join(dir, 'home') }), { type: 'software', keystore_dir: join(dir, 'home', 'keys'), audit_log: join(dir, 'home', 'audit.log') });
    assert.equal(defaultConfig({ CARDANO_VRF_HOME: dir, CARDANO_VRF_PASSPHRASE: 'x' }).passphrase_env, 'CARDANO_VRF_PASSPHRASE');
    assert.equal(defaultConfig({}).keystore_dir, join(homedir(), '.cardano-vrf', 'keys'));
    writeFileSync(a, '{"type":');
    throwsCode(() => loadConfigFile(a), 'CONFIG_INVALID', /not valid JSON/);
  } finally {
    cleanup();
  }
});

const envelopeArb = fc.record({
  keyId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
  suite: fc.constantFrom('draft03' as const, 'draft13' as const),
  publicKey: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  backend: fc.constantFrom('software' as const, 'pkcs11' as const, 'aws-cloudhsm' as const, 'azure-keyvault' as const, 'aws-kms' as const),
  wrapped: fc.uint8Array({ minLength: 1, maxLength: 300 }),
  context: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), { nil: undefined }),
  tags: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })),
  protect: fc.boolean(),
  time: fc.integer({ min: 0, max: 4_000_000_000_000 }),
});

test('envelope: create → serialise → parse round-trips; damaged documents are ENVELOPE_INVALID', () => {
  fc.assert(
    fc.property(envelopeArb, (a) => {
      const env = createEnvelope({
        keyId: a.keyId, suite: a.suite, publicKey: a.publicKey, kek: { backend: a.backend, id: 'kek-1', mechanism: 'CKM_AES_KEY_WRAP_PAD' },
        wrapped: a.wrapped, ...(a.context ? { context: a.context } : {}), createdAt: new Date(a.time), tags: a.tags, deletionProtection: a.protect,
      });
      const back = parseEnvelope(serializeEnvelope(env));
      assert.deepEqual(back, env);
      assert.deepEqual(Buffer.from(back.wrapped, 'base64'), Buffer.from(a.wrapped));
    }),
    { numRuns: 100 },
  );
  const good = JSON.parse(serializeEnvelope(createEnvelope({ keyId: 'k', suite: 'draft03', publicKey: new Uint8Array(32), kek: { backend: 'pkcs11', id: 'kek', mechanism: 'CKM_AES_KEY_WRAP_PAD' }, wrapped: new Uint8Array(40), createdAt: new Date(0) }))) as Envelope;
  const mutations: [string, (e: Record<string, any>) => void][] = [
    ['version', (e) => (e.version = 2)],
    ['key_id', (e) => (e.key_id = '../k')],
    ['suite', (e) => (e.suite = 'draft05')],
    ['public_key', (e) => (e.public_key = 'AB'.repeat(32))],
    ['public_key', (e) => (e.public_key = '00'.repeat(31))],
    ['kek.backend', (e) => (e.kek.backend = 'floppy')],
    ['kek.id', (e) => (e.kek.id = '')],
    ['kek.mechanism', (e) => delete e.kek.mechanism],
    ['wrapped', (e) => (e.wrapped = 'not base64!')],
    ['context', (e) => (e.context = { a: 1 })],
    ['created_at', (e) => (e.metadata.created_at = 'yesterday')],
    ['tags', (e) => (e.metadata.tags = { a: 1 })],
    ['deletion_protection', (e) => (e.metadata.deletion_protection = 'yes')],
    ['unknown field', (e) => (e.extra = 1)],
  ];
  for (const [what, mutate] of mutations) {
    const e = structuredClone(good) as Record<string, any>;
    mutate(e);
    assert.equal(checkEnvelope(e).ok, false, what);
    throwsCode(() => parseEnvelope(JSON.stringify(e)), 'ENVELOPE_INVALID');
  }
  assert.equal(checkEnvelope(good).ok, true);
  throwsCode(() => parseEnvelope('[1,2'), 'ENVELOPE_INVALID');
});

test('EnvelopeStore: concurrent writes of one id leave exactly one winner; scan reports bad files without aborting', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const store = await new EnvelopeStore(join(dir, 'ks')).open();
    const mk = (i: number) => createEnvelope({ keyId: 'same', suite: 'draft03', publicKey: new Uint8Array(32).fill(i), kek: { backend: 'aws-kms', id: 'k', mechanism: 'SYMMETRIC_DEFAULT' }, wrapped: Uint8Array.of(i), createdAt: new Date() });
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => store.write(mk(i))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code: string }).code, 'KEY_EXISTS');
    const winner = await store.read('same');
    await store.write({ ...winner, metadata: { ...winner.metadata, deletion_protection: true } }, { replace: true });
    assert.equal((await store.read('same')).metadata.deletion_protection, true);
    writeFileSync(join(dir, 'ks', 'broken.json'), '{}', { mode: 0o600 });
    writeFileSync(join(dir, 'ks', 'notes.txt'), 'ignored');
    const { envelopes, problems } = await store.scan();
    assert.deepEqual(envelopes.map((e) => e.key_id), ['same']);
    assert.deepEqual(problems.map((p) => [p.keyId, p.code]), [['broken', 'ENVELOPE_INVALID']]);
    const renamed = { ...winner, key_id: 'other' };
    writeFileSync(join(dir, 'ks', 'mismatch.json'), serializeEnvelope(renamed), { mode: 0o600 });
    await rejectsWithCode(() => store.read('mismatch'), 'ENVELOPE_INVALID');
    await store.remove('same');
    await rejectsWithCode(() => store.remove('same'), 'KEY_NOT_FOUND');
    await rejectsWithCode(() => store.read('../etc/passwd'), 'BAD_KEY_ID');
  } finally {
    cleanup();
  }
});
