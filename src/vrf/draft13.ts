/**
 * ECVRF-EDWARDS25519-SHA512-ELL2 as in draft-irtf-cfrg-vrf-13, batch-compatible form,
 * matching libsodium's crypto_vrf_ietfdraft13_*_batchcompat (Cardano's
 * PraosBatchCompatVRF): 128-byte proofs Γ ‖ U ‖ V ‖ s.
 *
 * @example
 * const { secretKey, publicKey } = draft13.keypairFromSeed(seed);
 * const proof = draft13.prove(secretKey, alpha);
 * const output = draft13.verify(publicKey, proof, alpha); // 64 bytes, or null
 *
 * @module
 */
import { getEngine } from './activeEngine.js';
import { type BatchItem, batchVerifyDetailedWith, batchVerifyWith } from './batch.js';
import { bytesEqual, concatBytes } from './bytes.js';
import { challengeDraft13, challengeScalar } from './challenge.js';
import { hashToCurveDraft13CheckingKey } from './hashToCurve.js';
import { nonceGeneration } from './nonce.js';
import { evaluateWith, proverInput } from './proverInput.js';
import { OUTPUT_BYTES, proofToHashWith } from './proofToHash.js';
import { verifyInputsOk } from './verifyInputs.js';
import { mulAddScalar, negateScalar } from './scalar.js';
import { PUBLIC_KEY_BYTES, SECRET_KEY_BYTES, SEED_BYTES, type KeyPair, keypairFromSeed as expandSeed } from './secretKey.js';

/** Proof length: 128 bytes. */
export const PROOF_BYTES = 128;
export { OUTPUT_BYTES, PUBLIC_KEY_BYTES, SECRET_KEY_BYTES, SEED_BYTES };

/** 32-byte seed → key pair (crypto_vrf_ietfdraft13_keypair_from_seed). Throws VRF_BAD_LENGTH. */
export function keypairFromSeed(seed: Uint8Array): KeyPair {
  return expandSeed(getEngine(), seed);
}

/**
 * Proves alpha with a 64-byte secret key, returning the 128-byte proof
 * (crypto_vrf_ietfdraft13_prove_batchcompat). Throws VRF_BAD_LENGTH, VRF_BAD_SECRET_KEY, TypeError.
 */
export function prove(secretKey: Uint8Array, alpha: Uint8Array): Uint8Array {
  const { x, nonceKey, pk, h } = proverInput(secretKey, alpha, hashToCurveDraft13CheckingKey);
  const engine = getEngine();
  const k = nonceGeneration(nonceKey, h);
  const [gamma, kB, kH] = engine.proveMults(h, x, k);
  const c = challengeDraft13(pk, h, gamma, kB, kH);
  const s = mulAddScalar(challengeScalar(c), x, k);
  x.fill(0);
  nonceKey.fill(0);
  k.fill(0);
  return concatBytes(gamma, kB, kH, s);
}

/**
 * Verifies a proof (crypto_vrf_ietfdraft13_verify_batchcompat): the challenge is
 * recomputed from the proof's U and V, and U, V recomputed from s and c must equal
 * them byte for byte. Returns the 64-byte output or null; never throws for Uint8Arrays.
 */
export function verify(publicKey: Uint8Array, proof: Uint8Array, alpha: Uint8Array): Uint8Array | null {
  if (!verifyInputsOk(publicKey, proof, alpha, PROOF_BYTES)) return null;
  const engine = getEngine();
  const gamma = proof.subarray(0, 32);
  const u = proof.subarray(32, 64);
  const v = proof.subarray(64, 96);
  const s = proof.subarray(96, 128);
  const h = hashToCurveDraft13CheckingKey(engine, publicKey, alpha, publicKey);
  if (h === null) return null;
  const c = challengeDraft13(publicKey, h, gamma, u, v);
  const uv = engine.verifyMults(publicKey, gamma, h, s, negateScalar(challengeScalar(c)));
  if (uv === null) return null;
  if (!bytesEqual(uv[0], u) || !bytesEqual(uv[1], v)) return null;
  return proofToHash(proof);
}

/** The output of a 128-byte proof without verifying it; null when malformed. */
export function proofToHash(proof: Uint8Array): Uint8Array | null {
  return proofToHashWith(getEngine(), proof, PROOF_BYTES, true);
}

/** The VRF output for alpha without building a proof (one scalar multiplication). */
export function evaluate(secretKey: Uint8Array, alpha: Uint8Array): Uint8Array {
  return evaluateWith(secretKey, alpha, hashToCurveDraft13CheckingKey, true);
}

export type { BatchItem } from './batch.js';

/**
 * Verifies many proofs at once: every output (in order) when all items verify, or null when
 * any does not. Agrees with {@link verify} on every item; the chance of accepting a batch
 * holding an invalid proof is at most 2^-100 (argument in src/vrf/batch.ts). Throws TypeError
 * for non-Uint8Array fields.
 */
export function batchVerify(items: readonly BatchItem[]): Uint8Array[] | null {
  return batchVerifyWith(items, verify);
}

/** Per-item results (output or null, as {@link verify} gives them): finds the culprits of a failing batch. */
export function batchVerifyDetailed(items: readonly BatchItem[]): (Uint8Array | null)[] {
  return batchVerifyDetailedWith(items, verify);
}
