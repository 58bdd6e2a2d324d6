// Hash-to-curve tails (public inputs: variable time is fine). Both produce projective
// points (Z ≠ 1) so that callers can share one inversion when encoding.
import {
  FE, D, MONT_A, SQRTM1, SQRT_M486664, scratch, feAdd, feSub, feMul, feSq, feSq2, feOne, feNeg, feCopy, feInvert,
  fePow22523, feChi, feToBytes, feFromBytes, feIsZero, feIsNegative, feEqual, feCarry, feCmov,
} from './field';
import { p3DblN, p3Zero, recoverX, p3FromBytes, decodeWithInverse } from './point';

/** 2^((p+3)/8), RFC 9380 Appendix G.2.1's c2. */
const C2: usize = memory.data<i64>([34513073, 25610706, 9377949, 3500415, 12389472, 33281959, 41962654, 31548777, 326685, 11406482]);

const U = scratch(FE), HI = scratch(FE), HB = scratch(32);
const TV1 = scratch(FE), TV2 = scratch(FE), TV3 = scratch(FE), XD = scratch(FE), X1N = scratch(FE), GXD = scratch(FE);
const GX1 = scratch(FE), GX2 = scratch(FE), Y11 = scratch(FE), Y12 = scratch(FE), Y1 = scratch(FE), X2N = scratch(FE);
const Y21 = scratch(FE), Y22 = scratch(FE), Y2 = scratch(FE), Y = scratch(FE), NY = scratch(FE);
const EXN = scratch(FE), EXD = scratch(FE), EYN = scratch(FE), EYD = scratch(FE);

/** u = (48-byte big-endian string) mod p. */
function fieldFrom48(u: usize, u48: usize): void {
  // u = hi·2^256 + lo with hi < 2^128: u ≡ lo + 38·hi (mod p); lo's bit 255 contributes 19.
  for (let i: usize = 0; i < 32; i++) store<u8>(HB + i, load<u8>(u48 + 47 - i));
  feFromBytes(u, HB);
  const b255 = <i64>(load<u8>(HB, 31) >> 7);
  memory.fill(HB, 0, 32);
  for (let i: usize = 0; i < 16; i++) store<u8>(HB + i, load<u8>(u48 + 15 - i));
  feFromBytes(HI, HB);
  for (let i: usize = 0; i < 80; i += 8) store<i64>(u + i, load<i64>(u + i) + 38 * load<i64>(HI + i));
  store<i64>(u, load<i64>(u) + 19 * b255);
  feCarry(u);
}

/**
 * RFC 9380 map_to_curve_elligator2_edwards25519 (the straight-line Appendix G.2.1 form:
 * one exponentiation) of u (48-byte big-endian string, reduced mod p), then clear_cofactor
 * (×8). Result in out (P3).
 */
export function fromHash(out: usize, u48: usize): void {
  fieldFrom48(U, u48);
  if (!elligatorEdwards(out, U)) {
    p3Zero(out);
    return;
  }
  p3DblN(out, 3);
}

const PZ = scratch(FE), ZZ = scratch(FE), IV = scratch(FE), XA = scratch(FE);
/**
 * libsodium ge25519_from_uniform for r (32 bytes, bit 255 already cleared): Elligator 2 to the
 * Montgomery x = -A/(1 + 2r²) (or -x - A when x³ + Ax² + x is not a square), Edwards
 * y = (x - 1)/(x + 1) with x even (as ge25519_frombytes recovers it), times 8. Computed as
 * the RFC 9380 map (same x, same y; the Edwards x agrees up to sign), with the sign fixed
 * from the affine x, whose inversion is shared with the result's. When x + 1 = 0 the
 * reference gets the order-4 point (√-1, 0) and the map the identity; times 8 both are the
 * identity. One exponentiation plus one inversion. Writes the encoding to enc and the
 * affine result to out (P3).
 */
export function fromUniform(out: usize, enc: usize, r: usize): void {
  fromUniformKey(out, enc, r, 0, 0);
}

/**
 * fromUniform, and when key ≠ 0 also decodes the 32 bytes at key into keyPoint, sharing the
 * result's inversion with that decoding's exponentiation. Returns 0 (nothing written to enc)
 * when the key does not decode.
 */
export function fromUniformKey(out: usize, enc: usize, r: usize, key: usize, keyPoint: usize): i32 {
  feFromBytes(U, r);
  if (!elligatorEdwards(out, U)) {
    if (key != 0 && !p3FromBytes(keyPoint, key)) return 0;
    p3Zero(out);
    memory.fill(enc, 0, 32);
    store<u8>(enc, 1);
    return 1;
  }
  feCopy(PZ, out + 160);
  feCopy(XA, out);
  p3DblN(out, 3);
  // 1/Z_P and 1/Z_8P with one inversion
  feMul(ZZ, PZ, out + 160);
  if (key != 0) {
    if (!decodeWithInverse(keyPoint, key, ZZ, IV)) return 0;
  } else feInvert(IV, ZZ);
  feMul(ZZ, IV, out + 160); // 1/Z_P
  feMul(XA, XA, ZZ); // affine x of P
  feMul(IV, IV, PZ); // 1/Z_8P
  const odd = <i64>feIsNegative(XA);
  feNeg(XA, out);
  feCmov(out, XA, odd);
  feNeg(XA, out + 240);
  feCmov(out + 240, XA, odd);
  // affine result
  feMul(out, out, IV);
  feMul(out + 80, out + 80, IV);
  feOne(out + 160);
  feMul(out + 240, out, out + 80);
  feToBytes(enc, out + 80);
  store<u8>(enc, load<u8>(enc, 31) | <u8>(feIsNegative(out) << 7), 31);
  return 1;
}

/**
 * The RFC 9380 Appendix G.2.1 straight-line Elligator 2 for curve25519 of the field element
 * u, mapped to edwards25519 (no cofactor clearing), projective in out. Returns 0 in the
 * exceptional case (the map's identity).
 */
function elligatorEdwards(out: usize, u: usize): i32 {
  feSq(TV1, u);
  feAdd(TV1, TV1, TV1); // 2u²
  feOne(XD);
  feAdd(XD, TV1, XD); // 1 + 2u²
  feNeg(X1N, MONT_A); // -J
  feSq(TV2, XD);
  feMul(GXD, TV2, XD); // xd³
  feMul(GX1, MONT_A, TV1);
  feMul(GX1, GX1, X1N);
  feAdd(GX1, GX1, TV2);
  feMul(GX1, GX1, X1N); // x1n³ + J·x1n²·xd + x1n·xd²
  feSq(TV3, GXD);
  feSq(TV2, TV3); // gxd⁴
  feMul(TV3, TV3, GXD); // gxd³
  feMul(TV3, TV3, GX1); // gx1·gxd³
  feMul(TV2, TV2, TV3); // gx1·gxd⁷
  fePow22523(Y11, TV2);
  feMul(Y11, Y11, TV3);
  feMul(Y12, Y11, SQRTM1);
  feSq(TV2, Y11);
  feMul(TV2, TV2, GXD);
  feCopy(Y1, Y12);
  feCmov(Y1, Y11, <i64>feEqual(TV2, GX1));
  feMul(X2N, X1N, TV1);
  feMul(Y21, Y11, u);
  feMul(Y21, Y21, C2);
  feMul(Y22, Y21, SQRTM1);
  feMul(GX2, GX1, TV1);
  feSq(TV2, Y21);
  feMul(TV2, TV2, GXD);
  feCopy(Y2, Y22);
  feCmov(Y2, Y21, <i64>feEqual(TV2, GX2));
  feSq(TV2, Y1);
  feMul(TV2, TV2, GXD);
  const e3 = feEqual(TV2, GX1);
  feCopy(EXN, X2N);
  feCmov(EXN, X1N, <i64>e3); // Montgomery xn (xd shared)
  feCopy(Y, Y2);
  feCmov(Y, Y1, <i64>e3);
  const e4 = feIsNegative(Y);
  feNeg(NY, Y);
  feCmov(Y, NY, <i64>(e3 ^ e4));
  // Edwards: xn = c1·xMn, xd = xMd·yM, yn = xMn - xMd, yd = xMn + xMd; (0, 1) when xd·yd = 0.
  feMul(TV1, SQRT_M486664, EXN);
  feMul(EXD, XD, Y);
  feSub(EYN, EXN, XD);
  feAdd(EYD, EXN, XD);
  feMul(TV2, EXD, EYD);
  if (feIsZero(TV2)) return 0;
  feMul(out, TV1, EYD);
  feMul(out + 80, EYN, EXD);
  feCopy(out + 160, TV2);
  feMul(out + 240, TV1, EYN);
  return 1;
}
