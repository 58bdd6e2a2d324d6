// Proofs that are wrong only by a torsion point: U' = k·B + T (or V' = k·H + T) with s, c
// computed honestly over U', V'. Then s·B + t·Y − U' = −T exactly, so single verification
// rejects, while the prime-order parts of the verification equations vanish: a cofactored
// random linear combination would accept such a batch, and a plain one would accept it
// about half the time. The batch verifier must reject every time (its torsion screen).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { draft13 } from '../../src/vrf/index.js';
import { type BatchItem, batchVerifyDetailedWith, batchVerifyWith } from '../../src/vrf/batch.js';
import { challengeDraft13, challengeScalar } from '../../src/vrf/challenge.js';
import { hashToCurveDraft13 } from '../../src/vrf/hashToCurve.js';
import { refEngine } from '../../src/vrf/ref/engine.js';
import { BASE, add, decodePoint, encodePoint, multiply } from '../../src/vrf/ref/point.js';
import { P } from '../../src/vrf/ref/field.js';

const L = (1n << 252n) + 27742317777372353535851937790883648493n;
const le = (v: bigint) => {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return b;
};
const num = (b: Uint8Array) => BigInt('0x' + (Buffer.from(b).reverse().toString('hex') || '0'));
const sha = (...parts: (Uint8Array | string)[]) => {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

// torsion points of order 2, 4 and 8
const ORDER8_Y = 2707385501144840649318225287225658788936804267575313519463743609750303402022n;
const TORSION = [le(P - 1n), le(0n), le(ORDER8_Y)].map((y) => decodePoint(y)!);

/** An honest draft-13 proof except that U (which = 'U') or V gets the torsion point T added. */
function forge(i: number, which: 'U' | 'V', t: (typeof TORSION)[number]): BatchItem {
  const seed = sha(`forgery seed ${i}`).subarray(0, 32);
  const { publicKey } = draft13.keypairFromSeed(seed);
  const hs = sha(seed);
  hs[0]! &= 248;
  hs[31]! &= 127;
  hs[31]! |= 64;
  const x = num(hs.subarray(0, 32));
  const alpha = sha(`forgery alpha ${i}`).subarray(0, 7);
  const hEnc = hashToCurveDraft13(refEngine, publicKey, alpha);
  const h = decodePoint(hEnc)!;
  const k = num(sha(`forgery nonce ${i}`)) % L;
  const gamma = encodePoint(multiply(h, x));
  const u = encodePoint(which === 'U' ? add(multiply(BASE, k), t) : multiply(BASE, k));
  const v = encodePoint(which === 'V' ? add(multiply(h, k), t) : multiply(h, k));
  const c = num(challengeScalar(challengeDraft13(publicKey, hEnc, gamma, u, v)));
  const s = le((k + c * x) % L);
  const proof = new Uint8Array(128);
  proof.set(gamma, 0);
  proof.set(u, 32);
  proof.set(v, 64);
  proof.set(s, 96);
  return { publicKey, proof, alpha };
}

function honest(n: number): BatchItem[] {
  return Array.from({ length: n }, (_, i) => {
    const { secretKey, publicKey } = draft13.keypairFromSeed(sha(`honest ${i}`).subarray(0, 32));
    const alpha = sha(`alpha ${i}`).subarray(0, 5);
    return { publicKey, proof: draft13.prove(secretKey, alpha), alpha };
  });
}

test('a proof off by a torsion point in U or V: single verification rejects, the batch rejects every time', () => {
  const good = honest(140);
  for (const which of ['U', 'V'] as const) {
    for (const [ti, t] of TORSION.entries()) {
      const bad = forge(ti * 2 + (which === 'U' ? 0 : 1), which, t);
      assert.equal(draft13.verify(bad.publicKey, bad.proof, bad.alpha), null, `${which} + torsion of order ${[2, 4, 8][ti]}`);
      const at = 17 + 31 * ti;
      const items = [...good.slice(0, at), bad, ...good.slice(at)];
      for (let round = 0; round < 4; round++) {
        assert.equal(batchVerifyWith(items, draft13.verify, 1), null, `${which} order ${[2, 4, 8][ti]} round ${round}`);
        assert.equal(draft13.batchVerify(items), null);
      }
      const detailed = batchVerifyDetailedWith(items, draft13.verify, 1);
      assert.deepEqual(
        detailed.map((r, i) => (r === null ? i : -1)).filter((i) => i >= 0),
        [at],
      );
    }
  }
});

test('the forged proofs differ from valid ones only by torsion: 8·(s·B + t·Y − U) is the identity', () => {
  const bad = forge(99, 'U', TORSION[0]!);
  const y = decodePoint(bad.publicKey)!;
  const u = decodePoint(bad.proof.subarray(32, 64))!;
  const h = hashToCurveDraft13(refEngine, bad.publicKey, bad.alpha);
  const c = num(challengeScalar(challengeDraft13(bad.publicKey, h, bad.proof.subarray(0, 32), bad.proof.subarray(32, 64), bad.proof.subarray(64, 96))));
  const s = num(bad.proof.subarray(96, 128));
  const p = add(add(multiply(BASE, s), multiply(y, L - c)), multiply(u, 8n * L - 1n)); // − U as (8L − 1)·U
  assert.notEqual(Buffer.from(encodePoint(p)).toString('hex'), Buffer.from(encodePoint(multiply(BASE, 0n))).toString('hex'));
  assert.equal(Buffer.from(encodePoint(multiply(p, 8n))).toString('hex'), Buffer.from(encodePoint(multiply(BASE, 0n))).toString('hex'));
});
