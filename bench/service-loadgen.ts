/**
 * Load generator for the signing service: `concurrency` clients, each on its own
 * keep-alive connection, send Praos proves until `requests` have been sent (or the time
 * budget runs out). Records every latency and every non-200 answer; optionally checks
 * each proof with draftXX.verify. Used by bench/service-load.ts and the load test.
 */
import { Agent, request } from 'node:http';
import { praosInput } from '../src/cardano/inputs.js';
import { vrfFor } from '../src/vrf/index.js';
import type { Suite } from '../src/vrf/suite.js';

/** What to send. */
export interface LoadOptions {
  base: string;
  token: string;
  keyId: string;
  requests: number;
  concurrency: number;
  /** Stop sending after this many milliseconds. */
  budgetMs: number;
  /** Slot to prove: a number, or a function giving the current slot for each request. */
  slot: number | (() => number);
  /** Verify every proof against this public key (skipped when absent). */
  verify?: { publicKey: Uint8Array; suite: Suite };
  /** Stops sending when it returns true (checked before each request). */
  stop?: () => boolean;
  /** Verify only every n-th proof (default 1: all). */
  verifyEvery?: number;
  /** Called after each response (fault injection hooks). */
  onResponse?: (status: number, code: string | undefined, ms: number, index: number) => void;
}

/** Result of a load run. */
export interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  /** Count per status/code, e.g. "503 BACKEND_UNAVAILABLE". */
  errorKinds: Record<string, number>;
  badProofs: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Latencies of non-200 answers (for fail-fast checks). */
  errorLatenciesMs: number[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs the load; never throws for HTTP errors (they are counted). */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const nonceBytes = Buffer.alloc(32, 0x5a);
  const nonce = nonceBytes.toString('hex');
  const slotNow = typeof o.slot === 'function' ? o.slot : () => o.slot as number;
  const path = `/v1/keys/${encodeURIComponent(o.keyId)}/praos/prove`;
  const url = new URL(o.base);
  const latencies: number[] = [];
  const errorLatenciesMs: number[] = [];
  const errorKinds: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let badProofs = 0;
  const t0 = performance.now();
  const one = (index: number) =>
    new Promise<void>((resolve) => {
      const s = performance.now();
      const slot = slotNow();
      const body = Buffer.from(JSON.stringify({ slot, epoch_nonce: nonce }));
      const req = request(
        { host: url.hostname, port: url.port, path, method: 'POST', agent, timeout: 30_000, headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - s;
            latencies.push(ms);
            let code: string | undefined;
            if (res.statusCode === 200) {
              ok++;
              if (o.verify && index % (o.verifyEvery ?? 1) === 0) {
                const j = JSON.parse(Buffer.concat(chunks).toString()) as { proof: string; output: string };
                const alpha = praosInput(slot, nonceBytes);
                const out = vrfFor(o.verify.suite).verify(o.verify.publicKey, Buffer.from(j.proof, 'hex'), alpha);
                if (!out || Buffer.from(out).toString('hex') !== j.output) badProofs++;
              }
            } else {
              try {
                code = (JSON.parse(Buffer.concat(chunks).toString()) as { error?: { code?: string } }).error?.code;
              } catch {
                code = 'unparsable';
              }
              const k = `${res.statusCode} ${code}`;
              errorKinds[k] = (errorKinds[k] ?? 0) + 1;
              errorLatenciesMs.push(ms);
            }
            o.onResponse?.(res.statusCode ?? 0, code, ms, index);
            resolve();
          });
          res.on('error', () => resolve());
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => {
        const ms = performance.now() - s;
        const k = `network ${(err as NodeJS.ErrnoException).code ?? err.message}`;
        errorKinds[k] = (errorKinds[k] ?? 0) + 1;
        errorLatenciesMs.push(ms);
        o.onResponse?.(0, k, ms, index);
        resolve();
      });
      req.end(body);
    });
  const worker = async () => {
    while (sent < o.requests && performance.now() - t0 < o.budgetMs && !o.stop?.()) {
      const i = sent++;
      await one(i);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  agent.destroy();
  const seconds = (performance.now() - t0) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const errors = Object.values(errorKinds).reduce((a, b) => a + b, 0);
  return {
    sent,
    ok,
    errors,
    errorKinds,
    badProofs,
    seconds,
    requestsPerSecond: ok / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? 0,
    errorLatenciesMs,
  };
}
