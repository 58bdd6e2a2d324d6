/**
 * Property tests (fast-check) over both cloud backends on their loopback servers:
 * random seeds, suites and inputs prove byte for byte like the in-memory core, and any
 * single-bit change of a wrapped seed is refused by the cloud (CLOUD_DECRYPT_REFUSED),
 * never turned into a different key. Run counts are small: every case is a real
 * HTTP(S) round trip.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { KeyBackend } from '../../src/custody/backend.js';
import { createBackend as createKms } from '../../src/custody/aws-kms/index.js';
import { createBackend as createAzure } from '../../src/custody/azure-keyvault/index.js';
import type { AwsKmsConfig, AzureKeyVaultConfig } from '../../src/custody/config.js';
import { FakeAzure } from '../helpers/fake-azure.js';
import { startFakeKms, type FakeKms } from '../helpers/fake-kms.js';
import { requireTool } from '../helpers/requirements.js';
import { captureContext, referenceProve, tempDir } from './cloud-test-support.js';

const openssl = requireTool('openssl', ['openssl', '/usr/bin/openssl']);
const RETRY = { deadline_ms: 20_000, base_delay_ms: 10, max_delay_ms: 1000, attempt_timeout_ms: 10_000 };

let kms: FakeKms;
let az: FakeAzure | undefined;
const cleanups: Array<() => void> = [];
const backends: Array<{ name: string; backend: KeyBackend; dir: string }> = [];

before(async () => {
  kms = await startFakeKms();
  kms.createKey('prop');
  process.env.AWS_ACCESS_KEY_ID = kms.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = kms.secretAccessKey;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const k = tempDir('prop-kms-');
  cleanups.push(k.cleanup);
  const kcfg: AwsKmsConfig = { type: 'aws-kms', key_id: 'alias/prop', region: kms.region, endpoint: kms.endpoint, keystore_dir: join(k.dir, 'keys'), audit_log: join(k.dir, 'a.log'), retry: RETRY };
  backends.push({ name: 'aws-kms', backend: await createKms(kcfg, captureContext().ctx), dir: kcfg.keystore_dir });
  if (openssl.skip === false) {
    az = await new FakeAzure().start(openssl.path);
    az.createRsaKey('prop');
    az.createAesKey('prop-aes');
    for (const algorithm of ['RSA-OAEP-256', 'A256KW'] as const) {
      const a = tempDir('prop-akv-');
      cleanups.push(a.cleanup);
      const acfg: AzureKeyVaultConfig = {
        type: 'azure-keyvault',
        vault_url: algorithm === 'A256KW' ? az.managedHsmUrl : az.vaultUrl,
        key_name: algorithm === 'A256KW' ? 'prop-aes' : 'prop',
        algorithm,
        keystore_dir: join(a.dir, 'keys'),
        audit_log: join(a.dir, 'a.log'),
        credential: { type: 'client-secret', tenant_id: az.tenantId, client_id: az.clientId, client_secret_env: 'PROP_SECRET', authority_host: az.authorityHost },
        retry: RETRY,
      };
      const { ctx } = captureContext();
      ctx.env = { PROP_SECRET: az.clientSecret };
      backends.push({ name: `azure-keyvault ${algorithm}`, backend: await createAzure(acfg, ctx, { agent: az.agent }), dir: acfg.keystore_dir });
    }
  }
});

after(async () => {
  for (const b of backends) await b.backend.close();
  await kms?.stop();
  await az?.dispose();
  cleanups.forEach((c) => c());
});

describe('cloud backends: properties', () => {
  it('random seeds, suites and inputs prove byte for byte like the in-memory core', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.constantFrom('draft03' as const, 'draft13' as const),
        fc.uint8Array({ maxLength: 80 }),
        async (seed, suite, alpha) => {
          for (const { backend } of backends) {
            const id = `p${n++}`;
            await backend.importKey(id, seed.slice(), { suite });
            const got = await backend.prove(id, alpha);
            const ref = referenceProve(seed, alpha, suite);
            assert.deepEqual(got.proof, ref.proof);
            assert.deepEqual(got.output, ref.output);
            await backend.deleteKey(id, { confirm: true });
          }
        },
      ),
      { numRuns: 6 },
    );
  });

  it('any single-bit change of the wrapped seed is refused by the cloud', async () => {
    for (const { name, backend, dir } of backends) {
      await backend.generateKey('victim');
      const path = join(dir, 'victim.json');
      const original = readFileSync(path, 'utf8');
      const env = JSON.parse(original) as { wrapped: string };
      const length = Buffer.from(env.wrapped, 'base64').length;
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: length * 8 - 1 }), async (bit) => {
          const blob = Buffer.from(env.wrapped, 'base64');
          blob[bit >> 3]! ^= 1 << (bit & 7);
          writeFileSync(path, JSON.stringify({ ...env, wrapped: blob.toString('base64') }), { mode: 0o600 });
          await assert.rejects(backend.prove('victim', new Uint8Array(1)), (e: unknown) => {
            assert.equal((e as { code?: string }).code, 'CLOUD_DECRYPT_REFUSED', `${name}, bit ${bit}: ${(e as Error).message}`);
            return true;
          });
        }),
        { numRuns: 8 },
      );
      writeFileSync(path, original, { mode: 0o600 });
      assert.equal((await backend.prove('victim', new Uint8Array(1))).output.length, 64);
    }
  });
});
