// Group operations on edwards25519 (-x² + y² = 1 + d·x²·y²) in the ref10 representations:
//   P3  extended (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z          (320 bytes)
//   P2  projective (X:Y:Z)                                       (240 bytes)
//   P1P1 completed ((X:Z),(Y:T))                                 (320 bytes)
//   CACHED (Y+X, Y-X, Z, 2d·T)                                   (320 bytes)
//   PRECOMP affine (y+x, y-x, 2d·x·y)                            (240 bytes)
// The formulas are complete (valid for every pair of curve points, torsion included),
// so no operation branches on its inputs.
import {
  FE, D, D2, SQRTM1, scratch, feAdd, feSub, feMul, feSq, feSq2, feCopy, feOne, feZero, feNeg, feCmov,
  feInvert, fePow22523, feFromBytes, feEqual, feToBytes, feIsZero, feIsNegative,
} from './field';

/** Byte sizes of the representations. */
export const P3: usize = 320;
export const P2: usize = 240;
export const P1P1: usize = 320;
export const CACHED: usize = 320;
export const PRECOMP: usize = 240;

const X: usize = 0, Y: usize = 80, Z: usize = 160, T: usize = 240;
const t0 = scratch(FE);

/** p = identity (P3). */
export function p3Zero(p: usize): void {
  feZero(p + X); feOne(p + Y); feOne(p + Z); feZero(p + T);
}
/** c = identity (CACHED). */
export function cachedZero(c: usize): void {
  feOne(c); feOne(c + 80); feOne(c + 160); feZero(c + 240);
}
/** c = identity (PRECOMP). */
export function precompZero(c: usize): void {
  feOne(c); feOne(c + 80); feZero(c + 160);
}
/** r = p as P2 (drops T). */
export function p3ToP2(r: usize, p: usize): void {
  if (r != p) memory.copy(r, p, P2);
}
/** r = p as CACHED. */
export function p3ToCached(r: usize, p: usize): void {
  feAdd(r, p + Y, p + X);
  feSub(r + 80, p + Y, p + X);
  feCopy(r + 160, p + Z);
  feMul(r + 240, p + T, D2);
}
/** r = p (P1P1 -> P2), 3M. */
export function p1p1ToP2(r: usize, p: usize): void {
  feMul(r + X, p + X, p + T);
  feMul(r + Y, p + Y, p + Z);
  feMul(r + Z, p + Z, p + T);
}
/** r = p (P1P1 -> P3), 4M. r must not alias p. */
export function p1p1ToP3(r: usize, p: usize): void {
  feMul(r + X, p + X, p + T);
  feMul(r + Y, p + Y, p + Z);
  feMul(r + Z, p + Z, p + T);
  feMul(r + T, p + X, p + Y);
}
/** r = 2p for p in P2 (or P3: T ignored); r is P1P1, must not alias p. */
export function p2Dbl(r: usize, p: usize): void {
  feSq(r + X, p + X); // XX
  feSq(r + Z, p + Y); // YY
  feSq2(r + T, p + Z); // 2ZZ
  feAdd(t0, p + X, p + Y);
  feSq(t0, t0); // (X+Y)²
  // one pass: Y = YY + XX, Z = YY − XX, X = (X+Y)² − Y, T = 2ZZ − Z
  for (let i: usize = 0; i < 80; i += 8) {
    const xx = load<i64>(r + X + i);
    const yy = load<i64>(r + Z + i);
    const yr = yy + xx;
    const zr = yy - xx;
    store<i64>(r + Y + i, yr);
    store<i64>(r + Z + i, zr);
    store<i64>(r + X + i, load<i64>(t0 + i) - yr);
    store<i64>(r + T + i, load<i64>(r + T + i) - zr);
  }
}
/** r = p + q (P3 + CACHED -> P1P1); r must not alias p. */
export function geAdd(r: usize, p: usize, q: usize): void {
  feAdd(r + X, p + Y, p + X);
  feSub(r + Y, p + Y, p + X);
  feMul(r + Z, r + X, q);
  feMul(r + Y, r + Y, q + 80);
  feMul(r + T, q + 240, p + T);
  feMul(r + X, p + Z, q + 160);
  feAdd(t0, r + X, r + X);
  feSub(r + X, r + Z, r + Y);
  feAdd(r + Y, r + Z, r + Y);
  feAdd(r + Z, t0, r + T);
  feSub(r + T, t0, r + T);
}
/** r = p - q (P3 - CACHED -> P1P1). */
export function geSub(r: usize, p: usize, q: usize): void {
  feAdd(r + X, p + Y, p + X);
  feSub(r + Y, p + Y, p + X);
  feMul(r + Z, r + X, q + 80);
  feMul(r + Y, r + Y, q);
  feMul(r + T, q + 240, p + T);
  feMul(r + X, p + Z, q + 160);
  feAdd(t0, r + X, r + X);
  feSub(r + X, r + Z, r + Y);
  feAdd(r + Y, r + Z, r + Y);
  feSub(r + Z, t0, r + T);
  feAdd(r + T, t0, r + T);
}
/** r = p + q (P3 + PRECOMP -> P1P1). */
export function geMadd(r: usize, p: usize, q: usize): void {
  feAdd(r + X, p + Y, p + X);
  feSub(r + Y, p + Y, p + X);
  feMul(r + Z, r + X, q);
  feMul(r + Y, r + Y, q + 80);
  feMul(r + T, q + 160, p + T);
  feAdd(t0, p + Z, p + Z);
  feSub(r + X, r + Z, r + Y);
  feAdd(r + Y, r + Z, r + Y);
  feAdd(r + Z, t0, r + T);
  feSub(r + T, t0, r + T);
}
/** r = p - q (P3 - PRECOMP -> P1P1). */
export function geMsub(r: usize, p: usize, q: usize): void {
  feAdd(r + X, p + Y, p + X);
  feSub(r + Y, p + Y, p + X);
  feMul(r + Z, r + X, q + 80);
  feMul(r + Y, r + Y, q);
  feMul(r + T, q + 160, p + T);
  feAdd(t0, p + Z, p + Z);
  feSub(r + X, r + Z, r + Y);
  feAdd(r + Y, r + Z, r + Y);
  feSub(r + Z, t0, r + T);
  feAdd(r + T, t0, r + T);
}

const DB1 = scratch(P1P1), DB2 = scratch(P2);
/** p = 2^n · p in place (P3), n ≥ 1. */
export function p3DblN(p: usize, n: i32): void {
  p3ToP2(DB2, p);
  for (let i = 0; i < n - 1; i++) {
    p2Dbl(DB1, DB2);
    p1p1ToP2(DB2, DB1);
  }
  p2Dbl(DB1, DB2);
  p1p1ToP3(p, DB1);
}
const AD1 = scratch(P1P1), ADC = scratch(CACHED);
/** p = p + q, both P3 (q may alias p). */
export function p3Add(p: usize, q: usize): void {
  p3ToCached(ADC, q);
  geAdd(AD1, p, ADC);
  p1p1ToP3(p, AD1);
}
/** p = p + q with q CACHED. */
export function p3AddCached(p: usize, q: usize): void {
  geAdd(AD1, p, q);
  p1p1ToP3(p, AD1);
}
/** p = p - q with q CACHED. */
export function p3SubCached(p: usize, q: usize): void {
  geSub(AD1, p, q);
  p1p1ToP3(p, AD1);
}
/** p = p + q with q PRECOMP. */
export function p3AddPrecomp(p: usize, q: usize): void {
  geMadd(AD1, p, q);
  p1p1ToP3(p, AD1);
}
/** p = p - q with q PRECOMP. */
export function p3SubPrecomp(p: usize, q: usize): void {
  geMsub(AD1, p, q);
  p1p1ToP3(p, AD1);
}
/** c = -c in place (CACHED): swap Y+X / Y-X, negate 2dT; constant time when b is 0/1 (negates only if b = 1). */
export function cachedCneg(c: usize, b: i64): void {
  feCopy(t0, c);
  feCmov(c, c + 80, b);
  feCmov(c + 80, t0, b);
  feNeg(t0, c + 240);
  feCmov(c + 240, t0, b);
}
/** c = -c for PRECOMP when b = 1 (constant time). */
export function precompCneg(c: usize, b: i64): void {
  feCopy(t0, c);
  feCmov(c, c + 80, b);
  feCmov(c + 80, t0, b);
  feNeg(t0, c + 160);
  feCmov(c + 160, t0, b);
}

const RC = scratch(FE), RX = scratch(FE), RY = scratch(FE), TB = scratch(32);
/** Writes p's 32-byte encoding (y with the sign of x in bit 255) to s (libsodium ge25519_p3_tobytes). */
export function p3ToBytes(s: usize, p: usize): void {
  feInvert(RC, p + Z);
  p3ToBytesWithInverse(s, p, RC);
}
/** Like p3ToBytes with 1/Z already known. */
export function p3ToBytesWithInverse(s: usize, p: usize, zinv: usize): void {
  feMul(RX, p + X, zinv);
  feMul(RY, p + Y, zinv);
  feToBytes(s, RY);
  const neg = feIsNegative(RX);
  store<u8>(s, load<u8>(s, 31) | <u8>(neg << 7), 31);
}

const U = scratch(FE), V = scratch(FE), V3 = scratch(FE), VXX = scratch(FE), CHK = scratch(FE);
/**
 * Decodes s into p (P3) exactly as libsodium's ge25519_frombytes: y read mod p (bit 255 is
 * the sign of x), x = u·v³·(u·v⁷)^((p-5)/8) adjusted by √-1, negated to match the sign bit
 * (x = 0 with the sign bit set is accepted). Returns 1 on success, 0 when no x exists.
 * Variable time in the public input only through the returned verdict.
 */
export function p3FromBytes(p: usize, s: usize): i32 {
  feFromBytes(p + Y, s);
  feOne(p + Z);
  feSq(U, p + Y);
  feMul(V, U, D);
  feSub(U, U, p + Z); // y² - 1
  feAdd(V, V, p + Z); // d·y² + 1
  return recoverX(p, U, V, <i32>(load<u8>(s, 31) >> 7));
}
/**
 * Sets p.X to the root x of v·x² = u with the sign given (p.Y, p.Z already set with Z = 1),
 * and p.T; returns 1 when a root exists.
 */
export function recoverX(p: usize, u: usize, v: usize, sign: i32): i32 {
  feSq(V3, v);
  feMul(V3, V3, v); // v³
  feSq(p + X, V3);
  feMul(p + X, p + X, v);
  feMul(p + X, p + X, u); // u·v⁷
  fePow22523(p + X, p + X);
  feMul(p + X, p + X, V3);
  feMul(p + X, p + X, u); // u·v³·(u·v⁷)^((p-5)/8)
  feSq(VXX, p + X);
  feMul(VXX, VXX, v);
  feSub(CHK, VXX, u);
  const hasM = feIsZero(CHK);
  feAdd(CHK, VXX, u);
  const hasP = feIsZero(CHK);
  feMul(CHK, p + X, SQRTM1);
  feCmov(p + X, CHK, <i64>(1 - hasM));
  feNeg(CHK, p + X);
  feCmov(p + X, CHK, <i64>(feIsNegative(p + X) ^ sign));
  feMul(p + T, p + X, p + Y);
  return hasM | hasP;
}
/** Copies P3 q into p. */
export function p3Copy(p: usize, q: usize): void {
  memory.copy(p, q, P3);
}
/** p = -p (P3). */
export function p3Neg(p: usize): void {
  feNeg(p + X, p + X);
  feNeg(p + T, p + T);
}
/** 1 when p is the identity (X = 0 and Y = Z). */
export function p3IsIdentity(p: usize): i32 {
  if (!feIsZero(p + X)) return 0;
  feSub(t0, p + Y, p + Z);
  return feIsZero(t0);
}

const CU = scratch(FE), CV = scratch(FE), CUV = scratch(FE), CXS = scratch(FE), CY = scratch(FE), CZ = scratch(FE);
const CXX = scratch(FE), CYY = scratch(FE), CZZ = scratch(FE), CXY = scratch(FE), CYR = scratch(FE), CZR = scratch(FE);
const CTR = scratch(FE), CA = scratch(FE), CR = scratch(FE), CT = scratch(FE), CW = scratch(FE), CX = scratch(FE);
/**
 * Writes enc(8·P) for P = dec(s) (ge25519_frombytes rules) with one exponentiation instead of
 * two: the three doublings are run on (ρ : y·v : v) with ρ = x·v = √(u·v) unknown but ρ² = u·v
 * known (u = y² − 1, v = d·y² + 1), so the x coordinate is carried as ρ·Xs; then one inverse
 * square root r = 1/√(u·v·(v·Z)²) gives √(u·v) = u·v·r·v·Z, 1/(v·Z) = r²·u·v·v·Z, hence x and 1/Z.
 * Returns 0 when s does not decode.
 */
export function cofactorEncode(out: usize, s: usize): i32 {
  feFromBytes(CY, s);
  feSq(CU, CY);
  feMul(CV, CU, D);
  feOne(CT);
  feSub(CU, CU, CT); // u = y² − 1
  feAdd(CV, CV, CT); // v = d·y² + 1
  feMul(CUV, CU, CV);
  if (feIsZero(CU)) {
    // x = 0: P is (0, ±1), 8·P is the identity
    memory.fill(out, 0, 32);
    store<u8>(out, 1);
    return 1;
  }
  // (ρ·Xs : Y : Z) = (ρ : y·v : v)
  feOne(CXS);
  feMul(CY, CY, CV);
  feCopy(CZ, CV);
  for (let i = 0; i < 3; i++) {
    feSq(CXX, CXS);
    feMul(CXX, CXX, CUV); // X² = u·v·Xs²
    feSq(CYY, CY);
    feSq2(CZZ, CZ);
    feMul(CXY, CXS, CY);
    feAdd(CXY, CXY, CXY); // 2·Xs·Y
    feAdd(CYR, CYY, CXX);
    feSub(CZR, CYY, CXX);
    feSub(CTR, CZZ, CZR);
    feMul(CXS, CXY, CTR);
    feMul(CY, CYR, CZR);
    feMul(CZ, CZR, CTR);
  }
  // a = u·v·(v·Z)²; r = 1/√a (sqrt_ratio(1, a) as in ge25519_frombytes)
  feMul(CW, CV, CZ); // v·Z
  feSq(CA, CW);
  feMul(CA, CA, CUV);
  feSq(CT, CA);
  feMul(CT, CT, CA); // a³
  feSq(CR, CT);
  feMul(CR, CR, CA); // a⁷
  fePow22523(CR, CR);
  feMul(CR, CR, CT); // a³·(a⁷)^((p−5)/8)
  feSq(CT, CR);
  feMul(CT, CT, CA); // a·r²
  feOne(CX);
  if (!feEqual(CT, CX)) {
    feNeg(CX, CX);
    if (!feEqual(CT, CX)) return 0; // u·v not a square: P does not decode
    feMul(CR, CR, SQRTM1);
  }
  // 1/(v·Z) = r²·u·v·(v·Z); √(u·v) = u·v·r·(v·Z)
  feSq(CT, CR);
  feMul(CT, CT, CUV);
  feMul(CT, CT, CW); // 1/(vZ)
  feMul(CX, CUV, CR);
  feMul(CX, CX, CW); // √(uv)
  feMul(CA, CT, CZ); // 1/v
  feMul(CX, CX, CA); // x = √(uv)/v
  const sign = <i32>(load<u8>(s, 31) >> 7);
  feNeg(CA, CX);
  feCmov(CX, CA, <i64>(feIsNegative(CX) ^ sign));
  // X8 = ρ·Xs with ρ = x·v; 1/Z = v·(1/(vZ))
  feMul(CA, CX, CV);
  feMul(CXS, CXS, CA);
  feMul(CT, CT, CV); // 1/Z
  feMul(CXS, CXS, CT);
  feMul(CY, CY, CT);
  feToBytes(out, CY);
  store<u8>(out, load<u8>(out, 31) | <u8>(feIsNegative(CXS) << 7), 31);
  return 1;
}

const DU = scratch(FE), DV = scratch(FE), DUV = scratch(FE), DW = scratch(FE), DA = scratch(FE), DR = scratch(FE), DT = scratch(FE), DX = scratch(FE);
/**
 * Decodes s into p (ge25519_frombytes rules, as p3FromBytes) and, sharing its one
 * exponentiation, writes 1/z to zinv (z ≠ 0): with u = y² − 1, v = d·y² + 1 and
 * r = 1/√(u·v·(v·z)²), 1/(v·z) = r²·u·v·(v·z) and √(u·v) = u·v·r·(v·z), so x = √(u·v)/v and
 * 1/z follow by multiplications. Returns 0 (zinv unset) when s does not decode.
 */
export function decodeWithInverse(p: usize, s: usize, z: usize, zinv: usize): i32 {
  feFromBytes(p + 80, s);
  feSq(DU, p + 80);
  feMul(DV, DU, D);
  feOne(DT);
  feSub(DU, DU, DT); // u
  feAdd(DV, DV, DT); // v
  feOne(p + 160);
  if (feIsZero(DU)) {
    // x = 0 (y = ±1): decodes whatever the sign bit
    feZero(p);
    feZero(p + 240);
    feInvert(zinv, z);
    return 1;
  }
  feMul(DUV, DU, DV);
  feMul(DW, DV, z); // v·z
  feSq(DA, DW);
  feMul(DA, DA, DUV); // a = u·v·(v·z)²
  feSq(DT, DA);
  feMul(DT, DT, DA); // a³
  feSq(DR, DT);
  feMul(DR, DR, DA); // a⁷
  fePow22523(DR, DR);
  feMul(DR, DR, DT); // a³·(a⁷)^((p−5)/8)
  feSq(DT, DR);
  feMul(DT, DT, DA); // a·r²
  feOne(DX);
  if (!feEqual(DT, DX)) {
    feNeg(DX, DX);
    if (!feEqual(DT, DX)) return 0;
    feMul(DR, DR, SQRTM1);
  }
  feSq(DT, DR);
  feMul(DT, DT, DUV);
  feMul(DT, DT, DW); // 1/(v·z)
  feMul(zinv, DT, DV); // 1/z
  feMul(DX, DUV, DR);
  feMul(DX, DX, DW); // √(u·v)
  feMul(DA, DT, z); // 1/v
  feMul(p, DX, DA); // x
  const sign = <i32>(load<u8>(s, 31) >> 7);
  feNeg(DA, p);
  feCmov(p, DA, <i64>(feIsNegative(p) ^ sign));
  feMul(p + 240, p, p + 80);
  return 1;
}
