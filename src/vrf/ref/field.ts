/**
 * Arithmetic in GF(p), p = 2^255 − 19, on BigInt: the simple, obviously-correct
 * version that tests use as the oracle for the fast engine. Not constant time.
 */

/** The field prime 2^255 − 19. */
export const P = (1n << 255n) - 19n;

/** a mod p in [0, p). */
export function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

/** a^e mod p by square-and-multiply. */
export function pow(a: bigint, e: bigint): bigint {
  let result = 1n;
  let base = mod(a);
  let k = e;
  while (k > 0n) {
    if (k & 1n) result = (result * base) % P;
    base = (base * base) % P;
    k >>= 1n;
  }
  return result;
}

/** 1/a mod p, with inv(0) = 0 as libsodium's fe25519_invert gives. */
export function inv(a: bigint): bigint {
  return pow(a, P - 2n);
}

/** sqrt(−1) mod p (the root libsodium's fe25519_sqrtm1 holds: 2^((p−1)/4)). */
export const SQRT_M1 = pow(2n, (P - 1n) / 4n);

/** The edwards25519 constant d = −121665/121666. */
export const D = mod(-121665n * inv(121666n));

/** The Montgomery constant A = 486662 of curve25519. */
export const A = 486662n;

/** "Negative" in the sense of RFC 8032 / libsodium fe25519_isnegative: the canonical value is odd. */
export function isNegative(a: bigint): boolean {
  return (mod(a) & 1n) === 1n;
}

/** Legendre-style character a^((p−1)/2): 0, 1 or p−1. */
export function chi(a: bigint): bigint {
  return pow(a, (P - 1n) / 2n);
}

/** True when a is a square mod p (zero included). */
export function isSquare(a: bigint): boolean {
  return chi(a) !== P - 1n;
}

/** A square root of a, or null when a is not a square. Which root is unspecified. */
export function sqrt(a: bigint): bigint | null {
  const v = mod(a);
  let r = pow(v, (P + 3n) / 8n);
  if ((r * r) % P === v) return r;
  r = (r * SQRT_M1) % P;
  if ((r * r) % P === v) return r;
  return null;
}

/** Little-endian bytes to an integer (no masking, no reduction). */
export function bytesToNumberLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

/** Big-endian bytes to an integer. */
export function bytesToNumberBE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = 0; i < bytes.length; i++) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

/** An integer in [0, 2^(8·length)) to little-endian bytes. */
export function numberToBytesLE(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = n;
  for (let i = 0; i < length; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
