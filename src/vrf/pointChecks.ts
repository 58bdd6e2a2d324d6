/**
 * Byte-level point checks, exactly libsodium's: ge25519_is_canonical and
 * ge25519_has_small_order. Both ignore nothing but what libsodium ignores.
 */
import { P, bytesToNumberLE, numberToBytesLE } from './ref/field.js';

/** True when the y coordinate (bits 0..254) is below p. The sign bit is not judged. */
export function isCanonicalPoint(s: Uint8Array): boolean {
  const y = Uint8Array.from(s);
  y[31] &= 0x7f;
  return bytesToNumberLE(y) < P;
}

// The y coordinates libsodium blacklists (the sign bit is masked off before comparing):
// 0 (order 4), 1 (order 1), two of order 8, p−1 (order 2), and the non-canonical p and p+1.
const SMALL_ORDER_Y: Uint8Array[] = [
  0n,
  1n,
  2707385501144840649318225287225658788936804267575313519463743609750303402022n,
  55188659117513257062467267217118295137698188065244968500265048394206261417927n,
  P - 1n,
  P,
  P + 1n,
].map((y) => numberToBytesLE(y, 32));

/** libsodium ge25519_has_small_order: the encoding's y (sign bit masked) is on the blacklist. */
export function hasSmallOrder(s: Uint8Array): boolean {
  let found = false;
  for (const entry of SMALL_ORDER_Y) {
    let diff = (s[31] & 0x7f) ^ entry[31];
    for (let i = 0; i < 31; i++) diff |= s[i] ^ entry[i];
    if (diff === 0) found = true;
  }
  return found;
}

/**
 * The encoding libsodium's ge25519_p3_tobytes gives after ge25519_frombytes of s (which
 * must decode): y reduced mod p, sign bit kept unless x = 0 (y = ±1), where it clears.
 */
export function reencodePoint(s: Uint8Array): Uint8Array {
  const yBytes = Uint8Array.from(s);
  const sign = yBytes[31] & 0x80;
  yBytes[31] &= 0x7f;
  const y = bytesToNumberLE(yBytes) % P;
  const out = numberToBytesLE(y, 32);
  if (y !== 1n && y !== P - 1n) out[31] |= sign;
  return out;
}
