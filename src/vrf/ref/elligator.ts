/**
 * The two Elligator2 maps Cardano's VRFs use, on BigInt.
 * - draft-03: libsodium ge25519_from_uniform (Montgomery u by Elligator2 with Z = 2,
 *   Edwards y = (u−1)/(u+1), x chosen even, times 8).
 * - draft-13: RFC 9380 §6.7.1 map_to_curve_elligator2 for curve25519 followed by the
 *   rational map to edwards25519 (§6.8.2, Appendix D) and clear_cofactor (×8).
 */
import { A, P, chi, inv, isNegative, isSquare, mod, sqrt } from './field.js';
import { type Point, decodePoint, fromAffine, mulByCofactor } from './point.js';
import { numberToBytesLE } from './field.js';

/** sqrt(−486664) with sgn0 = 0, RFC 9380's c1 for the rational map. */
const SQRT_AM2 = (() => {
  const r = sqrt(mod(-486664n));
  if (r === null) throw new Error('−486664 is not a square');
  return r & 1n ? P - r : r;
})();

/** draft-03: the point ge25519_from_uniform(r) gives, for r < 2^255 (sign bit already clear). */
export function fromUniformPoint(r: bigint): Point {
  const rr = mod(r);
  // x1 = −A / (1 + 2r²)
  let x = mod(-A * inv(mod(2n * rr * rr + 1n)));
  const e = mod(x * x * x + A * x * x + x);
  if (chi(e) === P - 1n) x = mod(-x - A);
  // Edwards y = (x − 1)/(x + 1), x coordinate recovered with sign 0.
  const y = mod((x - 1n) * inv(mod(x + 1n)));
  const point = decodePoint(numberToBytesLE(y, 32));
  if (!point) throw new Error('elligator2 produced a point that does not decode');
  return mulByCofactor(point);
}

/** draft-13: RFC 9380 map_to_curve + clear_cofactor for the field element u. */
export function fromHashPoint(u: bigint): Point {
  const uu = mod(u);
  let x1 = mod(-A * inv(mod(1n + 2n * uu * uu)));
  if (x1 === 0n) x1 = mod(-A);
  const gx1 = mod(x1 * x1 * x1 + A * x1 * x1 + x1);
  const x2 = mod(-x1 - A);
  const gx2 = mod(x2 * x2 * x2 + A * x2 * x2 + x2);
  let s: bigint;
  let t: bigint;
  if (isSquare(gx1)) {
    s = x1;
    t = sqrt(gx1)!;
    if (!isNegative(t)) t = mod(-t); // sgn0(y) == 1
  } else {
    s = x2;
    t = sqrt(gx2)!;
    if (isNegative(t)) t = mod(-t); // sgn0(y) == 0
  }
  // Rational map to edwards25519, exceptional cases to the identity.
  const den = mod((s + 1n) * t);
  let ex: bigint;
  let ey: bigint;
  if (den === 0n) {
    ex = 0n;
    ey = 1n;
  } else {
    const di = inv(den);
    ex = mod(SQRT_AM2 * s * (s + 1n) * di);
    ey = mod((s - 1n) * t * di);
  }
  return mulByCofactor(fromAffine(ex, ey));
}
