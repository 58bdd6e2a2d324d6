/**
 * The prover's first steps, shared by prove and evaluate in both suites: expand the
 * secret key (vrf_expand_sk) and hash alpha to the curve under the public-key half,
 * whose decoding is checked in the same pass.
 */
import { getEngine } from './activeEngine.js';
import type { CurveEngine } from './engine.js';
import { assertBytes } from './errors.js';
import { outputFromCofactorGamma } from './proofToHash.js';
import { badSecretKey, expandSecretKey } from './secretKey.js';

/** A suite's hash-to-curve that also checks that `key` decodes (null when it does not). */
export type HashToCurveCheckingKey = (engine: CurveEngine, pk: Uint8Array, alpha: Uint8Array, key: Uint8Array) => Uint8Array | null;

/** The expanded secret and H. The caller wipes `x` and `nonceKey` when done. */
export interface ProverInput {
  x: Uint8Array;
  nonceKey: Uint8Array;
  pk: Uint8Array;
  h: Uint8Array;
}

/**
 * Expands `secretKey` (64 bytes) and computes H for `alpha`. Throws TypeError,
 * VRF_BAD_LENGTH, or VRF_BAD_SECRET_KEY when the public-key half does not decode
 * (after wiping what it expanded).
 */
export function proverInput(secretKey: Uint8Array, alpha: Uint8Array, hashToCurve: HashToCurveCheckingKey): ProverInput {
  assertBytes(alpha, 'alpha');
  const engine = getEngine();
  const { x, nonceKey, pk } = expandSecretKey(engine, secretKey, false);
  const h = hashToCurve(engine, pk, alpha, secretKey.subarray(32, 64));
  if (h === null) {
    x.fill(0);
    nonceKey.fill(0);
    throw badSecretKey();
  }
  return { x, nonceKey, pk, h };
}

/**
 * The VRF output for alpha, as proofToHash(prove(secretKey, alpha)) gives it, from Γ alone
 * (one scalar multiplication instead of three).
 */
export function evaluateWith(secretKey: Uint8Array, alpha: Uint8Array, hashToCurve: HashToCurveCheckingKey, draft13: boolean): Uint8Array {
  const { x, nonceKey, h } = proverInput(secretKey, alpha, hashToCurve);
  nonceKey.fill(0);
  const gamma8 = getEngine().gammaTimesCofactor(h, x);
  x.fill(0);
  return outputFromCofactorGamma(gamma8, draft13);
}
