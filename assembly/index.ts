// The module's exported entry points. JavaScript writes inputs into the I/O area (io()),
// calls a function, and reads the outputs from the I/O area. Offsets are given per function.
import { FE, scratch, feMul, feInvert, feCopy } from './field';
import { P3, P2, cofactorEncode, decodeWithInverse, p3FromBytes, p3ToBytes, p3ToBytesWithInverse, p3DblN, p3Copy } from './point';
import { wipeMults, singleWindowMult, scalarMultBase as smb, buildFixedWindowTables, fixedWindowMult, doubleMultBaseVartime, doubleMultVartime, initBase } from './mults';
import { fromUniform as fu, fromUniformKey as fuk, fromHash as fh } from './maps';

const IO: usize = memory.data(1024, 16);
/** Address of the 1 KiB I/O area. */
export function io(): usize {
  return IO;
}
/** Zeroes the I/O area and the prover's scratch (after secret-scalar calls). */
export function wipe(): void {
  memory.fill(IO, 0, 1024);
  memory.fill(PA, 0, P3);
  memory.fill(PB, 0, P3);
  memory.fill(PC, 0, P3);
  wipeMults();
}

const PA = scratch(P3), PB = scratch(P3), PC = scratch(P3), PD = scratch(P3);
const Z1 = scratch(FE), Z2 = scratch(FE), Z3 = scratch(FE), ZA = scratch(FE), ZB = scratch(FE), ZI = scratch(FE);

// The last hash-to-curve output, kept decoded so that a following call on the same encoding
// does not decode it again (an exact shortcut: decoding a canonical encoding gives the point back).
const HPT = scratch(P3), HENC = scratch(32);
let hValid = false;
function loadH(p: usize, enc: usize): i32 {
  if (hValid && memory.compare(enc, HENC, 32) == 0) {
    p3Copy(p, HPT);
    return 1;
  }
  return p3FromBytes(p, enc);
}
function saveH(p: usize, enc: usize): void {
  p3Copy(HPT, p);
  memory.copy(HENC, enc, 32);
  hValid = true;
}

/** Encodes two points (P2 or P3) with one inversion. */
function encode2(s1: usize, p1: usize, s2: usize, p2: usize): void {
  feMul(ZA, p1 + 160, p2 + 160);
  feInvert(ZI, ZA);
  feMul(Z1, ZI, p2 + 160);
  feMul(Z2, ZI, p1 + 160);
  p3ToBytesWithInverse(s1, p1, Z1);
  p3ToBytesWithInverse(s2, p2, Z2);
}
/** Encodes three points with one inversion. */
function encode3(s1: usize, p1: usize, s2: usize, p2: usize, s3: usize, p3: usize): void {
  feMul(ZA, p1 + 160, p2 + 160);
  feMul(ZB, ZA, p3 + 160);
  feInvert(ZI, ZB);
  feMul(Z3, ZI, ZA); // 1/z3
  feMul(ZI, ZI, p3 + 160); // 1/(z1 z2)
  feMul(Z1, ZI, p2 + 160);
  feMul(Z2, ZI, p1 + 160);
  p3ToBytesWithInverse(s1, p1, Z1);
  p3ToBytesWithInverse(s2, p2, Z2);
  p3ToBytesWithInverse(s3, p3, Z3);
}

/** 1 when io[0..32] decodes (ge25519_frombytes), else 0. */
export function decodes(): i32 {
  return decodeMemo(PA, IO);
}

// The last point decoded through decodes(), kept so that verifyMults on the same public key
// does not decode it again (exact: the same bytes decode to the same point).
const YPT = scratch(P3), YENC = scratch(32);
let yValid = false;
function decodeMemo(p: usize, enc: usize): i32 {
  if (yValid && memory.compare(enc, YENC, 32) == 0) {
    p3Copy(p, YPT);
    return 1;
  }
  const ok = p3FromBytes(p, enc);
  if (ok) {
    p3Copy(YPT, p);
    memory.copy(YENC, enc, 32);
    yValid = true;
  }
  return ok;
}

// 8·Γ computed by the last verifyMults (its encoding shares that call's inversion), so that
// the proof-to-hash that follows a verification does not decode Γ again.
const GENC = scratch(32), G8ENC = scratch(32), PE = scratch(P3);
let gValid = false;
/** io[32..64] = io[0..32]·B (constant time). */
export function scalarMultBase(): void {
  smb(PA, IO);
  p3ToBytes(IO + 32, PA);
}
/** io[32..64] = from_uniform(io[0..32]) (draft-03 hash-to-curve tail). */
export function fromUniform(): void {
  fu(PA, IO + 32, IO);
  saveH(PA, IO + 32);
}
/** io[64..96] = map_to_curve(io[0..48]) ×8 (draft-13 hash-to-curve tail). */
export function fromHash(): void {
  fh(PA, IO);
  p3ToBytes(IO + 64, PA);
  saveH(PA, IO + 64);
}
/**
 * Prover: H = io[0..32], x = io[32..64], k = io[64..96] (x, k < 2^255). Writes x·H, k·B, k·H
 * to io[96..128], io[128..160], io[160..192]. Returns 0 when H does not decode.
 */
export function proveMults(): i32 {
  if (!loadH(PD, IO)) return 0;
  buildFixedWindowTables(PD);
  fixedWindowMult(PA, IO + 32);
  fixedWindowMult(PC, IO + 64);
  smb(PB, IO + 64);
  encode3(IO + 96, PA, IO + 128, PB, IO + 160, PC);
  return 1;
}
/** io[64..96] = 8·(x·H) for H = io[0..32], x = io[32..64] (constant time in x); 0 when H does not decode. */
export function gammaTimesCofactor(): i32 {
  if (!loadH(PD, IO)) return 0;
  singleWindowMult(PA, PD, IO + 32);
  p3DblN(PA, 3);
  p3ToBytes(IO + 64, PA);
  return 1;
}
/**
 * Verifier (variable time): Y = io[0..32], Γ = io[32..64], H = io[64..96], s = io[96..128],
 * t = io[128..160]. Writes U = s·B + t·Y and V = s·H + t·Γ to io[160..192], io[192..224].
 * Returns 0 when a point does not decode.
 */
export function verifyMults(): i32 {
  if (!decodeMemo(PA, IO)) return 0;
  if (!p3FromBytes(PB, IO + 32)) return 0;
  if (!loadH(PC, IO + 64)) return 0;
  p3Copy(PE, PB);
  p3DblN(PE, 3);
  doubleMultBaseVartime(PD, IO + 96, IO + 128, PA);
  doubleMultVartime(PA, IO + 96, PC, IO + 128, PB);
  encode3(IO + 160, PD, IO + 192, PA, G8ENC, PE);
  memory.copy(GENC, IO + 32, 32);
  gValid = true;
  return 1;
}
/** io[32..64] = 8·P for P = io[0..32]; 0 when P does not decode. */
export function cofactorMul(): i32 {
  if (gValid && memory.compare(IO, GENC, 32) == 0) {
    memory.copy(IO + 32, G8ENC, 32);
    return 1;
  }
  return cofactorEncode(IO + 32, IO);
}
/** Builds the fixed-base tables now (otherwise done at first use). */
export function init(): void {
  initBase();
}

export { shaInit, shaUpdate, shaFinal } from './sha512';
const INBUF: usize = memory.data(65536, 16);
/** Address of the 64 KiB input staging area for shaUpdate. */
export function inbuf(): usize {
  return INBUF;
}
import { scReduce64, scMulAdd } from './scalarmod';
/** io[64..96] = io[0..64] mod L. */
export function scReduce(): void {
  scReduce64(IO + 64, IO);
}
/** io[96..128] = (io[0..32]·io[32..64] + io[64..96]) mod L. */
export function scMulAddIo(): void {
  scMulAdd(IO + 96, IO, IO + 32, IO + 64);
}
export { batchBegin, batchOut, batchStatus, batchRandom, batchRandomBytes, batchPhase1, batchPhase2, batchChallenges } from './batch';

/**
 * fromUniform with a key check: H's encoding to io[32..64] as fromUniform, and whether the
 * key at io[128..160] decodes (the decoded key is kept for verifyMults), with one shared
 * exponentiation. Returns 0 when the key does not decode.
 */
export function fromUniformKey(): i32 {
  if (!fuk(PA, IO + 32, IO, IO + 128, YPT)) {
    yValid = false;
    return 0;
  }
  memory.copy(YENC, IO + 128, 32);
  yValid = true;
  saveH(PA, IO + 32);
  return 1;
}
/**
 * fromHash with a key check: H's encoding to io[64..96] as fromHash, and whether the key at
 * io[128..160] decodes (kept for verifyMults), with one shared exponentiation. Returns 0
 * when the key does not decode.
 */
export function fromHashKey(): i32 {
  fh(PA, IO);
  if (!decodeWithInverse(YPT, IO + 128, PA + 160, ZI)) {
    yValid = false;
    return 0;
  }
  memory.copy(YENC, IO + 128, 32);
  yValid = true;
  p3ToBytesWithInverse(IO + 64, PA, ZI);
  saveH(PA, IO + 64);
  return 1;
}
