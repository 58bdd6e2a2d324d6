// draft13.batchVerify / batchVerifyDetailed against single verification: every batch of
// ../shared/vectors/batch.jsonl (generated with the IntersectMBO libsodium fork, commit
// dbb48cce; its torsion batches are where the reference's own batch verifier is random),
// the same batches forced through the batch path at any size, and batches built from the
// draft-13 corpus (honest proofs, proofs with torsion components the reference accepts,
// and every kind of invalid proof).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { draft13 } from '../../src/vrf/index.js';
import { type BatchItem, batchVerifyDetailedWith, batchVerifyWith } from '../../src/vrf/batch.js';
import { VECTORS_DIR, corpusCases, hex } from '../helpers/vectors.js';

interface BatchCase {
  kind: string;
  size: number;
  items: { pk: string; alpha: string; pi: string }[];
  valid: boolean;
  invalid_index: number;
  outputs: string[] | null;
}
const batches: BatchCase[] = readFileSync(join(VECTORS_DIR, 'batch.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const toItems = (b: BatchCase): BatchItem[] => b.items.map((it) => ({ publicKey: hex(it.pk), proof: hex(it.pi), alpha: hex(it.alpha) }));
const h = (x: Uint8Array | null) => (x === null ? null : Buffer.from(x).toString('hex'));

test('batch.jsonl has its 20 batches, torsion ones included', () => {
  assert.equal(batches.length, 20);
  assert.ok(batches.some((b) => b.kind === 'batch-with-torsion' && b.valid));
});

for (const [i, b] of batches.entries()) {
  test(`batch.jsonl #${i} (${b.kind}, ${b.size} items, valid=${b.valid}): batchVerify and batchVerifyDetailed agree with single verification`, () => {
    const items = toItems(b);
    const singles = items.map((it) => h(draft13.verify(it.publicKey, it.proof, it.alpha)));
    assert.equal(singles.every((s) => s !== null), b.valid);
    if (!b.valid) assert.equal(singles[b.invalid_index], null);
    const expected = b.valid ? b.outputs : null;
    assert.deepEqual(draft13.batchVerify(items)?.map(h) ?? null, expected);
    assert.deepEqual(draft13.batchVerifyDetailed(items).map(h), singles);
    // the batch path itself, whatever the size
    assert.deepEqual(batchVerifyWith(items, draft13.verify, 1)?.map(h) ?? null, expected);
    assert.deepEqual(batchVerifyDetailedWith(items, draft13.verify, 1).map(h), singles);
  });
}

test('corpus draft-13 cases in one batch: per-item results equal the reference verdicts and outputs', () => {
  const cases = corpusCases().filter((c) => c.suite === 'draft13-batchcompat');
  const items = cases.map((c) => ({ publicKey: hex(c.pk), proof: hex(c.pi), alpha: hex(c.alpha) }));
  const got = batchVerifyDetailedWith(items, draft13.verify, 1).map(h);
  assert.deepEqual(got, cases.map((c) => c.beta));
});

test('valid corpus proofs (honest and torsion-carrying) pass as one batch; adding any invalid kind fails it', () => {
  const cases = corpusCases().filter((c) => c.suite === 'draft13-batchcompat');
  const valid = cases.filter((c) => c.valid);
  const validItems = valid.map((c) => ({ publicKey: hex(c.pk), proof: hex(c.pi), alpha: hex(c.alpha) }));
  assert.ok(valid.some((c) => c.kind !== 'valid'), 'the corpus has valid proofs with torsion components');
  assert.deepEqual(batchVerifyWith(validItems, draft13.verify, 1)?.map(h), valid.map((c) => c.beta));
  const invalidKinds = [...new Set(cases.filter((c) => !c.valid).map((c) => c.kind))].sort();
  for (const kind of invalidKinds) {
    const bad = cases.filter((c) => !c.valid && c.kind === kind).slice(0, 3);
    for (const c of bad) {
      const items = [...validItems.slice(0, 60), { publicKey: hex(c.pk), proof: hex(c.pi), alpha: hex(c.alpha) }];
      assert.equal(batchVerifyWith(items, draft13.verify, 1), null, `kind ${kind}`);
    }
  }
});

test('large batches are tested in chunks: results and verdicts do not change', () => {
  const cases = corpusCases().filter((c) => c.suite === 'draft13-batchcompat');
  const items = cases.map((c) => ({ publicKey: hex(c.pk), proof: hex(c.pi), alpha: hex(c.alpha) }));
  assert.deepEqual(batchVerifyDetailedWith(items, draft13.verify, 1, 257).map(h), cases.map((c) => c.beta));
  const valid = cases.filter((c) => c.valid);
  const validItems = valid.map((c) => ({ publicKey: hex(c.pk), proof: hex(c.pi), alpha: hex(c.alpha) }));
  assert.deepEqual(batchVerifyWith(validItems, draft13.verify, 1, 200)?.map(h), valid.map((c) => c.beta));
  const bad = cases.find((c) => !c.valid && c.kind === 'proof-bitflip')!;
  const withBadLast = [...validItems, { publicKey: hex(bad.pk), proof: hex(bad.pi), alpha: hex(bad.alpha) }];
  assert.equal(batchVerifyWith(withBadLast, draft13.verify, 1, 200), null);
});

test('batchVerify throws TypeError on non-Uint8Array fields and accepts an empty batch', () => {
  assert.throws(() => draft13.batchVerify([{ publicKey: 'x' as unknown as Uint8Array, proof: new Uint8Array(128), alpha: new Uint8Array(0) }]), TypeError);
  assert.deepEqual(draft13.batchVerify([]), []);
  assert.deepEqual(draft13.batchVerifyDetailed([]), []);
});
