/**
 * ECVRF_proof_to_hash: beta = SHA-512(0x04 ‖ 0x03 ‖ encode(8·Γ) [‖ 0x00 for draft-13]).
 * Γ must be canonical and decode, and s (the proof's last 32 bytes) must be below L,
 * as in libsodium's crypto_vrf_ietfdraft03_proof_to_hash / ietfdraft13.
 */
import { sha512 } from './fast/sha512.js';
import type { CurveEngine } from './engine.js';
import { isCanonicalPoint } from './pointChecks.js';
import { isCanonicalScalar } from './scalar.js';

/** VRF output length: 64 bytes. */
export const OUTPUT_BYTES = 64;

const OUTPUT_PREFIX = Uint8Array.of(0x04, 0x03);
const ZERO_BYTE = Uint8Array.of(0x00);

/** Output hash of an already-multiplied 8·Γ encoding. */
export function outputFromCofactorGamma(gamma8: Uint8Array, draft13: boolean): Uint8Array {
  return draft13 ? sha512(OUTPUT_PREFIX, gamma8, ZERO_BYTE) : sha512(OUTPUT_PREFIX, gamma8);
}

/** The output of a proof of the given length, or null when Γ or s is invalid. */
export function proofToHashWith(engine: CurveEngine, proof: Uint8Array, proofBytes: number, draft13: boolean): Uint8Array | null {
  if (!(proof instanceof Uint8Array)) throw new TypeError('proof must be a Uint8Array');
  if (proof.length !== proofBytes) return null;
  const gamma = proof.subarray(0, 32);
  if (!isCanonicalPoint(gamma)) return null;
  if (!isCanonicalScalar(proof.subarray(proofBytes - 32, proofBytes))) return null;
  const gamma8 = engine.cofactorMul(gamma);
  if (gamma8 === null) return null;
  return outputFromCofactorGamma(gamma8, draft13);
}
