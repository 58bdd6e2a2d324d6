/**
 * The AWS CloudHSM profile on a real SoftHSMv2 token: the CloudHSM PIN form
 * `<crypto-user>:<password>` (the SoftHSM token's user PIN is that very string, so
 * C_Login receives exactly what CloudHSM's library would), the PIN fetched through the
 * official Secrets Manager SDK from a loopback server speaking the real protocol, the
 * CloudHSM mechanism preferences, and the default module path.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vrfFor } from '../../src/vrf/index.js';
import type { Suite } from '../../src/vrf/suite.js';
import { CLOUDHSM_MODULE, parseEnvelope } from '../../src/custody/index.js';
import {
  chooseMechanism,
  CLOUDHSM_DEFAULT_MECHANISMS,
  createBackend,
  MECHANISMS,
  parseSecretPin,
  type Pkcs11Backend,
} from '../../src/custody/pkcs11/index.js';
import { createSoftHsm, requireSoftHsm, type SoftHsm } from '../helpers/softhsm.js';
import { captureContext, cloudHsmConfig, keyDir, rejectsWithCode, seedOf } from './pkcs11Fixtures.js';
import { startFakeSecretsManager, type FakeSecretsManager } from './pkcs11SecretsManager.js';

const req = requireSoftHsm();
const CU_PIN = 'vrf_operator:S3cret-Pass';
const ACCESS_KEY = 'AKIATESTCVRF00000000';
const SECRET_KEY = 'test-secret-access-key-not-real';

describe('AWS CloudHSM profile on SoftHSMv2', { skip: req.skip }, () => {
  let hsm: SoftHsm;
  let sm: FakeSecretsManager;
  const savedEnv: Record<string, string | undefined> = {};
  const testEnv: Record<string, string> = {
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  };

  before(async () => {
    if (req.skip !== false) return;
    hsm = createSoftHsm(req);
    hsm.initToken('cloudhsm-sim', CU_PIN);
    for (const [k, v] of Object.entries(testEnv)) {
      savedEnv[k] = process.env[k];
      process.env[k] = v;
    }
    for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN']) {
      savedEnv[k] = process.env[k];
      delete process.env[k];
    }
    sm = await startFakeSecretsManager(
      {
        'prod/cloudhsm/vrf-json': { secretString: JSON.stringify({ cluster_id: 'cluster-abc123', username: 'vrf_operator', password: 'S3cret-Pass' }) },
        'prod/cloudhsm/vrf-plain': { secretString: CU_PIN },
        'prod/cloudhsm/wrong-password': { secretString: JSON.stringify({ username: 'vrf_operator', password: 'guess' }) },
        'prod/cloudhsm/no-colon': { secretString: 'justapassword' },
        'prod/cloudhsm/denied': { error: 'AccessDeniedException' },
      },
      SECRET_KEY,
    );
  });
  after(async () => {
    await sm?.close();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    hsm?.cleanup();
  });

  function config(name: string, extra: Record<string, unknown>) {
    return cloudHsmConfig(hsm.dir, {
      module: hsm.module,
      token_label: 'cloudhsm-sim',
      kek_label: `kek-${name}`,
      keystore_dir: keyDir(hsm.dir, name),
      ...extra,
    });
  }

  test('user:password PIN from the environment: proofs equal the in-memory core in both suites', async () => {
    const cfg = config('env', { pin_env: 'CLOUDHSM_PIN' });
    const { ctx } = captureContext({ CLOUDHSM_PIN: CU_PIN });
    const backend = (await createBackend(cfg, ctx)) as Pkcs11Backend;
    try {
      assert.equal(backend.type, 'aws-cloudhsm');
      const seed = seedOf(21);
      const kp = vrfFor('draft03').keypairFromSeed(seed);
      for (const suite of ['draft03', 'draft13'] as Suite[]) {
        const m = await backend.importKey(`k-${suite}`, seed, { suite });
        assert.equal(m.backend, 'aws-cloudhsm');
        const alpha = new TextEncoder().encode(`epoch nonce ‖ slot for ${suite}`);
        const got = await backend.prove(`k-${suite}`, alpha);
        assert.deepEqual(got.proof, vrfFor(suite).prove(kp.secretKey, alpha));
        assert.deepEqual(got.output, vrfFor(suite).verify(kp.publicKey, got.proof, alpha));
      }
      const env = parseEnvelope(readFileSync(join(cfg.keystore_dir, 'k-draft03.json'), 'utf8'));
      assert.equal(env.kek.backend, 'aws-cloudhsm');
      // SoftHSM lists the standard RFC 5649 mechanism, first in the CloudHSM preference list.
      assert.equal(env.kek.mechanism, 'CKM_AES_KEY_WRAP_PAD');
      const g = await backend.generateKey('fresh');
      const alpha = new Uint8Array([0xca, 0xfe]);
      assert.ok(vrfFor('draft03').verify(g.publicKey, (await backend.prove('fresh', alpha)).proof, alpha));
      const h = await backend.health();
      assert.equal(h.healthy, true, h.message);
      assert.equal(h.backend, 'aws-cloudhsm');
    } finally {
      await backend.close();
    }
  });

  test('PIN fetched from Secrets Manager through the SDK: JSON {username,password} and plain user:password secrets, SigV4-signed', async () => {
    for (const secretId of ['prod/cloudhsm/vrf-json', 'prod/cloudhsm/vrf-plain']) {
      const before = sm.requests.length;
      const cfg = config(`sm-${secretId.split('-').pop()}`, { secrets_manager: { secret_id: secretId, region: 'us-east-1', endpoint: sm.endpoint } });
      const { ctx, events } = captureContext({});
      const backend = (await createBackend(cfg, ctx)) as Pkcs11Backend;
      try {
        await backend.generateKey('pool');
        await backend.prove('pool', new Uint8Array([1]));
      } finally {
        await backend.close();
      }
      assert.deepEqual(events, []);
      const seen = sm.requests.slice(before);
      assert.equal(seen.length, 1, 'one GetSecretValue call, at open');
      const r = seen[0]!;
      assert.equal(r.target, 'secretsmanager.GetSecretValue');
      assert.equal(r.contentType, 'application/x-amz-json-1.1');
      assert.deepEqual(r.body, { SecretId: secretId });
      assert.match(r.scope ?? '', new RegExp(`^${ACCESS_KEY}/\\d{8}/us-east-1/secretsmanager/aws4_request$`));
      assert.equal(r.signatureValid, true, 'SigV4 signature recomputed by the server matches');
    }
  });

  test('Secrets Manager failures are coded: missing secret, access denied (audited), malformed secret, wrong password (audited)', async () => {
    const open = (secretId: string) => {
      const cfg = config('smfail', { secrets_manager: { secret_id: secretId, region: 'us-east-1', endpoint: sm.endpoint } });
      const c = captureContext({});
      return { run: () => createBackend(cfg, c.ctx), events: c.events };
    };
    const missing = open('prod/cloudhsm/absent');
    const e1 = await rejectsWithCode(missing.run, 'PKCS11_PIN_UNAVAILABLE');
    assert.match(e1.message, /no secret "prod\/cloudhsm\/absent"/);
    const denied = open('prod/cloudhsm/denied');
    await rejectsWithCode(denied.run, 'AUTH_FAILED');
    assert.deepEqual(denied.events.map((e) => [e.operation, e.result, e.code]), [['auth', 'failure', 'AUTH_FAILED']]);
    // Credentials the service does not know: the server's SigV4 check fails, the SDK reports it, we code it.
    process.env.AWS_SECRET_ACCESS_KEY = 'some-other-secret-key';
    try {
      const badSig = open('prod/cloudhsm/vrf-plain');
      await rejectsWithCode(badSig.run, 'AUTH_FAILED');
      assert.equal(sm.requests.at(-1)?.signatureValid, false);
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = SECRET_KEY;
    }
    const noColon = open('prod/cloudhsm/no-colon');
    const e3 = await rejectsWithCode(noColon.run, 'PKCS11_PIN_UNAVAILABLE');
    assert.ok(!e3.message.includes('justapassword'));
    const wrong = open('prod/cloudhsm/wrong-password');
    const e4 = await rejectsWithCode(wrong.run, 'PKCS11_PIN_INCORRECT');
    assert.ok(!e4.message.includes('guess'));
    assert.deepEqual(wrong.events.map((e) => [e.operation, e.result, e.code]), [['auth', 'failure', 'PKCS11_PIN_INCORRECT']]);
    assert.ok(!JSON.stringify(wrong.events).includes('guess'));
  });

  test('a PIN without the user: prefix is refused before any login; the default module path is CloudHSM\'s', async () => {
    const cfg = config('nocolon', { pin_env: 'CLOUDHSM_PIN' });
    const c = captureContext({ CLOUDHSM_PIN: 'S3cret-Pass' });
    const e = await rejectsWithCode(() => createBackend(cfg, c.ctx), 'PKCS11_PIN_UNAVAILABLE');
    assert.match(e.message, /<crypto-user>:<password>/);
    assert.deepEqual(c.events, [], 'no login was attempted, so no failed PIN attempt');
    const dflt = cloudHsmConfig(hsm.dir, { token_label: 'cloudhsm-sim', kek_label: 'k', keystore_dir: keyDir(hsm.dir, 'dflt'), pin_env: 'CLOUDHSM_PIN' });
    assert.equal(dflt.module, CLOUDHSM_MODULE);
    assert.equal(CLOUDHSM_MODULE, '/opt/cloudhsm/lib/libcloudhsm_pkcs11.so');
    await rejectsWithCode(() => createBackend(dflt, captureContext({ CLOUDHSM_PIN: CU_PIN }).ctx), 'PKCS11_MODULE_NOT_FOUND');
  });

  test('CloudHSM vendor key-wrap mechanisms: SoftHSM does not offer them (coded error); the preference order picks them on an SDK 5 mechanism list', async () => {
    const cfg = config('vendor', { pin_env: 'CLOUDHSM_PIN', wrap_mechanism: 'CKM_CLOUDHSM_AES_KEY_WRAP_ZERO_PAD,CKM_CLOUDHSM_AES_KEY_WRAP_PKCS5_PAD' });
    const backend = (await createBackend(cfg, captureContext({ CLOUDHSM_PIN: CU_PIN }).ctx)) as Pkcs11Backend;
    try {
      await rejectsWithCode(() => backend.generateKey('v'), 'PKCS11_MECHANISM_UNSUPPORTED');
    } finally {
      await backend.close();
    }
    // Values from CloudHSM's cloudhsm_pkcs11_vendor_defs.h (CKM_VENDOR_DEFINED | ...).
    assert.equal(MECHANISMS.CKM_CLOUDHSM_AES_KEY_WRAP_NO_PAD.type, 0x80002109);
    assert.equal(MECHANISMS.CKM_CLOUDHSM_AES_KEY_WRAP_PKCS5_PAD.type, 0x8000210a);
    assert.equal(MECHANISMS.CKM_CLOUDHSM_AES_KEY_WRAP_ZERO_PAD.type, 0x8000216f);
    const WRAP_UNWRAP = 0x20000 | 0x40000;
    // Client SDK 5 lists the vendor wrap mechanisms and AES-GCM, not CKM_AES_KEY_WRAP_PAD.
    const sdk5 = new Map<number, number>([
      [0x80002109, WRAP_UNWRAP],
      [0x8000210a, WRAP_UNWRAP],
      [0x8000216f, WRAP_UNWRAP],
      [0x1087, 0x100 | 0x200 | WRAP_UNWRAP],
    ]);
    assert.equal(chooseMechanism(CLOUDHSM_DEFAULT_MECHANISMS, (t) => sdk5.get(t) ?? null)?.name, 'CKM_CLOUDHSM_AES_KEY_WRAP_ZERO_PAD');
    sdk5.delete(0x8000216f);
    assert.equal(chooseMechanism(CLOUDHSM_DEFAULT_MECHANISMS, (t) => sdk5.get(t) ?? null)?.name, 'CKM_CLOUDHSM_AES_KEY_WRAP_PKCS5_PAD');
    // Listed without the wrap flags: not chosen.
    assert.equal(chooseMechanism(['CKM_CLOUDHSM_AES_KEY_WRAP_NO_PAD'], () => 0x100 | 0x200), null);
  });

  test('secret parsing never echoes the secret and accepts only the two documented forms', () => {
    const ok = parseSecretPin('{"username":"cu1","password":"p:w"}');
    assert.ok(ok.ok);
    assert.equal(new TextDecoder().decode(ok.pin), 'cu1:p:w');
    assert.ok(parseSecretPin('cu1:pw\n').ok);
    for (const bad of ['', 'pw', ':pw', 'cu1:', '{"username":"cu1"}', '{"username":1,"password":"x"}', '{not json']) {
      const r = parseSecretPin(bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
      if (!r.ok && bad.length > 3) assert.ok(!r.reason.includes(bad));
    }
  });
});
