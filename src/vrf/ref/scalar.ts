/**
 * Scalars modulo L on BigInt: the reference the constant-time scalar code in
 * src/vrf/scalar.ts is tested against. Not constant time; not used by the VRF.
 */
import { bytesToNumberLE, numberToBytesLE } from './field.js';

/** The prime order of the edwards25519 base point. */
export const L = (1n << 252n) + 27742317777372353535851937790883648493n;

/** True when the 32-byte little-endian s is below L (libsodium sc25519_is_canonical). */
export function isCanonicalScalar(s: Uint8Array): boolean {
  return bytesToNumberLE(s) < L;
}

/** Any-length little-endian integer reduced mod L, as 32 bytes (sc25519_reduce). */
export function reduceScalar(bytes: Uint8Array): Uint8Array {
  return numberToBytesLE(bytesToNumberLE(bytes) % L, 32);
}

/** (a·b + c) mod L as 32 bytes (sc25519_muladd). */
export function mulAddScalar(a: Uint8Array, b: Uint8Array, c: Uint8Array): Uint8Array {
  return numberToBytesLE((bytesToNumberLE(a) * bytesToNumberLE(b) + bytesToNumberLE(c)) % L, 32);
}

/** (−c) mod L as 32 bytes (crypto_core_ed25519_scalar_negate): 0 for c ≡ 0, else L − (c mod L). */
export function negateScalar(c: Uint8Array): Uint8Array {
  const v = bytesToNumberLE(c) % L;
  return numberToBytesLE(v === 0n ? 0n : L - v, 32);
}
