/**
 * The small internal interface behind which the edwards25519 group arithmetic lives.
 * draft03.ts and draft13.ts do hashing, byte checks and scalar arithmetic mod L
 * themselves and ask an engine only for group work. Points cross the interface as
 * 32-byte encodings, scalars as 32-byte little-endian integers.
 *
 * Two engines exist: the simple BigInt one (src/vrf/ref/, the oracle in tests) and
 * the fast one. Every method must give bytes identical to the reference
 * (libsodium's ge25519_* functions) for every input.
 */
export interface CurveEngine {
  /** Short name for benchmarks and diagnostics. */
  readonly name: string;
  /**
   * True when `p` decodes as libsodium's ge25519_frombytes would accept it: y taken
   * mod p (top bit is the sign of x), x = sqrt((y²−1)/(dy²+1)) exists; x = 0 with the
   * sign bit set is accepted. Canonicity is checked separately, on bytes.
   */
  decodes(p: Uint8Array): boolean;
  /** k·B for a 32-byte little-endian scalar k < 2^256, constant time in k. */
  scalarMultBase(k: Uint8Array): Uint8Array;
  /**
   * draft-03 hash-to-curve tail: libsodium's ge25519_from_uniform(r) with r's top bit
   * already cleared: Elligator2 to Montgomery u, Edwards y = (u−1)/(u+1), x even,
   * times the cofactor 8. Returns the encoding.
   */
  fromUniform(r: Uint8Array): Uint8Array;
  /**
   * draft-13 hash-to-curve tail: RFC 9380 map_to_curve_elligator2_edwards25519 of
   * the field element u (48-byte big-endian string, reduced mod p), then clear_cofactor.
   * Returns the encoding (libsodium ge25519_from_hash).
   */
  fromHash(u48: Uint8Array): Uint8Array;
  /**
   * The prover's group work, constant time in x and k: returns the encodings of
   * [x·H, k·B, k·H]. H must decode (it is an output of fromUniform/fromHash).
   */
  proveMults(h: Uint8Array, x: Uint8Array, k: Uint8Array): [Uint8Array, Uint8Array, Uint8Array];
  /**
   * x·H only (constant time in x), for evaluating the VRF output without a proof.
   * Returns the encoding of 8·(x·H).
   */
  gammaTimesCofactor(h: Uint8Array, x: Uint8Array): Uint8Array;
  /**
   * The verifier's group work, variable time (all inputs public): returns the
   * encodings of U = s·B + t·Y and V = s·H + t·Γ computed in the full group, or null
   * when Y, Γ or H does not decode. t is L − c.
   */
  verifyMults(y: Uint8Array, gamma: Uint8Array, h: Uint8Array, s: Uint8Array, t: Uint8Array): [Uint8Array, Uint8Array] | null;
  /** 8·P encoded, or null when P does not decode. */
  cofactorMul(p: Uint8Array): Uint8Array | null;
  /**
   * Optional fused form of `decodes(key)` and a hash-to-curve tail (`fromUniform(input)` for
   * 'uniform', `fromHash(input)` for 'hash'), sharing work: H's encoding, or null when key
   * does not decode. Must equal the separate calls; engines without it get them.
   */
  hashToCurveCheckingKey?(kind: 'uniform' | 'hash', input: Uint8Array, key: Uint8Array): Uint8Array | null;
}
