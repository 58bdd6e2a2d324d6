// Input handling: verify/proofToHash never throw for Uint8Array arguments and return
// null on wrong lengths; keypairFromSeed/prove throw coded errors; non-Uint8Array → TypeError.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { VrfError, draft03, draft13 } from '../../src/vrf/index.js';

const seed = new Uint8Array(32).fill(7);

for (const [name, vrf] of [['draft03', draft03], ['draft13', draft13]] as const) {
  const { secretKey, publicKey } = vrf.keypairFromSeed(seed);
  const proof = vrf.prove(secretKey, Uint8Array.of(1, 2, 3));

  test(`${name}: wrong lengths give null from verify and proofToHash`, () => {
    for (const len of [0, 1, 31, 33, 64]) {
      assert.equal(vrf.verify(new Uint8Array(len), proof, Uint8Array.of(1, 2, 3)), null);
    }
    for (const len of [0, 32, vrf.PROOF_BYTES - 1, vrf.PROOF_BYTES + 1, 200]) {
      const p = new Uint8Array(len);
      p.set(proof.subarray(0, Math.min(len, proof.length)));
      assert.equal(vrf.verify(publicKey, p, Uint8Array.of(1, 2, 3)), null);
      assert.equal(vrf.proofToHash(p), null);
    }
    assert.ok(vrf.verify(publicKey, proof, Uint8Array.of(1, 2, 3)));
  });

  test(`${name}: verify and proofToHash never throw on arbitrary bytes`, () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 40 }),
        fc.uint8Array({ minLength: 0, maxLength: 140 }),
        fc.uint8Array({ maxLength: 16 }),
        (pk, pi, alpha) => {
          vrf.verify(pk, pi, alpha);
          vrf.proofToHash(pi);
        },
      ),
      { numRuns: 60 },
    );
    // Right lengths, random contents: exercises every rejection path.
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: vrf.PROOF_BYTES, maxLength: vrf.PROOF_BYTES }), (pk, pi) => {
        assert.equal(vrf.verify(pk, pi, new Uint8Array(0)), null);
      }),
      { numRuns: 40 },
    );
  });

  test(`${name}: keypairFromSeed and prove throw VRF_BAD_LENGTH on wrong lengths`, () => {
    for (const len of [0, 31, 33, 64]) {
      assert.throws(() => vrf.keypairFromSeed(new Uint8Array(len)), (e: unknown) => e instanceof VrfError && e.code === 'VRF_BAD_LENGTH');
    }
    for (const len of [0, 32, 63, 65]) {
      assert.throws(() => vrf.prove(new Uint8Array(len), new Uint8Array(0)), (e: unknown) => e instanceof VrfError && e.code === 'VRF_BAD_LENGTH');
    }
  });

  test(`${name}: a secret key whose public half is not a point is VRF_BAD_SECRET_KEY`, () => {
    const bad = Uint8Array.from(secretKey);
    // y = 2 is not the y of any curve point.
    bad.set(new Uint8Array(32), 32);
    bad[32] = 2;
    assert.throws(() => vrf.prove(bad, new Uint8Array(0)), (e: unknown) => e instanceof VrfError && e.code === 'VRF_BAD_SECRET_KEY');
  });

  test(`${name}: non-Uint8Array arguments are TypeErrors`, () => {
    const notBytes = [undefined, null, 'abcd', [1, 2, 3], 42, new ArrayBuffer(32)] as unknown as Uint8Array[];
    for (const v of notBytes) {
      assert.throws(() => vrf.verify(v, proof, new Uint8Array(0)), TypeError);
      assert.throws(() => vrf.verify(publicKey, v, new Uint8Array(0)), TypeError);
      assert.throws(() => vrf.verify(publicKey, proof, v), TypeError);
      assert.throws(() => vrf.proofToHash(v), TypeError);
      assert.throws(() => vrf.keypairFromSeed(v), TypeError);
      assert.throws(() => vrf.prove(v, new Uint8Array(0)), TypeError);
      assert.throws(() => vrf.prove(secretKey, v), TypeError);
    }
  });

  test(`${name}: Buffer and subarray views are accepted`, () => {
    const pi = Buffer.concat([Buffer.alloc(5), Buffer.from(proof)]).subarray(5);
    assert.ok(vrf.verify(Buffer.from(publicKey), pi, Buffer.from([1, 2, 3])));
  });
}
