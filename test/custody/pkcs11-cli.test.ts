/**
 * The real CLI (dist/cli/main.js) on a SoftHSMv2 token through a `type: "pkcs11"`
 * configuration file: importing a cardano-cli vrf.skey into the HSM, proofs equal to the
 * in-memory core, keys verify, a wrong PIN (exit 1, coded JSON error, audited), and the
 * hash-chained audit log.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vrfFor } from '../../src/vrf/index.js';
import { runCli } from '../helpers/cli.js';
import { createSoftHsm, requireSoftHsm, type SoftHsm } from '../helpers/softhsm.js';
import { seedOf } from './pkcs11Fixtures.js';

const req = requireSoftHsm();
const PIN = '246810-cli';

describe('cardano-vrf CLI on a PKCS#11 token', { skip: req.skip }, () => {
  let hsm: SoftHsm;
  let cfgFile: string;
  let auditLog: string;
  const env = () => ({ CARDANO_VRF_HOME: join(hsm.dir, 'home'), CARDANO_VRF_CONFIG: undefined, CVRF_CLI_PIN: PIN });

  before(() => {
    if (req.skip !== false) return;
    hsm = createSoftHsm(req);
    hsm.initToken('cvrf-cli', PIN);
    auditLog = join(hsm.dir, 'audit.log');
    cfgFile = join(hsm.dir, 'pkcs11.json');
    writeFileSync(
      cfgFile,
      JSON.stringify({
        type: 'pkcs11',
        module: hsm.module,
        token_label: 'cvrf-cli',
        pin_env: 'CVRF_CLI_PIN',
        kek_label: 'cvrf-cli-kek',
        keystore_dir: 'keys',
        audit_log: 'audit.log',
      }),
    );
  });
  after(() => hsm?.cleanup());

  test('import a vrf.skey into the HSM, prove, verify, and see a wrong PIN refused and audited', () => {
    const seed = seedOf(30);
    const kp = vrfFor('draft03').keypairFromSeed(seed);
    const skey = join(hsm.dir, 'vrf.skey');
    const skeyText = JSON.stringify({
      type: 'VrfSigningKey_PraosVRF',
      description: 'VRF Signing Key',
      cborHex: '5840' + Buffer.from(seed).toString('hex') + Buffer.from(kp.publicKey).toString('hex'),
    });
    writeFileSync(skey, skeyText, { mode: 0o600 });

    const imp = runCli(['keys', 'import', '--config', cfgFile, '--key-id', 'pool1', '--vrf-skey', skey, '--json'], { env: env() });
    assert.equal(imp.status, 0, imp.stderr);
    assert.deepEqual(JSON.parse(imp.stdout), { key_id: 'pool1', suite: 'draft03', public_key: Buffer.from(kp.publicKey).toString('hex') });
    assert.equal(readFileSync(skey, 'utf8'), skeyText, 'the plaintext file is left untouched');
    const envelope = JSON.parse(readFileSync(join(hsm.dir, 'keys', 'pool1.json'), 'utf8')) as { kek: { backend: string; mechanism: string } };
    assert.deepEqual(envelope.kek, { backend: 'pkcs11', id: 'cvrf-cli-kek', mechanism: 'CKM_AES_KEY_WRAP_PAD' });

    const alpha = Uint8Array.from([0xde, 0xad, 0xbe, 0xef]);
    const prove = runCli(['prove', '--config', cfgFile, '--key-id', 'pool1', '--alpha', 'deadbeef', '--json'], { env: env() });
    assert.equal(prove.status, 0, prove.stderr);
    const got = JSON.parse(prove.stdout) as { proof: string; output: string };
    const want = vrfFor('draft03').prove(kp.secretKey, alpha);
    assert.equal(got.proof, Buffer.from(want).toString('hex'));
    assert.equal(got.output, Buffer.from(vrfFor('draft03').proofToHash(want)!).toString('hex'));

    const gen = runCli(['keys', 'generate', '--config', cfgFile, '--key-id', 'pool2', '--suite', 'draft13', '--json'], { env: env() });
    assert.equal(gen.status, 0, gen.stderr);
    const dup = runCli(['keys', 'generate', '--config', cfgFile, '--key-id', 'pool2', '--json'], { env: env() });
    assert.equal(dup.status, 1);
    assert.equal((JSON.parse(dup.stderr) as { error: { code: string } }).error.code, 'KEY_EXISTS');

    const verify = runCli(['keys', 'verify', '--config', cfgFile, '--json'], { env: env() });
    assert.equal(verify.status, 0, verify.stderr);
    assert.equal((JSON.parse(verify.stdout) as { ok: boolean }).ok, true);

    const wrong = runCli(['prove', '--config', cfgFile, '--key-id', 'pool1', '--alpha', '00', '--json'], { env: { ...env(), CVRF_CLI_PIN: 'wrong-pin-123' } });
    assert.equal(wrong.status, 1);
    assert.equal((JSON.parse(wrong.stderr) as { error: { code: string } }).error.code, 'PKCS11_PIN_INCORRECT');
    assert.ok(!wrong.stderr.includes('wrong-pin-123') && !wrong.stderr.includes('at '), 'no PIN, no stack trace');

    const missing = runCli(['prove', '--config', cfgFile, '--key-id', 'pool1', '--alpha', '00', '--json'], { env: { ...env(), CVRF_CLI_PIN: undefined } });
    assert.equal(missing.status, 1);
    assert.equal((JSON.parse(missing.stderr) as { error: { code: string } }).error.code, 'PKCS11_PIN_UNAVAILABLE');

    const log = readFileSync(auditLog, 'utf8');
    assert.ok(!log.includes(PIN) && !log.includes('wrong-pin-123'));
    const records = log.trim().split('\n').map((l) => JSON.parse(l) as { operation: string; result: string; code?: string });
    assert.ok(records.some((r) => r.operation === 'auth' && r.result === 'failure' && r.code === 'PKCS11_PIN_INCORRECT'), 'failed PIN attempt audited');
    assert.ok(records.some((r) => r.operation === 'import' && r.result === 'ok'));
    assert.ok(records.some((r) => r.operation === 'prove' && r.result === 'ok'));
    const audit = runCli(['audit', 'verify', auditLog, '--json'], { env: env() });
    assert.equal(audit.status, 0, audit.stdout + audit.stderr);
  });
});
