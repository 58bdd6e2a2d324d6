/**
 * The operations bench/browser.ts times, in Chromium (through bench/browser-page.ts) and in Node
 * alike: the package's verify, prove and Praos VRF check, timed with performance.now.
 */
import { draft03, draft13 } from 'cardano-vrf';
import { checkPraosVrf, praosInput } from 'cardano-vrf/cardano';

/** One measured operation. */
export interface BrowserMeasure {
  op: string;
  suite: string;
  iterations: number;
  usPerOp: number;
  opsPerSec: number;
}

function measure(op: string, suite: string, seconds: number, fn: (i: number) => void): BrowserMeasure {
  for (let i = 0; i < 20; i++) fn(i); // warm-up (the first call also instantiates the WebAssembly module)
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    for (let k = 0; k < 10; k++) fn(n++);
    now = performance.now();
  }
  const us = ((now - start) * 1000) / n;
  return { op, suite, iterations: n, usPerOp: Number(us.toFixed(2)), opsPerSec: Math.round(1e6 / us) };
}

/** Measures each operation for `seconds`; microseconds per operation. */
export function run(seconds: number): BrowserMeasure[] {
  const out: BrowserMeasure[] = [];
  const N = 16;
  for (const [suite, vrf] of [['draft03', draft03], ['draft13', draft13]] as const) {
    const keys = Array.from({ length: N }, (_, i) => vrf.keypairFromSeed(Uint8Array.from({ length: 32 }, (_, j) => (i * 31 + j) & 0xff)));
    const alphas = keys.map((_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 7 + j) & 0xff));
    const proofs = keys.map((k, i) => vrf.prove(k.secretKey, alphas[i]));
    out.push(
      measure('verify', suite, seconds, (i) => {
        if (vrf.verify(keys[i % N].publicKey, proofs[i % N], alphas[i % N]) === null) throw new Error('verify failed');
      }),
    );
    out.push(measure('prove', suite, seconds, (i) => void vrf.prove(keys[i % N].secretKey, alphas[i % N])));
  }
  // A block header's VRF check (verify + range extension + leader value), on honest proofs.
  const { secretKey, publicKey } = draft03.keypairFromSeed(new Uint8Array(32).fill(7));
  const nonce = new Uint8Array(32).fill(0x5a);
  const slots = Array.from({ length: N }, (_, i) => 4492800 + i);
  const proofs = slots.map((slot) => draft03.prove(secretKey, praosInput(slot, nonce)));
  secretKey.fill(0);
  out.push(
    measure('checkPraosVrf', 'draft03', seconds, (i) => {
      const r = checkPraosVrf({ slot: slots[i % N], epochNonce: nonce, vrfVkey: publicKey, proof: proofs[i % N] });
      if (!r.valid) throw new Error('header check failed');
    }),
  );
  return out;
}
