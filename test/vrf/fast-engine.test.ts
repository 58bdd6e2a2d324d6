// The fast WebAssembly engine against the BigInt reference engine (the oracle), on seeded
// random and adversarial inputs: non-decodable and non-canonical encodings, x = 0 with the
// sign bit set, the eight small-order points, points carrying torsion components, and
// scalars at the edges (0, 1, L−1, L, 2^255−1, 2^256−1). Every method must agree byte for byte.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { fastEngine } from '../../src/vrf/fast/engine.js';
import { refEngine } from '../../src/vrf/ref/engine.js';
import { BASE, add, decodePoint, encodePoint, multiply } from '../../src/vrf/ref/point.js';
import { P } from '../../src/vrf/ref/field.js';

const L = (1n << 252n) + 27742317777372353535851937790883648493n;
const SEED = process.env.FAST_ENGINE_SEED ?? 'fast-engine-oracle-1';

/** Deterministic byte stream (SHA-256 in counter mode) so failures reproduce. */
function rng(label: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let off = 0; off < n; off += 32) {
      const block = createHash('sha256').update(`${SEED}/${label}/${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, n - off)), off);
    }
    return out;
  };
}
const le = (v: bigint, n = 32) => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return b;
};
const num = (b: Uint8Array) => BigInt('0x' + (Buffer.from(b).reverse().toString('hex') || '0'));
const hex = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('hex') : String(b));

// The eight points of order dividing 8, from their y coordinates and both signs.
const SMALL_Y = [0n, 1n, P - 1n, 2707385501144840649318225287225658788936804267575313519463743609750303402022n, 55188659117513257062467267217118295137698188065244968500265048394206261417927n];
const TORSION = SMALL_Y.flatMap((y) => [le(y), (() => { const b = le(y); b[31] |= 0x80; return b; })()]);

/** Point encodings a verifier may be handed. */
function pointCases(rand: (n: number) => Uint8Array, count: number): Uint8Array[] {
  const out: Uint8Array[] = [...TORSION];
  for (let d = 0n; d < 19n; d++) {
    const b = le(P + d); // non-canonical y
    out.push(b);
    const s = Uint8Array.from(b);
    s[31] |= 0x80;
    out.push(s);
  }
  const torsionPoints = TORSION.map((t) => decodePoint(t)).filter((p) => p !== null);
  for (let i = 0; out.length < count; i++) {
    const r = rand(32);
    switch (i % 4) {
      case 0:
        out.push(r); // random bytes, about half decode
        break;
      case 1:
        out.push(encodePoint(multiply(BASE, num(r)))); // prime-order points
        break;
      default: {
        const p = multiply(BASE, num(r) % L);
        const t = torsionPoints[r[0] % torsionPoints.length]!;
        out.push(encodePoint(add(p, t))); // with a torsion component
      }
    }
  }
  return out;
}

const EDGE_SCALARS = [0n, 1n, 2n, 7n, 8n, L - 1n, L, L + 1n, 8n * L - 1n, (1n << 252n) - 1n, (1n << 255n) - 1n, (1n << 255n), (1n << 256n) - 1n].map((v) => le(v));

test('decodes and cofactorMul agree on random and adversarial encodings', () => {
  const rand = rng('decode');
  const cases = pointCases(rand, 2000);
  let decodable = 0;
  for (const p of cases) {
    const d = refEngine.decodes(p);
    assert.equal(fastEngine.decodes(p), d, hex(p));
    if (d) decodable++;
    assert.equal(hex(fastEngine.cofactorMul(p)), hex(refEngine.cofactorMul(p)), hex(p));
  }
  assert.ok(decodable > 1000 && decodable < cases.length, `decodable ${decodable}`);
});

test('scalarMultBase agrees for random and edge scalars (including bit 255 set)', () => {
  const rand = rng('base');
  const scalars = [...EDGE_SCALARS, ...Array.from({ length: 150 }, () => rand(32))];
  for (const k of scalars) assert.equal(hex(fastEngine.scalarMultBase(k)), hex(refEngine.scalarMultBase(k)), hex(k));
});

test('fromUniform (draft-03) and fromHash (draft-13) agree on 2,000 inputs each', () => {
  const rand = rng('maps');
  const specials = [new Uint8Array(32), new Uint8Array(32).fill(0xff), le(1n), le(P - 1n), le(P)];
  for (let i = 0; i < 2000; i++) {
    const r = i < specials.length ? Uint8Array.from(specials[i]!) : rand(32);
    r[31] &= 0x7f;
    assert.equal(hex(fastEngine.fromUniform(r)), hex(refEngine.fromUniform(r)), hex(r));
    const u = i < 3 ? new Uint8Array(48).fill([0, 0xff, 1][i]!) : rand(48);
    assert.equal(hex(fastEngine.fromHash(u)), hex(refEngine.fromHash(u)), hex(u));
  }
});

test('proveMults and gammaTimesCofactor agree (H honest or carrying torsion)', () => {
  const rand = rng('prove');
  const torsionPoints = TORSION.map((t) => decodePoint(t)!);
  for (let i = 0; i < 120; i++) {
    let h: Uint8Array;
    if (i % 3 === 0) {
      const r = rand(32);
      r[31] &= 0x7f;
      h = refEngine.fromUniform(r);
    } else if (i % 3 === 1) {
      h = refEngine.fromHash(rand(48));
    } else {
      h = encodePoint(add(multiply(BASE, num(rand(32))), torsionPoints[i % 10]!));
    }
    const x = rand(32);
    x[0] &= 248;
    x[31] = (x[31]! & 127) | 64;
    const k = le(num(rand(64)) % L);
    const edge = i < 4 ? [le(0n), le(1n), le(L - 1n), le((1n << 255n) - 1n)][i]! : k;
    const f = fastEngine.proveMults(h, x, edge);
    const r = refEngine.proveMults(h, x, edge);
    assert.deepEqual(f.map(hex), r.map(hex), `case ${i}`);
    assert.equal(hex(fastEngine.gammaTimesCofactor(h, x)), hex(refEngine.gammaTimesCofactor(h, x)));
  }
});

test('proveMults refuses scalars with bit 255 set (its recoding needs them below 2^255)', () => {
  const h = refEngine.fromHash(new Uint8Array(48));
  const big = new Uint8Array(32).fill(0xff);
  assert.throws(() => fastEngine.proveMults(h, big, le(1n)), RangeError);
  assert.throws(() => fastEngine.gammaTimesCofactor(h, big), RangeError);
});

test('verifyMults agrees on random, torsion, small-order and non-decodable points and edge scalars', () => {
  const rand = rng('verify');
  const points = pointCases(rand, 260);
  for (let i = 0; i < 200; i++) {
    const y = points[(i * 7) % points.length]!;
    const g = points[(i * 13 + 5) % points.length]!;
    const h = i % 2 ? refEngine.fromHash(rand(48)) : points[(i * 3 + 1) % points.length]!;
    const s = i < EDGE_SCALARS.length ? EDGE_SCALARS[i]! : rand(32);
    const t = i < EDGE_SCALARS.length ? EDGE_SCALARS[EDGE_SCALARS.length - 1 - i]! : i % 5 === 0 ? le(L - num(rand(16))) : rand(32);
    const f = fastEngine.verifyMults(y, g, h, s, t);
    const r = refEngine.verifyMults(y, g, h, s, t);
    assert.deepEqual(f?.map(hex) ?? null, r?.map(hex) ?? null, `case ${i}`);
  }
});

test('the fused hash-to-curve with a key check equals decodes + fromUniform / fromHash', () => {
  const rand = rng('fused');
  const keys = pointCases(rand, 400);
  for (const [i, key] of keys.entries()) {
    const r = rand(32);
    r[31] &= 0x7f;
    const u = rand(48);
    const decodes = refEngine.decodes(key);
    assert.equal(hex(fastEngine.hashToCurveCheckingKey!('uniform', r, key)), decodes ? hex(refEngine.fromUniform(r)) : 'null', `uniform ${i}`);
    assert.equal(hex(fastEngine.hashToCurveCheckingKey!('hash', u, key)), decodes ? hex(refEngine.fromHash(u)) : 'null', `hash ${i}`);
    if (decodes) {
      // the key decoded by the fused call is the one verification then uses
      const h = refEngine.fromHash(u);
      const s = rand(32);
      const t = rand(32);
      assert.deepEqual(fastEngine.verifyMults(key, h, h, s, t)?.map(hex), refEngine.verifyMults(key, h, h, s, t)?.map(hex), `verify ${i}`);
    }
  }
});
