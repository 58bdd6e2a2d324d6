/**
 * Opt-in run against a real Azure Key Vault or Managed HSM. Runs only when
 * CARDANO_VRF_LIVE_AZURE_VAULT_URL and CARDANO_VRF_LIVE_AZURE_KEY_NAME are set
 * (CARDANO_VRF_LIVE_AZURE_ALGORITHM: RSA-OAEP-256, the default, or A256KW); the
 * credential is DefaultAzureCredential (AZURE_* environment, managed identity, Azure
 * CLI...). It needs "Key Vault Crypto User" on the key. Envelopes go to a temp
 * directory; nothing is created in the vault. Never needed in CI.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createBackend } from '../../src/custody/azure-keyvault/index.js';
import type { AzureKeyVaultConfig } from '../../src/custody/config.js';
import { vrfFor } from '../../src/vrf/index.js';
import { captureContext, coded, referenceProve, tempDir, testSeed } from './cloud-test-support.js';

const vaultUrl = process.env.CARDANO_VRF_LIVE_AZURE_VAULT_URL;
const keyName = process.env.CARDANO_VRF_LIVE_AZURE_KEY_NAME;
const algorithm = (process.env.CARDANO_VRF_LIVE_AZURE_ALGORITHM ?? 'RSA-OAEP-256') as AzureKeyVaultConfig['algorithm'];
const skip =
  !vaultUrl || !keyName
    ? 'live Azure Key Vault run not requested: set CARDANO_VRF_LIVE_AZURE_VAULT_URL and CARDANO_VRF_LIVE_AZURE_KEY_NAME (plus Azure credentials) to run it'
    : false;
const cleanups: Array<() => void> = [];
after(() => cleanups.forEach((c) => c()));

describe('azure-keyvault backend against a real vault (opt-in)', { skip }, () => {
  it('health, generate, prove, import byte-exact, refuse a tampered envelope, delete', async () => {
    const { dir, cleanup } = tempDir('akv-live-');
    cleanups.push(cleanup);
    const cfg: AzureKeyVaultConfig = {
      type: 'azure-keyvault',
      audit_log: join(dir, 'audit.log'),
      vault_url: vaultUrl!,
      key_name: keyName!,
      algorithm,
      keystore_dir: join(dir, 'keys'),
      credential: { type: 'default' },
    };
    const { ctx } = captureContext();
    const backend = await createBackend(cfg, ctx);
    try {
      const h = await backend.health();
      assert.equal(h.healthy, true, `${h.code}: ${h.message}`);
      const md = await backend.generateKey('live-gen');
      const alpha = new TextEncoder().encode('cardano-vrf live test');
      const r = await backend.prove('live-gen', alpha);
      assert.deepEqual(vrfFor('draft03').verify(md.publicKey, r.proof, alpha), r.output);
      const seed = testSeed('live-azure');
      await backend.importKey('live-imp', seed.slice(), { suite: 'draft13' });
      assert.deepEqual((await backend.prove('live-imp', alpha)).proof, referenceProve(seed, alpha, 'draft13').proof);
      const path = join(cfg.keystore_dir, 'live-gen.json');
      const env = JSON.parse(readFileSync(path, 'utf8'));
      const blob = Buffer.from(env.wrapped, 'base64');
      blob[5]! ^= 1;
      writeFileSync(path, JSON.stringify({ ...env, wrapped: blob.toString('base64') }), { mode: 0o600 });
      await assert.rejects(backend.prove('live-gen', alpha), coded('CLOUD_DECRYPT_REFUSED'));
      for (const k of ['live-gen', 'live-imp']) await backend.deleteKey(k, { confirm: true });
    } finally {
      await backend.close();
    }
  });
});
