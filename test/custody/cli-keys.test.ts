import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliRun } from '../helpers/cli.js';
import { draft03, draft13 } from '../../src/vrf/index.js';
import { praosInput } from '../../src/cardano/inputs.js';
import { tempHome, writeSkey } from './softwareFixtures.js';

const seedOf = (b: number) => new Uint8Array(32).map((_, i) => (b * 13 + i * 5) & 0xff);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function cli(home: string, args: string[], env: Record<string, string | undefined> = {}): CliRun {
  return runCli(args, { env: { CARDANO_VRF_HOME: home, CARDANO_VRF_CONFIG: undefined, CARDANO_VRF_PASSPHRASE: undefined, CARDANO_VRF_BACKUP_PASSPHRASE: undefined, ...env } });
}
function ok(r: CliRun): unknown {
  assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
function fails(r: CliRun, status: number, code: string): void {
  assert.equal(r.status, status, `expected exit ${status}, got ${r.status}: ${r.stdout}${r.stderr}`);
  assert.equal(JSON.parse(r.stderr.trim().split('\n').pop()!).error.code, code, r.stderr);
}

test('keys generate/list/public-key/prove/delete with --json: stable shapes, proofs equal the in-memory ones', () => {
  const { dir, cleanup } = tempHome();
  try {
    const skey = writeSkey(dir, seedOf(1));
    const before = readFileSync(skey);
    const imported = cli(dir, ['keys', 'import', '--key-id', 'pool-a', '--vrf-skey', skey, '--json']);
    const kp = draft03.keypairFromSeed(seedOf(1));
    assert.deepEqual(ok(imported), { key_id: 'pool-a', suite: 'draft03', public_key: hex(kp.publicKey) });
    assert.match(imported.stderr, /shred -u/);
    assert.deepEqual(readFileSync(skey), before);

    const gen = ok(cli(dir, ['keys', 'generate', '--key-id', 'pool-b', '--suite', 'draft13', '--tag', 'env=test', '--json'])) as Record<string, string>;
    assert.deepEqual(Object.keys(gen), ['key_id', 'suite', 'public_key']);
    assert.equal(gen.suite, 'draft13');
    assert.match(gen.public_key!, /^[0-9a-f]{64}$/);

    assert.deepEqual(ok(cli(dir, ['keys', 'list', '--json'])), [
      { key_id: 'pool-a', suite: 'draft03', public_key: hex(kp.publicKey) },
      gen,
    ]);
    assert.deepEqual(ok(cli(dir, ['keys', 'public-key', '--key-id', 'pool-b', '--json'])), gen);

    const p = ok(cli(dir, ['prove', '--key-id', 'pool-a', '--alpha', 'deadbeef', '--json'])) as Record<string, string>;
    const want = draft03.prove(kp.secretKey, Uint8Array.from([0xde, 0xad, 0xbe, 0xef]));
    assert.deepEqual(p, { proof: hex(want), output: hex(draft03.proofToHash(want)!) });

    const nonce = new Uint8Array(32).fill(0x5a);
    const ps = ok(cli(dir, ['prove', '--key-id', 'pool-a', '--slot', '123456789', '--epoch-nonce', hex(nonce), '--suite', 'draft13', '--json'])) as Record<string, string>;
    assert.equal(ps.proof, hex(draft13.prove(kp.secretKey, praosInput(123456789n, nonce))));

    const vk = ok(cli(dir, ['keys', 'export-vkey', '--key-id', 'pool-a', '--out', join(dir, 'vrf.vkey'), '--json'])) as Record<string, string>;
    assert.equal(vk.vrf_vkey, hex(kp.publicKey));
    assert.equal(JSON.parse(readFileSync(join(dir, 'vrf.vkey'), 'utf8')).cborHex, '5820' + hex(kp.publicKey));

    fails(cli(dir, ['keys', 'delete', '--key-id', 'pool-a', '--json']), 2, 'CONFIRMATION_REQUIRED');
    assert.equal((ok(cli(dir, ['keys', 'protect', '--key-id', 'pool-a', '--on', '--json'])) as { deletion_protection: boolean }).deletion_protection, true);
    fails(cli(dir, ['keys', 'delete', '--key-id', 'pool-a', '--yes', '--json']), 1, 'KEY_DELETION_PROTECTED');
    fails(cli(dir, ['keys', 'protect', '--key-id', 'pool-a', '--json']), 2, 'CLI_USAGE');
    fails(cli(dir, ['keys', 'protect', '--key-id', 'nope', '--off', '--json']), 1, 'KEY_NOT_FOUND');
    assert.equal((ok(cli(dir, ['keys', 'protect', '--key-id', 'pool-a', '--off', '--json'])) as { deletion_protection: boolean }).deletion_protection, false);
    assert.deepEqual(ok(cli(dir, ['keys', 'delete', '--key-id', 'pool-a', '--yes', '--json'])), { key_id: 'pool-a', deleted: true });
    fails(cli(dir, ['keys', 'public-key', '--key-id', 'pool-a', '--json']), 1, 'KEY_NOT_FOUND');
    fails(cli(dir, ['prove', '--key-id', 'pool-a', '--alpha', '', '--json']), 1, 'KEY_NOT_FOUND');

    const audit = cli(dir, ['audit', 'verify', join(dir, 'audit.log'), '--json']);
    const v = ok(audit) as { ok: boolean; records: number };
    assert.equal(v.ok, true);
    const ops = readFileSync(join(dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).operation);
    assert.deepEqual(ops, ['import', 'generate', 'prove', 'prove', 'protect', 'delete', 'protect', 'protect', 'delete', 'prove']);
  } finally {
    cleanup();
  }
});

test('CLI errors: duplicate and malformed ids, usage mistakes, bad configuration', () => {
  const { dir, cleanup } = tempHome();
  try {
    ok(cli(dir, ['keys', 'generate', '--key-id', 'k', '--json']));
    fails(cli(dir, ['keys', 'generate', '--key-id', 'k', '--json']), 1, 'KEY_EXISTS');
    fails(cli(dir, ['keys', 'generate', '--key-id', '../k', '--json']), 2, 'BAD_KEY_ID');
    fails(cli(dir, ['prove', '--key-id', 'k', '--alpha', '00', '--slot', '1', '--epoch-nonce', '00'.repeat(32), '--json']), 2, 'CLI_USAGE');
    fails(cli(dir, ['prove', '--key-id', 'k', '--slot', '1', '--epoch-nonce', '00', '--json']), 2, 'CLI_USAGE');
    fails(cli(dir, ['prove', '--key-id', 'k', '--slot', '-1', '--epoch-nonce', '00'.repeat(32), '--json']), 2, 'CLI_USAGE');
    fails(cli(dir, ['prove', '--key-id', 'k', '--json']), 2, 'CLI_USAGE');
    assert.equal(cli(dir, ['keys', 'generate']).status, 2, 'missing --key-id is a usage error');
    fails(cli(dir, ['keys', 'import', '--key-id', 'x', '--vrf-skey', join(dir, 'none.skey'), '--json']), 1, 'SKEY_INVALID');

    const badCfg = join(dir, 'bad.json');
    writeFileSync(badCfg, JSON.stringify({ type: 'pkcs11', module: '/x.so', token_label: 't', kek_label: 'k', keystore_dir: 'ks', pin: '1234' }));
    fails(cli(dir, ['keys', 'list', '--config', badCfg, '--json']), 1, 'CONFIG_INVALID');
    fails(cli(dir, ['keys', 'list', '--json'], { CARDANO_VRF_CONFIG: badCfg }), 1, 'CONFIG_INVALID');
    writeFileSync(badCfg, '{not json');
    fails(cli(dir, ['keys', 'list', '--config', badCfg, '--json']), 1, 'CONFIG_INVALID');
    fails(cli(dir, ['keys', 'list', '--config', join(dir, 'missing.json'), '--json']), 1, 'CONFIG_INVALID');

    // --config wins over CARDANO_VRF_CONFIG, which wins over CARDANO_VRF_HOME.
    const cfgA = join(dir, 'a.json');
    const cfgB = join(dir, 'b.json');
    writeFileSync(cfgA, JSON.stringify({ type: 'software', keystore_dir: 'store-a', audit_log: 'a-audit.log' }));
    writeFileSync(cfgB, JSON.stringify({ type: 'software', keystore_dir: 'store-b', audit_log: 'b-audit.log' }));
    ok(cli(dir, ['keys', 'generate', '--key-id', 'in-a', '--config', cfgA, '--json'], { CARDANO_VRF_CONFIG: cfgB }));
    ok(cli(dir, ['keys', 'generate', '--key-id', 'in-b', '--json'], { CARDANO_VRF_CONFIG: cfgB }));
    assert.ok(existsSync(join(dir, 'store-a', 'in-a.json')) && existsSync(join(dir, 'store-b', 'in-b.json')));
    assert.ok(existsSync(join(dir, 'a-audit.log')) && existsSync(join(dir, 'b-audit.log')));
    assert.deepEqual((ok(cli(dir, ['keys', 'list', '--json'])) as { key_id: string }[]).map((k) => k.key_id), ['k']);

    chmodSync(join(dir, 'keys'), 0o755);
    fails(cli(dir, ['keys', 'list', '--json']), 1, 'INSECURE_PERMISSIONS');
  } finally {
    cleanup();
  }
});

test('keys backup/restore: encrypted archive, wrong passphrase refused, restore is byte-identical and never overwrites', () => {
  const src = tempHome();
  const dst = tempHome();
  try {
    const pass = { CARDANO_VRF_BACKUP_PASSPHRASE: 'backup secret' };
    const keystorePass = { CARDANO_VRF_PASSPHRASE: 'keystore secret' };
    ok(cli(src.dir, ['keys', 'import', '--key-id', 'clear', '--vrf-skey', writeSkey(src.dir, seedOf(4)), '--json']));
    ok(cli(src.dir, ['keys', 'generate', '--key-id', 'sealed', '--suite', 'draft13', '--json'], keystorePass));
    const archive = join(src.dir, 'backup.cvb');
    fails(cli(src.dir, ['keys', 'backup', '--out', archive, '--json']), 1, 'PASSPHRASE_REQUIRED');
    const b = ok(cli(src.dir, ['keys', 'backup', '--out', archive, '--json'], pass)) as { keys: string[] };
    assert.deepEqual(b.keys, ['clear', 'sealed']);
    assert.equal(statSync(archive).mode & 0o777, 0o600);
    const text = readFileSync(archive, 'utf8');
    assert.ok(!text.includes(hex(seedOf(4))) && !text.includes('"clear"'), 'archive content is encrypted');
    fails(cli(src.dir, ['keys', 'backup', '--out', archive, '--json'], pass), 1, 'OUTPUT_EXISTS');

    fails(cli(dst.dir, ['keys', 'restore', '--in', archive, '--json'], { CARDANO_VRF_BACKUP_PASSPHRASE: 'wrong' }), 1, 'PASSPHRASE_INCORRECT');
    const passFile = join(dst.dir, 'pass');
    writeFileSync(passFile, 'backup secret\n', { mode: 0o600 });
    assert.deepEqual(ok(cli(dst.dir, ['keys', 'restore', '--in', archive, '--passphrase-file', passFile, '--json'])), { restored: ['clear', 'sealed'], skipped: [] });
    assert.deepEqual(ok(cli(dst.dir, ['keys', 'restore', '--in', archive, '--json'], pass)), { restored: [], skipped: ['clear', 'sealed'] });
    for (const id of ['clear', 'sealed']) {
      assert.deepEqual(readFileSync(join(dst.dir, 'keys', `${id}.json`)), readFileSync(join(src.dir, 'keys', `${id}.json`)));
      assert.equal(statSync(join(dst.dir, 'keys', `${id}.json`)).mode & 0o777, 0o600);
    }
    const p1 = ok(cli(src.dir, ['prove', '--key-id', 'sealed', '--alpha', '01', '--json'], keystorePass));
    const p2 = ok(cli(dst.dir, ['prove', '--key-id', 'sealed', '--alpha', '01', '--json'], keystorePass));
    assert.deepEqual(p1, p2);
    const verified = ok(cli(dst.dir, ['keys', 'verify', '--json'], keystorePass)) as { ok: boolean; keys: { key_id: string; ok: boolean }[] };
    assert.equal(verified.ok, true);
    assert.deepEqual(verified.keys.map((k) => [k.key_id, k.ok]), [['clear', true], ['sealed', true]]);

    // A tampered archive header is refused.
    const h = JSON.parse(text);
    h.keys = 1;
    const tampered = join(dst.dir, 'tampered.cvb');
    writeFileSync(tampered, JSON.stringify(h));
    fails(cli(dst.dir, ['keys', 'restore', '--in', tampered, '--json'], pass), 1, 'PASSPHRASE_INCORRECT');
    writeFileSync(tampered, '{"format":"zip"}');
    fails(cli(dst.dir, ['keys', 'restore', '--in', tampered, '--json'], pass), 1, 'BACKUP_INVALID');

    const recs = readFileSync(join(dst.dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(recs.filter((r) => r.operation === 'restore').map((r) => [r.result, r.code]), [
      ['failure', 'PASSPHRASE_INCORRECT'], ['ok', null], ['ok', null], ['failure', 'PASSPHRASE_INCORRECT'], ['failure', 'BACKUP_INVALID'],
    ]);
    assert.ok(readFileSync(join(src.dir, 'audit.log'), 'utf8').includes('"operation":"backup"'));
  } finally {
    src.cleanup();
    dst.cleanup();
  }
});

test('keys verify reports a corrupt key; audit verify fails on a tampered log', () => {
  const { dir, cleanup } = tempHome();
  try {
    ok(cli(dir, ['keys', 'generate', '--key-id', 'good', '--json']));
    ok(cli(dir, ['keys', 'generate', '--key-id', 'bad', '--json']));
    ok(cli(dir, ['keys', 'generate', '--key-id', 'broken', '--json']));
    const badFile = join(dir, 'keys', 'bad.json');
    const e = JSON.parse(readFileSync(badFile, 'utf8'));
    e.wrapped = Buffer.from(seedOf(7)).toString('base64');
    writeFileSync(badFile, JSON.stringify(e), { mode: 0o600 });
    writeFileSync(join(dir, 'keys', 'broken.json'), '{', { mode: 0o600 });
    const r = cli(dir, ['keys', 'verify', '--json']);
    assert.equal(r.status, 1);
    const v = JSON.parse(r.stdout) as { ok: boolean; keys: { key_id: string; ok: boolean; code?: string }[] };
    assert.equal(v.ok, false);
    assert.deepEqual(v.keys.map((k) => [k.key_id, k.ok, k.code]), [['bad', false, 'KEY_CORRUPT'], ['broken', false, 'ENVELOPE_INVALID'], ['good', true, undefined]]);

    const log = join(dir, 'audit.log');
    const head = (ok(cli(dir, ['audit', 'verify', log, '--json'])) as { head: string }).head;
    ok(cli(dir, ['prove', '--key-id', 'good', '--alpha', '00', '--json']));
    ok(cli(dir, ['audit', 'verify', log, '--anchor', head, '--json']));
    const whole = readFileSync(log, 'utf8');
    writeFileSync(log, whole.split('\n').slice(0, 2).join('\n') + '\n', { mode: 0o600 });
    const cut = cli(dir, ['audit', 'verify', log, '--anchor', head, '--json']);
    assert.equal(cut.status, 1);
    assert.deepEqual((JSON.parse(cut.stdout) as { problems: { kind: string }[] }).problems.map((p) => p.kind), ['missing-anchor']);
    fails(cli(dir, ['audit', 'verify', log, '--anchor', 'xyz', '--json']), 2, 'CLI_USAGE');
    writeFileSync(log, whole, { mode: 0o600 });
    const lines = readFileSync(log, 'utf8').split('\n');
    lines.splice(1, 1);
    writeFileSync(log, lines.join('\n'), { mode: 0o600 });
    const a = cli(dir, ['audit', 'verify', log, '--json']);
    assert.equal(a.status, 1);
    assert.equal((JSON.parse(a.stdout) as { ok: boolean }).ok, false);
    const human = cli(dir, ['audit', 'verify', log]);
    assert.equal(human.status, 1);
    assert.match(human.stdout, /line 2: broken-link/);
  } finally {
    cleanup();
  }
});
