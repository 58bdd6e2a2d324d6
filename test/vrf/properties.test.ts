// Property tests: prove → verify round trips, and a single flipped bit in the proof,
// alpha or the public key makes verification fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { draft03, draft13 } from '../../src/vrf/index.js';

const runs = Number(process.env.PROPERTY_RUNS ?? 25);

for (const [name, vrf] of [['draft03', draft03], ['draft13', draft13]] as const) {
  test(`${name}: prove then verify round-trips, output = proofToHash = evaluate`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 100 }), (seed, alpha) => {
        const { secretKey, publicKey } = vrf.keypairFromSeed(seed);
        const proof = vrf.prove(secretKey, alpha);
        assert.equal(proof.length, vrf.PROOF_BYTES);
        const out = vrf.verify(publicKey, proof, alpha);
        assert.ok(out);
        assert.equal(out.length, vrf.OUTPUT_BYTES);
        assert.deepEqual(vrf.proofToHash(proof), out);
        assert.deepEqual(vrf.evaluate(secretKey, alpha), out);
      }),
      { numRuns: runs },
    );
  });

  test(`${name}: a single bit flip in proof, alpha or public key is rejected`, () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.constantFrom('proof', 'alpha', 'pk'),
        fc.nat(),
        (seed, alpha, where, bitSeed) => {
          const { secretKey, publicKey } = vrf.keypairFromSeed(seed);
          const proof = vrf.prove(secretKey, alpha);
          const target = where === 'proof' ? Uint8Array.from(proof) : where === 'alpha' ? Uint8Array.from(alpha) : Uint8Array.from(publicKey);
          const bit = bitSeed % (target.length * 8);
          target[bit >> 3] ^= 1 << (bit & 7);
          const out =
            where === 'proof'
              ? vrf.verify(publicKey, target, alpha)
              : where === 'alpha'
                ? vrf.verify(publicKey, proof, target)
                : vrf.verify(target, proof, alpha);
          assert.equal(out, null, `${where} bit ${bit}`);
        },
      ),
      { numRuns: runs * 2 },
    );
  });
}
