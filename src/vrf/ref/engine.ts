/**
 * The reference engine: {@link CurveEngine} on BigInt, written for clarity. It is the
 * oracle against which the fast engine is tested. Not constant time.
 */
import type { CurveEngine } from '../engine.js';
import { P, bytesToNumberBE, bytesToNumberLE } from './field.js';
import { fromHashPoint, fromUniformPoint } from './elligator.js';
import { BASE, add, decodePoint, encodePoint, multiply, mulByCofactor } from './point.js';

/** The BigInt reference engine. */
export const refEngine: CurveEngine = {
  name: 'ref-bigint',
  decodes(p) {
    return decodePoint(p) !== null;
  },
  scalarMultBase(k) {
    return encodePoint(multiply(BASE, bytesToNumberLE(k)));
  },
  fromUniform(r) {
    return encodePoint(fromUniformPoint(bytesToNumberLE(r)));
  },
  fromHash(u48) {
    return encodePoint(fromHashPoint(bytesToNumberBE(u48) % P));
  },
  proveMults(h, x, k) {
    const hp = decodePoint(h);
    if (!hp) throw new Error('H does not decode');
    const xs = bytesToNumberLE(x);
    const ks = bytesToNumberLE(k);
    return [encodePoint(multiply(hp, xs)), encodePoint(multiply(BASE, ks)), encodePoint(multiply(hp, ks))];
  },
  gammaTimesCofactor(h, x) {
    const hp = decodePoint(h);
    if (!hp) throw new Error('H does not decode');
    return encodePoint(mulByCofactor(multiply(hp, bytesToNumberLE(x))));
  },
  verifyMults(y, gamma, h, s, t) {
    const yp = decodePoint(y);
    const gp = decodePoint(gamma);
    const hp = decodePoint(h);
    if (!yp || !gp || !hp) return null;
    const ss = bytesToNumberLE(s);
    const ts = bytesToNumberLE(t);
    const u = add(multiply(BASE, ss), multiply(yp, ts));
    const v = add(multiply(hp, ss), multiply(gp, ts));
    return [encodePoint(u), encodePoint(v)];
  },
  cofactorMul(p) {
    const pp = decodePoint(p);
    return pp ? encodePoint(mulByCofactor(pp)) : null;
  },
};
