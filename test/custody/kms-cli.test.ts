/**
 * The real CLI (dist/cli/main.js, as a child process) on the aws-kms backend through a
 * configuration file, against the loopback KMS (test/helpers/fake-kms.ts): importing a
 * cardano-cli vrf.skey, proofs equal to the in-memory core, generate + keys verify, a
 * KMS outage past the deadline (exit 1, coded JSON error), wrong credentials (audited).
 * The child is spawned asynchronously: the fake KMS lives in this process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { vrfFor } from '../../src/vrf/index.js';
import { ROOT } from '../helpers/cli.js';
import { startFakeKms, type FakeKms } from '../helpers/fake-kms.js';
import { tempDir, testSeed } from './cloud-test-support.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const errorCode = (r: Run) => (JSON.parse(r.stderr) as { error: { code: string } }).error.code;

describe('cardano-vrf CLI on the aws-kms backend', () => {
  let kms: FakeKms;
  let dir: string;
  let cleanup: () => void;
  let cfgFile: string;
  let env: Record<string, string | undefined>;

  before(async () => {
    kms = await startFakeKms();
    kms.createKey('cardano-vrf');
    ({ dir, cleanup } = tempDir('kms-cli-'));
    cfgFile = join(dir, 'kms.json');
    writeFileSync(
      cfgFile,
      JSON.stringify({
        type: 'aws-kms',
        key_id: 'alias/cardano-vrf',
        region: kms.region,
        endpoint: kms.endpoint,
        keystore_dir: 'keys',
        audit_log: 'audit.log',
        retry: { max_attempts: 100, deadline_ms: 3000, base_delay_ms: 50, max_delay_ms: 200 },
      }),
    );
    env = {
      CARDANO_VRF_HOME: join(dir, 'home'),
      CARDANO_VRF_CONFIG: undefined,
      AWS_ACCESS_KEY_ID: kms.accessKeyId,
      AWS_SECRET_ACCESS_KEY: kms.secretAccessKey,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  });
  after(async () => {
    await kms?.stop();
    cleanup?.();
  });

  it('imports a vrf.skey into KMS custody and proves byte for byte like the core', async () => {
    const seed = testSeed('kms-cli');
    const kp = vrfFor('draft03').keypairFromSeed(seed);
    const skey = join(dir, 'vrf.skey');
    const skeyText = JSON.stringify({
      type: 'VrfSigningKey_PraosVRF',
      description: 'VRF Signing Key',
      cborHex: '5840' + Buffer.from(seed).toString('hex') + Buffer.from(kp.publicKey).toString('hex'),
    });
    writeFileSync(skey, skeyText, { mode: 0o600 });
    const imp = await cli(['keys', 'import', '--config', cfgFile, '--key-id', 'pool1', '--vrf-skey', skey, '--json'], env);
    assert.equal(imp.status, 0, imp.stderr);
    assert.deepEqual(JSON.parse(imp.stdout), { key_id: 'pool1', suite: 'draft03', public_key: Buffer.from(kp.publicKey).toString('hex') });
    assert.equal(kms.count('Encrypt'), 1);

    const prove = await cli(['prove', '--config', cfgFile, '--key-id', 'pool1', '--alpha', 'deadbeef', '--json'], env);
    assert.equal(prove.status, 0, prove.stderr);
    const got = JSON.parse(prove.stdout) as { proof: string; output: string };
    const want = vrfFor('draft03').prove(kp.secretKey, Buffer.from('deadbeef', 'hex'));
    assert.equal(got.proof, Buffer.from(want).toString('hex'));
    assert.equal(got.output, Buffer.from(vrfFor('draft03').proofToHash(want)!).toString('hex'));
  });

  it('generates with GenerateDataKey, lists, verifies every key', async () => {
    const gen = await cli(['keys', 'generate', '--config', cfgFile, '--key-id', 'pool2', '--suite', 'draft13', '--json'], env);
    assert.equal(gen.status, 0, gen.stderr);
    assert.equal(kms.count('GenerateDataKey'), 1);
    const list = await cli(['keys', 'list', '--config', cfgFile, '--json'], env);
    assert.equal(list.status, 0, list.stderr);
    assert.deepEqual((JSON.parse(list.stdout) as Array<{ key_id: string }>).map((k) => k.key_id), ['pool1', 'pool2']);
    const verify = await cli(['keys', 'verify', '--config', cfgFile, '--json'], env);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });

  it('a KMS outage past the deadline exits 1 with CLOUD_DEADLINE_EXCEEDED; wrong credentials give CLOUD_AUTH_FAILED, audited', async () => {
    kms.outage = true;
    try {
      const r = await cli(['prove', '--config', cfgFile, '--key-id', 'pool1', '--alpha', '00', '--json'], env);
      assert.equal(r.status, 1, r.stdout);
      assert.equal(errorCode(r), 'CLOUD_DEADLINE_EXCEEDED');
    } finally {
      kms.outage = false;
    }
    const bad = await cli(['prove', '--config', cfgFile, '--key-id', 'pool1', '--alpha', '00', '--json'], { ...env, AWS_SECRET_ACCESS_KEY: 'not-the-right-secret' });
    assert.equal(bad.status, 1);
    assert.equal(errorCode(bad), 'CLOUD_AUTH_FAILED');
    assert.equal(bad.stderr.includes('not-the-right-secret'), false);
    const log = readFileSync(join(dir, 'audit.log'), 'utf8');
    assert.equal(log.includes('not-the-right-secret'), false);
    const records = log.trim().split('\n').map((l) => JSON.parse(l) as { operation: string; result: string; code?: string });
    assert.ok(records.some((r) => r.operation === 'auth' && r.result === 'failure' && r.code === 'CLOUD_AUTH_FAILED'));
    assert.ok(records.some((r) => r.operation === 'prove' && r.result === 'failure' && r.code === 'CLOUD_DEADLINE_EXCEEDED'));
    const ok = await cli(['prove', '--config', cfgFile, '--key-id', 'pool1', '--alpha', '00', '--json'], env);
    assert.equal(ok.status, 0, ok.stderr);
  });
});
