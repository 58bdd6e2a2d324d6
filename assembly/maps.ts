// Hash-to-curve tails (public inputs: variable time is fine).
import {
  FE, MONT_A, SQRTM1, SQRT_M486664, scratch, feAdd, feSub, feMul, feSq, feSq2, feOne, feZero, feNeg, feCopy,
  feInvert, fePow22523, feChi, feToBytes, feFromBytes, feIsZero, feIsNegative, feEqual, feCarry,
} from './field';
import { P3, p3FromBytes, p3DblN, p3Zero } from './point';

const R = scratch(FE), X = scratch(FE), X2 = scratch(FE), X3 = scratch(FE), E = scratch(FE), ONE = scratch(FE);
const N = scratch(FE), DN = scratch(FE), YE = scratch(FE), S = scratch(32);

/**
 * libsodium ge25519_from_uniform for r (32 bytes, bit 255 already cleared): Elligator 2 to the
 * Montgomery u, y = (u-1)/(u+1), x even (ge25519_frombytes), then times 8. Result in out (P3).
 */
export function fromUniform(out: usize, r: usize): void {
  feFromBytes(R, r);
  feSq2(R, R);
  store<i64>(R, load<i64>(R) + 1); // 2r² + 1
  feInvert(R, R);
  feMul(X, MONT_A, R);
  feNeg(X, X); // x = -A / (1 + 2r²)
  feSq(X2, X);
  feMul(X3, X, X2);
  feAdd(E, X3, X);
  feMul(X2, X2, MONT_A);
  feAdd(E, X2, E); // x³ + A·x² + x
  feChi(E, E);
  feToBytes(S, E);
  const eIsMinus1 = <i32>(load<u8>(S, 1) & 1);
  if (eIsMinus1) {
    feNeg(X, X);
    feSub(X, X, MONT_A);
  }
  feOne(ONE);
  feAdd(N, X, ONE);
  feSub(DN, X, ONE);
  feInvert(N, N);
  feMul(YE, DN, N); // (x - 1) / (x + 1)
  feToBytes(S, YE); // bit 255 clear: x even
  if (!p3FromBytes(out, S)) unreachable();
  p3DblN(out, 3);
}

const U = scratch(FE), HI = scratch(FE), HB = scratch(32), TV = scratch(FE), GX = scratch(FE), Y = scratch(FE);
const XN = scratch(FE), XD = scratch(FE);

/** y = a square root of a; returns 1 when a is a square (y then satisfies y² = a). */
function sqrt(y: usize, a: usize): i32 {
  fePow22523(TV, a);
  feMul(y, TV, a); // a^((p+3)/8)
  feSq(TV, y);
  if (feEqual(TV, a)) return 1;
  feNeg(TV, TV);
  if (!feEqual(TV, a)) return 0;
  feMul(y, y, SQRTM1);
  return 1;
}

/** gx = x³ + A·x² + x (Montgomery curve25519's right-hand side). */
function montRhs(gx: usize, x: usize): void {
  feSq(X2, x);
  feMul(X3, x, X2);
  feAdd(gx, X3, x);
  feMul(X2, X2, MONT_A);
  feAdd(gx, X2, gx);
}

/**
 * RFC 9380 map_to_curve_elligator2_edwards25519 of u (48-byte big-endian string, reduced
 * mod p here), then clear_cofactor (×8). Result in out (P3).
 */
export function fromHash(out: usize, u48: usize): void {
  // u = hi·2^256 + lo with hi < 2^128: u ≡ lo + 38·hi (mod p); lo's bit 255 contributes 19.
  memory.fill(HB, 0, 32);
  for (let i: usize = 0; i < 32; i++) store<u8>(HB + i, load<u8>(u48 + 47 - i));
  feFromBytes(U, HB);
  const b255 = <i64>(load<u8>(HB, 31) >> 7);
  memory.fill(HB, 0, 32);
  for (let i: usize = 0; i < 16; i++) store<u8>(HB + i, load<u8>(u48 + 15 - i));
  feFromBytes(HI, HB);
  for (let i: usize = 0; i < 80; i += 8) store<i64>(U + i, load<i64>(U + i) + 38 * load<i64>(HI + i));
  store<i64>(U, load<i64>(U) + 19 * b255);
  feCarry(U);
  // x1 = -A / (1 + 2u²)
  feSq2(TV, U);
  store<i64>(TV, load<i64>(TV) + 1);
  feInvert(TV, TV);
  feMul(X, MONT_A, TV);
  feNeg(X, X);
  montRhs(GX, X);
  let ySign: i32;
  if (sqrt(Y, GX)) {
    ySign = 1;
  } else {
    feNeg(X, X);
    feSub(X, X, MONT_A); // x2 = -x1 - A
    montRhs(GX, X);
    if (!sqrt(Y, GX)) unreachable();
    ySign = 0;
  }
  if (feIsNegative(Y) != ySign) feNeg(Y, Y);
  // Edwards: x = sqrt(-486664)·xM/yM, y = (xM - 1)/(xM + 1); (0, 1) when yM·(xM + 1) = 0.
  feOne(ONE);
  feAdd(XD, X, ONE); // xM + 1
  feMul(DN, XD, Y); // yM·(xM + 1)
  if (feIsZero(DN)) {
    p3Zero(out);
    return;
  }
  feInvert(DN, DN);
  feMul(XN, SQRT_M486664, X);
  feMul(XN, XN, XD);
  feMul(XN, XN, DN); // c·xM/yM
  feSub(N, X, ONE);
  feMul(N, N, Y);
  feMul(N, N, DN); // (xM - 1)/(xM + 1)
  feCopy(out, XN);
  feCopy(out + 80, N);
  feOne(out + 160);
  feMul(out + 240, XN, N);
  p3DblN(out, 3);
}
