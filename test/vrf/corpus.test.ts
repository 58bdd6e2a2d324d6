// Every case of ../shared/vectors/corpus.jsonl (3,600 cases generated with the reference
// C implementation, IntersectMBO libsodium fork commit dbb48cce): the verify verdict, the
// output and the proof-to-hash result must all match, and honest proofs must re-prove
// byte for byte from their secret key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draft03, draft13 } from '../../src/vrf/index.js';
import { corpusCases, hex } from '../helpers/vectors.js';

const cases = corpusCases();
const toHex = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('hex'));

test('the corpus has 3,600 cases', () => {
  assert.equal(cases.length, 3600);
});

for (const suite of ['draft03', 'draft13-batchcompat'] as const) {
  const vrf = suite === 'draft03' ? draft03 : draft13;
  const kinds = [...new Set(cases.filter((c) => c.suite === suite).map((c) => c.kind))].sort();
  for (const kind of kinds) {
    test(`corpus ${suite} ${kind}`, () => {
      const mine = cases.filter((c) => c.suite === suite && c.kind === kind);
      assert.ok(mine.length > 0);
      const mismatches: string[] = [];
      for (const [i, c] of mine.entries()) {
        const pk = hex(c.pk);
        const pi = hex(c.pi);
        const alpha = hex(c.alpha);
        const out = vrf.verify(pk, pi, alpha);
        if ((out !== null) !== c.valid) mismatches.push(`#${i} verdict ${out !== null} != ${c.valid}`);
        if (toHex(out) !== c.beta) mismatches.push(`#${i} output`);
        if (toHex(vrf.proofToHash(pi)) !== c.proof_to_hash) mismatches.push(`#${i} proof_to_hash`);
        if (c.sk && kind === 'valid') {
          const proof = vrf.prove(hex(c.sk), alpha);
          if (toHex(proof) !== c.pi) mismatches.push(`#${i} prove`);
        }
      }
      assert.deepEqual(mismatches, []);
    });
  }
}
