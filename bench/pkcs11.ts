/**
 * PKCS#11 custody on a throw-away SoftHSMv2 token, as JSON lines: proving through the
 * backend (one C_UnwrapKey per proof, sequential and 8 in flight), with the seed cache,
 * generating keys (C_GenerateRandom, C_WrapKey and the check unwrap, envelope fsync), and
 * health probes, beside the in-memory prove as the yardstick. Run:
 * `node --import tsx bench/pkcs11.ts` (BENCH_SECONDS sets the time per line).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { vrfFor } from '../src/vrf/index.js';
import { parseConfig, type Pkcs11Config } from '../src/custody/index.js';
import { createBackend, type Pkcs11Backend } from '../src/custody/pkcs11/index.js';
import { createSoftHsm, requireSoftHsm } from '../test/helpers/softhsm.js';
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

const req = requireSoftHsm();
if (req.skip !== false) {
  process.stdout.write(JSON.stringify({ name: 'pkcs11', skipped: req.skip }) + '\n');
  process.exit(0);
}
const hsm = createSoftHsm(req);
try {
  hsm.initToken('bench', '1234-bench');
  const mk = (name: string, extra: Record<string, unknown> = {}) =>
    parseConfig(
      { type: 'pkcs11', module: hsm.module, token_label: 'bench', pin_env: 'PIN', kek_label: 'bench-kek', keystore_dir: join(hsm.dir, name), audit_log: join(hsm.dir, 'audit.log'), ...extra },
      hsm.dir,
      hsm.dir,
    ) as Pkcs11Config;
  const ctx = { audit: { record: async () => undefined }, clock: () => new Date(), actor: 'bench', env: { PIN: '1234-bench' } };
  const backend = (await createBackend(mk('keys'), ctx)) as Pkcs11Backend;
  const cached = (await createBackend(mk('keys', { seed_cache_ttl_seconds: 600 }), ctx)) as Pkcs11Backend;
  const seed = Uint8Array.from({ length: 32 }, (_, i) => (i * 29 + 3) & 0xff);
  const kp = vrfFor('draft03').keypairFromSeed(seed);
  await backend.importKey('bench-key', seed);
  const alphas = Array.from({ length: 64 }, (_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 13 + j) & 0xff));
  const tag = { token: 'softhsm2', mechanism: backend.selectedMechanism().name };

  report('pkcs11', 'prove-in-memory', measure((i) => vrfFor('draft03').prove(kp.secretKey, alphas[i % 64]!)), { suite: 'draft03', yardstick: true });
  report('pkcs11', 'prove', await measureAsync((i) => backend.prove('bench-key', alphas[i % 64]!)), { suite: 'draft03', inFlight: 1, ...tag });
  report('pkcs11', 'prove', await measureAsync((i) => backend.prove('bench-key', alphas[i % 64]!), 8), { suite: 'draft03', inFlight: 8, maxSessions: 4, ...tag });
  report('pkcs11', 'prove-seed-cache', await measureAsync((i) => cached.prove('bench-key', alphas[i % 64]!)), { suite: 'draft03', inFlight: 1, ...tag });
  let n = 0;
  report('pkcs11', 'generateKey', await measureAsync(() => backend.generateKey(`g${n++}`)), tag);
  report('pkcs11', 'health', await measureAsync(() => backend.health()), tag);
  await cached.close();
  await backend.close();
} finally {
  hsm.cleanup();
}
