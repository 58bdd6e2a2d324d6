/**
 * The PKCS#11 backend on a real SoftHSMv2 token (throw-away, in a temporary
 * SOFTHSM2_CONF): byte-exact proofs against the in-memory core, the sealed KEK, the
 * mechanism fallback, session recovery, and every coded failure.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import pkcs11js from 'pkcs11js';
import { vrfFor } from '../../src/vrf/index.js';
import type { Suite } from '../../src/vrf/suite.js';
import { openBackend, parseEnvelope, serializeEnvelope, verifyAuditLog } from '../../src/custody/index.js';
import { createBackend, findKek, Pkcs11Backend } from '../../src/custody/pkcs11/index.js';
import { createSoftHsm, requireSoftHsm, type SoftHsm } from '../helpers/softhsm.js';
import { captureContext, keyDir, pkcs11Config, rejectsWithCode, seedOf, withRawSession } from './pkcs11Fixtures.js';

const req = requireSoftHsm();
const SUITES: Suite[] = ['draft03', 'draft13'];
const PIN = '4711-user-pin';
const PIN_ENV = { CVRF_TEST_PIN: PIN };

describe('PKCS#11 backend on SoftHSMv2', { skip: req.skip }, () => {
  let hsm: SoftHsm;

  before(() => {
    if (req.skip !== false) return;
    hsm = createSoftHsm(req);
    hsm.initToken('cvrf-main', PIN);
    hsm.initToken('cvrf-pin', PIN);
  });
  after(() => hsm?.cleanup());

  /** Opens the backend on token cvrf-main with its own key directory and KEK label. */
  async function open(name: string, extra: Record<string, unknown> = {}, env: Record<string, string | undefined> = PIN_ENV) {
    const dir = keyDir(hsm.dir, name);
    const cfg = pkcs11Config(hsm.dir, {
      module: hsm.module,
      token_label: 'cvrf-main',
      pin_env: 'CVRF_TEST_PIN',
      kek_label: `kek-${name}`,
      keystore_dir: dir,
      ...extra,
    });
    const { ctx, events } = captureContext(env);
    const backend = (await createBackend(cfg, ctx)) as Pkcs11Backend;
    return { backend, dir, cfg, ctx, events };
  }

  test('imported seeds prove byte for byte like the in-memory core, both suites, any alpha', async () => {
    const { backend } = await open('exact');
    try {
      const seed = seedOf(1);
      const kp = vrfFor('draft03').keypairFromSeed(seed);
      const m03 = await backend.importKey('k03', seed, { suite: 'draft03' });
      const m13 = await backend.importKey('k13', seedOf(1), { suite: 'draft13', tags: { env: 'test' } });
      assert.deepEqual(m03.publicKey, kp.publicKey);
      assert.deepEqual(m13.publicKey, kp.publicKey);
      assert.equal(m13.backend, 'pkcs11');
      assert.deepEqual(m13.tags, { env: 'test' });
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 80 }), async (alpha) => {
          for (const suite of SUITES) {
            const vrf = vrfFor(suite);
            const want = vrf.prove(kp.secretKey, alpha);
            const got = await backend.prove(suite === 'draft03' ? 'k03' : 'k13', alpha);
            assert.deepEqual(got.proof, want);
            assert.equal(got.proof.length, vrf.PROOF_BYTES);
            assert.deepEqual(got.output, vrf.verify(kp.publicKey, want, alpha));
            // An explicit suite overrides the key's own.
            const other: Suite = suite === 'draft03' ? 'draft13' : 'draft03';
            const cross = await backend.prove(suite === 'draft03' ? 'k03' : 'k13', alpha, other);
            assert.deepEqual(cross.proof, vrfFor(other).prove(kp.secretKey, alpha));
          }
        }),
        { numRuns: 12 },
      );
    } finally {
      await backend.close();
    }
  });

  test('generated keys come from the token, verify under their public key, and their envelopes hold no seed', async () => {
    const { backend, dir } = await open('gen');
    try {
      for (const suite of SUITES) {
        const m = await backend.generateKey(`gen-${suite}`, { suite, deletionProtection: true });
        assert.equal(m.suite, suite);
        const alpha = new TextEncoder().encode(`slot 42 ${suite}`);
        const { proof, output } = await backend.prove(`gen-${suite}`, alpha);
        const vrf = vrfFor(suite);
        assert.equal(proof.length, vrf.PROOF_BYTES);
        assert.deepEqual(vrf.verify(m.publicKey, proof, alpha), output);
        assert.equal(vrf.verify(m.publicKey, proof, new Uint8Array([1])), null);
        const env = parseEnvelope(readFileSync(join(dir, `gen-${suite}.json`), 'utf8'));
        assert.equal(env.kek.backend, 'pkcs11');
        assert.equal(env.kek.id, 'kek-gen');
        assert.equal(env.kek.mechanism, 'CKM_AES_KEY_WRAP_PAD');
        assert.equal(env.context?.token_label, 'cvrf-main');
        assert.match(env.context?.kek_cka_id ?? '', /^[0-9a-f]{32}$/);
        assert.equal(Buffer.from(env.wrapped, 'base64').length, 40, 'RFC 5649 wrap of 32 bytes is 40 bytes');
        assert.equal(env.metadata.deletion_protection, true);
      }
      // Imported: the envelope never contains the seed, in any encoding.
      const seed = seedOf(9);
      await backend.importKey('imp', seed);
      const text = readFileSync(join(dir, 'imp.json'), 'utf8');
      for (const enc of ['hex', 'base64'] as const) assert.ok(!text.includes(Buffer.from(seed).toString(enc)));
      assert.deepEqual((await backend.listKeys()).map((k) => k.keyId), ['gen-draft03', 'gen-draft13', 'imp']);
      const h = await backend.health();
      assert.equal(h.healthy, true, h.message);
      assert.equal(h.backend, 'pkcs11');
      assert.equal(typeof h.latencyMs, 'number');
      assert.match(h.message ?? '', /KEK "kek-gen" present/);
    } finally {
      await backend.close();
    }
  });

  test('the KEK is sealed: CKA_VALUE reads fail with CKR_ATTRIBUTE_SENSITIVE, it cannot be wrapped out, attributes are as documented', async () => {
    const { backend } = await open('sealed');
    try {
      await backend.generateKey('s1');
      withRawSession(backend, (lib, session) => {
        const kek = findKek(lib, session, 'kek-sealed');
        assert.ok(kek, 'KEK exists on the token after the first key');
        assert.throws(
          () => lib.C_GetAttributeValue(session, kek.handle, [{ type: pkcs11js.CKA_VALUE }]),
          (e: Error & { code?: number }) => e.name === 'Pkcs11Error' && e.code === pkcs11js.CKR_ATTRIBUTE_SENSITIVE,
        );
        const attrs = lib.C_GetAttributeValue(session, kek.handle, [
          { type: pkcs11js.CKA_TOKEN },
          { type: pkcs11js.CKA_PRIVATE },
          { type: pkcs11js.CKA_SENSITIVE },
          { type: pkcs11js.CKA_EXTRACTABLE },
          { type: pkcs11js.CKA_ALWAYS_SENSITIVE },
          { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
          { type: pkcs11js.CKA_WRAP },
          { type: pkcs11js.CKA_UNWRAP },
          { type: pkcs11js.CKA_ENCRYPT },
          { type: pkcs11js.CKA_DECRYPT },
          { type: pkcs11js.CKA_SIGN },
          { type: pkcs11js.CKA_VALUE_LEN },
        ]);
        const flag = (i: number) => attrs[i]!.value[0];
        assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(flag), [1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0]);
        assert.equal(attrs[11]!.value.readUInt32LE(0), 32, 'AES-256');
        // Wrapping the KEK out under another key is refused: it is not extractable.
        const other = lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
          { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
          { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
          { type: pkcs11js.CKA_TOKEN, value: false },
          { type: pkcs11js.CKA_WRAP, value: true },
        ]);
        assert.throws(
          () => lib.C_WrapKey(session, { mechanism: pkcs11js.CKM_AES_KEY_WRAP_PAD }, other, kek.handle, Buffer.alloc(64)),
          (e: Error & { code?: number }) => e.code === pkcs11js.CKR_KEY_UNEXTRACTABLE,
        );
        // And it cannot be used to encrypt: it is a wrap-only key.
        assert.throws(
          () => lib.C_EncryptInit(session, { mechanism: pkcs11js.CKM_AES_ECB }, kek.handle),
          (e: Error & { code?: number }) => e.code === pkcs11js.CKR_KEY_FUNCTION_NOT_PERMITTED,
        );
      });
    } finally {
      await backend.close();
    }
  });

  test('keys survive closing and reopening: the KEK is a token object, the envelope a file', async () => {
    const first = await open('persist');
    const m = await first.backend.generateKey('p1');
    const alpha = new Uint8Array([7, 7, 7]);
    const before = await first.backend.prove('p1', alpha);
    await first.backend.close();
    const { ctx } = captureContext(PIN_ENV);
    const again = (await createBackend(first.cfg, ctx)) as Pkcs11Backend;
    try {
      assert.deepEqual(await again.publicKey('p1'), m.publicKey);
      assert.deepEqual(await again.prove('p1', alpha), before);
    } finally {
      await again.close();
    }
  });

  test('mechanism fallback: the first configured mechanism the token lists is used (RFC 3394, AES-GCM)', async () => {
    const kw = await open('fallback-kw', { wrap_mechanism: 'CKM_CLOUDHSM_AES_KEY_WRAP_PKCS5_PAD, CKM_AES_KEY_WRAP' });
    const gcm = await open('fallback-gcm', { wrap_mechanism: 'CKM_CLOUDHSM_AES_KEY_WRAP_NO_PAD,CKM_AES_GCM' });
    try {
      const seed = seedOf(4);
      const kp = vrfFor('draft13').keypairFromSeed(seed);
      for (const [b, mech, len] of [
        [kw, 'CKM_AES_KEY_WRAP', 40],
        [gcm, 'CKM_AES_GCM', 12 + 32 + 16],
      ] as const) {
        await b.backend.importKey('fb', seed, { suite: 'draft13' });
        const env = parseEnvelope(readFileSync(join(b.dir, 'fb.json'), 'utf8'));
        assert.equal(env.kek.mechanism, mech);
        assert.equal(Buffer.from(env.wrapped, 'base64').length, len);
        const alpha = new Uint8Array([1, 2, 3]);
        assert.deepEqual((await b.backend.prove('fb', alpha)).proof, vrfFor('draft13').prove(kp.secretKey, alpha));
      }
      // The GCM KEK carries ENCRYPT/DECRYPT (the mechanism needs them); the key-wrap KEK does not.
      withRawSession(gcm.backend, (lib, session) => {
        const k = findKek(lib, session, 'kek-fallback-gcm')!;
        const a = lib.C_GetAttributeValue(session, k.handle, [{ type: pkcs11js.CKA_ENCRYPT }, { type: pkcs11js.CKA_DECRYPT }]);
        assert.deepEqual(a.map((x) => x.value[0]), [1, 1]);
      });
      // GCM binds the key id: the same envelope renamed to another id does not decrypt.
      const env = parseEnvelope(readFileSync(join(gcm.dir, 'fb.json'), 'utf8'));
      writeFileSync(join(gcm.dir, 'moved.json'), serializeEnvelope({ ...env, key_id: 'moved' }), { mode: 0o600 });
      await rejectsWithCode(() => gcm.backend.prove('moved', new Uint8Array(1)), 'PKCS11_UNWRAP_FAILED');
    } finally {
      await kw.backend.close();
      await gcm.backend.close();
    }
    // Unwrapping follows the envelope's mechanism, not the current preference list.
    const { wrap_mechanism: _dropped, ...defaults } = kw.cfg;
    const reopened = (await createBackend({ ...defaults }, captureContext(PIN_ENV).ctx)) as Pkcs11Backend;
    try {
      assert.equal(reopened.selectedMechanism().name, 'CKM_AES_KEY_WRAP_PAD');
      const alpha = new Uint8Array([5]);
      assert.deepEqual((await reopened.prove('fb', alpha)).proof, vrfFor('draft13').prove(vrfFor('draft13').keypairFromSeed(seedOf(4)).secretKey, alpha));
    } finally {
      await reopened.close();
    }
  });

  test('a token offering none of the configured mechanisms gives PKCS11_MECHANISM_UNSUPPORTED; unknown names CONFIG_INVALID', async () => {
    const { backend } = await open('nomech', { wrap_mechanism: 'CKM_CLOUDHSM_AES_KEY_WRAP_ZERO_PAD' });
    try {
      const e = await rejectsWithCode(() => backend.generateKey('x'), 'PKCS11_MECHANISM_UNSUPPORTED');
      assert.match(e.message, /CKM_CLOUDHSM_AES_KEY_WRAP_ZERO_PAD/);
      assert.deepEqual(await backend.listKeys(), [], 'nothing stored');
      const h = await backend.health();
      assert.equal(h.healthy, false);
      assert.equal(h.code, 'PKCS11_MECHANISM_UNSUPPORTED');
    } finally {
      await backend.close();
    }
    await rejectsWithCode(() => open('badmech', { wrap_mechanism: 'CKM_DES_ECB' }), 'CONFIG_INVALID');
  });

  test('unknown, duplicate and deleted key ids give KEY_NOT_FOUND / KEY_EXISTS; deletion needs confirmation and honours protection', async () => {
    const { backend } = await open('ids');
    try {
      await rejectsWithCode(() => backend.prove('nope', new Uint8Array(1)), 'KEY_NOT_FOUND');
      await rejectsWithCode(() => backend.publicKey('nope'), 'KEY_NOT_FOUND');
      await rejectsWithCode(() => backend.deleteKey('nope', { confirm: true }), 'KEY_NOT_FOUND');
      await rejectsWithCode(() => backend.prove('../etc/passwd', new Uint8Array(1)), 'BAD_KEY_ID');
      await backend.generateKey('dup');
      await rejectsWithCode(() => backend.generateKey('dup'), 'KEY_EXISTS');
      await rejectsWithCode(() => backend.importKey('dup', seedOf(2)), 'KEY_EXISTS');
      await rejectsWithCode(() => backend.importKey('short', new Uint8Array(31)), 'BAD_INPUT');
      await rejectsWithCode(() => backend.generateKey('bad-suite', { suite: 'draft99' as Suite }), 'BAD_SUITE');
      await rejectsWithCode(() => backend.deleteKey('dup', { confirm: false }), 'CONFIRMATION_REQUIRED');
      await backend.deleteKey('dup', { confirm: true });
      await rejectsWithCode(() => backend.prove('dup', new Uint8Array(1)), 'KEY_NOT_FOUND');
      await backend.generateKey('guarded', { deletionProtection: true });
      await rejectsWithCode(() => backend.deleteKey('guarded', { confirm: true }), 'KEY_DELETION_PROTECTED');
      await backend.prove('guarded', new Uint8Array(1));
    } finally {
      await backend.close();
    }
  });

  test('a deleted KEK gives PKCS11_KEK_NOT_FOUND (also after re-creating one under the same label) and an unhealthy probe', async () => {
    const { backend } = await open('kekgone');
    try {
      await backend.generateKey('orphan');
      withRawSession(backend, (lib, session) => {
        const k = findKek(lib, session, 'kek-kekgone')!;
        lib.C_DestroyObject(session, k.handle);
      });
      const e = await rejectsWithCode(() => backend.prove('orphan', new Uint8Array(1)), 'PKCS11_KEK_NOT_FOUND');
      assert.match(e.message, /kek-kekgone/);
      const h = await backend.health();
      assert.equal(h.healthy, false);
      assert.equal(h.code, 'PKCS11_KEK_NOT_FOUND');
      // A new key creates a new KEK with a new CKA_ID; the old envelope still refers to the old one.
      await backend.generateKey('fresh');
      await backend.prove('fresh', new Uint8Array(1));
      await rejectsWithCode(() => backend.prove('orphan', new Uint8Array(1)), 'PKCS11_KEK_NOT_FOUND');
    } finally {
      await backend.close();
    }
  });

  test('seed_cache_ttl_seconds keeps an unwrapped seed for the TTL: proofs continue without the KEK; without it, every proof needs the KEK', async () => {
    const { backend } = await open('cache', { seed_cache_ttl_seconds: 60 });
    try {
      const seed = seedOf(12);
      const kp = vrfFor('draft03').keypairFromSeed(seed);
      await backend.importKey('hot', seed);
      await backend.importKey('cold', seedOf(13));
      const alpha = new Uint8Array([4, 2]);
      await backend.prove('hot', alpha);
      withRawSession(backend, (lib, session) => lib.C_DestroyObject(session, findKek(lib, session, 'kek-cache')!.handle));
      assert.deepEqual((await backend.prove('hot', alpha)).proof, vrfFor('draft03').prove(kp.secretKey, alpha), 'served from the cache');
      await rejectsWithCode(() => backend.prove('cold', alpha), 'PKCS11_KEK_NOT_FOUND');
      await backend.deleteKey('hot', { confirm: true });
      await rejectsWithCode(() => backend.prove('hot', alpha), 'KEY_NOT_FOUND');
    } finally {
      await backend.close();
    }
  });

  test('a hand-made KEK that is extractable or not sensitive is refused (PKCS11_KEK_INSECURE); duplicate labels PKCS11_KEK_AMBIGUOUS', async () => {
    const { backend } = await open('handmade');
    try {
      const aes = (label: string, sensitive: boolean, extractable: boolean): pkcs11js.Template => [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: sensitive },
        { type: pkcs11js.CKA_EXTRACTABLE, value: extractable },
        { type: pkcs11js.CKA_WRAP, value: true },
        { type: pkcs11js.CKA_UNWRAP, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
      ];
      withRawSession(backend, (lib, session) => {
        lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, aes('kek-extractable', true, true));
        lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, aes('kek-clear', false, false));
        lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, aes('kek-twice', true, false));
        lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, aes('kek-twice', true, false));
      });
    } finally {
      await backend.close();
    }
    for (const [label, code] of [
      ['kek-extractable', 'PKCS11_KEK_INSECURE'],
      ['kek-clear', 'PKCS11_KEK_INSECURE'],
      ['kek-twice', 'PKCS11_KEK_AMBIGUOUS'],
    ] as const) {
      const { backend: b } = await open(`handmade-${label}`, { kek_label: label });
      try {
        await rejectsWithCode(() => b.generateKey('k'), code);
        assert.deepEqual(await b.listKeys(), [], 'nothing stored');
        assert.equal((await b.health()).code, code);
      } finally {
        await b.close();
      }
    }
  });

  test('tampered envelopes: flipped wrapped bytes → PKCS11_UNWRAP_FAILED; another key\'s wrapped seed → KEY_CORRUPT; garbage → ENVELOPE_INVALID', async () => {
    const { backend, dir } = await open('tamper');
    try {
      await backend.generateKey('a');
      await backend.generateKey('b');
      const a = parseEnvelope(readFileSync(join(dir, 'a.json'), 'utf8'));
      const b = parseEnvelope(readFileSync(join(dir, 'b.json'), 'utf8'));
      const flipped = Buffer.from(a.wrapped, 'base64');
      flipped[9]! ^= 0x01;
      writeFileSync(join(dir, 'a.json'), serializeEnvelope({ ...a, wrapped: flipped.toString('base64') }), { mode: 0o600 });
      await rejectsWithCode(() => backend.prove('a', new Uint8Array(1)), 'PKCS11_UNWRAP_FAILED');
      writeFileSync(join(dir, 'a.json'), serializeEnvelope({ ...a, wrapped: b.wrapped }), { mode: 0o600 });
      await rejectsWithCode(() => backend.prove('a', new Uint8Array(1)), 'KEY_CORRUPT');
      writeFileSync(join(dir, 'a.json'), serializeEnvelope({ ...a, kek: { ...a.kek, mechanism: 'CKM_ROT13' } }), { mode: 0o600 });
      await rejectsWithCode(() => backend.prove('a', new Uint8Array(1)), 'ENVELOPE_INVALID');
      writeFileSync(join(dir, 'a.json'), serializeEnvelope({ ...a, kek: { ...a.kek, backend: 'software' } }), { mode: 0o600 });
      await rejectsWithCode(() => backend.prove('a', new Uint8Array(1)), 'ENVELOPE_INVALID');
      writeFileSync(join(dir, 'a.json'), '{"version":1,', { mode: 0o600 });
      await rejectsWithCode(() => backend.prove('a', new Uint8Array(1)), 'ENVELOPE_INVALID');
      // The untouched key still works.
      await backend.prove('b', new Uint8Array(1));
    } finally {
      await backend.close();
    }
  });

  test('logs in again after the token logged the process out, and reconnects after every session was closed', async () => {
    const { backend } = await open('relogin');
    try {
      await backend.generateKey('r');
      const alpha = new Uint8Array([9]);
      const want = await backend.prove('r', alpha);
      withRawSession(backend, (lib, session) => {
        lib.C_Logout(session);
        assert.equal(lib.C_GetSessionInfo(session).state, 2 /* CKS_RW_PUBLIC_SESSION */, 'really logged out');
      });
      assert.deepEqual(await backend.prove('r', alpha), want);
      const recoveriesBefore = backend.token.recoveries;
      backend.token.module.lib.C_CloseAllSessions(backend.token.slot());
      assert.deepEqual(await backend.prove('r', alpha), want);
      assert.equal(backend.token.recoveries, recoveriesBefore + 1, 'one reconnect after CKR_SESSION_HANDLE_INVALID');
      assert.equal((await backend.health()).healthy, true);
      // Logged out in the middle of an operation: CKR_USER_NOT_LOGGED_IN, log in again, retry once.
      let calls = 0;
      const failures: string[] = [];
      const recoveriesMid = backend.token.recoveries;
      const handle = await backend.token.run('mid-operation logout', (session) => {
        calls++;
        const lib = backend.token.module.lib;
        if (calls === 1) lib.C_Logout(session);
        try {
          return lib.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
            { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
            { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
            { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
            { type: pkcs11js.CKA_TOKEN, value: false },
            { type: pkcs11js.CKA_PRIVATE, value: true },
          ]);
        } catch (err) {
          failures.push((err as Error).message);
          throw err;
        }
      });
      assert.ok(handle.length > 0);
      assert.equal(calls, 2);
      assert.deepEqual(failures, ['CKR_USER_NOT_LOGGED_IN']);
      assert.equal(backend.token.recoveries, recoveriesMid + 1);
      assert.deepEqual(await backend.prove('r', alpha), want);
    } finally {
      await backend.close();
    }
    await rejectsWithCode(() => backend.prove('r', new Uint8Array(1)), 'BACKEND_UNAVAILABLE');
  });

  test('concurrent proves share the session pool and all match the in-memory proofs', async () => {
    const { backend } = await open('pool', {});
    try {
      const seed = seedOf(6);
      const kp = vrfFor('draft03').keypairFromSeed(seed);
      await backend.importKey('c', seed);
      const alphas = Array.from({ length: 24 }, (_, i) => new Uint8Array([i, i + 1]));
      const proofs = await Promise.all(alphas.map((a) => backend.prove('c', a)));
      proofs.forEach((p, i) => assert.deepEqual(p.proof, vrfFor('draft03').prove(kp.secretKey, alphas[i]!)));
    } finally {
      await backend.close();
    }
  });

  test('concurrent first keys create exactly one KEK; concurrent generates of one id store it once', async () => {
    const { backend, dir } = await open('race');
    try {
      const made = await Promise.all(Array.from({ length: 6 }, (_, i) => backend.generateKey(`r${i}`)));
      assert.equal(made.length, 6);
      withRawSession(backend, (lib, session) => {
        lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_LABEL, value: 'kek-race' }]);
        const found = lib.C_FindObjects(session, 10);
        lib.C_FindObjectsFinal(session);
        assert.equal(found.length, 1, 'one KEK object');
      });
      const same = await Promise.allSettled(Array.from({ length: 4 }, () => backend.generateKey('same')));
      assert.equal(same.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of same) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, 'KEY_EXISTS');
      const env = parseEnvelope(readFileSync(join(dir, 'same.json'), 'utf8'));
      await backend.prove('same', new Uint8Array(1));
      assert.equal(env.key_id, 'same');
    } finally {
      await backend.close();
    }
  });

  test('wrong PIN → PKCS11_PIN_INCORRECT, recorded as a failed authentication; missing PIN → PKCS11_PIN_UNAVAILABLE', async () => {
    const dir = keyDir(hsm.dir, 'pin');
    const cfg = pkcs11Config(hsm.dir, { module: hsm.module, token_label: 'cvrf-pin', pin_env: 'CVRF_TEST_PIN', kek_label: 'k', keystore_dir: dir });
    const wrong = captureContext({ CVRF_TEST_PIN: 'not-the-pin' });
    const e = await rejectsWithCode(() => createBackend(cfg, wrong.ctx), 'PKCS11_PIN_INCORRECT');
    assert.ok(!e.message.includes('not-the-pin'), 'the PIN is not in the message');
    assert.equal(e.name, 'Pkcs11BackendError', 'a coded custody error, not the raw binding error');
    assert.deepEqual(
      wrong.events.map((ev) => [ev.operation, ev.result, ev.code]),
      [['auth', 'failure', 'PKCS11_PIN_INCORRECT']],
    );
    assert.ok(!JSON.stringify(wrong.events).includes('not-the-pin'));
    await rejectsWithCode(() => createBackend(cfg, captureContext({}).ctx), 'PKCS11_PIN_UNAVAILABLE');
    const pinFile = join(hsm.dir, 'pin.txt');
    writeFileSync(pinFile, `${PIN}\n`, { mode: 0o644 });
    const fileCfg = pkcs11Config(hsm.dir, { module: hsm.module, token_label: 'cvrf-pin', pin_file: pinFile, kek_label: 'k', keystore_dir: dir });
    await rejectsWithCode(() => createBackend(fileCfg, captureContext({}).ctx), 'INSECURE_PERMISSIONS');
    // The right PIN from a 0600 file (trailing newline ignored) works.
    chmodSync(pinFile, 0o600);
    const ok = (await createBackend(fileCfg, captureContext({}).ctx)) as Pkcs11Backend;
    try {
      assert.equal((await ok.health()).healthy, true);
    } finally {
      await ok.close();
    }
  });

  test('missing token → PKCS11_TOKEN_NOT_FOUND; missing or foreign module → PKCS11_MODULE_NOT_FOUND', async () => {
    const e = await rejectsWithCode(() => open('notoken', { token_label: 'no-such-token' }), 'PKCS11_TOKEN_NOT_FOUND');
    assert.match(e.message, /no-such-token/);
    assert.match(e.message, /cvrf-main/, 'lists the labels present');
    await rejectsWithCode(() => open('nomodule', { module: join(hsm.dir, 'missing.so') }), 'PKCS11_MODULE_NOT_FOUND');
    const notAModule = join(hsm.dir, 'not-a-module.so');
    writeFileSync(notAModule, 'this is not an ELF file');
    await rejectsWithCode(() => open('badmodule', { module: notAModule }), 'PKCS11_MODULE_NOT_FOUND');
  });

  test('a token deleted while the backend runs gives a coded error, not a crash', async () => {
    hsm.initToken('cvrf-doomed', PIN);
    // The token appears after the module is re-initialised: every backend in this file is closed here.
    const { backend } = await open('doomed', { token_label: 'cvrf-doomed' });
    try {
      await backend.generateKey('d');
      hsm.deleteToken('cvrf-doomed');
      // SoftHSM drops the token's objects: the KEK is gone, reported with its code.
      await rejectsWithCode(() => backend.prove('d', new Uint8Array(1)), 'PKCS11_KEK_NOT_FOUND');
      const h = await backend.health();
      assert.equal(h.healthy, false);
      assert.equal(h.code, 'BACKEND_UNAVAILABLE');
      assert.match(h.message ?? '', /not present or not responding/);
    } finally {
      await backend.close();
    }
    // Re-opened (the module is initialised again), the token itself is missing.
    await rejectsWithCode(() => open('doomed2', { token_label: 'cvrf-doomed' }), 'PKCS11_TOKEN_NOT_FOUND');
  });

  test('through openBackend: the configuration file form, audited operations, hash-chained log', async () => {
    const dir = keyDir(hsm.dir, 'audited');
    const audit = join(dir, 'audit.log');
    const cfg = pkcs11Config(hsm.dir, {
      module: hsm.module,
      token_label: 'cvrf-main',
      pin_env: 'CVRF_TEST_PIN',
      kek_label: 'kek-audited',
      keystore_dir: join(dir, 'keys'),
      audit_log: audit,
    });
    const backend = await openBackend(cfg, { env: PIN_ENV, actor: 'operator' });
    try {
      const m = await backend.generateKey('pool1');
      const alpha = new Uint8Array([1, 2]);
      const { proof } = await backend.prove('pool1', alpha);
      assert.ok(vrfFor('draft03').verify(m.publicKey, proof, alpha));
      await rejectsWithCode(() => backend.prove('missing', alpha), 'KEY_NOT_FOUND');
    } finally {
      await backend.close();
    }
    const log = readFileSync(audit, 'utf8');
    assert.ok(!log.includes(PIN));
    const records = log.trim().split('\n').map((l) => JSON.parse(l) as { operation: string; result: string });
    assert.deepEqual(
      records.filter((r) => r.operation !== 'open').map((r) => [r.operation, r.result]),
      [
        ['generate', 'ok'],
        ['prove', 'ok'],
        ['prove', 'failure'],
      ],
    );
    const verdict = await verifyAuditLog(audit);
    assert.equal(verdict.ok, true);
  });
});
