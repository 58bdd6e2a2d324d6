// Key files: every malformed file gets its coded error (bad JSON, wrong type, wrong CBOR
// length, vk not matching the seed), nothing secret in messages; atomic writes with
// mode 0600 that never replace an existing file.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CardanoError, envelopeToJson, parseVrfKeyFile, signingKeyEnvelope, signingKeyFileBytes } from '../../src/cardano/index.js';
import { readVrfKeyFile, writeTextEnvelope } from '../../src/cardano/node.js';
import { cardanoVectors } from './cardanoVectors.js';

const KV = cardanoVectors().key_files[0];
const dir = mkdtempSync(join(tmpdir(), 'cardano-keyfile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function code(text: string, expect?: 'signing' | 'verification'): string {
  const r = parseVrfKeyFile(text, expect);
  assert.equal(r.ok, false);
  if (r.ok) return '';
  assert.ok(r.error instanceof CardanoError);
  assert.ok(!r.error.message.includes(KV.seed), 'message leaks the seed');
  return r.error.code;
}

test('malformed key files give their codes', () => {
  const sk = KV.skey;
  assert.equal(code('{not json'), 'KEY_FILE_BAD_JSON');
  assert.equal(code('[]'), 'KEY_FILE_BAD_JSON');
  assert.equal(code('null'), 'KEY_FILE_BAD_JSON');
  assert.equal(code(JSON.stringify({ type: sk.type })), 'KEY_FILE_BAD_JSON');
  assert.equal(code(JSON.stringify({ ...sk, type: 'KesSigningKey_ed25519_kes_2^6' })), 'KEY_FILE_WRONG_TYPE');
  assert.equal(code(JSON.stringify(sk), 'verification'), 'KEY_FILE_WRONG_TYPE');
  assert.equal(code(JSON.stringify(KV.vkey), 'signing'), 'KEY_FILE_WRONG_TYPE');
  assert.equal(code(JSON.stringify({ ...sk, cborHex: 'zz' })), 'KEY_FILE_BAD_CBOR');
  assert.equal(code(JSON.stringify({ ...sk, cborHex: sk.cborHex.slice(0, -2) })), 'KEY_FILE_BAD_CBOR');
  assert.equal(code(JSON.stringify({ ...sk, cborHex: '5820' + sk.cborHex.slice(4, 68) })), 'KEY_FILE_BAD_CBOR');
  assert.equal(code(JSON.stringify({ ...KV.vkey, cborHex: '5840' + KV.seed + KV.vkey.cborHex.slice(4) })), 'KEY_FILE_BAD_CBOR');
  assert.equal(code(JSON.stringify({ ...sk, cborHex: '01' })), 'KEY_FILE_BAD_CBOR');
  const flipped = sk.cborHex.slice(0, -2) + (sk.cborHex.endsWith('00') ? '01' : '00');
  assert.equal(code(JSON.stringify({ ...sk, cborHex: flipped })), 'KEY_FILE_VK_MISMATCH');
});

test('signing-key file bytes (built without a secret string) equal the JSON envelope, and are zeroed after writing', async () => {
  const r = parseVrfKeyFile(JSON.stringify(KV.skey));
  assert.ok(r.ok && r.key.kind === 'signing');
  if (!r.ok || r.key.kind !== 'signing') return;
  const bytes = signingKeyFileBytes(r.key.secretKey);
  assert.equal(new TextDecoder().decode(bytes), envelopeToJson(signingKeyEnvelope(r.key.secretKey)));
  const path = join(dir, 'bytes.skey');
  await writeTextEnvelope(path, bytes);
  assert.ok(bytes.every((b) => b === 0));
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), KV.skey);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  rmSync(path);
});

test('atomic write: mode 0600, round trip, no overwrite, no temporary file left', async () => {
  const path = join(dir, 'vrf.skey');
  const r = parseVrfKeyFile(JSON.stringify(KV.skey));
  assert.ok(r.ok && r.key.kind === 'signing');
  if (!r.ok || r.key.kind !== 'signing') return;
  await writeTextEnvelope(path, signingKeyEnvelope(r.key.secretKey));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), KV.skey);
  const back = await readVrfKeyFile(path, 'signing');
  assert.deepEqual(back, r.key);
  await assert.rejects(writeTextEnvelope(path, KV.vkey, { mode: 0o644 }), (e: unknown) => e instanceof CardanoError && e.code === 'KEY_FILE_EXISTS');
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), KV.skey);
  await writeTextEnvelope(join(dir, 'vrf.vkey'), KV.vkey, { mode: 0o644 });
  assert.equal(statSync(join(dir, 'vrf.vkey')).mode & 0o777, 0o644);
  await assert.rejects(writeTextEnvelope(join(dir, 'missing', 'x.skey'), KV.skey), (e: unknown) => e instanceof CardanoError && e.code === 'KEY_FILE_IO');
  assert.deepEqual(readdirSync(dir).sort(), ['vrf.skey', 'vrf.vkey']);
});

test('reading: missing, directory, oversized and bad files give coded errors', async () => {
  const isCode = (c: string) => (e: unknown) => e instanceof CardanoError && e.code === c;
  await assert.rejects(readVrfKeyFile(join(dir, 'nope')), isCode('KEY_FILE_IO'));
  await assert.rejects(readVrfKeyFile(dir), isCode('KEY_FILE_IO'));
  writeFileSync(join(dir, 'big'), 'x'.repeat(100_000));
  await assert.rejects(readVrfKeyFile(join(dir, 'big')), isCode('KEY_FILE_IO'));
  writeFileSync(join(dir, 'bad.json'), '{"type": 1}');
  await assert.rejects(readVrfKeyFile(join(dir, 'bad.json')), isCode('KEY_FILE_BAD_JSON'));
});
