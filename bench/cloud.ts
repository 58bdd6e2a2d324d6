/**
 * Cloud custody on loopback servers that speak the real AWS KMS and Azure Key Vault
 * protocols (test/helpers/fake-kms.ts, fake-azure.ts), as JSON lines: proving through
 * the backend (one Decrypt / unwrapKey per proof, sequential and 8 in flight), with the
 * seed cache, and health probes, beside the in-memory prove. Loopback numbers show the
 * SDK + protocol + backend overhead; a real region adds its 50–100 ms round trip.
 * Run: `node --import tsx bench/cloud.ts` (BENCH_SECONDS sets the time per line).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyBackend } from '../src/custody/backend.js';
import { createBackend as createKms } from '../src/custody/aws-kms/index.js';
import { createBackend as createAzure } from '../src/custody/azure-keyvault/index.js';
import type { AwsKmsConfig, AzureKeyVaultConfig } from '../src/custody/config.js';
import { vrfFor } from '../src/vrf/index.js';
import { FakeAzure } from '../test/helpers/fake-azure.js';
import { startFakeKms } from '../test/helpers/fake-kms.js';
import { findTool } from '../test/helpers/requirements.js';
import { measure, report } from './measure.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 1);

async function measureAsync(fn: (i: number) => Promise<unknown>, inFlight = 1): Promise<{ iterations: number; usPerOp: number }> {
  const warmEnd = performance.now() + Math.min(300, seconds * 300);
  let i = 0;
  while (performance.now() < warmEnd) await fn(i++);
  let iterations = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) await fn(iterations++);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { iterations, usPerOp: ((performance.now() - start) * 1000) / iterations };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-cloud-'));
const ctx = { audit: { record: async () => undefined }, clock: () => new Date(), actor: 'bench', env: process.env as Record<string, string | undefined> };
const seed = Uint8Array.from({ length: 32 }, (_, i) => (i * 29 + 3) & 0xff);
const alphas = Array.from({ length: 64 }, (_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 13 + j) & 0xff));
const kp = vrfFor('draft03').keypairFromSeed(seed);
report('cloud', 'prove-in-memory', measure((i) => vrfFor('draft03').prove(kp.secretKey, alphas[i % 64]!)), { suite: 'draft03', yardstick: true });

async function run(name: string, plain: KeyBackend, cached: KeyBackend, tag: Record<string, unknown>): Promise<void> {
  await plain.importKey('bench-key', seed.slice());
  report(name, 'prove', await measureAsync((i) => plain.prove('bench-key', alphas[i % 64]!)), { suite: 'draft03', inFlight: 1, ...tag });
  report(name, 'prove', await measureAsync((i) => plain.prove('bench-key', alphas[i % 64]!), 8), { suite: 'draft03', inFlight: 8, ...tag });
  report(name, 'prove-seed-cache', await measureAsync((i) => cached.prove('bench-key', alphas[i % 64]!)), { suite: 'draft03', inFlight: 1, ...tag });
  report(name, 'health', await measureAsync(() => plain.health()), tag);
  await cached.close();
  await plain.close();
}

const kms = await startFakeKms();
try {
  kms.createKey('bench');
  process.env.AWS_ACCESS_KEY_ID = kms.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = kms.secretAccessKey;
  const cfg = (extra: Partial<AwsKmsConfig> = {}): AwsKmsConfig => ({
    type: 'aws-kms', key_id: 'alias/bench', region: kms.region, endpoint: kms.endpoint,
    keystore_dir: join(dir, 'kms'), audit_log: join(dir, 'audit.log'), ...extra,
  });
  await run('aws-kms', await createKms(cfg(), ctx), await createKms(cfg({ seed_cache_ttl_seconds: 600 }), ctx), { server: 'loopback fake-kms', transport: 'http' });
} finally {
  await kms.stop();
}

const openssl = findTool(['openssl']);
if (!openssl) {
  process.stdout.write(JSON.stringify({ name: 'azure-keyvault', skipped: 'openssl not found (needed for the loopback TLS certificate)' }) + '\n');
} else {
  const az = await new FakeAzure().start(openssl);
  try {
    az.createRsaKey('bench');
    az.createAesKey('bench-aes');
    for (const algorithm of ['RSA-OAEP-256', 'A256KW'] as const) {
      const cfg = (extra: Partial<AzureKeyVaultConfig> = {}): AzureKeyVaultConfig => ({
        type: 'azure-keyvault',
        vault_url: algorithm === 'A256KW' ? az.managedHsmUrl : az.vaultUrl,
        key_name: algorithm === 'A256KW' ? 'bench-aes' : 'bench',
        algorithm,
        keystore_dir: join(dir, `azure-${algorithm}`),
        audit_log: join(dir, 'audit.log'),
        credential: { type: 'client-secret', tenant_id: az.tenantId, client_id: az.clientId, client_secret_env: 'BENCH_AZ_SECRET', authority_host: az.authorityHost },
        ...extra,
      });
      const env = { ...ctx, env: { BENCH_AZ_SECRET: az.clientSecret } };
      await run(
        'azure-keyvault',
        await createAzure(cfg(), env, { agent: az.agent }),
        await createAzure(cfg({ seed_cache_ttl_seconds: 600 }), env, { agent: az.agent }),
        { server: 'loopback fake-azure', transport: 'https', algorithm },
      );
    }
  } finally {
    await az.dispose();
  }
}
rmSync(dir, { recursive: true, force: true });
