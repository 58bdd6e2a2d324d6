/**
 * Batch verification of draft-13 batch-compatible proofs (Γ ‖ U ‖ V ‖ s), agreeing with
 * single verification: a batch is accepted exactly when every item would verify alone,
 * except with probability at most 2^-100 for a batch holding an invalid item.
 *
 * ## What single verification accepts
 * After the byte checks (lengths; pk canonical, not small-order, decodes; Γ canonical and
 * decodes; s < L) single verification computes c from (pk, H, Γ, U, V), t = L − c, and
 * accepts when enc(s·B + t·Y) = U and enc(s·H + t·Γ) = V, with arithmetic in the full
 * group E ≅ Z/8 × Z/L (no subgroup checks). The encoding is injective on points, and an
 * encoding that is not enc(dec(x)) (non-canonical y, x = 0 with the sign bit, no point) can
 * never equal a computed one; such items are rejected here before any group work. For the
 * rest, with U, V the decoded points, single verification accepts iff
 *     P = s·B + t·Y − U = O   and   Q = s·H + t·Γ − V = O.
 *
 * ## Why a plain random linear combination is not enough
 * Σ z_i·P_i + w_i·Q_i = O with random z, w catches a P_j with a non-zero prime-order part
 * except with negligible probability, but the torsion part of P_j lives in Z/8: it survives
 * only through z_j mod 8, so a forged P_j that is a pure torsion point slips through with
 * probability up to 1/2 (this is why the reference's batch verifier is random on such
 * batches). Multiplying the equation by the cofactor removes the torsion altogether and
 * would accept what single verification rejects. So the torsion parts are checked apart.
 *
 * ## The torsion witnesses
 * Let G be the prime-order subgroup. For A = (t mod 8)·Y − U we have
 * P − A = s·B + 8·⌊t/8⌋·Y ∈ G (B ∈ G and 8·E = G), so P and A have the same torsion part:
 * P ∈ G ⟺ A ∈ G. Likewise C = (t mod 8)·Γ − V has Q ∈ G ⟺ C ∈ G, since H = 8·(…) ∈ G.
 * A and C cost a few doublings per item.
 *
 * ## The torsion screen (soundness 2^-100 on its own)
 * The torsion part is a homomorphism τ: E → Z/8. For K = 100 independent uniformly random
 * subsets R_k of the witnesses we test S_k = Σ_{W ∈ R_k} W ∈ G (L·S_k = O). If some
 * witness W_j ∉ G, then for each k, with the membership of every other witness fixed, the
 * two choices for W_j give τ(S_k) values differing by τ(W_j) ≠ 0, so at most one of them is
 * 0: each test passes with probability ≤ 1/2, independently, and all K pass with
 * probability ≤ 2^-100. When every item is valid all witnesses lie in G and the screen
 * always passes.
 *
 * ## The combined equation (soundness 2^-100)
 * Once every P_i, Q_i ∈ G, we test 8·Σ_i (z_i·P_i + w_i·Q_i) = O with z_i, w_i uniform in
 * [0, 2^100), as one multi-scalar multiplication (Pippenger) over B and the decoded Y_i,
 * U_i, H_i, Γ_i, V_i. For any point X, 8·a·X = 8·b·X when a ≡ b (mod L), so any scalar
 * congruent mod L will do: s and products with s are reduced mod L, and since t ≡ −c with
 * c < 2^128 the coefficients of Y and Γ are taken as z·c and w·c (below 2^228) on −Y and −Γ.
 * On G, 8 is invertible; if some P_j ≠ O it has order L, and for fixed other coefficients
 * at most one z_j in [0, 2^100) ⊂ [0, L) cancels it: probability ≤ 2^-100 (same for Q_j, w_j).
 *
 * ## Together
 * A valid batch is always accepted (both tests are exact on it). An invalid item is
 * rejected by the byte checks, or makes a witness leave G (the screen misses it with
 * probability ≤ 2^-100), or keeps its witnesses in G and has a non-zero prime-order part
 * (the combined equation misses it with probability ≤ 2^-100). Which case applies is fixed
 * by the items, so a batch holding an invalid item passes with probability ≤ 2^-100. The
 * randomness comes from crypto.getRandomValues after the items are fixed.
 *
 * Below BATCH_THRESHOLD items the screen's fixed cost outweighs the savings and items are
 * verified one by one (exact).
 */
import { assertBytes } from './errors.js';
import { wasm } from './fast/wasm.js';
import { sha512 } from './fast/sha512.js';
import { DRAFT13_DST, expandMessageXmdSha512 } from './hashToCurve.js';
import { hasSmallOrder, isCanonicalPoint, reencodePoint } from './pointChecks.js';
import { isCanonicalScalar } from './scalar.js';
import { bytesEqual, concatBytes } from './bytes.js';

/** One proof to verify in a batch. */
export interface BatchItem {
  publicKey: Uint8Array;
  proof: Uint8Array;
  alpha: Uint8Array;
}

/** Fewer items than this are verified one by one. */
export const BATCH_THRESHOLD = 128;
/**
 * Larger batches are tested in chunks of at most this many items (bounded memory). An
 * invalid item makes its own chunk fail except with probability ≤ 2^-100, so the bound
 * holds for the whole batch.
 */
export const BATCH_CHUNK = 4096;

const IN_REC = 320;
const OUT_REC = 64;
const OUTPUT_PREFIX = Uint8Array.of(0x04, 0x03);
const ZERO_BYTE = Uint8Array.of(0x00);

type SingleVerify = (publicKey: Uint8Array, proof: Uint8Array, alpha: Uint8Array) => Uint8Array | null;

function randomFill(bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length; off += 65536) {
    globalThis.crypto.getRandomValues(bytes.subarray(off, Math.min(bytes.length, off + 65536)));
  }
}

/** The byte checks single verification makes before any group work (U, V included). */
function passesByteChecks(item: BatchItem): boolean {
  const { publicKey: pk, proof } = item;
  if (pk.length !== 32 || proof.length !== 128) return false;
  if (hasSmallOrder(pk) || !isCanonicalPoint(pk)) return false;
  const gamma = proof.subarray(0, 32);
  const u = proof.subarray(32, 64);
  const v = proof.subarray(64, 96);
  if (!isCanonicalPoint(gamma) || !isCanonicalScalar(proof.subarray(96, 128))) return false;
  // U and V must be the encodings verification computes: canonical, and not x = 0 with the sign bit.
  return isCanonicalPoint(u) && isCanonicalPoint(v) && bytesEqual(reencodePoint(u), u) && bytesEqual(reencodePoint(v), v);
}

function checkTypes(items: readonly BatchItem[]): void {
  if (!Array.isArray(items)) throw new TypeError('items must be an array');
  for (const it of items) {
    if (typeof it !== 'object' || it === null) throw new TypeError('each item must be {publicKey, proof, alpha}');
    assertBytes(it.publicKey, 'publicKey');
    assertBytes(it.proof, 'proof');
    assertBytes(it.alpha, 'alpha');
  }
}

/**
 * Runs the batch test on items that passed the byte checks. `accepted` is true when every
 * point decoded and the screen and combined equation passed; outputs are then filled in.
 */
function runBatch(items: readonly BatchItem[]): { outputs: (Uint8Array | null)[]; accepted: boolean } {
  const w = wasm();
  const n = items.length;
  const inPtr = (w.batchBegin as (n: number) => number)(n);
  let mem = new Uint8Array(w.memory.buffer);
  for (let i = 0; i < n; i++) {
    const { publicKey, proof, alpha } = items[i]!;
    const rec = inPtr + i * IN_REC;
    mem.set(publicKey, rec);
    mem.set(proof.subarray(0, 128), rec + 32); // Γ, U, V, s at 32, 64, 96, 128
    mem.set(expandMessageXmdSha512(concatBytes(publicKey, alpha), DRAFT13_DST, 48), rec + 192);
  }
  (w.batchPhase1 as () => number)();
  mem = new Uint8Array(w.memory.buffer);
  const outPtr = (w.batchOut as () => number)();
  const statusPtr = (w.batchStatus as () => number)();
  const outputs: (Uint8Array | null)[] = new Array(n).fill(null);
  let allDecoded = true;
  // z_i, w_i uniform in [0, 2^100): 13 random bytes each, the top 4 bits cleared
  const coeffs = new Uint8Array(32 * n);
  randomFill(coeffs);
  for (let i = 0; i < 2 * n; i++) {
    coeffs.fill(0, 16 * i + 13, 16 * i + 16);
    coeffs[16 * i + 12]! &= 0x0f;
  }
  // challenges c and t = −c mod L, computed in the module from the records
  (w.batchChallenges as () => void)();
  for (let i = 0; i < n; i++) {
    if (mem[statusPtr + i] !== 1) {
      allDecoded = false;
      continue;
    }
    mem.set(coeffs.subarray(32 * i, 32 * i + 32), inPtr + i * IN_REC + 240); // z (16 bytes), w (16 bytes)
  }
  const randPtr = (w.batchRandom as () => number)();
  const randLen = (w.batchRandomBytes as () => number)();
  randomFill(mem.subarray(randPtr, randPtr + randLen));
  const accepted = (w.batchPhase2 as () => number)() === 1;
  mem = new Uint8Array(w.memory.buffer);
  if (accepted) {
    for (let i = 0; i < n; i++) {
      if (mem[statusPtr + i] !== 1) continue;
      const g8 = mem.subarray(outPtr + i * OUT_REC + 32, outPtr + i * OUT_REC + 64);
      outputs[i] = sha512(OUTPUT_PREFIX, g8, ZERO_BYTE);
    }
  }
  return { outputs, accepted: accepted && allDecoded };
}

/**
 * Per-item results for a batch: the 64-byte output of each valid proof, null for each
 * invalid one, exactly as single verification gives them. A batch that passes costs one
 * batch test; otherwise the culprits are found by verifying the items one by one.
 */
export function batchVerifyDetailedWith(
  items: readonly BatchItem[],
  single: SingleVerify,
  threshold = BATCH_THRESHOLD,
  chunkSize = BATCH_CHUNK,
): (Uint8Array | null)[] {
  checkTypes(items);
  const results: (Uint8Array | null)[] = new Array(items.length).fill(null);
  const idx: number[] = [];
  for (let i = 0; i < items.length; i++) if (passesByteChecks(items[i]!)) idx.push(i);
  if (idx.length < threshold) {
    for (const i of idx) results[i] = single(items[i]!.publicKey, items[i]!.proof, items[i]!.alpha);
    return results;
  }
  for (let from = 0; from < idx.length; from += chunkSize) {
    const chunk = idx.slice(from, from + chunkSize);
    const { outputs, accepted } = runBatch(chunk.map((i) => items[i]!));
    if (accepted) chunk.forEach((i, k) => (results[i] = outputs[k]!));
    else for (const i of chunk) results[i] = single(items[i]!.publicKey, items[i]!.proof, items[i]!.alpha);
  }
  return results;
}

/**
 * All outputs when every item verifies, else null (one failing item fails the batch);
 * agrees with single verification except with probability ≤ 2^-100 on invalid batches.
 */
export function batchVerifyWith(
  items: readonly BatchItem[],
  single: SingleVerify,
  threshold = BATCH_THRESHOLD,
  chunkSize = BATCH_CHUNK,
): Uint8Array[] | null {
  checkTypes(items);
  for (const it of items) if (!passesByteChecks(it)) return null;
  if (items.length < threshold) {
    const out: Uint8Array[] = [];
    for (const it of items) {
      const r = single(it.publicKey, it.proof, it.alpha);
      if (r === null) return null;
      out.push(r);
    }
    return out;
  }
  const all: Uint8Array[] = [];
  for (let from = 0; from < items.length; from += chunkSize) {
    const { outputs, accepted } = runBatch(items.slice(from, from + chunkSize));
    if (!accepted) return null;
    for (const o of outputs) all.push(o!);
  }
  return all;
}
