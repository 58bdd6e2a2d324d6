/**
 * Runs inside Chromium. The test passes the vectors' inputs in (hex strings) and gets back what
 * this page computed with the bundled package; it asserts those results against the vectors.
 * Each check is also written into the page as a table row (for the screenshot).
 */
import { bytesToHex, hexToBytes, vrfFor, type Suite } from 'cardano-vrf';
import { cardanoApi } from './cardano.js';
import { show } from './show.js';
import type { WorkerInput, WorkerResult } from './worker.js';

/** Inputs of one official vector, as hex. */
export interface VectorInput {
  name: string;
  suite: Suite;
  seed: string;
  publicKey: string;
  alpha: string;
  proof: string;
}

/** What the page computed for one vector (hex, or null where the library returned null). */
export interface VectorResult {
  name: string;
  publicKey: string;
  proof: string;
  verifyOutput: string | null;
  proofToHash: string | null;
  evaluate: string;
  tamperedProofOutput: string | null;
  otherAlphaOutput: string | null;
}

const hexOrNull = (b: Uint8Array | null): string | null => (b === null ? null : bytesToHex(b));

function checkVector(v: VectorInput): VectorResult {
  const vrf = vrfFor(v.suite);
  const seed = hexToBytes(v.seed);
  const alpha = hexToBytes(v.alpha);
  const pi = hexToBytes(v.proof);
  const pk = hexToBytes(v.publicKey);
  const { secretKey, publicKey } = vrf.keypairFromSeed(seed);
  const proof = vrf.prove(secretKey, alpha);
  const out = vrf.verify(pk, pi, alpha);
  const evaluated = vrf.evaluate(secretKey, alpha);
  secretKey.fill(0);
  const tampered = pi.slice();
  tampered[40] ^= 0x01; // a bit of the challenge c
  const otherAlpha = Uint8Array.from([...alpha, 0x00]);
  const result: VectorResult = {
    name: v.name,
    publicKey: bytesToHex(publicKey),
    proof: bytesToHex(proof),
    verifyOutput: hexOrNull(out),
    proofToHash: hexOrNull(vrf.proofToHash(pi)),
    evaluate: bytesToHex(evaluated),
    tamperedProofOutput: hexOrNull(vrf.verify(pk, tampered, alpha)),
    otherAlphaOutput: hexOrNull(vrf.verify(pk, pi, otherAlpha)),
  };
  const consistent =
    result.publicKey === v.publicKey &&
    result.proof === v.proof &&
    result.verifyOutput !== null &&
    result.verifyOutput === result.proofToHash &&
    result.verifyOutput === result.evaluate &&
    result.tamperedProofOutput === null &&
    result.otherAlphaOutput === null;
  show([v.name, v.suite, result.verifyOutput ? `${result.verifyOutput.slice(0, 32)}…` : 'invalid', consistent ? 'ok' : 'MISMATCH'], consistent);
  return result;
}

/** Verifies the vectors in a dedicated Web Worker running /worker.js (the package without a DOM). */
function verifyInWorker(vectors: WorkerInput[]): Promise<WorkerResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker('/worker.js');
    worker.onmessage = (e: MessageEvent<WorkerResult[]>) => {
      worker.terminate();
      const ok = e.data.every((r) => r.verifyOutput !== null);
      show([`${e.data.length} vectors`, 'Web Worker verify', ok ? 'all valid' : 'INVALID', ok ? 'ok' : 'MISMATCH'], ok);
      resolve(e.data);
    };
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage(vectors);
  });
}

/** The page's API, installed on globalThis.cardanoVrfPage. */
export const pageApi = {
  checkVector,
  verifyInWorker,
  ...cardanoApi,
  userAgent: () => navigator.userAgent,
};

/** Type of {@link pageApi}, for the test's page.evaluate calls. */
export type PageApi = typeof pageApi;

(globalThis as unknown as { cardanoVrfPage: PageApi }).cardanoVrfPage = pageApi;
document.body.dataset.ready = 'true';
