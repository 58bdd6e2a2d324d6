// Scalar recodings. Scalars are 32-byte little-endian integers in linear memory.

/**
 * Signed radix-16 digits e[0..63] (i8) with a = Σ e[i]·16^i, e[i] in [-8, 8); e[63] in
 * [0, 8] when a < 2^255. Constant time (ref10 ge_scalarmult_base recoding).
 */
export function recodeRadix16(e: usize, a: usize): void {
  for (let i: usize = 0; i < 32; i++) {
    const b = <i32>load<u8>(a + i);
    store<i8>(e + 2 * i, <i8>(b & 15));
    store<i8>(e + 2 * i + 1, <i8>((b >> 4) & 15));
  }
  let carry: i32 = 0;
  for (let i: usize = 0; i < 63; i++) {
    let v = <i32>load<i8>(e + i) + carry;
    carry = (v + 8) >> 4;
    v -= carry << 4;
    store<i8>(e + i, <i8>v);
  }
  store<i8>(e + 63, <i8>(<i32>load<i8>(e + 63) + carry));
}

/**
 * Sliding-window signed digits r[0..256] (i8, odd, |r[i]| ≤ maxDigit, mostly zeros) with
 * a = Σ r[i]·2^i: the ref10 `slide` recoding generalised to any window. Variable time:
 * only for public scalars (verification).
 */
export function slide(r: usize, a: usize, maxDigit: i32, maxShift: i32): void {
  for (let i: usize = 0; i < 256; i++) store<i8>(r + i, <i8>((load<u8>(a + (i >> 3)) >> <u8>(i & 7)) & 1));
  store<i8>(r + 256, 0);
  for (let i: i32 = 0; i < 257; i++) {
    let ri = <i32>load<i8>(r + i);
    if (ri == 0) continue;
    for (let b: i32 = 1; b <= maxShift && i + b < 257; b++) {
      const rb = <i32>load<i8>(r + i + b);
      if (rb == 0) continue;
      if (ri + (rb << b) <= maxDigit) {
        ri += rb << b;
        store<i8>(r + i, <i8>ri);
        store<i8>(r + i + b, 0);
      } else if (ri - (rb << b) >= -maxDigit) {
        ri -= rb << b;
        store<i8>(r + i, <i8>ri);
        for (let k = i + b; k < 257; k++) {
          if (load<i8>(r + k) == 0) {
            store<i8>(r + k, 1);
            break;
          }
          store<i8>(r + k, 0);
        }
      } else break;
    }
  }
}

/** 1 when a == b (small non-negative ints), constant time. */
export function ctEq(a: i32, b: i32): i64 {
  return <i64>((<u32>((a ^ b) - 1)) >> 31);
}
