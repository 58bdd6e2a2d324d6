/**
 * ECVRF_hash_to_curve for both suites (the input is the public key's encoding and alpha).
 * - draft-03 (ECVRF-ED25519-SHA512-Elligator2, §5.4.1.2): r = SHA-512(0x04 ‖ 0x01 ‖ pk ‖ alpha)[0..32]
 *   with bit 255 cleared, then libsodium's ge25519_from_uniform.
 * - draft-13 (ECVRF-EDWARDS25519-SHA512-ELL2): RFC 9380 encode_to_curve with suite
 *   edwards25519_XMD:SHA-512_ELL2_NU_ over pk ‖ alpha, DST "ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_" ‖ 0x04.
 */
import { sha512 } from './fast/sha512.js';
import { concatBytes } from './bytes.js';
import type { CurveEngine } from './engine.js';

const SUITE = 0x04;
const Z_PAD = new Uint8Array(128);

/** draft-03 H (32-byte encoding) for the public-key encoding `pk` and `alpha`. */
export function hashToCurveDraft03(engine: CurveEngine, pk: Uint8Array, alpha: Uint8Array): Uint8Array {
  return engine.fromUniform(draft03Uniform(pk, alpha));
}

function draft03Uniform(pk: Uint8Array, alpha: Uint8Array): Uint8Array {
  const h = sha512(Uint8Array.of(SUITE, 0x01), pk, alpha);
  const r = h.subarray(0, 32);
  r[31] &= 0x7f;
  return r;
}

/**
 * Both of hashToCurveDraft03(pk, alpha) and engine.decodes(key), fused when the engine can
 * share their exponentiations: H's encoding, or null when `key` does not decode.
 */
export function hashToCurveDraft03CheckingKey(engine: CurveEngine, pk: Uint8Array, alpha: Uint8Array, key: Uint8Array): Uint8Array | null {
  const r = draft03Uniform(pk, alpha);
  if (engine.hashToCurveCheckingKey) return engine.hashToCurveCheckingKey('uniform', r, key);
  return engine.decodes(key) ? engine.fromUniform(r) : null;
}

/** The draft-13 domain-separation tag: "ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_" ‖ suite byte 0x04. */
export const DRAFT13_DST: Uint8Array = concatBytes(
  new TextEncoder().encode('ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_'),
  Uint8Array.of(SUITE),
);

/** RFC 9380 §5.3.1 expand_message_xmd with SHA-512 (b = 64, block 128), for lenInBytes ≤ 255·64. */
export function expandMessageXmdSha512(msg: Uint8Array, dst: Uint8Array, lenInBytes: number): Uint8Array {
  if (dst.length > 255) throw new RangeError('DST longer than 255 bytes');
  const ell = Math.ceil(lenInBytes / 64);
  if (ell > 255) throw new RangeError('requested length too large');
  const dstPrime = concatBytes(dst, Uint8Array.of(dst.length));
  const b0 = sha512(Z_PAD, msg, Uint8Array.of(lenInBytes >> 8, lenInBytes & 0xff, 0), dstPrime);
  const out = new Uint8Array(ell * 64);
  let prev = sha512(b0, Uint8Array.of(1), dstPrime);
  out.set(prev, 0);
  for (let i = 2; i <= ell; i++) {
    const x = new Uint8Array(64);
    for (let j = 0; j < 64; j++) x[j] = b0[j] ^ prev[j];
    prev = sha512(x, Uint8Array.of(i), dstPrime);
    out.set(prev, (i - 1) * 64);
  }
  return out.subarray(0, lenInBytes);
}

/** draft-13 H (32-byte encoding) for the public-key encoding `pk` and `alpha`. */
export function hashToCurveDraft13(engine: CurveEngine, pk: Uint8Array, alpha: Uint8Array): Uint8Array {
  const u = expandMessageXmdSha512(concatBytes(pk, alpha), DRAFT13_DST, 48);
  return engine.fromHash(u);
}

/** hashToCurveDraft13 and engine.decodes(key) together (fused when the engine can): H, or null when key does not decode. */
export function hashToCurveDraft13CheckingKey(engine: CurveEngine, pk: Uint8Array, alpha: Uint8Array, key: Uint8Array): Uint8Array | null {
  const u = expandMessageXmdSha512(concatBytes(pk, alpha), DRAFT13_DST, 48);
  if (engine.hashToCurveCheckingKey) return engine.hashToCurveCheckingKey('hash', u, key);
  return engine.decodes(key) ? engine.fromHash(u) : null;
}
