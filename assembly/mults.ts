// Scalar multiplications: the prover's (constant time in the scalars: fixed sequences of
// doublings and additions, table entries chosen by masked scans) and the verifier's
// (variable time: sliding windows, Straus' shared doublings).
import { FE, BASE_X, BASE_Y, scratch, feOne, feMul, feCopy, feInvert, feAdd, feSub, feCmov, feNeg } from './field';
import {
  P3, P2, P1P1, CACHED, PRECOMP, p3Zero, p3ToP2, p3ToCached, p1p1ToP2, p1p1ToP3, p2Dbl, geAdd, geSub, geMadd, geMsub,
  p3DblN, p3Add, p3AddCached, p3AddPrecomp, cachedZero, precompZero, cachedCneg, precompCneg, p3Copy,
} from './point';
import { D2 } from './field';
import { recodeRadix16, slide, ctEq } from './scalar';

// ---- fixed base B ------------------------------------------------------------------------

/** base[i][j] = (j+1)·256^i·B as PRECOMP, 32 × 8 entries (ref10 layout). */
const BASE_TABLE: usize = memory.data(32 * 8 * 240, 16);
/** Odd multiples B, 3B, ..., 127B as PRECOMP for the verifier's sliding window. */
const BASE_ODD: usize = memory.data(64 * 240, 16);
/** 2^255·B as CACHED (for scalars with bit 255 set). */
const BASE_2_255: usize = memory.data(320, 16);
let baseReady = false;

const ZI = scratch(FE), AX = scratch(FE), AY = scratch(FE);
/** Writes p (P3) as PRECOMP (y+x, y-x, 2d·x·y) to c. */
function p3ToPrecomp(c: usize, p: usize): void {
  feInvert(ZI, p + 160);
  feMul(AX, p, ZI);
  feMul(AY, p + 80, ZI);
  feAdd(c, AY, AX);
  feSub(c + 80, AY, AX);
  feMul(c + 160, AX, AY);
  feMul(c + 160, c + 160, D2);
}

const BP = scratch(P3), BQ = scratch(P3), BR = scratch(P3);
/** Builds the base-point tables (once, at first use). */
export function initBase(): void {
  if (baseReady) return;
  // B itself
  feCopy(BP, BASE_X);
  feCopy(BP + 80, BASE_Y);
  feOne(BP + 160);
  feMul(BP + 240, BASE_X, BASE_Y);
  // odd multiples for the sliding window
  p3Copy(BQ, BP);
  p3Copy(BR, BP);
  p3DblN(BR, 1); // 2B
  for (let i: usize = 0; i < 64; i++) {
    p3ToPrecomp(BASE_ODD + i * 240, BQ);
    p3Add(BQ, BR);
  }
  // ref10 comb table
  for (let i: usize = 0; i < 32; i++) {
    p3Copy(BQ, BP);
    for (let j: usize = 0; j < 8; j++) {
      p3ToPrecomp(BASE_TABLE + (i * 8 + j) * 240, BQ);
      p3Add(BQ, BP);
    }
    p3DblN(BP, 8);
  }
  // after 32 rounds BP = 2^256·B; we want 2^255·B: recompute from B.
  feCopy(BQ, BASE_X);
  feCopy(BQ + 80, BASE_Y);
  feOne(BQ + 160);
  feMul(BQ + 240, BASE_X, BASE_Y);
  p3DblN(BQ, 255);
  p3ToCached(BASE_2_255, BQ);
  baseReady = true;
}

const SEL = scratch(PRECOMP), SELC = scratch(CACHED);
/** SEL = b·base[pos] (b in [-8, 8]), constant time. */
function selectBase(pos: usize, b: i32): void {
  const neg = <i64>((b >> 31) & 1);
  const abs = b - ((-(<i32>neg) & b) << 1);
  ctLookup(SEL, BASE_TABLE + pos * 8 * 240, 240, abs, 2);
  precompCneg(SEL, neg);
}

/**
 * out = table[index - 1] (8 entries of `stride` bytes), or the identity when index = 0, by
 * reading every entry under a mask (two i64 limbs per SIMD lane pair); `ones` is how many
 * leading field elements of the identity are 1 (2 for PRECOMP, 3 for CACHED).
 */
function ctLookup(out: usize, table: usize, stride: usize, index: i32, ones: i32): void {
  const lanes = stride >> 4;
  const m0 = i64x2.splat(-ctEq(index, 1));
  const m1 = i64x2.splat(-ctEq(index, 2));
  const m2 = i64x2.splat(-ctEq(index, 3));
  const m3 = i64x2.splat(-ctEq(index, 4));
  const m4 = i64x2.splat(-ctEq(index, 5));
  const m5 = i64x2.splat(-ctEq(index, 6));
  const m6 = i64x2.splat(-ctEq(index, 7));
  const m7 = i64x2.splat(-ctEq(index, 8));
  for (let l: usize = 0; l < lanes; l++) {
    const e = table + (l << 4);
    let acc = v128.and(v128.load(e), m0);
    acc = v128.or(acc, v128.and(v128.load(e + stride), m1));
    acc = v128.or(acc, v128.and(v128.load(e + 2 * stride), m2));
    acc = v128.or(acc, v128.and(v128.load(e + 3 * stride), m3));
    acc = v128.or(acc, v128.and(v128.load(e + 4 * stride), m4));
    acc = v128.or(acc, v128.and(v128.load(e + 5 * stride), m5));
    acc = v128.or(acc, v128.and(v128.load(e + 6 * stride), m6));
    acc = v128.or(acc, v128.and(v128.load(e + 7 * stride), m7));
    v128.store(out + (l << 4), acc);
  }
  const z = ctEq(index, 0);
  for (let k: usize = 0; k < <usize>ones; k++) store<i64>(out + k * 80, load<i64>(out + k * 80) | z);
}

const DIG = scratch(64), KB = scratch(32), R1 = scratch(P1P1), R2 = scratch(P2);
/** Zeroes the prover's secret-dependent scratch (digits, accumulators, selected entries). */
export function wipeMults(): void {
  memory.fill(DIG, 0, 64);
  memory.fill(KB, 0, 32);
  memory.fill(R1, 0, P1P1);
  memory.fill(R2, 0, P2);
  memory.fill(SEL, 0, PRECOMP);
  memory.fill(SELC, 0, CACHED);
}

/** h = a·B for any 32-byte a, constant time in a (ref10 ge_scalarmult_base + a masked 2^255·B). */
export function scalarMultBase(h: usize, a: usize): void {
  initBase();
  memory.copy(KB, a, 32);
  const top = <i64>(load<u8>(KB, 31) >> 7);
  store<u8>(KB, load<u8>(KB, 31) & 0x7f, 31);
  recodeRadix16(DIG, KB);
  p3Zero(h);
  for (let i: usize = 1; i < 64; i += 2) {
    selectBase(i >> 1, <i32>load<i8>(DIG + i));
    geMadd(R1, h, SEL);
    p1p1ToP3(h, R1);
  }
  p3DblN(h, 4);
  for (let i: usize = 0; i < 64; i += 2) {
    selectBase(i >> 1, <i32>load<i8>(DIG + i));
    geMadd(R1, h, SEL);
    p1p1ToP3(h, R1);
  }
  // + top·2^255·B, masked
  cachedZero(SELC);
  feCmov(SELC, BASE_2_255, top);
  feCmov(SELC + 80, BASE_2_255 + 80, top);
  feCmov(SELC + 160, BASE_2_255 + 160, top);
  feCmov(SELC + 240, BASE_2_255 + 240, top);
  p3AddCached(h, SELC);
  memory.fill(KB, 0, 32);
  memory.fill(DIG, 0, 64);
}

// ---- variable base, constant time (the prover's x·H and k·H) -----------------------------

/** tables[j][m] = (m+1)·2^(64j)·H as CACHED, j = 0..3, m = 0..7. */
const HTAB: usize = memory.data(4 * 8 * 320, 16);
const HJ = scratch(P3), HM = scratch(P3), H2 = scratch(P3);

/** Fills HTAB for the point h (P3, public). */
export function buildFixedWindowTables(h: usize): void {
  buildTables(h, 4);
}

/** Fills the first `count` tables of HTAB for h. */
function buildTables(h: usize, count: usize): void {
  p3Copy(HJ, h);
  for (let j: usize = 0; j < count; j++) {
    if (j > 0) p3DblN(HJ, 64);
    const t = HTAB + j * 8 * 320;
    p3ToCached(t, HJ); // 1
    p3Copy(H2, HJ); p3DblN(H2, 1); p3ToCached(t + 320, H2); // 2
    p3Copy(HM, H2); p3AddCached(HM, t); p3ToCached(t + 2 * 320, HM); // 3
    p3DblN(H2, 1); p3ToCached(t + 3 * 320, H2); // 4
    p3Copy(HM, H2); p3AddCached(HM, t); p3ToCached(t + 4 * 320, HM); // 5
    p3AddCached(HM, t); p3ToCached(t + 5 * 320, HM); // 6
    p3AddCached(HM, t); p3ToCached(t + 6 * 320, HM); // 7
    p3DblN(H2, 1); p3ToCached(t + 7 * 320, H2); // 8
  }
}

/**
 * out = a·h for one scalar a < 2^255 (constant time in a): one table of 1..8 multiples and
 * Horner over all 64 signed radix-16 digits. Cheaper than the shared four-table form when
 * there is a single scalar (the VRF output without a proof).
 */
export function singleWindowMult(out: usize, h: usize, a: usize): void {
  buildTables(h, 1);
  recodeRadix16(DIG, a);
  p3Zero(out);
  for (let i: i32 = 63; i >= 0; i--) {
    if (i != 63) {
      p3ToP2(R2, out);
      p2Dbl(R1, R2); p1p1ToP2(R2, R1);
      p2Dbl(R1, R2); p1p1ToP2(R2, R1);
      p2Dbl(R1, R2); p1p1ToP2(R2, R1);
      p2Dbl(R1, R2); p1p1ToP3(out, R1);
    }
    selectH(0, <i32>load<i8>(DIG + <usize>i));
    geAdd(R1, out, SELC);
    if (i != 0) p1p1ToP2(out, R1);
    else p1p1ToP3(out, R1);
  }
  memory.fill(DIG, 0, 64);
  memory.fill(SELC, 0, 320);
}

/** SELC = b·HTAB[j] (b in [-8, 8]), constant time. */
function selectH(j: usize, b: i32): void {
  const neg = <i64>((b >> 31) & 1);
  const abs = b - ((-(<i32>neg) & b) << 1);
  ctLookup(SELC, HTAB + j * 8 * 320, 320, abs, 3);
  cachedCneg(SELC, neg);
}

/**
 * out = a·H using HTAB (buildFixedWindowTables(H) first); a < 2^255. Constant time in a:
 * a = Σ_j Σ_i e[16j+i]·16^i·2^(64j), Horner over i with four masked additions per step.
 */
export function fixedWindowMult(out: usize, a: usize): void {
  recodeRadix16(DIG, a);
  p3Zero(out);
  for (let i: i32 = 15; i >= 0; i--) {
    if (i != 15) {
      p3ToP2(R2, out);
      p2Dbl(R1, R2); p1p1ToP2(R2, R1);
      p2Dbl(R1, R2); p1p1ToP2(R2, R1);
      p2Dbl(R1, R2); p1p1ToP2(R2, R1);
      p2Dbl(R1, R2); p1p1ToP3(out, R1);
    }
    for (let j: usize = 0; j < 4; j++) {
      selectH(j, <i32>load<i8>(DIG + j * 16 + <usize>i));
      geAdd(R1, out, SELC);
      // before the next window's doublings projective coordinates suffice (T is not read)
      if (j == 3 && i != 0) p1p1ToP2(out, R1);
      else p1p1ToP3(out, R1);
    }
  }
  memory.fill(DIG, 0, 64);
  memory.fill(SELC, 0, 320);
}

// ---- verification: variable time ----------------------------------------------------------

const NAF_A = scratch(257), NAF_B = scratch(257);
const TAB_P = memory.data(8 * 320, 16), TAB_Q = memory.data(8 * 320, 16);
const W2 = scratch(P3), WC = scratch(CACHED), WT = scratch(P3);

/** tab[i] = (2i+1)·p as CACHED, i = 0..7. */
export function oddMultiples(tab: usize, p: usize): void {
  p3Copy(W2, p);
  p3DblN(W2, 1);
  p3ToCached(WC, W2);
  p3Copy(WT, p);
  p3ToCached(tab, WT);
  for (let i: usize = 1; i < 8; i++) {
    p3AddCached(WT, WC);
    p3ToCached(tab + i * 320, WT);
  }
}

const ACC = scratch(P3);
/** out (P2) = a·B + b·P (variable time; a, b 32-byte scalars < 2^256). */
export function doubleMultBaseVartime(out: usize, a: usize, b: usize, p: usize): void {
  initBase();
  slide(NAF_A, a, 127, 7);
  slide(NAF_B, b, 15, 4);
  oddMultiples(TAB_P, p);
  straus(out, BASE_ODD, true, TAB_P);
}
/** out (P2) = a·P + b·Q (variable time). */
export function doubleMultVartime(out: usize, a: usize, p: usize, b: usize, q: usize): void {
  slide(NAF_A, a, 15, 4);
  slide(NAF_B, b, 15, 4);
  oddMultiples(TAB_P, p);
  oddMultiples(TAB_Q, q);
  straus(out, TAB_P, false, TAB_Q);
}

function straus(out: usize, tabA: usize, aIsPrecomp: bool, tabB: usize): void {
  let i: i32 = 256;
  while (i >= 0 && load<i8>(NAF_A + i) == 0 && load<i8>(NAF_B + i) == 0) i--;
  p3Zero(ACC);
  p3ToP2(R2, ACC);
  for (; i >= 0; i--) {
    p2Dbl(R1, R2);
    const da = <i32>load<i8>(NAF_A + i);
    const db = <i32>load<i8>(NAF_B + i);
    if (da != 0) {
      p1p1ToP3(ACC, R1);
      if (aIsPrecomp) {
        if (da > 0) geMadd(R1, ACC, tabA + <usize>(da >> 1) * 240);
        else geMsub(R1, ACC, tabA + <usize>((-da) >> 1) * 240);
      } else {
        if (da > 0) geAdd(R1, ACC, tabA + <usize>(da >> 1) * 320);
        else geSub(R1, ACC, tabA + <usize>((-da) >> 1) * 320);
      }
    }
    if (db != 0) {
      p1p1ToP3(ACC, R1);
      if (db > 0) geAdd(R1, ACC, tabB + <usize>(db >> 1) * 320);
      else geSub(R1, ACC, tabB + <usize>((-db) >> 1) * 320);
    }
    p1p1ToP2(R2, R1);
  }
  memory.copy(out, R2, P2);
}
