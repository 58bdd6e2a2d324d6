/**
 * ECVRF-ED25519-SHA512-Elligator2 as in draft-irtf-cfrg-vrf-03 and libsodium's
 * crypto_vrf_ietfdraft03 (Cardano's PraosVRF): 80-byte proofs Γ ‖ c (16) ‖ s (32).
 *
 * @example
 * const { secretKey, publicKey } = draft03.keypairFromSeed(seed);
 * const proof = draft03.prove(secretKey, alpha);
 * const output = draft03.verify(publicKey, proof, alpha); // 64 bytes, or null
 *
 * @module
 */
import { getEngine } from './activeEngine.js';
import { concatBytes } from './bytes.js';
import { challengeDraft03, challengeScalar } from './challenge.js';
import { hashToCurveDraft03CheckingKey } from './hashToCurve.js';
import { nonceGeneration } from './nonce.js';
import { evaluateWith, proverInput } from './proverInput.js';
import { OUTPUT_BYTES, proofToHashWith } from './proofToHash.js';
import { verifyInputsOk } from './verifyInputs.js';
import { mulAddScalar, negateScalar } from './scalar.js';
import { PUBLIC_KEY_BYTES, SECRET_KEY_BYTES, SEED_BYTES, type KeyPair, keypairFromSeed as expandSeed } from './secretKey.js';
import { bytesEqual } from './bytes.js';

/** Proof length: 80 bytes. */
export const PROOF_BYTES = 80;
export { OUTPUT_BYTES, PUBLIC_KEY_BYTES, SECRET_KEY_BYTES, SEED_BYTES };

/** 32-byte seed → key pair (crypto_vrf_ietfdraft03_keypair_from_seed). Throws VRF_BAD_LENGTH. */
export function keypairFromSeed(seed: Uint8Array): KeyPair {
  return expandSeed(getEngine(), seed);
}

/**
 * Proves alpha with a 64-byte secret key (seed ‖ pk), returning the 80-byte proof
 * (crypto_vrf_ietfdraft03_prove). Throws VRF_BAD_LENGTH, VRF_BAD_SECRET_KEY, TypeError.
 */
export function prove(secretKey: Uint8Array, alpha: Uint8Array): Uint8Array {
  const { x, nonceKey, h } = proverInput(secretKey, alpha, hashToCurveDraft03CheckingKey);
  const engine = getEngine();
  const k = nonceGeneration(nonceKey, h);
  const [gamma, kB, kH] = engine.proveMults(h, x, k);
  const c = challengeDraft03(h, gamma, kB, kH);
  const s = mulAddScalar(challengeScalar(c), x, k);
  x.fill(0);
  nonceKey.fill(0);
  k.fill(0);
  return concatBytes(gamma, c, s);
}

/**
 * Verifies a proof (crypto_vrf_ietfdraft03_verify): the 64-byte output, or null when
 * the proof is invalid or any length is wrong. Never throws for Uint8Array arguments.
 */
export function verify(publicKey: Uint8Array, proof: Uint8Array, alpha: Uint8Array): Uint8Array | null {
  if (!verifyInputsOk(publicKey, proof, alpha, PROOF_BYTES)) return null;
  const engine = getEngine();
  const gamma = proof.subarray(0, 32);
  const c = proof.subarray(32, 48);
  const s = proof.subarray(48, 80);
  const h = hashToCurveDraft03CheckingKey(engine, publicKey, alpha, publicKey);
  if (h === null) return null;
  const uv = engine.verifyMults(publicKey, gamma, h, s, negateScalar(challengeScalar(c)));
  if (uv === null) return null;
  if (!bytesEqual(challengeDraft03(h, gamma, uv[0], uv[1]), c)) return null;
  return proofToHash(proof);
}

/** The output of a proof without verifying it (crypto_vrf_ietfdraft03_proof_to_hash); null when malformed. */
export function proofToHash(proof: Uint8Array): Uint8Array | null {
  return proofToHashWith(getEngine(), proof, PROOF_BYTES, false);
}

/**
 * The VRF output for alpha, as proofToHash(prove(secretKey, alpha)) would give, computed
 * without the proof (one scalar multiplication instead of three). For leader schedules.
 */
export function evaluate(secretKey: Uint8Array, alpha: Uint8Array): Uint8Array {
  return evaluateWith(secretKey, alpha, hashToCurveDraft03CheckingKey, false);
}
