// Batch verification of draft-13 batch-compatible proofs (variable time: all inputs public).
// The argument that makes it agree with single verification is in src/vrf/batch.ts; this
// file does the group work: decoding, hash-to-curve, the torsion screen and the
// multi-scalar multiplication (Pippenger's bucket method with signed digits).
import { FE, D2, BASE_X, BASE_Y, scratch, feMul, feInvert, feCopy, feOne, feAdd, feSub } from './field';
import {
  P3, P1P1, CACHED, PRECOMP, p3Zero, p3Copy, p3FromBytes, p3ToBytesWithInverse, p3DblN, p3ToCached, p3ToP2,
  p3AddCached, p3SubCached, geAdd, geSub, geMadd, geMsub, p1p1ToP3, p1p1ToP2, p2Dbl, p3IsIdentity, p3Neg, p3Add,
} from './point';
import { fromHash } from './maps';
import { initBase, oddMultiples } from './mults';
import { scMulAdd } from './scalarmod';
import { slide } from './scalar';
import { shaInit, shaUpdate, shaFinal } from './sha512';

/** Per-item input record: Y, Γ, U, V, s, t, u (48), z (16), w (16), c (16). */
export const IN_REC: usize = 320;
const IN_Y: usize = 0, IN_G: usize = 32, IN_U: usize = 64, IN_V: usize = 96, IN_S: usize = 128, IN_T: usize = 160;
const IN_H: usize = 192, IN_Z: usize = 240, IN_W: usize = 256, IN_C: usize = 272;
/** Per-item output record: enc(H), enc(8Γ). */
export const OUT_REC: usize = 64;
/** Torsion-screen trials: each misses a bad point with probability at most 1/2. */
export const TRIALS: i32 = 100;
/** Points per block of the screen's subset sums. */
const BLOCK: i32 = 6;

let n: i32 = 0;
let inPtr: usize = 0, outPtr: usize = 0, statusPtr: usize = 0, ptsPtr: usize = 0, g8Ptr: usize = 0;
let zPtr: usize = 0, prefPtr: usize = 0, randPtr: usize = 0;
let mPre: usize = 0, mPt: usize = 0, mSc: usize = 0, mDig: usize = 0, bucketPtr: usize = 0, usedPtr: usize = 0;
let wPtr: usize = 0, tabP: usize = 0, tabC: usize = 0, accPtr: usize = 0;
let arenaEnd: usize = 0;

function align(p: usize): usize {
  return (p + 63) & ~63;
}
function ensure(end: usize): void {
  const have = <usize>memory.size() << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) unreachable();
  }
}

/** Window width for a multi-scalar multiplication of count points. */
function windowFor(count: i32): i32 {
  if (count < 16) return 3;
  if (count < 64) return 5;
  if (count < 256) return 6;
  if (count < 1024) return 7;
  if (count < 4096) return 8;
  if (count < 16384) return 9;
  return 10;
}

/** Number of random bytes the screen needs for `count` items: one per (trial, block). */
function screenBytes(count: i32): i32 {
  return TRIALS * ((2 * count + BLOCK - 1) / BLOCK);
}

/** Lays out the arena for `count` items; returns the input area (count × IN_REC bytes). */
export function batchBegin(count: i32): usize {
  n = count;
  const base = align(__heap_base);
  inPtr = base;
  outPtr = align(inPtr + <usize>n * IN_REC);
  statusPtr = align(outPtr + <usize>n * OUT_REC);
  ptsPtr = align(statusPtr + <usize>n);
  g8Ptr = align(ptsPtr + <usize>n * 5 * P3);
  zPtr = align(g8Ptr + <usize>n * P3);
  prefPtr = align(zPtr + <usize>(2 * n) * FE);
  randPtr = align(prefPtr + <usize>(2 * n) * FE);
  const N = 5 * n + 1;
  const c = windowFor(N);
  const windows = 256 / c + 2;
  mPre = align(randPtr + <usize>screenBytes(n));
  mPt = align(mPre + <usize>N * PRECOMP);
  mSc = align(mPt + <usize>N * P3);
  mDig = align(mSc + <usize>N * 32);
  bucketPtr = align(mDig + <usize>(N * windows) * 2);
  usedPtr = align(bucketPtr + (<usize>1 << <usize>(c - 1)) * P3);
  wPtr = align(usedPtr + (<usize>1 << <usize>(c - 1)) + 1);
  tabP = align(wPtr + <usize>(2 * n) * P3);
  tabC = align(tabP + (<usize>1 << <usize>BLOCK) * P3);
  accPtr = align(tabC + (<usize>1 << <usize>BLOCK) * CACHED);
  arenaEnd = align(accPtr + <usize>TRIALS * P3);
  ensure(arenaEnd);
  memory.fill(inPtr, 0, <usize>n * IN_REC);
  return inPtr;
}
/** The output area (count × OUT_REC bytes). */
export function batchOut(): usize {
  return outPtr;
}
/** The per-item status bytes (1 = every point decoded). */
export function batchStatus(): usize {
  return statusPtr;
}
/** Where the screen's random bytes go (batchRandomBytes() of them). */
export function batchRandom(): usize {
  return randPtr;
}
/** How many random bytes the screen reads. */
export function batchRandomBytes(): i32 {
  return screenBytes(n);
}

@inline function pt(i: i32, k: i32): usize {
  return ptsPtr + (<usize>(i * 5 + k)) * P3;
}

const ZI = scratch(FE), INV = scratch(FE), TMP = scratch(FE);
/**
 * Phase 1: decodes Y, Γ, U, V of every item (status 0 when one does not), maps u to H,
 * computes 8Γ, and writes enc(H) and enc(8Γ) with one shared inversion. H becomes affine.
 * Returns the number of items with status 0.
 */
export function batchPhase1(): i32 {
  let failed = 0;
  let m = 0; // number of Z values queued
  for (let i = 0; i < n; i++) {
    const rec = inPtr + <usize>i * IN_REC;
    let ok = p3FromBytes(pt(i, 0), rec + IN_Y);
    ok &= p3FromBytes(pt(i, 1), rec + IN_G);
    ok &= p3FromBytes(pt(i, 2), rec + IN_U);
    ok &= p3FromBytes(pt(i, 3), rec + IN_V);
    store<u8>(statusPtr + <usize>i, <u8>ok);
    if (!ok) {
      failed++;
      continue;
    }
    fromHash(pt(i, 4), rec + IN_H);
    const g8 = g8Ptr + <usize>i * P3;
    p3Copy(g8, pt(i, 1));
    p3DblN(g8, 3);
    feCopy(zPtr + <usize>m * FE, pt(i, 4) + 160);
    feCopy(zPtr + <usize>(m + 1) * FE, g8 + 160);
    m += 2;
  }
  if (m == 0) return failed;
  // Montgomery's simultaneous inversion
  feCopy(prefPtr, zPtr);
  for (let j = 1; j < m; j++) feMul(prefPtr + <usize>j * FE, prefPtr + <usize>(j - 1) * FE, zPtr + <usize>j * FE);
  feInvert(INV, prefPtr + <usize>(m - 1) * FE);
  for (let j = m - 1; j >= 1; j--) {
    feMul(TMP, INV, prefPtr + <usize>(j - 1) * FE); // 1/z_j
    feMul(INV, INV, zPtr + <usize>j * FE);
    feCopy(zPtr + <usize>j * FE, TMP);
  }
  feCopy(zPtr, INV);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (!load<u8>(statusPtr + <usize>i)) continue;
    const h = pt(i, 4);
    const zh = zPtr + <usize>j * FE;
    const zg = zPtr + <usize>(j + 1) * FE;
    p3ToBytesWithInverse(outPtr + <usize>i * OUT_REC, h, zh);
    p3ToBytesWithInverse(outPtr + <usize>i * OUT_REC + 32, g8Ptr + <usize>i * P3, zg);
    // H affine
    feMul(h, h, zh);
    feMul(h + 80, h + 80, zh);
    feOne(h + 160);
    feMul(h + 240, h, h + 80);
    j += 2;
  }
  return failed;
}

const ZERO32 = memory.data(32, 16);
const CH_PRE: usize = memory.data<u8>([0x04, 0x02, 0x00]);
const DIGEST = memory.data(64, 16), CH32 = memory.data(32, 16);
const MINUS_ONE: usize = memory.data<u8>([
  0xec, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);
/**
 * After phase 1: the draft-13 challenge of every item with status 1,
 * c = SHA-512(0x04 ‖ 0x02 ‖ Y ‖ H ‖ Γ ‖ U ‖ V ‖ 0x00)[0..16], written to the record's c, and
 * t = (−c) mod L to its t (as challengeDraft13 and negateScalar compute them).
 */
export function batchChallenges(): void {
  for (let i = 0; i < n; i++) {
    if (!load<u8>(statusPtr + <usize>i)) continue;
    const rec = inPtr + <usize>i * IN_REC;
    shaInit();
    shaUpdate(CH_PRE, 2);
    shaUpdate(rec + IN_Y, 32);
    shaUpdate(outPtr + <usize>i * OUT_REC, 32);
    shaUpdate(rec + IN_G, 96); // Γ, U, V
    shaUpdate(CH_PRE + 2, 1);
    shaFinal(DIGEST);
    memory.fill(CH32, 0, 32);
    memory.copy(CH32, DIGEST, 16);
    memory.copy(rec + IN_C, DIGEST, 16);
    scMulAdd(rec + IN_T, MINUS_ONE, CH32, ZERO32);
  }
}

// ---- torsion screen -------------------------------------------------------------------------

const SM = scratch(P3), SC2 = scratch(CACHED), R1 = scratch(P1P1);
/** out = m·p for 0 ≤ m < 8 (variable time). */
function smallMul(out: usize, p: usize, m: i32): void {
  p3Zero(out);
  p3ToCached(SC2, p);
  for (let b = 2; b >= 0; b--) {
    p3DblN(out, 1);
    if ((m >> b) & 1) p3AddCached(out, SC2);
  }
}

const L_NAF = scratch(257), L_BYTES = memory.data<u8>([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);
const LT = memory.data(8 * 320, 16), LACC = scratch(P3), LP2 = scratch(P3);
/** 1 when L·p is the identity, i.e. p lies in the prime-order subgroup (variable time). */
function inPrimeSubgroup(p: usize): i32 {
  oddMultiples(LT, p);
  let i = 256;
  while (i >= 0 && load<i8>(L_NAF + <usize>i) == 0) i--;
  p3Zero(LACC);
  p3ToP2(LP2, LACC);
  for (; i >= 0; i--) {
    p2Dbl(R1, LP2);
    const d = <i32>load<i8>(L_NAF + <usize>i);
    if (d != 0) {
      p1p1ToP3(LACC, R1);
      if (d > 0) geAdd(R1, LACC, LT + <usize>(d >> 1) * 320);
      else geSub(R1, LACC, LT + <usize>((-d) >> 1) * 320);
    }
    p1p1ToP2(LP2, R1);
  }
  p1p1ToP3(LACC, R1);
  return p3IsIdentity(LACC);
}

/**
 * The torsion screen over W = {A_i, C_i}: TRIALS random subset sums S_k, each tested for
 * membership in the prime-order subgroup. Returns 1 when every S_k passes.
 */
function screen(count: i32): i32 {
  for (let k = 0; k < TRIALS; k++) p3Zero(accPtr + <usize>k * P3);
  const blocks = (count + BLOCK - 1) / BLOCK;
  for (let bl = 0; bl < blocks; bl++) {
    const first = bl * BLOCK;
    const size = min(BLOCK, count - first);
    const entries = 1 << size;
    // subset sums of this block: tabP[mask] (P3) and tabC[mask] (CACHED)
    p3Zero(tabP);
    for (let mask = 1; mask < entries; mask++) {
      const low = mask & -mask;
      const idx = ctz(low);
      const prev = mask ^ low;
      const tp = tabP + <usize>mask * P3;
      if (prev == 0) p3Copy(tp, wPtr + <usize>(first + idx) * P3);
      else {
        p3Copy(tp, tabP + <usize>prev * P3);
        p3Add(tp, wPtr + <usize>(first + idx) * P3);
      }
      p3ToCached(tabC + <usize>mask * CACHED, tp);
    }
    for (let k = 0; k < TRIALS; k++) {
      const mask = <i32>load<u8>(randPtr + <usize>(k * blocks + bl)) & (entries - 1);
      if (mask != 0) p3AddCached(accPtr + <usize>k * P3, tabC + <usize>mask * CACHED);
    }
  }
  for (let k = 0; k < TRIALS; k++) {
    if (!inPrimeSubgroup(accPtr + <usize>k * P3)) return 0;
  }
  return 1;
}

// ---- multi-scalar multiplication ------------------------------------------------------------

const MSM_ACC = scratch(P3), RUN = scratch(P3), SUM = scratch(P3), RES = scratch(P3), MC = scratch(CACHED);
/**
 * out = Σ sc_j·pt_j over `count` points given as PRECOMP (mPre) and affine P3 (mPt) with
 * 32-byte scalars (mSc), by Pippenger's bucket method with signed c-bit digits.
 */
function msm(out: usize, count: i32): void {
  const c = windowFor(count);
  const windows = 256 / c + 2;
  const half = 1 << (c - 1);
  // signed digits, digit[j][w] in [-half, half]
  for (let j = 0; j < count; j++) {
    const s = mSc + <usize>j * 32;
    let carry = 0;
    for (let w = 0; w < windows; w++) {
      const bit = w * c;
      let v = 0;
      if (bit < 256) {
        const byte = bit >> 3;
        let word: u64 = 0;
        for (let k = 0; k < 3; k++) if (byte + k < 32) word |= (<u64>load<u8>(s + <usize>(byte + k))) << (<u64>(8 * k));
        v = <i32>((word >> (<u64>(bit & 7))) & (<u64>((1 << c) - 1)));
      }
      v += carry;
      if (v > half) {
        v -= 1 << c;
        carry = 1;
      } else carry = 0;
      store<i16>(mDig + <usize>(j * windows + w) * 2, <i16>v);
    }
  }
  p3Zero(RES);
  for (let w = windows - 1; w >= 0; w--) {
    if (w != windows - 1) p3DblN(RES, c);
    memory.fill(usedPtr, 0, <usize>half + 1);
    for (let j = 0; j < count; j++) {
      const d = <i32>load<i16>(mDig + <usize>(j * windows + w) * 2);
      if (d == 0) continue;
      const a = d > 0 ? d : -d;
      const b = bucketPtr + <usize>(a - 1) * P3;
      if (!load<u8>(usedPtr + <usize>a)) {
        p3Copy(b, mPt + <usize>j * P3);
        if (d < 0) p3Neg(b);
        store<u8>(usedPtr + <usize>a, 1);
      } else {
        if (d > 0) geMadd(R1, b, mPre + <usize>j * PRECOMP);
        else geMsub(R1, b, mPre + <usize>j * PRECOMP);
        p1p1ToP3(b, R1);
      }
    }
    // running sums: Σ a·bucket[a] = Σ_{a} (Σ_{b ≥ a} bucket[b])
    p3Zero(RUN);
    p3Zero(SUM);
    let any = false;
    for (let a = half; a >= 1; a--) {
      if (load<u8>(usedPtr + <usize>a)) {
        p3Add(RUN, bucketPtr + <usize>(a - 1) * P3);
        any = true;
      }
      if (any) p3Add(SUM, RUN);
    }
    p3Add(RES, SUM);
  }
  p3Copy(out, RES);
}

const SB = scratch(32), WW = scratch(32), CC = scratch(32);
/** Appends point p (affine P3, Z = 1) with scalar s to the MSM input at index j. */
function msmPut(j: i32, p: usize, s: usize, negate: bool): void {
  const q = mPt + <usize>j * P3;
  p3Copy(q, p);
  if (negate) p3Neg(q);
  const pre = mPre + <usize>j * PRECOMP;
  feAdd(pre, q + 80, q);
  feSub(pre + 80, q + 80, q);
  feMul(pre + 160, q + 240, D2);
  memory.copy(mSc + <usize>j * 32, s, 32);
}

const WS = scratch(32), BASEPT = scratch(P3), BSUM = scratch(32);
/**
 * Phase 2 (after the caller wrote t, z, w into the input records and the random bytes):
 * screen, then check 8·Σ_i [z_i·(s_i·B + t_i·Y_i − U_i) + w_i·(s_i·H_i + t_i·Γ_i − V_i)] = O.
 * Returns 1 when the batch is accepted. Items with status 0 are left out.
 */
export function batchPhase2(): i32 {
  initBase();
  slide(L_NAF, L_BYTES, 15, 4);
  // torsion witnesses A_i = (t_i mod 8)·Y_i − U_i, C_i = (t_i mod 8)·Γ_i − V_i
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!load<u8>(statusPtr + <usize>i)) continue;
    const rec = inPtr + <usize>i * IN_REC;
    const m = <i32>(load<u8>(rec + IN_T) & 7);
    const a = wPtr + <usize>(2 * count) * P3;
    const cc = wPtr + <usize>(2 * count + 1) * P3;
    smallMul(a, pt(i, 0), m);
    p3ToCached(MC, pt(i, 2));
    p3SubCached(a, MC);
    smallMul(cc, pt(i, 1), m);
    p3ToCached(MC, pt(i, 3));
    p3SubCached(cc, MC);
    count++;
  }
  if (count == 0) return 1;
  if (!screen(2 * count)) return 0;
  // MSM inputs; 16-byte z, w zero-extended to 32 bytes
  memory.fill(BSUM, 0, 32);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (!load<u8>(statusPtr + <usize>i)) continue;
    const rec = inPtr + <usize>i * IN_REC;
    memory.fill(WS, 0, 32);
    memory.copy(WS, rec + IN_Z, 16);
    const z = WS;
    memory.fill(WW, 0, 32);
    memory.copy(WW, rec + IN_W, 16);
    const w = WW;
    memory.fill(CC, 0, 32);
    memory.copy(CC, rec + IN_C, 16);
    // t ≡ −c (mod L), and z·c < 2^228 < L comes back unreduced: the short scalar z·c on −Y
    // replaces z·t on Y (equal times 8, as every scalar here only matters mod L).
    scMulAdd(BSUM, z, rec + IN_S, BSUM); // Σ z_i·s_i
    scMulAdd(SB, z, CC, ZERO32);
    msmPut(j++, pt(i, 0), SB, true); // z·c·(−Y)
    msmPut(j++, pt(i, 2), z, true); // z·(−U)
    scMulAdd(SB, w, rec + IN_S, ZERO32);
    msmPut(j++, pt(i, 4), SB, false); // w·s·H
    scMulAdd(SB, w, CC, ZERO32);
    msmPut(j++, pt(i, 1), SB, true); // w·c·(−Γ)
    msmPut(j++, pt(i, 3), w, true); // w·(−V)
  }
  feCopy(BASEPT, BASE_X);
  feCopy(BASEPT + 80, BASE_Y);
  feOne(BASEPT + 160);
  feMul(BASEPT + 240, BASE_X, BASE_Y);
  msmPut(j++, BASEPT, BSUM, false); // (Σ z·s)·B
  msm(MSM_ACC, j);
  p3DblN(MSM_ACC, 3);
  return p3IsIdentity(MSM_ACC);
}
