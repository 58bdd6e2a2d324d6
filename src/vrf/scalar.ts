/**
 * Scalars modulo the group order L = 2^252 + 27742317777372353535851937790883648493
 * (libsodium sc25519_*). The secret ones (nonce, s = c·x + k) go through the WebAssembly
 * module's constant-time limb arithmetic; the byte-level checks here compare without
 * early exit. src/vrf/ref/scalar.ts keeps the BigInt versions as the oracle in tests.
 */
import { mulAdd, reduce64 } from './fast/scalar.js';

/** L as 32 little-endian bytes. */
const L_BYTES = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/** The prime order of the edwards25519 base point. */
export const L = (1n << 252n) + 27742317777372353535851937790883648493n;

/** True when the 32-byte little-endian s is below L (libsodium sc25519_is_canonical). */
export function isCanonicalScalar(s: Uint8Array): boolean {
  // little-endian comparison from the top byte, without early exit
  let gt = 0;
  let eq = 1;
  for (let i = 31; i >= 0; i--) {
    const a = s[i];
    const b = L_BYTES[i];
    gt |= ((b - a) >> 8) & 1 & eq;
    eq &= ((a ^ b) - 1) >> 8;
  }
  return (gt | eq) === 0;
}

/** Any-length (≤ 64 bytes) little-endian integer reduced mod L, as 32 bytes (sc25519_reduce). */
export function reduceScalar(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 64) throw new RangeError('reduceScalar takes at most 64 bytes');
  const wide = new Uint8Array(64);
  wide.set(bytes, 0);
  const r = reduce64(wide);
  wide.fill(0);
  return r;
}

/** (a·b + c) mod L as 32 bytes (sc25519_muladd), constant time. */
export function mulAddScalar(a: Uint8Array, b: Uint8Array, c: Uint8Array): Uint8Array {
  return mulAdd(a, b, c);
}

const ZERO = new Uint8Array(32);
const MINUS_ONE = Uint8Array.from([
  0xec, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/** (−c) mod L as 32 bytes (crypto_core_ed25519_scalar_negate): 0 for c ≡ 0, else L − (c mod L). */
export function negateScalar(c: Uint8Array): Uint8Array {
  // (L − 1)·c + 0 ≡ −c (mod L), reduced into [0, L)
  return mulAdd(MINUS_ONE, c, ZERO);
}
