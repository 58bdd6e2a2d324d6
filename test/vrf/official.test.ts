// The 14 official Cardano VRF vectors (cardano-base cardano-crypto-praos/test_vectors),
// read from ../shared/vectors/official.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draft03, draft13 } from '../../src/vrf/index.js';
import { officialVectors } from '../helpers/vectors.js';

const vectors = officialVectors();

test('there are 14 official vectors', () => {
  assert.equal(vectors.length, 14);
});

for (const v of vectors) {
  const vrf = v.ver === 'ietfdraft03' ? draft03 : draft13;
  test(`official ${v.file}`, () => {
    assert.equal(v.vrf, v.ver === 'ietfdraft03' ? 'PraosVRF' : 'PraosBatchCompatVRF');
    const { secretKey, publicKey } = vrf.keypairFromSeed(v.sk);
    assert.equal(Buffer.from(publicKey).toString('hex'), Buffer.from(v.pk).toString('hex'), 'public key');
    const proof = vrf.prove(secretKey, v.alpha);
    assert.equal(Buffer.from(proof).toString('hex'), Buffer.from(v.pi).toString('hex'), 'proof');
    const out = vrf.verify(v.pk, v.pi, v.alpha);
    assert.ok(out, 'verifies');
    assert.equal(Buffer.from(out).toString('hex'), Buffer.from(v.beta).toString('hex'), 'output');
    assert.deepEqual(vrf.proofToHash(v.pi), v.beta);
    assert.deepEqual(vrf.evaluate(secretKey, v.alpha), v.beta);
  });
}
