import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { draft03, draft13, vrfFor } from '../../src/vrf/index.js';
import { parseEnvelope, verifyAuditLog } from '../../src/custody/index.js';
import type { Suite } from '../../src/vrf/suite.js';
import type { SoftwareBackend } from '../../src/custody/software/index.js';
import { openSoftware, rejectsWithCode, tempHome, writeSkey } from './softwareFixtures.js';

const SUITES: Suite[] = ['draft03', 'draft13'];
const seedOf = (b: number) => new Uint8Array(32).map((_, i) => (b * 31 + i * 7) & 0xff);

test('generate stores one 0600 envelope in a 0700 directory; list, getKey, publicKey agree', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const be = await openSoftware(dir);
    const m = await be.generateKey('pool-a', { tags: { env: 'test', purpose: 'vrf' }, suite: 'draft13' });
    assert.equal(m.suite, 'draft13');
    assert.equal(m.publicKey.length, 32);
    assert.deepEqual(m.tags, { env: 'test', purpose: 'vrf' });
    assert.equal(m.deletionProtection, false);
    assert.equal(statSync(join(dir, 'keys')).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'keys', 'pool-a.json')).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(dir, 'keys')), ['pool-a.json'], 'no temp files left behind');
    const env = parseEnvelope(readFileSync(join(dir, 'keys', 'pool-a.json'), 'utf8'));
    assert.equal(env.kek.mechanism, 'none');
    assert.equal(env.public_key, Buffer.from(m.publicKey).toString('hex'));
    // The clear seed derives the stored public key.
    const seed = Buffer.from(env.wrapped, 'base64');
    assert.deepEqual(draft03.keypairFromSeed(seed).publicKey, m.publicKey);
    assert.deepEqual(await be.publicKey('pool-a'), m.publicKey);
    assert.deepEqual((await be.getKey('pool-a')).createdAt, m.createdAt);
    await be.generateKey('pool-0');
    assert.deepEqual((await be.listKeys()).map((k) => k.keyId), ['pool-0', 'pool-a']);
    const h = await be.health();
    assert.equal(h.healthy, true);
    await be.close();
  } finally {
    cleanup();
  }
});

test('proofs equal the in-memory draft03/draft13 proofs byte for byte, in the key suite and an explicit one', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const be = await openSoftware(dir);
    const seed = seedOf(3);
    const kp = draft03.keypairFromSeed(seed);
    await be.importKey('k03', seed, { suite: 'draft03' });
    await be.importKey('k13', Uint8Array.from(seed), { suite: 'draft13' });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 96 }), async (alpha) => {
        for (const suite of SUITES) {
          const vrf = vrfFor(suite);
          const want = vrf.prove(kp.secretKey, alpha);
          const got = await be.prove(suite === 'draft03' ? 'k03' : 'k13', alpha);
          assert.deepEqual(got.proof, want);
          assert.equal(got.proof.length, vrf.PROOF_BYTES);
          assert.deepEqual(got.output, vrf.verify(kp.publicKey, want, alpha));
          const other = suite === 'draft03' ? 'draft13' : 'draft03';
          const cross = await be.prove(suite === 'draft03' ? 'k03' : 'k13', alpha, other);
          assert.deepEqual(cross.proof, vrfFor(other).prove(kp.secretKey, alpha));
        }
      }),
      { numRuns: 8 },
    );
    await be.close();
  } finally {
    cleanup();
  }
});

test('import from a cardano-cli vrf.skey leaves the file untouched; bad files give SKEY_INVALID', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const be = await openSoftware(dir);
    const seed = seedOf(9);
    const file = writeSkey(dir, seed);
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const m = await be.importKey('imported', { skeyFile: file });
    assert.deepEqual(m.publicKey, draft03.keypairFromSeed(seed).publicKey);
    assert.deepEqual(readFileSync(file), before);
    assert.equal(statSync(file).mtimeMs, mtime);
    const alpha = Uint8Array.of(1, 2, 3);
    assert.deepEqual((await be.prove('imported', alpha)).proof, draft03.prove(draft03.keypairFromSeed(seed).secretKey, alpha));

    const wrongVk = writeSkey(dir, seed, 'wrong.skey', draft03.keypairFromSeed(seedOf(10)).publicKey);
    await rejectsWithCode(() => be.importKey('x1', { skeyFile: wrongVk }), 'SKEY_INVALID');
    const notJson = join(dir, 'garbage.skey');
    writeFileSync(notJson, 'not json');
    await rejectsWithCode(() => be.importKey('x2', { skeyFile: notJson }), 'SKEY_INVALID');
    const wrongType = join(dir, 'kes.skey');
    writeFileSync(wrongType, JSON.stringify({ type: 'KesSigningKey_ed25519_kes_2^6', cborHex: '5840' + '00'.repeat(64) }));
    await rejectsWithCode(() => be.importKey('x3', { skeyFile: wrongType }), 'SKEY_INVALID');
    await rejectsWithCode(() => be.importKey('x4', { skeyFile: join(dir, 'missing.skey') }), 'SKEY_INVALID');
    await rejectsWithCode(() => be.importKey('x5', new Uint8Array(31)), 'BAD_INPUT');
    assert.deepEqual((await be.listKeys()).map((k) => k.keyId), ['imported']);
    await be.close();
  } finally {
    cleanup();
  }
});

test('unknown, duplicate, deleted, protected and malformed key ids give coded errors', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const be = await openSoftware(dir);
    await rejectsWithCode(() => be.prove('nope', new Uint8Array(0)), 'KEY_NOT_FOUND');
    await rejectsWithCode(() => be.publicKey('nope'), 'KEY_NOT_FOUND');
    await rejectsWithCode(() => be.deleteKey('nope', { confirm: true }), 'KEY_NOT_FOUND');
    await be.generateKey('dup');
    await rejectsWithCode(() => be.generateKey('dup'), 'KEY_EXISTS');
    await rejectsWithCode(() => be.importKey('dup', seedOf(1)), 'KEY_EXISTS');
    await rejectsWithCode(() => be.deleteKey('dup', { confirm: false }), 'CONFIRMATION_REQUIRED');
    await be.deleteKey('dup', { confirm: true });
    await rejectsWithCode(() => be.prove('dup', new Uint8Array(1)), 'KEY_NOT_FOUND');
    await rejectsWithCode(() => be.deleteKey('dup', { confirm: true }), 'KEY_NOT_FOUND');
    await be.generateKey('guarded', { deletionProtection: true });
    await rejectsWithCode(() => be.deleteKey('guarded', { confirm: true }), 'KEY_DELETION_PROTECTED');
    assert.ok(await be.publicKey('guarded'));
    for (const bad of ['', '../evil', 'a/b', '.hidden', '-flag', 'x'.repeat(65), 'sp ace', 'nul\0']) {
      await rejectsWithCode(() => be.generateKey(bad), 'BAD_KEY_ID');
      await rejectsWithCode(() => be.prove(bad, new Uint8Array(0)), 'BAD_KEY_ID');
    }
    await rejectsWithCode(() => be.generateKey('s', { suite: 'draft99' as Suite }), 'BAD_SUITE');
    assert.deepEqual(readdirSync(join(dir, 'keys')).sort(), ['guarded.json']);
    await be.close();
    // Each failure above is in the audit log with its code.
    const log = readFileSync(join(dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(log.some((r) => r.operation === 'generate' && r.key_id === 'dup' && r.result === 'failure' && r.code === 'KEY_EXISTS'));
    assert.ok(log.some((r) => r.operation === 'delete' && r.key_id === 'guarded' && r.code === 'KEY_DELETION_PROTECTED'));
    assert.equal((await verifyAuditLog(join(dir, 'audit.log'))).ok, true);
  } finally {
    cleanup();
  }
});

test('directories and files readable by group or others, and symlinks, are refused', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const keys = join(dir, 'keys');
    mkdirSync(keys, { mode: 0o755 });
    chmodSync(keys, 0o755);
    const e = await rejectsWithCode(() => openSoftware(dir), 'INSECURE_PERMISSIONS');
    assert.match(e.message, /chmod 0700/);
    chmodSync(keys, 0o700);
    const be = await openSoftware(dir);
    await be.generateKey('k');
    chmodSync(join(keys, 'k.json'), 0o640);
    await rejectsWithCode(() => be.prove('k', new Uint8Array(0)), 'INSECURE_PERMISSIONS');
    await rejectsWithCode(() => be.listKeys(), 'INSECURE_PERMISSIONS');
    chmodSync(join(keys, 'k.json'), 0o600);
    await be.prove('k', new Uint8Array(0));
    renameSync(join(keys, 'k.json'), join(dir, 'elsewhere.json'));
    symlinkSync(join(dir, 'elsewhere.json'), join(keys, 'k.json'));
    await rejectsWithCode(() => be.prove('k', new Uint8Array(0)), 'INSECURE_PERMISSIONS');
    await be.close();
    // The keystore directory itself as a symlink is refused too.
    const other = tempHome();
    try {
      symlinkSync(keys, join(other.dir, 'keys'));
      await rejectsWithCode(() => openSoftware(other.dir), 'INSECURE_PERMISSIONS');
    } finally {
      other.cleanup();
    }
  } finally {
    cleanup();
  }
});

test('passphrase encryption: scrypt + AES-256-GCM at rest; right, wrong and missing passphrase', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const env = { VRF_PASS: 'correct horse battery staple' };
    const be = await openSoftware(dir, { passphrase_env: 'VRF_PASS' }, env);
    const seed = seedOf(5);
    await be.importKey('sealed', seed, { suite: 'draft13' });
    const text = readFileSync(join(dir, 'keys', 'sealed.json'), 'utf8');
    const envl = parseEnvelope(text);
    assert.equal(envl.kek.mechanism, 'scrypt-aes-256-gcm');
    assert.ok(!text.includes(Buffer.from(seed).toString('hex')) && !text.includes(Buffer.from(seed).toString('base64')));
    const kp = draft13.keypairFromSeed(seed);
    assert.deepEqual((await be.prove('sealed', Uint8Array.of(7))).proof, draft13.prove(kp.secretKey, Uint8Array.of(7)));
    await be.close();

    const wrong = await openSoftware(dir, { passphrase_env: 'VRF_PASS' }, { VRF_PASS: 'wrong' });
    await rejectsWithCode(() => wrong.prove('sealed', Uint8Array.of(7)), 'PASSPHRASE_INCORRECT');
    await wrong.close();
    const none = await openSoftware(dir);
    await rejectsWithCode(() => none.prove('sealed', Uint8Array.of(7)), 'PASSPHRASE_REQUIRED');
    assert.equal((await none.listKeys()).length, 1, 'metadata stays readable without the passphrase');
    await none.close();
    await rejectsWithCode(() => openSoftware(dir, { passphrase_env: 'VRF_PASS' }, {}), 'PASSPHRASE_REQUIRED');

    const passFile = join(dir, 'pass.txt');
    writeFileSync(passFile, env.VRF_PASS + '\n', { mode: 0o644 });
    chmodSync(passFile, 0o644);
    await rejectsWithCode(() => openSoftware(dir, { passphrase_file: passFile }), 'INSECURE_PERMISSIONS');
    chmodSync(passFile, 0o600);
    const fromFile = await openSoftware(dir, { passphrase_file: passFile });
    assert.deepEqual((await fromFile.prove('sealed', Uint8Array.of(7))).proof, draft13.prove(kp.secretKey, Uint8Array.of(7)));
    await fromFile.close();

    // The failed attempt is an audited authentication failure; the log never holds the passphrase.
    const log = readFileSync(join(dir, 'audit.log'), 'utf8');
    const recs = log.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(recs.some((r) => r.operation === 'auth' && r.result === 'failure' && r.code === 'PASSPHRASE_INCORRECT'));
    assert.ok(!log.includes('correct horse') && !log.includes(Buffer.from(seed).toString('hex')));
  } finally {
    cleanup();
  }
});

test('tampered envelopes are refused: swapped public key, altered sealed metadata, malformed JSON', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const env = { P: 'pw' };
    const be = await openSoftware(dir, { passphrase_env: 'P' }, env);
    await be.generateKey('sealed', { suite: 'draft03' });
    await be.close();
    const clear = await openSoftware(dir);
    await clear.generateKey('clear');
    const other = await clear.generateKey('other');
    const clearFile = join(dir, 'keys', 'clear.json');
    const e = JSON.parse(readFileSync(clearFile, 'utf8'));
    e.public_key = Buffer.from(other.publicKey).toString('hex');
    writeFileSync(clearFile, JSON.stringify(e), { mode: 0o600 });
    await rejectsWithCode(() => clear.prove('clear', new Uint8Array(0)), 'KEY_CORRUPT');
    await clear.close();

    const sealedFile = join(dir, 'keys', 'sealed.json');
    const s = JSON.parse(readFileSync(sealedFile, 'utf8'));
    s.suite = 'draft13';
    writeFileSync(sealedFile, JSON.stringify(s), { mode: 0o600 });
    const be2 = await openSoftware(dir, { passphrase_env: 'P' }, env);
    await rejectsWithCode(() => be2.prove('sealed', new Uint8Array(0)), 'PASSPHRASE_INCORRECT');
    writeFileSync(sealedFile, '{"version":1,', { mode: 0o600 });
    await rejectsWithCode(() => be2.prove('sealed', new Uint8Array(0)), 'ENVELOPE_INVALID');
    await rejectsWithCode(() => be2.listKeys(), 'ENVELOPE_INVALID');
    await be2.close();
  } finally {
    cleanup();
  }
});

test('seed cache for sealed keys: one unseal for many proofs, never stale after a key is replaced or deleted', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const env = { P: 'cache pass' };
    const be = await openSoftware(dir, { passphrase_env: 'P', seed_cache_ttl_seconds: 60 }, env);
    const inner = be.inner as SoftwareBackend;
    await be.importKey('c', seedOf(1));
    for (let i = 0; i < 4; i++) {
      assert.deepEqual((await be.prove('c', Uint8Array.of(i))).proof, draft03.prove(draft03.keypairFromSeed(seedOf(1)).secretKey, Uint8Array.of(i)));
    }
    assert.deepEqual(inner.cacheStats(), { hits: 3, misses: 1, size: 1 });
    await be.deleteKey('c', { confirm: true });
    assert.equal(inner.cacheStats().size, 0);
    await rejectsWithCode(() => be.prove('c', Uint8Array.of(0)), 'KEY_NOT_FOUND');
    await be.importKey('c', seedOf(2));
    assert.deepEqual((await be.prove('c', Uint8Array.of(0))).proof, draft03.prove(draft03.keypairFromSeed(seedOf(2)).secretKey, Uint8Array.of(0)));
    // An edited suite under a cached seed misses the cache and fails authentication.
    const file = join(dir, 'keys', 'c.json');
    const e = JSON.parse(readFileSync(file, 'utf8'));
    e.suite = 'draft13';
    writeFileSync(file, JSON.stringify(e), { mode: 0o600 });
    await rejectsWithCode(() => be.prove('c', Uint8Array.of(0)), 'PASSPHRASE_INCORRECT');
    await be.close();
    assert.equal(inner.cacheStats().size, 0);
  } finally {
    cleanup();
  }
});
