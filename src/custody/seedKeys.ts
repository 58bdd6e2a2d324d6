/**
 * Seed helpers every seed-wrapping backend shares: fresh seeds from the OS CSPRNG,
 * deriving and checking the public key, and proving with a seed held only for the
 * duration of the call (the 64-byte secret key is zeroed afterwards).
 */
import { randomBytes } from 'node:crypto';
import type { ProveResult } from './backend.js';
import { CustodyError, CustodyErrorCode } from './errors.js';
import { draft03, vrfFor } from '../vrf/index.js';
import type { Suite } from '../vrf/suite.js';

/** Bytes of a VRF seed. */
export const SEED_LENGTH = 32;

/** A fresh 32-byte seed from the OS random generator (crypto.randomBytes). */
export function randomSeed(): Uint8Array {
  const buf = randomBytes(SEED_LENGTH);
  const seed = Uint8Array.from(buf);
  buf.fill(0);
  return seed;
}

/** Throws BAD_INPUT unless `seed` is a 32-byte Uint8Array. */
export function assertSeed(seed: unknown): asserts seed is Uint8Array {
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_LENGTH) {
    throw new CustodyError(CustodyErrorCode.BAD_INPUT, `a VRF seed must be ${SEED_LENGTH} bytes`);
  }
}

/** The 32-byte verification key of a seed (identical for draft03 and draft13). */
export function publicKeyOfSeed(seed: Uint8Array): Uint8Array {
  assertSeed(seed);
  const kp = draft03.keypairFromSeed(seed);
  kp.secretKey.fill(0);
  return kp.publicKey;
}

/** Constant-time-ish equality of two byte arrays (length leaks; contents do not short-circuit). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** Throws KEY_CORRUPT unless `seed` derives `publicKey` (the envelope was tampered with or damaged). */
export function assertSeedMatches(seed: Uint8Array, publicKey: Uint8Array, keyId: string): void {
  if (!sameBytes(publicKeyOfSeed(seed), publicKey)) {
    throw new CustodyError(CustodyErrorCode.KEY_CORRUPT, `key "${keyId}": the stored seed does not derive the stored public key`);
  }
}

/**
 * Proves `alpha` with `seed` in `suite`: builds the 64-byte secret key (seed ‖ pk),
 * proves (draftXX.prove), derives the output (proofToHash), and zeroes the secret key.
 * With `expected` (the stored public key), first checks that the seed derives it
 * (KEY_CORRUPT otherwise, keyId in the message). Does not zero `seed` (the caller owns it).
 */
export function proveWithSeed(seed: Uint8Array, alpha: Uint8Array, suite: Suite, expected?: { publicKey: Uint8Array; keyId: string }): ProveResult {
  assertSeed(seed);
  if (!(alpha instanceof Uint8Array)) throw new CustodyError(CustodyErrorCode.BAD_INPUT, 'alpha must be a Uint8Array');
  const vrf = vrfFor(suite);
  const kp = vrf.keypairFromSeed(seed);
  try {
    if (expected && !sameBytes(kp.publicKey, expected.publicKey)) {
      throw new CustodyError(CustodyErrorCode.KEY_CORRUPT, `key "${expected.keyId}": the stored seed does not derive the stored public key`);
    }
    const proof = vrf.prove(kp.secretKey, alpha);
    const output = vrf.proofToHash(proof);
    if (!output) throw new CustodyError(CustodyErrorCode.KEY_CORRUPT, 'the proof produced does not decode');
    return { proof, output };
  } finally {
    kp.secretKey.fill(0);
  }
}
