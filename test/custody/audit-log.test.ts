import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { AuditLog, verifyAuditLog, verifyAuditText, GENESIS_HASH } from '../../src/custody/index.js';
import { openSoftware, rejectsWithCode, tempHome } from './softwareFixtures.js';

/** Writes a log with `n` records through the real writer and returns its lines. */
async function makeLog(file: string, n: number): Promise<string[]> {
  let t = Date.parse('2026-01-01T00:00:00Z');
  const log = await AuditLog.open(file, { actor: 'op', clock: () => new Date((t += 1000)) });
  for (let i = 0; i < n; i++) {
    await log.record({ operation: i % 3 === 0 ? 'generate' : 'prove', keyId: `k${i % 4}`, alpha: Uint8Array.of(i), result: i % 5 === 4 ? 'failure' : 'ok', ...(i % 5 === 4 ? { code: 'KEY_NOT_FOUND' } : {}) });
  }
  await log.close();
  return readFileSync(file, 'utf8').trimEnd().split('\n');
}

const text = (lines: string[]) => lines.join('\n') + '\n';

test('a fresh log verifies; records carry time, actor, operation, key id, sha256(alpha), result, code', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const file = join(dir, 'audit.log');
    const lines = await makeLog(file, 10);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const v = await verifyAuditLog(file);
    assert.deepEqual(v.problems, []);
    assert.equal(v.ok, true);
    assert.equal(v.records, 10);
    const recs = lines.map((l) => JSON.parse(l));
    assert.equal(v.head, recs[9].hash);
    assert.equal(recs[0].prev, GENESIS_HASH);
    assert.equal(recs[0].seq, 1);
    assert.equal(recs[3].alpha_sha256, createHash('sha256').update(Uint8Array.of(3)).digest('hex'));
    assert.equal(recs[4].result, 'failure');
    assert.equal(recs[4].code, 'KEY_NOT_FOUND');
    assert.equal(recs[1].actor, 'op');
    assert.equal(recs[1].time, '2026-01-01T00:00:02.000Z');
    for (let i = 1; i < 10; i++) assert.equal(recs[i].prev, recs[i - 1].hash);
    // Reopening continues the chain.
    const again = await AuditLog.open(file, { actor: 'op2' });
    await again.record({ operation: 'delete', keyId: 'k1', result: 'ok' });
    await again.close();
    const v2 = await verifyAuditLog(file);
    assert.equal(v2.ok, true);
    assert.equal(v2.records, 11);
  } finally {
    cleanup();
  }
});

test('edits, insertions, deletions, reordering and truncation at the start or in the middle are detected', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const lines = await makeLog(join(dir, 'audit.log'), 12);
    const kinds = (t: string) => verifyAuditText(t).problems.map((p) => `${p.line}:${p.kind}`);

    const edited = [...lines];
    edited[4] = edited[4]!.replace('"result":"failure"', '"result":"ok"');
    assert.notEqual(edited[4], lines[4]);
    assert.deepEqual(kinds(text(edited)), ['5:bad-hash']);

    // An editor who also recomputes the record's own hash breaks the next link.
    const rec = JSON.parse(lines[4]!);
    rec.result = 'ok';
    delete rec.hash;
    const rehashed = { ...rec, hash: createHash('sha256').update(JSON.stringify(rec)).digest('hex') };
    const edited2 = [...lines];
    edited2[4] = JSON.stringify(rehashed);
    assert.deepEqual(kinds(text(edited2)), ['6:broken-link']);

    const inserted = [...lines.slice(0, 6), lines[2]!, ...lines.slice(6)];
    assert.ok(kinds(text(inserted)).includes('7:broken-link'));
    assert.equal(verifyAuditText(text(inserted)).ok, false);

    const deleted = [...lines.slice(0, 5), ...lines.slice(6)];
    assert.deepEqual(kinds(text(deleted)), ['6:broken-link', '6:bad-sequence']);

    const truncatedMiddle = [...lines.slice(0, 3), ...lines.slice(9)];
    assert.deepEqual(kinds(text(truncatedMiddle)), ['4:broken-link', '4:bad-sequence']);

    const headless = lines.slice(2);
    assert.deepEqual(kinds(text(headless)), ['1:broken-link', '1:bad-sequence']);

    const swapped = [...lines];
    [swapped[7], swapped[8]] = [swapped[8]!, swapped[7]!];
    assert.equal(verifyAuditText(text(swapped)).ok, false);

    const garbage = [...lines.slice(0, 3), 'hello', ...lines.slice(3)];
    assert.deepEqual(kinds(text(garbage)), ['4:unparsable']);

    // Tail truncation is invisible to the chain alone, but the reported head moves, and a
    // head saved earlier (the anchor) must still be in the log.
    const tail = verifyAuditText(text(lines.slice(0, 8)));
    assert.equal(tail.ok, true);
    const full = verifyAuditText(text(lines));
    assert.notEqual(tail.head, full.head);
    assert.deepEqual(verifyAuditText(text(lines.slice(0, 8)), { anchor: full.head }).problems.map((p) => p.kind), ['missing-anchor']);
    const mid = JSON.parse(lines[5]!).hash as string;
    assert.equal(verifyAuditText(text(lines.slice(0, 8)), { anchor: mid }).ok, true);
    assert.equal(verifyAuditText(text(lines.slice(0, 5)), { anchor: mid }).ok, false);
    assert.equal(verifyAuditText('', { anchor: mid }).ok, false);
  } finally {
    cleanup();
  }
});

test('property: any single-byte change to any line is detected', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const lines = await makeLog(join(dir, 'audit.log'), 6);
    const original = text(lines);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0x20, max: 0x7e }), (pos, ch) => {
        const i = pos % (original.length - 1);
        if (original.charCodeAt(i) === ch || original[i] === '\n') return;
        const mutated = original.slice(0, i) + String.fromCharCode(ch) + original.slice(i + 1);
        assert.equal(verifyAuditText(mutated).ok, false, `undetected change at ${i}`);
      }),
      { numRuns: 300 },
    );
  } finally {
    cleanup();
  }
});

test('an interrupted last line is reported, and the writer continues the chain after it', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const file = join(dir, 'audit.log');
    await makeLog(file, 3);
    appendFileSync(file, '{"seq":4,"time":"2026');
    const torn = await verifyAuditLog(file);
    assert.deepEqual(torn.problems.map((p) => p.kind), ['torn-tail']);
    const log = await AuditLog.open(file, { actor: 'x' });
    await log.record({ operation: 'prove', keyId: 'k', result: 'ok' });
    await log.close();
    const v = await verifyAuditLog(file);
    assert.deepEqual(v.problems.map((p) => `${p.line}:${p.kind}`), ['4:unparsable']);
    assert.equal(v.records, 4);
    assert.equal((await verifyAuditLog(join(dir, 'missing.log'))).ok, false);
  } finally {
    cleanup();
  }
});

test('a group-readable or symlinked audit log is refused', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const file = join(dir, 'audit.log');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    await rejectsWithCode(() => AuditLog.open(file, { actor: 'x' }), 'INSECURE_PERMISSIONS');
    await rejectsWithCode(() => openSoftware(dir), 'INSECURE_PERMISSIONS');
    chmodSync(file, 0o600);
    const link = join(dir, 'link.log');
    symlinkSync(file, link);
    await rejectsWithCode(() => AuditLog.open(link, { actor: 'x' }), 'INSECURE_PERMISSIONS');
  } finally {
    cleanup();
  }
});

test('two processes appending at once keep one valid chain', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const file = join(dir, 'audit.log');
    await makeLog(file, 2);
    const child = (who: string) =>
      new Promise<number | null>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'auditWriter.ts'), file, who, '40'], { stdio: 'inherit' });
        p.on('exit', resolve);
      });
    assert.deepEqual(await Promise.all([child('a'), child('b')]), [0, 0]);
    const v = await verifyAuditLog(file);
    assert.deepEqual(v.problems, []);
    assert.equal(v.records, 82);
    const recs = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(recs.filter((r) => r.actor === 'a').length, 40);
    assert.equal(recs.filter((r) => r.actor === 'b').length, 40);
  } finally {
    cleanup();
  }
});

test('backend operations are audited; a failed prove records the alpha hash and the code; no secrets', async () => {
  const { dir, cleanup } = tempHome();
  try {
    const be = await openSoftware(dir);
    const seed = new Uint8Array(32).fill(0x42);
    await be.importKey('a', seed);
    const alpha = Uint8Array.of(9, 9);
    await be.prove('a', alpha);
    await rejectsWithCode(() => be.prove('b', alpha), 'KEY_NOT_FOUND');
    const view = be.withActor('client-7');
    await view.prove('a', alpha);
    await view.close(); // a no-op: the backend stays open for its owner
    await be.deleteKey('a', { confirm: true });
    await be.close();
    const raw = readFileSync(join(dir, 'audit.log'), 'utf8');
    const recs = raw.trim().split('\n').map((l) => JSON.parse(l));
    const digest = createHash('sha256').update(alpha).digest('hex');
    assert.deepEqual(
      recs.map((r) => [r.operation, r.key_id, r.result, r.code, r.actor]),
      [
        ['import', 'a', 'ok', null, 'test'],
        ['prove', 'a', 'ok', null, 'test'],
        ['prove', 'b', 'failure', 'KEY_NOT_FOUND', 'test'],
        ['prove', 'a', 'ok', null, 'client-7'],
        ['delete', 'a', 'ok', null, 'test'],
      ],
    );
    assert.equal(recs[1].alpha_sha256, digest);
    assert.equal(recs[2].alpha_sha256, digest);
    assert.ok(!raw.includes('4242424242'));
    assert.equal((await verifyAuditLog(join(dir, 'audit.log'))).ok, true);
  } finally {
    cleanup();
  }
});
