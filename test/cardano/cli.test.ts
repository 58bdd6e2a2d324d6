// End-to-end: the built CLI's leaderlog, praos verify-header and key commands on the
// Cardano vectors, with exit codes 0 (ok), 1 (failure / invalid) and 2 (usage).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { envelopeToJson, parseHex, signingKeyEnvelope, verificationKeyEnvelope } from '../../src/cardano/index.js';
import { draft03 } from '../../src/vrf/index.js';
import { runCli } from '../helpers/cli.js';
import { CARDANO_DIR, cardanoVectors } from './cardanoVectors.js';

const V = cardanoVectors();
const dir = mkdtempSync(join(tmpdir(), 'cardano-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const praos = V.leader_schedules.find((s) => s.mode === 'praos')!;
const tpraos = V.leader_schedules.find((s) => s.mode === 'tpraos')!;
const kp = draft03.keypairFromSeed(parseHex(praos.vrf_seed)!);
const skeyFile = join(dir, 'pool.skey');
writeFileSync(skeyFile, envelopeToJson(signingKeyEnvelope(kp.secretKey)), { mode: 0o600 });

const scheduleArgs = (s: typeof praos, length = s.epoch_length) => [
  '--vrf-skey', skeyFile,
  '--epoch-nonce', s.epoch_nonce,
  '--pool-stake', '1000', '--active-stake', '4000', // σ = 1/4
  '--active-slot-coeff', s.active_slot_coeff,
  '--mode', s.mode,
  '--first-slot', String(s.first_slot), '--epoch-length', String(length),
];

function errorCode(stderr: string): string {
  const line = stderr.trim().split('\n').at(-1) ?? '';
  return (JSON.parse(line) as { error: { code: string } }).error.code;
}

test('leaderlog --json: the praos vector schedule, slot for slot, with the inputs echoed', () => {
  assert.equal(praos.sigma, '1/4');
  const r = runCli(['leaderlog', ...scheduleArgs(praos), '--json'], { timeoutMs: 180_000 });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.leader_slots, praos.leader_slots);
  assert.equal(j.first_slot, praos.first_slot);
  assert.equal(j.epoch_length, praos.epoch_length);
  assert.equal(j.mode, 'praos');
  assert.equal(j.epoch_nonce, praos.epoch_nonce);
  assert.equal(j.sigma, '1/4');
  assert.equal(j.pool_stake, '1000');
  assert.equal(j.active_slot_coeff, '0.05');
  assert.equal(j.vrf_vkey, praos.vrf_vkey);
  assert.deepEqual(j.slots[0], { slot: praos.leader_slots[0], epoch_slot: praos.leader_slots[0] - praos.first_slot, time: null });
  assert.equal(r.stderr, '', 'no progress bar when stderr is not a TTY');
});

test('leaderlog --csv, --svg and --html: the tpraos vector schedule on the first 600 slots, with mainnet times', () => {
  const expected = tpraos.leader_slots.filter((s) => s < tpraos.first_slot + 600);
  const svg = join(dir, 'epoch.svg');
  const html = join(dir, 'epoch.html');
  const r = runCli(['leaderlog', ...scheduleArgs(tpraos, 600), '--network', 'mainnet', '--csv', '--svg', svg, '--html', html], { timeoutMs: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], 'slot,epoch_slot,time_utc');
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), expected);
  // Mainnet slot 4492800 starts at 2020-07-29T21:44:51Z; one-second slots.
  const first = lines[1].split(',');
  assert.equal(first[2], new Date(Date.parse('2020-07-29T21:44:51Z') + Number(first[1]) * 1000).toISOString().replace('.000Z', 'Z'));
  const svgText = readFileSync(svg, 'utf8');
  assert.match(svgText, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.deepEqual([...svgText.matchAll(/data-slot="(\d+)"/g)].map((m) => Number(m[1])), expected);
  const htmlText = readFileSync(html, 'utf8');
  assert.match(htmlText, /^<!doctype html>/);
  assert.equal([...htmlText.matchAll(/<tr><td>\d+<\/td><td>(\d+)<\/td>/g)].length, expected.length);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});

test('leaderlog table output and the --key-id path through the software custody backend agree', () => {
  const home = join(dir, 'home');
  const env = { CARDANO_VRF_HOME: home, CARDANO_VRF_CONFIG: undefined };
  const imp = runCli(['keys', 'import', '--key-id', 'pool1', '--vrf-skey', skeyFile, '--json'], { env });
  assert.equal(imp.status, 0, imp.stderr);
  const expected = praos.leader_slots.filter((s) => s < praos.first_slot + 150);
  const args = scheduleArgs(praos, 150).slice(2);
  const viaKey = runCli(['leaderlog', '--key-id', 'pool1', ...args, '--json'], { env, timeoutMs: 120_000 });
  assert.equal(viaKey.status, 0, viaKey.stderr);
  assert.deepEqual(JSON.parse(viaKey.stdout).leader_slots, expected);
  assert.equal(JSON.parse(viaKey.stdout).key_source, 'key-id');
  const table = runCli(['leaderlog', ...scheduleArgs(praos, 150)]);
  assert.equal(table.status, 0, table.stderr);
  for (const s of expected) assert.match(table.stdout, new RegExp(`\\b${s}\\b`));
  assert.match(table.stdout, new RegExp(`${expected.length} leader slots of 150`));
});

test('leaderlog usage errors exit 2, bad key files exit 1 with their code', () => {
  const base = scheduleArgs(praos, 10);
  const usage = (args: string[]) => {
    const r = runCli(['leaderlog', ...args, '--json']);
    assert.equal(r.status, 2, `${args.join(' ')}\n${r.stderr}`);
  };
  usage(base.filter((a, i) => i > 1 || (a !== '--vrf-skey' && a !== skeyFile)));
  usage([...base, '--key-id', 'pool1']);
  usage([...base, '--network', 'mainnet', '--epoch', '300']);
  usage(base.map((a) => (a === praos.epoch_nonce ? 'abcd' : a)));
  usage(base.map((a) => (a === '1000' ? '5000' : a)));
  usage(base.map((a) => (a === '0.05' ? '1.5' : a)));
  usage(base.map((a) => (a === '0.05' ? 'x' : a)));
  usage(base.map((a) => (a === '10' ? '0' : a)));
  usage(['--vrf-skey', skeyFile, '--epoch-nonce', praos.epoch_nonce, '--pool-stake', '1', '--active-stake', '2', '--network', 'mainnet', '--epoch', '100']);
  usage([...base, '--mode', 'ouroboros']);
  const vkeyFile = join(dir, 'pool.vkey');
  writeFileSync(vkeyFile, envelopeToJson(verificationKeyEnvelope(kp.publicKey)));
  const r = runCli(['leaderlog', ...base.map((a) => (a === skeyFile ? vkeyFile : a)), '--json']);
  assert.equal(r.status, 1);
  assert.equal(errorCode(r.stderr), 'KEY_FILE_WRONG_TYPE');
});

const hv = V.praos_headers[0];
const headerFile = join(CARDANO_DIR, hv.header_cbor_file);
const expectedHeaderJson = {
  valid: true,
  output: hv.vrf_output,
  leader_value: hv.leader_value,
  nonce_vrf_output: hv.nonce_vrf_output,
  nonce_contribution: hv.nonce_contribution,
  vrf_vkey_hash: hv.vrf_vkey_hash,
};

test('praos verify-header: the raw mainnet header (file and hex) and its fields give the vector values', () => {
  const fromFile = runCli(['praos', 'verify-header', '--header-cbor', headerFile, '--epoch-nonce', hv.epoch_nonce, '--json']);
  assert.equal(fromFile.status, 0, fromFile.stderr);
  assert.deepEqual(JSON.parse(fromFile.stdout), { ...expectedHeaderJson, slot: String(hv.slot), header_hash: hv.header_hash });
  const hexArg = readFileSync(headerFile).toString('hex');
  const fromHex = runCli(['praos', 'verify-header', '--header-cbor', hexArg, '--epoch-nonce', hv.epoch_nonce, '--json']);
  assert.deepEqual(JSON.parse(fromHex.stdout), JSON.parse(fromFile.stdout));
  const fields = runCli(['praos', 'verify-header', '--slot', String(hv.slot), '--epoch-nonce', hv.epoch_nonce, '--vrf-vkey', hv.vrf_vkey, '--proof', hv.vrf_proof, '--output', hv.vrf_output, '--json']);
  assert.equal(fields.status, 0, fields.stderr);
  assert.deepEqual(JSON.parse(fields.stdout), { ...expectedHeaderJson, slot: String(hv.slot) });
});

test('praos verify-header: the leader-check cases give is_leader', () => {
  for (const c of V.leader_checks.filter((c) => c.vrf_output === hv.vrf_output)) {
    const [pool, active] = c.sigma.split('/');
    const r = runCli(['praos', 'verify-header', '--header-cbor', headerFile, '--epoch-nonce', hv.epoch_nonce, '--pool-stake', pool, '--active-stake', active, '--active-slot-coeff', c.active_slot_coeff, '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).is_leader, c.is_leader);
  }
});

test('praos verify-header: invalid proofs and mismatched outputs exit 1; bad headers and usage errors are coded', () => {
  const wrongNonce = runCli(['praos', 'verify-header', '--header-cbor', headerFile, '--epoch-nonce', '00'.repeat(32), '--json']);
  assert.equal(wrongNonce.status, 1);
  assert.deepEqual(JSON.parse(wrongNonce.stdout), { valid: false, output: null, leader_value: null, nonce_vrf_output: null, nonce_contribution: null, vrf_vkey_hash: hv.vrf_vkey_hash, reason: 'proof_invalid', slot: String(hv.slot), header_hash: hv.header_hash });
  const otherOutput = hv.vrf_output.slice(0, -2) + (hv.vrf_output.endsWith('00') ? '01' : '00');
  const mismatch = runCli(['praos', 'verify-header', '--slot', String(hv.slot), '--epoch-nonce', hv.epoch_nonce, '--vrf-vkey', hv.vrf_vkey, '--proof', hv.vrf_proof, '--output', otherOutput, '--json']);
  assert.equal(mismatch.status, 1);
  assert.equal(JSON.parse(mismatch.stdout).reason, 'output_mismatch');
  const truncated = join(dir, 'truncated.cbor');
  writeFileSync(truncated, readFileSync(headerFile).subarray(0, 200));
  const bad = runCli(['praos', 'verify-header', '--header-cbor', truncated, '--epoch-nonce', hv.epoch_nonce, '--json']);
  assert.equal(bad.status, 1);
  assert.equal(errorCode(bad.stderr), 'CARDANO_BAD_HEADER');
  for (const args of [
    ['--epoch-nonce', hv.epoch_nonce],
    ['--header-cbor', headerFile, '--epoch-nonce', hv.epoch_nonce, '--slot', '1'],
    ['--header-cbor', headerFile, '--epoch-nonce', 'zz'],
    ['--slot', String(hv.slot), '--epoch-nonce', hv.epoch_nonce, '--vrf-vkey', hv.vrf_vkey, '--proof', hv.vrf_proof.slice(2)],
    ['--header-cbor', headerFile, '--epoch-nonce', hv.epoch_nonce, '--pool-stake', '5'],
  ]) {
    const r = runCli(['praos', 'verify-header', ...args, '--json']);
    assert.equal(r.status, 2, `${args.join(' ')}\n${r.stderr}`);
  }
});

const kv = V.key_files[0];
const keyInfoOf = (file: string) => JSON.parse(runCli(['key', 'inspect', file, '--json']).stdout);

test('key inspect: the vector pair, signing and verification, without the secret', () => {
  const sk = join(dir, 'kv.skey');
  const vk = join(dir, 'kv.vkey');
  writeFileSync(sk, JSON.stringify(kv.skey));
  writeFileSync(vk, JSON.stringify(kv.vkey));
  const r = runCli(['key', 'inspect', sk, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j).sort(), ['type', 'vrf_vk_bech32', 'vrf_vkey', 'vrf_vkey_hash', 'vrf_vkh_bech32']);
  assert.equal(j.type, 'VrfSigningKey_PraosVRF');
  assert.equal(j.vrf_vkey, kv.vkey.cborHex.slice(4));
  assert.equal(j.vrf_vkey_hash, kv.vrf_vkey_hash);
  assert.match(j.vrf_vk_bech32, /^vrf_vk1/);
  assert.match(j.vrf_vkh_bech32, /^vrf_vkh1/);
  assert.ok(!r.stdout.includes(kv.seed) && !r.stderr.includes(kv.seed));
  assert.deepEqual({ ...keyInfoOf(vk), type: j.type }, j);
  assert.equal(keyInfoOf(vk).type, 'VrfVerificationKey_PraosVRF');
  const text = runCli(['key', 'inspect', sk]);
  assert.match(text.stdout, new RegExp(`vrf_vkey_hash:\\s+${kv.vrf_vkey_hash}`));
});

test('key inspect: bad JSON, wrong type, wrong CBOR length, vk not matching the seed exit 1 with their codes', () => {
  const cases: [string, string][] = [
    ['{"type": "VrfSigningKey_PraosVRF", ', 'KEY_FILE_BAD_JSON'],
    [JSON.stringify({ ...kv.skey, type: 'StakePoolSigningKey_ed25519' }), 'KEY_FILE_WRONG_TYPE'],
    [JSON.stringify({ ...kv.skey, cborHex: '5820' + kv.skey.cborHex.slice(4, 68) }), 'KEY_FILE_BAD_CBOR'],
    [JSON.stringify({ ...kv.skey, cborHex: kv.skey.cborHex.slice(0, 68) + kv.skey.cborHex.slice(68).replace(/^./, (c) => (c === '0' ? '1' : '0')) }), 'KEY_FILE_VK_MISMATCH'],
  ];
  for (const [i, [content, code]] of cases.entries()) {
    const f = join(dir, `bad${i}.skey`);
    writeFileSync(f, content);
    const r = runCli(['key', 'inspect', f, '--json']);
    assert.equal(r.status, 1, content);
    assert.equal(errorCode(r.stderr), code);
    assert.ok(!r.stderr.includes(kv.seed));
  }
  const missing = runCli(['key', 'inspect', join(dir, 'nope.skey'), '--json']);
  assert.equal(missing.status, 1);
  assert.equal(errorCode(missing.stderr), 'KEY_FILE_IO');
  assert.equal(runCli(['key', 'inspect']).status, 2);
});

test('key generate: vrf.skey 0600 and vrf.vkey that inspect as one pair; never overwrites', () => {
  const out = join(dir, 'gen', 'keys');
  const r = runCli(['key', 'generate', '--out-dir', out, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(statSync(join(out, 'vrf.skey')).mode & 0o777, 0o600);
  assert.equal(statSync(out).mode & 0o777, 0o700);
  const sk = keyInfoOf(join(out, 'vrf.skey'));
  const vk = keyInfoOf(join(out, 'vrf.vkey'));
  assert.equal(sk.vrf_vkey, vk.vrf_vkey);
  assert.equal(j.vrf_vkey, vk.vrf_vkey);
  assert.equal(j.vrf_vkey_hash, vk.vrf_vkey_hash);
  assert.ok(!r.stdout.includes(JSON.parse(readFileSync(join(out, 'vrf.skey'), 'utf8')).cborHex.slice(4, 68)));
  const before = readFileSync(join(out, 'vrf.skey'), 'utf8');
  const again = runCli(['key', 'generate', '--out-dir', out, '--json']);
  assert.equal(again.status, 1);
  assert.equal(errorCode(again.stderr), 'KEY_FILE_EXISTS');
  assert.equal(readFileSync(join(out, 'vrf.skey'), 'utf8'), before);
  const other = runCli(['key', 'generate', '--out-dir', join(dir, 'gen2'), '--json']);
  assert.notEqual(JSON.parse(other.stdout).vrf_vkey, j.vrf_vkey);
  assert.equal(runCli(['key', 'generate']).status, 2);
  assert.ok(existsSync(join(out, 'vrf.vkey')));
});
