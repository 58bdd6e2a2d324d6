/**
 * The verifier's byte-level checks, common to both suites and made before any group work,
 * as crypto_vrf_ietfdraft03_verify / ietfdraft13_verify_batchcompat make them.
 */
import { assertBytes } from './errors.js';
import { isCanonicalPoint } from './pointChecks.js';
import { publicKeyBytesOk } from './publicKeyChecks.js';
import { isCanonicalScalar } from './scalar.js';
import { PUBLIC_KEY_BYTES } from './secretKey.js';

/**
 * False when a length is wrong, the public key is small-order or non-canonical, Γ (the
 * proof's first 32 bytes) is non-canonical, or s (its last 32 bytes) is not below L.
 * Throws TypeError when an argument is not a Uint8Array.
 */
export function verifyInputsOk(publicKey: Uint8Array, proof: Uint8Array, alpha: Uint8Array, proofBytes: number): boolean {
  assertBytes(publicKey, 'publicKey');
  assertBytes(proof, 'proof');
  assertBytes(alpha, 'alpha');
  if (publicKey.length !== PUBLIC_KEY_BYTES || proof.length !== proofBytes) return false;
  return publicKeyBytesOk(publicKey) && isCanonicalPoint(proof.subarray(0, 32)) && isCanonicalScalar(proof.subarray(proofBytes - 32, proofBytes));
}
