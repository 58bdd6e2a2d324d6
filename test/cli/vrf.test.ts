// End-to-end: the built CLI's vrf commands on the official draft-03 vector 10 and a
// draft-13 vector, with exit codes 0 (valid), 1 (invalid) and 2 (usage).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { officialVectors } from '../helpers/vectors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const v03 = officialVectors().find((v) => v.file === 'vrf_ver03_standard_10')!;
const v13 = officialVectors().find((v) => v.file === 'vrf_ver13_standard_10')!;

test('vrf keygen --seed gives the vector key pair, in JSON', () => {
  const r = runCli(['vrf', 'keygen', '--seed', hex(v03.sk), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.public_key, hex(v03.pk));
  assert.equal(j.secret_key, hex(v03.sk) + hex(v03.pk));
});

test('vrf keygen without a seed makes a fresh key each time', () => {
  const a = JSON.parse(runCli(['vrf', 'keygen', '--json']).stdout);
  const b = JSON.parse(runCli(['vrf', 'keygen', '--json']).stdout);
  assert.notEqual(a.seed, b.seed);
  assert.equal(a.public_key.length, 64);
});

for (const [suite, v] of [['draft03', v03], ['draft13', v13]] as const) {
  test(`vrf prove and verify (${suite})`, () => {
    const sk = hex(v.sk) + hex(v.pk);
    const p = runCli(['vrf', 'prove', '--suite', suite, '--secret-key', sk, '--alpha', hex(v.alpha), '--json']);
    assert.equal(p.status, 0, p.stderr);
    assert.deepEqual(JSON.parse(p.stdout), { suite, proof: hex(v.pi), output: hex(v.beta) });
    const ok = runCli(['vrf', 'verify', '--suite', suite, '--public-key', hex(v.pk), '--proof', hex(v.pi), '--alpha', hex(v.alpha)]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(hex(v.beta)));
    const bad = Uint8Array.from(v.pi);
    bad[40] ^= 1;
    const no = runCli(['vrf', 'verify', '--suite', suite, '--public-key', hex(v.pk), '--proof', hex(bad), '--alpha', hex(v.alpha)]);
    assert.equal(no.status, 1);
    assert.match(no.stderr, /VRF_INVALID_PROOF/);
    const noJson = runCli(['vrf', 'verify', '--suite', suite, '--public-key', hex(v.pk), '--proof', hex(bad), '--alpha', hex(v.alpha), '--json']);
    assert.equal(noJson.status, 1);
    assert.equal(JSON.parse(noJson.stdout).valid, false);
  });
}

test('secret key from a file or the environment', () => {
  const sk = hex(v03.sk) + hex(v03.pk);
  const r = runCli(['vrf', 'prove', '--alpha', '', '--json'], { env: { CARDANO_VRF_SECRET_KEY: sk } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).proof, hex(v03.pi));
});

test('usage errors exit 2 with a message', () => {
  for (const args of [
    ['vrf', 'verify', '--public-key', 'zz', '--proof', '00', '--alpha', ''],
    ['vrf', 'verify', '--public-key', '00'],
    ['vrf', 'prove', '--secret-key', 'abcd', '--alpha', ''],
    ['vrf', 'prove', '--suite', 'draft99', '--secret-key', 'ab', '--alpha', ''],
    ['vrf', 'keygen', '--seed', '00'],
    ['vrf', 'nonsense'],
  ]) {
    const r = runCli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.length > 0);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
  }
});

test('--help works everywhere', () => {
  for (const args of [['--help'], ['vrf', '--help'], ['vrf', 'prove', '--help'], ['vrf', 'verify', '--help'], ['vrf', 'keygen', '--help']]) {
    const r = runCli(args);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Usage:/);
  }
});
