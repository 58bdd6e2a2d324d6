/**
 * `node --import tsx bench/service-load.ts [--requests N] [--concurrency C] [--budget-seconds S] [--no-audit-sync]`:
 * starts the real `cardano-vrf serve` (dist, so run `npm run build` first) on a software
 * keystore in a temporary directory and sends N Praos proves from C concurrent
 * keep-alive clients over loopback (default 20,000 and 50, at most 300 s). Prints one
 * JSON line: requests/s, p50/p99/max latency in ms, errors, and the proofs' check.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { vrfFor } from '../src/vrf/index.js';
import { mainnetSlotNow, makeKeystore, startServe, tempDir, testKey, tokenSection, TOKENS, writeConfig } from '../test/service/harness.js';
import { runLoad } from './service-loadgen.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const requests = arg('--requests', 20_000);
const concurrency = arg('--concurrency', 50);
const budgetSeconds = arg('--budget-seconds', 300);
const verifyAll = !process.argv.includes('--no-client-verify');

const tmp = tempDir('cvrf-bench-');
const key = testKey('bench-key');
await makeKeystore(join(tmp.dir, 'keys'), [key]);
writeConfig(join(tmp.dir, 'service.json'), {
  backends: { main: { type: 'software', keystore_dir: './keys', audit_log: './audit.log' } },
  keys: [{ id: key.id, backend: 'main' }],
  tokens: tokenSection([]),
});
const svc = await startServe(join(tmp.dir, 'service.json'));
try {
  const { publicKey } = vrfFor('draft03').keypairFromSeed(key.seed);
  const r = await runLoad({
    base: svc.base,
    token: TOKENS.prover,
    keyId: key.id,
    requests,
    concurrency,
    budgetMs: budgetSeconds * 1000,
    slot: mainnetSlotNow,
    ...(verifyAll ? { verify: { publicKey, suite: 'draft03' as const } } : {}),
  });
  const { errorLatenciesMs: _e, ...rest } = r;
  process.stdout.write(
    JSON.stringify({
      name: 'service-load',
      endpoint: 'POST /v1/keys/{id}/praos/prove',
      backend: 'software',
      audit: 'fsync per record',
      server_verifies_proofs: true,
      client_verifies_proofs: verifyAll,
      concurrency,
      requests,
      ...rest,
      requestsPerSecond: Number(r.requestsPerSecond.toFixed(1)),
      p50Ms: Number(r.p50Ms.toFixed(2)),
      p99Ms: Number(r.p99Ms.toFixed(2)),
      maxMs: Number(r.maxMs.toFixed(2)),
      seconds: Number(r.seconds.toFixed(2)),
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      node: process.version,
    }) + '\n',
  );
} finally {
  svc.kill();
  tmp.cleanup();
}
