/**
 * Byte-level point checks, exactly libsodium's: ge25519_is_canonical and
 * ge25519_has_small_order. Both ignore nothing but what libsodium ignores.
 */
import { P, numberToBytesLE } from './ref/field.js';

/** True when the y coordinate (bits 0..254) is below p. The sign bit is not judged. */
export function isCanonicalPoint(s: Uint8Array): boolean {
  // y ≥ p exactly when bits 8..254 are all ones and the low byte is ≥ 0xed (libsodium's test)
  let c = (s[31] & 0x7f) ^ 0x7f;
  for (let i = 30; i > 0; i--) c |= s[i] ^ 0xff;
  c = (c - 1) >> 8;
  const d = (0xed - 1 - s[0]) >> 8;
  return ((c & d) & 1) === 0;
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
  const out = Uint8Array.from(s);
  const sign = out[31] & 0x80;
  out[31] &= 0x7f;
  if (!isCanonicalPoint(out)) {
    // p ≤ y < 2^255: y − p = y + 19 − 2^255, which only touches the low byte (y₀ ≥ 0xed)
    out[0] = (out[0] + 19) & 0xff;
    out.fill(0, 1, 32);
  }
  // x = 0 exactly when y = ±1; the encoding's sign bit then clears.
  let one = out[0] ^ 1;
  let minusOne = (out[0] ^ 0xec) | (out[31] ^ 0x7f);
  for (let i = 1; i < 31; i++) {
    one |= out[i];
    minusOne |= out[i] ^ 0xff;
  }
  one |= out[31];
  if (one !== 0 && minusOne !== 0) out[31] |= sign;
  return out;
}
