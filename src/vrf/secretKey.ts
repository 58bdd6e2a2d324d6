/**
 * Key expansion, as libsodium's crypto_vrf keypair_from_seed and vrf_expand_sk:
 * SHA-512(seed) → clamped secret scalar x (bytes 0..32) and nonce key (bytes 32..64).
 */
import { sha512 } from './fast/sha512.js';
import { VrfError, VrfErrorCode, assertBytes, assertLength } from './errors.js';
import type { CurveEngine } from './engine.js';
import { reencodePoint } from './pointChecks.js';

/** Seed length: 32 bytes. */
export const SEED_BYTES = 32;
/** Secret key length: 64 bytes (seed ‖ public key). */
export const SECRET_KEY_BYTES = 64;
/** Public key length: 32 bytes. */
export const PUBLIC_KEY_BYTES = 32;

/** A key pair: secretKey = seed ‖ publicKey. */
export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** The expanded secret: scalar x, nonce key, and the public key's encoding for hashing. Wipe x and nonceKey after use. */
export interface ExpandedSecret {
  x: Uint8Array;
  nonceKey: Uint8Array;
  pk: Uint8Array;
}

function hashSeed(seed: Uint8Array): Uint8Array {
  const h = sha512(seed);
  h[0] &= 248;
  h[31] &= 127;
  h[31] |= 64;
  return h;
}

/** crypto_vrf_*_keypair_from_seed: 32-byte seed → {secretKey (64), publicKey (32)}. VRF_BAD_LENGTH on a wrong length. */
export function keypairFromSeed(engine: CurveEngine, seed: Uint8Array): KeyPair {
  assertBytes(seed, 'seed');
  assertLength(seed, SEED_BYTES, 'seed');
  const h = hashSeed(seed);
  const publicKey = engine.scalarMultBase(h.subarray(0, 32));
  h.fill(0);
  const secretKey = new Uint8Array(SECRET_KEY_BYTES);
  secretKey.set(seed, 0);
  secretKey.set(publicKey, 32);
  return { secretKey, publicKey };
}

/** VRF_BAD_SECRET_KEY: the public-key half of a secret key does not decode. */
export function badSecretKey(): VrfError {
  return new VrfError(VrfErrorCode.BAD_SECRET_KEY, 'the public-key half of the secret key is not a curve point');
}

/**
 * vrf_expand_sk: the prover uses the public-key half of the secret key as given (it is
 * not recomputed from the seed), decoded and re-encoded. VRF_BAD_SECRET_KEY when that
 * half does not decode (checkKey = false leaves that check to the caller, which then
 * makes it with hashToCurve…CheckingKey).
 */
export function expandSecretKey(engine: CurveEngine, secretKey: Uint8Array, checkKey = true): ExpandedSecret {
  assertBytes(secretKey, 'secretKey');
  assertLength(secretKey, SECRET_KEY_BYTES, 'secretKey');
  const pkHalf = secretKey.subarray(32, 64);
  if (checkKey && !engine.decodes(pkHalf)) throw badSecretKey();
  const h = hashSeed(secretKey.subarray(0, 32));
  const x = h.slice(0, 32);
  const nonceKey = h.slice(32, 64);
  h.fill(0);
  return { x, nonceKey, pk: reencodePoint(pkHalf) };
}
