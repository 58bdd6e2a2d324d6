/**
 * blake2b-256 (RFC 7693, digest 32 bytes, no key) for short messages: everything the
 * leader schedule hashes per slot fits one 128-byte block (slot ‖ nonce is 40 bytes,
 * "L" ‖ output 65), so one compression with 64-bit words held as 32-bit halves, and no
 * per-call hasher object. Longer messages go to @noble/hashes, which stays the oracle
 * in the tests.
 */
import { blake2b } from '@noble/hashes/blake2.js';

// IV as [lo, hi] 32-bit halves.
const IV = Uint32Array.of(
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
);

// Message schedule SIGMA for the 12 rounds (rounds 10 and 11 repeat 0 and 1).
const SIGMA = Uint8Array.of(
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
  7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
  9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
  2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
  12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
  13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
  6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
  10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
);

const v = new Uint32Array(32);
const m = new Uint32Array(32);
const block = new Uint8Array(128);

/** The mixing function G on words a, b, c, d (indices of 64-bit words) with message words x, y. */
function g(a: number, b: number, c: number, d: number, x: number, y: number): void {
  const A = 2 * a, B = 2 * b, C = 2 * c, D = 2 * d, X = 2 * x, Y = 2 * y;
  // a = a + b + m[x]
  let lo = v[A] + v[B];
  let hi = v[A + 1] + v[B + 1] + (lo > 0xffffffff ? 1 : 0);
  lo >>>= 0;
  let lo2 = lo + m[X];
  v[A + 1] = hi + m[X + 1] + (lo2 > 0xffffffff ? 1 : 0);
  v[A] = lo2;
  // d = (d ^ a) >>> 32
  let dl = v[D] ^ v[A];
  let dh = v[D + 1] ^ v[A + 1];
  v[D] = dh;
  v[D + 1] = dl;
  // c = c + d
  lo = v[C] + v[D];
  v[C + 1] = v[C + 1] + v[D + 1] + (lo > 0xffffffff ? 1 : 0);
  v[C] = lo;
  // b = (b ^ c) >>> 24
  let bl = v[B] ^ v[C];
  let bh = v[B + 1] ^ v[C + 1];
  v[B] = (bl >>> 24) | (bh << 8);
  v[B + 1] = (bh >>> 24) | (bl << 8);
  // a = a + b + m[y]
  lo = v[A] + v[B];
  hi = v[A + 1] + v[B + 1] + (lo > 0xffffffff ? 1 : 0);
  lo >>>= 0;
  lo2 = lo + m[Y];
  v[A + 1] = hi + m[Y + 1] + (lo2 > 0xffffffff ? 1 : 0);
  v[A] = lo2;
  // d = (d ^ a) >>> 16
  dl = v[D] ^ v[A];
  dh = v[D + 1] ^ v[A + 1];
  v[D] = (dl >>> 16) | (dh << 16);
  v[D + 1] = (dh >>> 16) | (dl << 16);
  // c = c + d
  lo = v[C] + v[D];
  v[C + 1] = v[C + 1] + v[D + 1] + (lo > 0xffffffff ? 1 : 0);
  v[C] = lo;
  // b = (b ^ c) >>> 63, i.e. rotate left by 1
  bl = v[B] ^ v[C];
  bh = v[B + 1] ^ v[C + 1];
  v[B] = (bl << 1) | (bh >>> 31);
  v[B + 1] = (bh << 1) | (bl >>> 31);
}

/**
 * blake2b with a 32-byte digest. Messages up to 128 bytes take the single-block path
 * here; longer ones are hashed by @noble/hashes.
 */
export function blake2b256(data: Uint8Array): Uint8Array {
  const n = data.length;
  if (n > 128) return blake2b(data, { dkLen: 32 });
  block.fill(0);
  block.set(data);
  for (let i = 0; i < 32; i++) {
    const o = 4 * i;
    m[i] = block[o] | (block[o + 1] << 8) | (block[o + 2] << 16) | (block[o + 3] << 24);
  }
  // h = IV with the parameter block (digest 32, key 0, fanout 1, depth 1) folded into h[0].
  v.set(IV, 0);
  v[0] ^= 0x01010020;
  v.set(IV, 16);
  v[24] ^= n; // t (low word of the byte counter)
  v[28] = ~v[28]; // final block: invert word 14
  v[29] = ~v[29];
  for (let r = 0; r < 12; r++) {
    const s = 16 * r;
    g(0, 4, 8, 12, SIGMA[s], SIGMA[s + 1]);
    g(1, 5, 9, 13, SIGMA[s + 2], SIGMA[s + 3]);
    g(2, 6, 10, 14, SIGMA[s + 4], SIGMA[s + 5]);
    g(3, 7, 11, 15, SIGMA[s + 6], SIGMA[s + 7]);
    g(0, 5, 10, 15, SIGMA[s + 8], SIGMA[s + 9]);
    g(1, 6, 11, 12, SIGMA[s + 10], SIGMA[s + 11]);
    g(2, 7, 8, 13, SIGMA[s + 12], SIGMA[s + 13]);
    g(3, 4, 9, 14, SIGMA[s + 14], SIGMA[s + 15]);
  }
  // h'[k] = h[k] ^ v[k] ^ v[k + 8] per 64-bit word; the digest is words 0..3 little-endian,
  // i.e. halves 0..7, each 4 bytes.
  const out = new Uint8Array(32);
  for (let k = 0; k < 8; k++) {
    const w = v[k] ^ v[k + 16] ^ IV[k] ^ (k === 0 ? 0x01010020 : 0);
    out[4 * k] = w;
    out[4 * k + 1] = w >>> 8;
    out[4 * k + 2] = w >>> 16;
    out[4 * k + 3] = w >>> 24;
  }
  block.fill(0);
  m.fill(0);
  return out;
}
