/**
 * Opt-in run against the real AWS KMS. Runs only when CARDANO_VRF_LIVE_KMS_KEY_ID names
 * a symmetric KMS key (id, ARN or alias) and AWS_REGION is set; credentials come from
 * the default chain. Each run creates envelopes in a temp directory only (KMS keeps no
 * per-VRF-key state) and costs a handful of KMS requests. Never needed in CI.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createBackend } from '../../src/custody/aws-kms/index.js';
import type { AwsKmsConfig } from '../../src/custody/config.js';
import { vrfFor } from '../../src/vrf/index.js';
import { captureContext, coded, referenceProve, tempDir, testSeed } from './cloud-test-support.js';

const keyId = process.env.CARDANO_VRF_LIVE_KMS_KEY_ID;
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
const skip = !keyId || !region ? 'live AWS KMS run not requested: set CARDANO_VRF_LIVE_KMS_KEY_ID and AWS_REGION (plus AWS credentials) to run it' : false;
const cleanups: Array<() => void> = [];
after(() => cleanups.forEach((c) => c()));

describe('aws-kms backend against the real AWS KMS (opt-in)', { skip }, () => {
  it('health, generate, prove, import byte-exact, refuse a foreign context, delete', async () => {
    const { dir, cleanup } = tempDir('kms-live-');
    cleanups.push(cleanup);
    const cfg: AwsKmsConfig = { type: 'aws-kms', audit_log: join(dir, 'audit.log'), key_id: keyId!, region: region!, keystore_dir: join(dir, 'keys') };
    const { ctx } = captureContext();
    const backend = await createBackend(cfg, ctx);
    try {
      const h = await backend.health();
      assert.equal(h.healthy, true, `${h.code}: ${h.message}`);
      const md = await backend.generateKey('live-gen', { suite: 'draft03' });
      const alpha = new TextEncoder().encode('cardano-vrf live test');
      const r = await backend.prove('live-gen', alpha);
      assert.deepEqual(vrfFor('draft03').verify(md.publicKey, r.proof, alpha), r.output);
      const seed = testSeed('live-kms');
      await backend.importKey('live-imp', seed.slice(), { suite: 'draft13' });
      assert.deepEqual((await backend.prove('live-imp', alpha)).proof, referenceProve(seed, alpha, 'draft13').proof);
      const env = JSON.parse(readFileSync(join(cfg.keystore_dir, 'live-gen.json'), 'utf8'));
      writeFileSync(join(cfg.keystore_dir, 'live-copy.json'), JSON.stringify({ ...env, key_id: 'live-copy' }), { mode: 0o600 });
      await assert.rejects(backend.prove('live-copy', alpha), coded('CLOUD_DECRYPT_REFUSED'));
      for (const k of ['live-gen', 'live-imp', 'live-copy']) await backend.deleteKey(k, { confirm: true });
    } finally {
      await backend.close();
    }
  });
});
