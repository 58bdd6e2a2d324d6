// The WebAssembly SHA-512 against node:crypto, and the constant-time scalar arithmetic mod L
// against the BigInt reference (src/vrf/ref/scalar.ts), on seeded random and edge inputs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { sha512 } from '../../src/vrf/fast/sha512.js';
import { isCanonicalScalar, mulAddScalar, negateScalar, reduceScalar } from '../../src/vrf/scalar.js';
import * as ref from '../../src/vrf/ref/scalar.js';
import { isCanonicalPoint, reencodePoint } from '../../src/vrf/pointChecks.js';
import { P, bytesToNumberLE, numberToBytesLE } from '../../src/vrf/ref/field.js';

const L = ref.L;
function rng(label: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let off = 0; off < n; off += 32) {
      const block = createHash('sha256').update(`scalars/${label}/${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, n - off)), off);
    }
    return out;
  };
}
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const le = (v: bigint, n = 32) => numberToBytesLE(v, n);

test('SHA-512 matches node:crypto for lengths around block and chunk boundaries, split anywhere', () => {
  const rand = rng('sha');
  for (const n of [0, 1, 63, 64, 111, 112, 113, 127, 128, 129, 255, 256, 1000, 65535, 65536, 65537, 140000]) {
    const m = rand(n);
    const want = createHash('sha512').update(m).digest('hex');
    assert.equal(hex(sha512(m)), want, `length ${n}`);
    const cut = Math.floor(n / 3);
    assert.equal(hex(sha512(m.subarray(0, cut), new Uint8Array(0), m.subarray(cut))), want, `split ${n}`);
  }
});

test('reduceScalar, mulAddScalar and negateScalar equal the BigInt versions', () => {
  const rand = rng('ops');
  const edges = [0n, 1n, L - 1n, L, L + 1n, 2n * L, (1n << 252n), (1n << 253n) - 1n, (1n << 255n) - 1n, (1n << 256n) - 1n];
  const wide = [...edges.map((v) => le(v, 64)), le((1n << 512n) - 1n, 64), le(L * L, 64), le((1n << 511n), 64)];
  for (let i = 0; i < 5000; i++) {
    const x = i < wide.length ? wide[i]! : rand(64);
    assert.equal(hex(reduceScalar(x)), hex(ref.reduceScalar(x)), hex(x));
    const short = x.subarray(0, i % 65);
    assert.equal(hex(reduceScalar(short)), hex(ref.reduceScalar(short)));
    const pick = (j: number) => (i < 100 ? le(edges[(i + j) % edges.length]!) : rand(32));
    const a = pick(0);
    const b = pick(3);
    const c = pick(7);
    assert.equal(hex(mulAddScalar(a, b, c)), hex(ref.mulAddScalar(a, b, c)));
    assert.equal(hex(negateScalar(a)), hex(ref.negateScalar(a)));
    assert.equal(isCanonicalScalar(a), ref.isCanonicalScalar(a));
  }
});

test('isCanonicalScalar at the boundary', () => {
  for (const [v, ok] of [[0n, true], [L - 1n, true], [L, false], [L + 1n, false], [(1n << 256n) - 1n, false], [L - 256n, true], [L + 256n, false]] as const) {
    assert.equal(isCanonicalScalar(le(v)), ok, v.toString());
  }
});

test('isCanonicalPoint and reencodePoint equal the BigInt definitions', () => {
  const rand = rng('points');
  const ys = [0n, 1n, P - 2n, P - 1n, P, P + 1n, P + 18n, (1n << 255n) - 1n, 2n];
  for (let i = 0; i < 3000; i++) {
    const b = i < ys.length * 2 ? le(ys[i >> 1]!) : rand(32);
    if (i < ys.length * 2 && i % 2) b[31] |= 0x80;
    const y = bytesToNumberLE(Uint8Array.from(b, (v, j) => (j === 31 ? v & 0x7f : v)));
    assert.equal(isCanonicalPoint(b), y < P);
    const r = y % P;
    const want = le(r);
    if (r !== 1n && r !== P - 1n) want[31] |= b[31]! & 0x80;
    assert.equal(hex(reencodePoint(b)), hex(want));
  }
});
