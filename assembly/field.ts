// Field arithmetic mod p = 2^255 - 19 in radix 2^25.5: ten signed limbs of 26, 25, 26, 25...
// bits, each kept in an i64 (80 bytes per element). Products are i64 sums; carries round
// to the nearest multiple (limbs end in [-2^25, 2^25] / [-2^24, 2^24]). Bounds follow the
// classic ref10 analysis: a multiplication input may be a sum or difference of up to three
// carried elements. Every function takes pointers into linear memory; outputs may alias inputs.
// Nothing here branches on or indexes by element values except the *Vartime helpers.

/** Constant field element (limbs). */
export const D: usize = memory.data<i64>([56195235, 13857412, 51736253, 6949390, 114729, 24766616, 60832955, 30306712, 48412415, 21499315]);
/** Constant field element (limbs). */
export const D2: usize = memory.data<i64>([45281625, 27714825, 36363642, 13898781, 229458, 15978800, 54557047, 27058993, 29715967, 9444199]);
/** Constant field element (limbs). */
export const SQRTM1: usize = memory.data<i64>([34513072, 25610706, 9377949, 3500415, 12389472, 33281959, 41962654, 31548777, 326685, 11406482]);
/** Constant field element (limbs). */
export const MONT_A: usize = memory.data<i64>([486662, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
/** Constant field element (limbs). */
export const SQRT_M486664: usize = memory.data<i64>([54885894, 25242303, 55597453, 9067496, 51808079, 33312638, 25456129, 14121551, 54921728, 3972023]);
/** Constant field element (limbs). */
export const BASE_X: usize = memory.data<i64>([52811034, 25909283, 16144682, 17082669, 27570973, 30858332, 40966398, 8378388, 20764389, 8758491]);
/** Constant field element (limbs). */
export const BASE_Y: usize = memory.data<i64>([40265304, 26843545, 13421772, 20132659, 26843545, 6710886, 53687091, 13421772, 40265318, 26843545]);

/** Bytes per field element. */
export const FE: usize = 80;

/** A bump allocator over static memory for the module's scratch elements. */
let scratchTop: usize = memory.data(65536, 16);
const scratchEnd: usize = scratchTop + 65536;
/** Reserves n bytes of static scratch (at module start only). */
export function scratch(n: usize): usize {
  const p = scratchTop;
  scratchTop += (n + 15) & ~15;
  if (scratchTop > scratchEnd) unreachable();
  return p;
}

const T0 = scratch(FE), T1 = scratch(FE), T2 = scratch(FE), T3 = scratch(FE);
const BYTES = scratch(32);

/** h = 0. */
export function feZero(h: usize): void {
  memory.fill(h, 0, FE);
}
/** h = 1. */
export function feOne(h: usize): void {
  memory.fill(h, 0, FE);
  store<i64>(h, 1);
}
/** h = f. */
export function feCopy(h: usize, f: usize): void {
  memory.copy(h, f, FE);
}
/** h = f + g (no carry). */
@inline export function feAdd(h: usize, f: usize, g: usize): void {
  store<i64>(h, load<i64>(f, 0) + load<i64>(g, 0), 0);
  store<i64>(h, load<i64>(f, 8) + load<i64>(g, 8), 8);
  store<i64>(h, load<i64>(f, 16) + load<i64>(g, 16), 16);
  store<i64>(h, load<i64>(f, 24) + load<i64>(g, 24), 24);
  store<i64>(h, load<i64>(f, 32) + load<i64>(g, 32), 32);
  store<i64>(h, load<i64>(f, 40) + load<i64>(g, 40), 40);
  store<i64>(h, load<i64>(f, 48) + load<i64>(g, 48), 48);
  store<i64>(h, load<i64>(f, 56) + load<i64>(g, 56), 56);
  store<i64>(h, load<i64>(f, 64) + load<i64>(g, 64), 64);
  store<i64>(h, load<i64>(f, 72) + load<i64>(g, 72), 72);
}
/** h = f - g (no carry). */
@inline export function feSub(h: usize, f: usize, g: usize): void {
  store<i64>(h, load<i64>(f, 0) - load<i64>(g, 0), 0);
  store<i64>(h, load<i64>(f, 8) - load<i64>(g, 8), 8);
  store<i64>(h, load<i64>(f, 16) - load<i64>(g, 16), 16);
  store<i64>(h, load<i64>(f, 24) - load<i64>(g, 24), 24);
  store<i64>(h, load<i64>(f, 32) - load<i64>(g, 32), 32);
  store<i64>(h, load<i64>(f, 40) - load<i64>(g, 40), 40);
  store<i64>(h, load<i64>(f, 48) - load<i64>(g, 48), 48);
  store<i64>(h, load<i64>(f, 56) - load<i64>(g, 56), 56);
  store<i64>(h, load<i64>(f, 64) - load<i64>(g, 64), 64);
  store<i64>(h, load<i64>(f, 72) - load<i64>(g, 72), 72);
}
/** h = -f (no carry). */
export function feNeg(h: usize, f: usize): void {
  for (let i: usize = 0; i < 80; i += 8) store<i64>(h + i, -load<i64>(f + i));
}
/** f = g when b = 1, unchanged when b = 0; constant time (b must be 0 or 1). */
export function feCmov(f: usize, g: usize, b: i64): void {
  const m = -b;
  for (let i: usize = 0; i < 80; i += 8) {
    const x = load<i64>(f + i);
    store<i64>(f + i, x ^ ((x ^ load<i64>(g + i)) & m));
  }
}
/** Carries f in place (limbs back to the carried range). */
export function feCarry(h: usize): void {
  let h0 = load<i64>(h, 0), h1 = load<i64>(h, 8), h2 = load<i64>(h, 16), h3 = load<i64>(h, 24), h4 = load<i64>(h, 32);
  let h5 = load<i64>(h, 40), h6 = load<i64>(h, 48), h7 = load<i64>(h, 56), h8 = load<i64>(h, 64), h9 = load<i64>(h, 72);
  let c: i64;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
  c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
  c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
  c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
  c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
  c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  store<i64>(h, h0, 0); store<i64>(h, h1, 8); store<i64>(h, h2, 16); store<i64>(h, h3, 24); store<i64>(h, h4, 32);
  store<i64>(h, h5, 40); store<i64>(h, h6, 48); store<i64>(h, h7, 56); store<i64>(h, h8, 64); store<i64>(h, h9, 72);
}
export function feMul(h: usize, f: usize, g: usize): void {
  const f0 = load<i64>(f, 0), f1 = load<i64>(f, 8), f2 = load<i64>(f, 16), f3 = load<i64>(f, 24), f4 = load<i64>(f, 32);
  const f5 = load<i64>(f, 40), f6 = load<i64>(f, 48), f7 = load<i64>(f, 56), f8 = load<i64>(f, 64), f9 = load<i64>(f, 72);
  const g0 = load<i64>(g, 0), g1 = load<i64>(g, 8), g2 = load<i64>(g, 16), g3 = load<i64>(g, 24), g4 = load<i64>(g, 32);
  const g5 = load<i64>(g, 40), g6 = load<i64>(g, 48), g7 = load<i64>(g, 56), g8 = load<i64>(g, 64), g9 = load<i64>(g, 72);
  const g1_19 = g1 * 19;
  const g2_19 = g2 * 19;
  const g3_19 = g3 * 19;
  const g4_19 = g4 * 19;
  const g5_19 = g5 * 19;
  const g6_19 = g6 * 19;
  const g7_19 = g7 * 19;
  const g8_19 = g8 * 19;
  const g9_19 = g9 * 19;
  const f1_2 = f1 * 2;
  const f3_2 = f3 * 2;
  const f5_2 = f5 * 2;
  const f7_2 = f7 * 2;
  const f9_2 = f9 * 2;
  let h0: i64 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19 + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
  let h1: i64 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19 + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
  let h2: i64 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19 + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
  let h3: i64 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19 + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
  let h4: i64 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0 + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
  let h5: i64 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
  let h6: i64 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2 + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
  let h7: i64 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
  let h8: i64 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4 + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
  let h9: i64 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;
  let c: i64;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
  c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
  c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
  c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
  c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
  c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  store<i64>(h, h0, 0); store<i64>(h, h1, 8); store<i64>(h, h2, 16); store<i64>(h, h3, 24); store<i64>(h, h4, 32);
  store<i64>(h, h5, 40); store<i64>(h, h6, 48); store<i64>(h, h7, 56); store<i64>(h, h8, 64); store<i64>(h, h9, 72);
}
/** h = f² mod p. */
export function feSq(h: usize, f: usize): void {
  const f0 = load<i64>(f, 0), f1 = load<i64>(f, 8), f2 = load<i64>(f, 16), f3 = load<i64>(f, 24), f4 = load<i64>(f, 32);
  const f5 = load<i64>(f, 40), f6 = load<i64>(f, 48), f7 = load<i64>(f, 56), f8 = load<i64>(f, 64), f9 = load<i64>(f, 72);
  const f0_2 = f0 * 2;
  const f1_2 = f1 * 2;
  const f1_4 = f1 * 4;
  const f2_2 = f2 * 2;
  const f3_2 = f3 * 2;
  const f3_4 = f3 * 4;
  const f4_2 = f4 * 2;
  const f5_2 = f5 * 2;
  const f5_19 = f5 * 19;
  const f6_2 = f6 * 2;
  const f6_19 = f6 * 19;
  const f7_2 = f7 * 2;
  const f7_19 = f7 * 19;
  const f7_38 = f7 * 38;
  const f8_2 = f8 * 2;
  const f8_19 = f8 * 19;
  const f9_2 = f9 * 2;
  const f9_19 = f9 * 19;
  const f9_38 = f9 * 38;
  let h0: i64 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5_2 * f5_19;
  let h1: i64 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
  let h2: i64 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
  let h3: i64 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
  let h4: i64 = f0_2 * f4 + f1_4 * f3 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7_2 * f7_19;
  let h5: i64 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
  let h6: i64 = f0_2 * f6 + f1_4 * f5 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
  let h7: i64 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
  let h8: i64 = f0_2 * f8 + f1_4 * f7 + f2_2 * f6 + f3_4 * f5 + f4 * f4 + f9_2 * f9_19;
  let h9: i64 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
  let c: i64;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
  c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
  c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
  c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
  c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
  c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  store<i64>(h, h0, 0); store<i64>(h, h1, 8); store<i64>(h, h2, 16); store<i64>(h, h3, 24); store<i64>(h, h4, 32);
  store<i64>(h, h5, 40); store<i64>(h, h6, 48); store<i64>(h, h7, 56); store<i64>(h, h8, 64); store<i64>(h, h9, 72);
}
/** h = 2·f² mod p (the doubling formula's 2Z²). */
export function feSq2(h: usize, f: usize): void {
  const f0 = load<i64>(f, 0), f1 = load<i64>(f, 8), f2 = load<i64>(f, 16), f3 = load<i64>(f, 24), f4 = load<i64>(f, 32);
  const f5 = load<i64>(f, 40), f6 = load<i64>(f, 48), f7 = load<i64>(f, 56), f8 = load<i64>(f, 64), f9 = load<i64>(f, 72);
  const f0_2 = f0 * 2;
  const f1_2 = f1 * 2;
  const f1_4 = f1 * 4;
  const f2_2 = f2 * 2;
  const f3_2 = f3 * 2;
  const f3_4 = f3 * 4;
  const f4_2 = f4 * 2;
  const f5_2 = f5 * 2;
  const f5_19 = f5 * 19;
  const f6_2 = f6 * 2;
  const f6_19 = f6 * 19;
  const f7_2 = f7 * 2;
  const f7_19 = f7 * 19;
  const f7_38 = f7 * 38;
  const f8_2 = f8 * 2;
  const f8_19 = f8 * 19;
  const f9_2 = f9 * 2;
  const f9_19 = f9 * 19;
  const f9_38 = f9 * 38;
  let h0: i64 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5_2 * f5_19;
  let h1: i64 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
  let h2: i64 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
  let h3: i64 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
  let h4: i64 = f0_2 * f4 + f1_4 * f3 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7_2 * f7_19;
  let h5: i64 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
  let h6: i64 = f0_2 * f6 + f1_4 * f5 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
  let h7: i64 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
  let h8: i64 = f0_2 * f8 + f1_4 * f7 + f2_2 * f6 + f3_4 * f5 + f4 * f4 + f9_2 * f9_19;
  let h9: i64 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
  h0 += h0;
  h1 += h1;
  h2 += h2;
  h3 += h3;
  h4 += h4;
  h5 += h5;
  h6 += h6;
  h7 += h7;
  h8 += h8;
  h9 += h9;
  let c: i64;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
  c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
  c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
  c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
  c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
  c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  store<i64>(h, h0, 0); store<i64>(h, h1, 8); store<i64>(h, h2, 16); store<i64>(h, h3, 24); store<i64>(h, h4, 32);
  store<i64>(h, h5, 40); store<i64>(h, h6, 48); store<i64>(h, h7, 56); store<i64>(h, h8, 64); store<i64>(h, h9, 72);
}

/** h = f^(2^n) (n ≥ 1). */
export function feSqN(h: usize, f: usize, n: i32): void {
  feSq(h, f);
  for (let i = 1; i < n; i++) feSq(h, h);
}

/** Writes the 32-byte canonical little-endian encoding of f (fully reduced mod p) to s. */
export function feToBytes(s: usize, f: usize): void {
  let h0 = load<i64>(f, 0), h1 = load<i64>(f, 8), h2 = load<i64>(f, 16), h3 = load<i64>(f, 24), h4 = load<i64>(f, 32);
  let h5 = load<i64>(f, 40), h6 = load<i64>(f, 48), h7 = load<i64>(f, 56), h8 = load<i64>(f, 64), h9 = load<i64>(f, 72);
  // Normalise first so every limb is within its carried range.
  let c: i64;
  c = h0 >> 26; h1 += c; h0 -= c << 26;
  c = h1 >> 25; h2 += c; h1 -= c << 25;
  c = h2 >> 26; h3 += c; h2 -= c << 26;
  c = h3 >> 25; h4 += c; h3 -= c << 25;
  c = h4 >> 26; h5 += c; h4 -= c << 26;
  c = h5 >> 25; h6 += c; h5 -= c << 25;
  c = h6 >> 26; h7 += c; h6 -= c << 26;
  c = h7 >> 25; h8 += c; h7 -= c << 25;
  c = h8 >> 26; h9 += c; h8 -= c << 26;
  c = h9 >> 25; h0 += c * 19; h9 -= c << 25;
  c = h0 >> 26; h1 += c; h0 -= c << 26;
  // Now 0 <= h < 2^255 + small; q = floor((h + 19) / 2^255) decides whether to subtract p.
  let q: i64 = (19 * h9 + (1 << 24)) >> 25;
  q = (h0 + q) >> 26; q = (h1 + q) >> 25; q = (h2 + q) >> 26; q = (h3 + q) >> 25; q = (h4 + q) >> 26;
  q = (h5 + q) >> 25; q = (h6 + q) >> 26; q = (h7 + q) >> 25; q = (h8 + q) >> 26; q = (h9 + q) >> 25;
  h0 += 19 * q;
  c = h0 >> 26; h1 += c; h0 -= c << 26;
  c = h1 >> 25; h2 += c; h1 -= c << 25;
  c = h2 >> 26; h3 += c; h2 -= c << 26;
  c = h3 >> 25; h4 += c; h3 -= c << 25;
  c = h4 >> 26; h5 += c; h4 -= c << 26;
  c = h5 >> 25; h6 += c; h5 -= c << 25;
  c = h6 >> 26; h7 += c; h6 -= c << 26;
  c = h7 >> 25; h8 += c; h7 -= c << 25;
  c = h8 >> 26; h9 += c; h8 -= c << 26;
  c = h9 >> 25; h9 -= c << 25;
  // Pack: limb i starts at bit 0, 26, 51, 77, 102, 128, 153, 179, 204, 230.
  const w0: u64 = <u64>h0 | (<u64>h1 << 26) | (<u64>h2 << 51);
  const w1: u64 = (<u64>h2 >> 13) | (<u64>h3 << 13) | (<u64>h4 << 38);
  const w2: u64 = <u64>h5 | (<u64>h6 << 25) | (<u64>h7 << 51);
  const w3: u64 = (<u64>h7 >> 13) | (<u64>h8 << 12) | (<u64>h9 << 38);
  store<u64>(s, w0, 0);
  store<u64>(s, w1, 8);
  store<u64>(s, w2, 16);
  store<u64>(s, w3, 24);
}

/** Reads 32 little-endian bytes as a field element, ignoring bit 255 (not reduced: y ≥ p is kept as is). */
export function feFromBytes(h: usize, s: usize): void {
  const w0 = load<u64>(s, 0), w1 = load<u64>(s, 8), w2 = load<u64>(s, 16), w3 = load<u64>(s, 24);
  store<i64>(h, <i64>(w0 & 0x3ffffff), 0);
  store<i64>(h, <i64>((w0 >> 26) & 0x1ffffff), 8);
  store<i64>(h, <i64>(((w0 >> 51) | (w1 << 13)) & 0x3ffffff), 16);
  store<i64>(h, <i64>((w1 >> 13) & 0x1ffffff), 24);
  store<i64>(h, <i64>((w1 >> 38) & 0x3ffffff), 32);
  store<i64>(h, <i64>(w2 & 0x1ffffff), 40);
  store<i64>(h, <i64>((w2 >> 25) & 0x3ffffff), 48);
  store<i64>(h, <i64>(((w2 >> 51) | (w3 << 13)) & 0x1ffffff), 56);
  store<i64>(h, <i64>((w3 >> 12) & 0x3ffffff), 64);
  store<i64>(h, <i64>((w3 >> 38) & 0x1ffffff), 72);
}

/** 1 when f ≡ 0 (mod p), else 0 (constant time). */
export function feIsZero(f: usize): i32 {
  feToBytes(BYTES, f);
  const x = load<u64>(BYTES, 0) | load<u64>(BYTES, 8) | load<u64>(BYTES, 16) | load<u64>(BYTES, 24);
  return <i32>(((x | (0 - x)) >> 63) ^ 1);
}
/** The low bit of f's canonical encoding (libsodium fe25519_isnegative). */
export function feIsNegative(f: usize): i32 {
  feToBytes(BYTES, f);
  return <i32>(load<u8>(BYTES) & 1);
}
/** 1 when f ≡ g (mod p). */
export function feEqual(f: usize, g: usize): i32 {
  feSub(T3, f, g);
  return feIsZero(T3);
}

/** h = z^(2^250 - 1) and t11 = z^11 (shared head of the inversion and square-root chains). */
function pow2250m1(h: usize, t11: usize, z: usize): void {
  const t0 = T0, t1 = T1, t2 = T2;
  feSq(t0, z); // z^2
  feSqN(t1, t0, 2); // z^8
  feMul(t1, z, t1); // z^9
  feMul(t0, t0, t1); // z^11
  feCopy(t11, t0);
  feSq(t2, t0); // z^22
  feMul(t1, t1, t2); // z^(2^5 - 1)
  feSqN(t2, t1, 5);
  feMul(t1, t2, t1); // 2^10 - 1
  feSqN(t2, t1, 10);
  feMul(t2, t2, t1); // 2^20 - 1
  feSqN(h, t2, 20);
  feMul(t2, h, t2); // 2^40 - 1
  feSqN(t2, t2, 10);
  feMul(t1, t2, t1); // 2^50 - 1
  feSqN(t2, t1, 50);
  feMul(t2, t2, t1); // 2^100 - 1
  feSqN(h, t2, 100);
  feMul(t2, h, t2); // 2^200 - 1
  feSqN(t2, t2, 50);
  feMul(h, t2, t1); // 2^250 - 1
}

const INV_A = scratch(FE), INV_B = scratch(FE);
/** h = 1/z = z^(p-2) (0 for z = 0). */
export function feInvert(h: usize, z: usize): void {
  pow2250m1(INV_A, INV_B, z);
  feSqN(INV_A, INV_A, 5);
  feMul(h, INV_A, INV_B);
}
/** h = z^((p-5)/8) = z^(2^252 - 3). */
export function fePow22523(h: usize, z: usize): void {
  feCopy(INV_B, z);
  pow2250m1(INV_A, T3, INV_B);
  feSqN(INV_A, INV_A, 2);
  feMul(h, INV_A, INV_B);
}
/** h = z^((p-1)/2): 1 for a non-zero square, p-1 for a non-square, 0 for 0 (libsodium chi25519). */
export function feChi(h: usize, z: usize): void {
  // (p-1)/2 = 2^254 - 10 = (2^250 - 1)·2^4 + 6
  feCopy(INV_B, z);
  pow2250m1(INV_A, T3, INV_B);
  feSqN(INV_A, INV_A, 4);
  feSq(T3, INV_B); // z^2
  feSq(T2, T3); // z^4
  feMul(T3, T3, T2); // z^6
  feMul(h, INV_A, T3);
}
