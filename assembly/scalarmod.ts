// Scalars modulo L = 2^252 + 27742317777372353535851937790883648493, constant time:
// 21-bit signed limbs in i64, 2^252 ≡ -l0 folded from the top (the ref10 sc_reduce idea,
// written as loops), then one masked addition of L for the sign.

const LIMB_MASK: i64 = (1 << 21) - 1;
/** -l0 in 21-bit signed limbs: 2^252 ≡ Σ NEG_L0[j]·2^(21j) (mod L). */
const NEG_L0: usize = memory.data<i64>([666643, 470296, 654183, -997805, 136657, -683901]);
/** L in 21-bit limbs (13 limbs). */
const L_LIMBS: usize = memory.data<i64>([1430509, 1626855, 1442968, 997804, 1960495, 683900, 0, 0, 0, 0, 0, 0, 1]);
const A: usize = memory.data(8 * 32, 16);
const B: usize = memory.data(8 * 16, 16);
const C: usize = memory.data(8 * 16, 16);

@inline function limb(p: usize, i: i32): i64 {
  return load<i64>(p + (<usize>i << 3));
}
@inline function setLimb(p: usize, i: i32, v: i64): void {
  store<i64>(p + (<usize>i << 3), v);
}

/** Reads nbytes (32 or 64) little-endian bytes at s into 21-bit limbs at dst; returns the count. */
function toLimbs(dst: usize, s: usize, nbytes: i32): i32 {
  const n = (nbytes * 8 + 20) / 21;
  const words = nbytes >> 3;
  for (let i = 0; i < n; i++) {
    const bit = i * 21;
    const w = bit >> 6;
    const off = <u64>(bit & 63);
    let v: u64 = load<u64>(s + (<usize>w << 3)) >> off;
    if (off > 43 && w + 1 < words) v |= load<u64>(s + (<usize>(w + 1) << 3)) << (64 - off);
    setLimb(dst, i, <i64>(v & <u64>LIMB_MASK));
  }
  return n;
}

/** Rounding carries over limbs [from, to): each ends in [-2^20, 2^20], the excess moves up. */
function carryRange(a: usize, from: i32, to: i32): void {
  for (let k = from; k < to; k++) {
    const v = limb(a, k);
    const c = (v + (1 << 20)) >> 21;
    setLimb(a, k + 1, limb(a, k + 1) + c);
    setLimb(a, k, v - (c << 21));
  }
}

/** Reduces the n carried limbs at a (n ≤ 26) modulo L and writes 32 bytes to out. */
function reduceLimbs(out: usize, a: usize, n: i32): void {
  for (let i = n - 1; i >= 12; i--) {
    const top = limb(a, i);
    for (let j = 0; j < 6; j++) setLimb(a, i - 12 + j, limb(a, i - 12 + j) + top * limb(NEG_L0, j));
    setLimb(a, i, 0);
    carryRange(a, i - 12, i - 1);
  }
  // a[0..11]: a[11] may exceed 21 bits; move its excess to a[12] and fold once more.
  setLimb(a, 12, 0);
  carryRange(a, 0, 12);
  const top = limb(a, 12);
  for (let j = 0; j < 6; j++) setLimb(a, j, limb(a, j) + top * limb(NEG_L0, j));
  setLimb(a, 12, 0);
  // floor carries: limbs 0..10 in [0, 2^21), the sign lands in a[11]; |value| < L
  for (let k = 0; k < 11; k++) {
    const v = limb(a, k);
    const c = v >> 21;
    setLimb(a, k + 1, limb(a, k + 1) + c);
    setLimb(a, k, v - (c << 21));
  }
  // masked + L when negative
  const neg: i64 = limb(a, 11) >> 63; // all ones when negative
  for (let k = 0; k < 13; k++) setLimb(a, k, limb(a, k) + (limb(L_LIMBS, k) & neg));
  for (let k = 0; k < 12; k++) {
    const v = limb(a, k);
    const c = v >> 21;
    setLimb(a, k + 1, limb(a, k + 1) + c);
    setLimb(a, k, v - (c << 21));
  }
  // pack 12 limbs (+ a[12], which is 0 or 1 for bit 252) into 32 bytes
  memory.fill(out, 0, 32);
  for (let k = 0; k < 13; k++) {
    const v = <u64>limb(a, k);
    const bit = k * 21;
    for (let b = 0; b < 4; b++) {
      const byte = (bit >> 3) + b;
      if (byte < 32) {
        const shift = b * 8 - (bit & 7);
        const part = shift >= 0 ? v >> (<u64>shift) : v << (<u64>-shift);
        store<u8>(out + <usize>byte, load<u8>(out + <usize>byte) | <u8>(part & 0xff));
      }
    }
  }
  memory.fill(a, 0, 8 * 32);
}

/** out = (64-byte little-endian s) mod L (sc25519_reduce). */
export function scReduce64(out: usize, s: usize): void {
  memory.fill(A, 0, 8 * 32);
  const n = toLimbs(A, s, 64);
  reduceLimbs(out, A, n);
}

/** out = (a·b + c) mod L for 32-byte a, b, c (sc25519_muladd); constant time. */
export function scMulAdd(out: usize, a: usize, b: usize, c: usize): void {
  memory.fill(A, 0, 8 * 32);
  toLimbs(B, a, 32);
  toLimbs(C, b, 32);
  for (let i = 0; i < 13; i++) {
    const ai = limb(B, i);
    for (let j = 0; j < 13; j++) setLimb(A, i + j, limb(A, i + j) + ai * limb(C, j));
  }
  toLimbs(C, c, 32);
  for (let i = 0; i < 13; i++) setLimb(A, i, limb(A, i) + limb(C, i));
  carryRange(A, 0, 25);
  reduceLimbs(out, A, 26);
  memory.fill(B, 0, 8 * 16);
  memory.fill(C, 0, 8 * 16);
}
