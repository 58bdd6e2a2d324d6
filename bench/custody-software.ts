/**
 * Software keystore and audit log, as JSON lines: proving through the keystore (clear
 * seed; passphrase-sealed seed, one scrypt per proof), with and without the audit log
 * (one fsynced record per proof), with the seed cache, generating keys (two fsyncs per key plus the record),
 * appending audit records, and verifying the chain; the in-memory prove is the
 * yardstick. Run: `node --import tsx bench/custody-software.ts` (BENCH_SECONDS per line).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { draft03 } from '../src/vrf/index.js';
import { AuditLog, NULL_AUDIT, openBackend, parseConfig, verifyAuditText, type SoftwareConfig } from '../src/custody/index.js';
import { measure, report } from './measure.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 1);

async function measureAsync(fn: (i: number) => Promise<unknown>): Promise<{ iterations: number; usPerOp: number }> {
  const warmEnd = performance.now() + Math.min(300, seconds * 300);
  let i = 0;
  while (performance.now() < warmEnd) await fn(i++);
  let iterations = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) await fn(iterations++);
  return { iterations, usPerOp: ((performance.now() - start) * 1000) / iterations };
}

const home = mkdtempSync(join(tmpdir(), 'cvrf-bench-'));
try {
  const seed = new Uint8Array(32).fill(7);
  const alpha = new Uint8Array(32).fill(1);
  const kp = draft03.keypairFromSeed(seed);
  report('custody-software', 'in-memory-prove', measure(() => draft03.prove(kp.secretKey, alpha)), { suite: 'draft03' });

  const cfg = (extra: Record<string, unknown>) => parseConfig({ type: 'software', ...extra }, home, home) as SoftwareConfig;
  const raw = await openBackend(cfg({ keystore_dir: 'clear' }), { audit: NULL_AUDIT });
  await raw.importKey('k', seed);
  report('custody-software', 'prove-clear-no-audit', await measureAsync(() => raw.prove('k', alpha)), { suite: 'draft03' });
  await raw.close();

  const audited = await openBackend(cfg({ keystore_dir: 'clear' }));
  report('custody-software', 'prove-clear-audited', await measureAsync(() => audited.prove('k', alpha)), { suite: 'draft03', fsyncPerRecord: true });
  let g = 0;
  report('custody-software', 'generate-clear-audited', await measureAsync(() => audited.generateKey(`g${g++}`)), {});
  await audited.close();

  const sealed = await openBackend(cfg({ keystore_dir: 'sealed', passphrase_env: 'P' }), { audit: NULL_AUDIT, env: { P: 'bench passphrase' } });
  await sealed.importKey('k', seed);
  report('custody-software', 'prove-sealed-no-audit', await measureAsync(() => sealed.prove('k', alpha)), { suite: 'draft03', scryptLogN: 15 });
  await sealed.close();
  const cached = await openBackend(cfg({ keystore_dir: 'sealed', passphrase_env: 'P', seed_cache_ttl_seconds: 300 }), { audit: NULL_AUDIT, env: { P: 'bench passphrase' } });
  report('custody-software', 'prove-sealed-seed-cache', await measureAsync(() => cached.prove('k', alpha)), { suite: 'draft03', seedCacheTtlSeconds: 300 });
  await cached.close();

  const logFile = join(home, 'bench-audit.log');
  const log = await AuditLog.open(logFile, { actor: 'bench' });
  report('custody-software', 'audit-append-fsync', await measureAsync(() => log.record({ operation: 'prove', keyId: 'k', alpha, result: 'ok' })), {});
  await log.close();
  const text = readFileSync(logFile, 'utf8');
  const records = text.split('\n').length - 1;
  const m = measure(() => verifyAuditText(text), seconds);
  report('custody-software', 'audit-verify-per-record', { iterations: m.iterations * records, usPerOp: m.usPerOp / records }, { records });
} finally {
  rmSync(home, { recursive: true, force: true });
}
