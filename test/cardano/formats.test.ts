// CBOR reader, header parser, bech32 (BIP-173 vectors, CIP-5 prefixes), networks and
// the rule that the runtime-agnostic files import nothing from node:*.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { blake2b } from '@noble/hashes/blake2.js';
import {
  blake2b256,
  bech32Decode,
  bech32DecodeExpect,
  bech32Encode,
  bytesToHex,
  CardanoError,
  decodeCbor,
  epochSlots,
  NETWORKS,
  networkByName,
  parseHex,
  parsePraosHeader,
  signingKeyBech32,
  slotToEpoch,
  slotToTime,
  vrfKeyInfo,
} from '../../src/cardano/index.js';
import { ROOT } from '../helpers/cli.js';
import { cardanoVectors, headerCbor } from './cardanoVectors.js';

const V = cardanoVectors();
const HEADER = headerCbor(V.praos_headers[0]);

test('blake2b-256: the single-block path equals @noble/hashes for every length 0..300', () => {
  assert.equal(bytesToHex(blake2b256(new Uint8Array(0))), '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8');
  for (let n = 0; n <= 300; n++) {
    const d = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n * 7) & 0xff);
    assert.equal(bytesToHex(blake2b256(d)), bytesToHex(blake2b(d, { dkLen: 32 })), `length ${n}`);
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (d) => {
      assert.equal(bytesToHex(blake2b256(d)), bytesToHex(blake2b(d, { dkLen: 32 })));
    }),
    { numRuns: 500 },
  );
  // all-ones bytes exercise every carry
  const ff = new Uint8Array(128).fill(0xff);
  assert.equal(bytesToHex(blake2b256(ff)), bytesToHex(blake2b(ff, { dkLen: 32 })));
});

test('CBOR: integers, strings, arrays, maps, tags, indefinite lengths; malformed input is null', () => {
  const d = (hex: string) => decodeCbor(parseHex(hex)!);
  assert.deepEqual(d('1b000000e8d4a51000'), { kind: 'uint', value: 1000000000000n, start: 0, end: 9 });
  assert.equal((d('3903e7') as { value: bigint }).value, -1000n);
  assert.equal((d('6449455446') as { value: string }).value, 'IETF');
  const arr = d('83010203');
  assert.ok(arr && arr.kind === 'array' && arr.items.length === 3);
  const ind = d('9f018202039f0405ffff');
  assert.ok(ind && ind.kind === 'array' && ind.items.length === 3);
  const m = d('a201020304');
  assert.ok(m && m.kind === 'map' && m.entries.length === 2);
  const t = d('c11a514b67b0');
  assert.ok(t && t.kind === 'tag' && t.tag === 1n);
  assert.deepEqual(d('5f42010243030405ff'), { kind: 'bytes', value: Uint8Array.of(1, 2, 3, 4, 5), start: 0, end: 9 });
  for (const bad of ['', '18', '5820aa', '830102', '1c', 'ff', '0000', '62c328', '9f01', 'f818', 'bf01ff', '9b00000000ffffffff00']) {
    assert.equal(d(bad), null, bad);
  }
  // nesting deeper than 64 is refused, not a stack overflow
  assert.equal(decodeCbor(new Uint8Array(100_000).fill(0x81)), null);
});

test('CBOR: random bytes and mutated headers never throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      decodeCbor(b);
      parsePraosHeader(b);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.nat(HEADER.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
      const m = HEADER.slice();
      m[i] ^= x;
      const r = parsePraosHeader(m);
      if (r.ok) assert.equal(r.header.vrfProof.length, 80);
    }),
    { numRuns: 1000 },
  );
});

test('header parser: truncation, trailing bytes, wrong shapes and TPraos headers give reasons', () => {
  for (const n of [0, 1, 10, HEADER.length - 1]) assert.equal(parsePraosHeader(HEADER.subarray(0, n)).ok, false);
  const trailing = new Uint8Array(HEADER.length + 1);
  trailing.set(HEADER);
  assert.equal(parsePraosHeader(trailing).ok, false);
  assert.deepEqual(parsePraosHeader(parseHex('820102')!), { ok: false, reason: 'not a block header ([header_body, body_signature])' });
  // A 15-field body is a TPraos header.
  const tp = '828f' + '00'.repeat(15) + '40';
  const r = parsePraosHeader(parseHex(tp)!);
  assert.equal(r.ok, false);
  assert.match((r as { reason: string }).reason, /TPraos/);
  // The header inside an era-tagged block is found: [6, [header, [], [], {}, []]]
  const block = parseHex('8206' + '85' + bytesToHex(HEADER) + '80' + '80' + 'a0' + '80')!;
  const b = parsePraosHeader(block);
  assert.ok(b.ok);
  if (b.ok) assert.equal(bytesToHex(b.header.headerHash), V.praos_headers[0].header_hash);
});

test('bech32: BIP-173 valid and invalid strings', () => {
  for (const s of ['A12UEL5L', 'a12uel5l', 'an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs', 'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw', '11' + 'q'.repeat(82) + 'c8247j', 'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w']) {
    assert.ok(bech32Decode(s), s);
  }
  for (const s of ['pzry9x0s0muk', '1pzry9x0s0muk', 'x1b4n0q5v', 'li1dgmt3', 'A1G7SGD8', '10a06t8', '1qzzfhee', 'a12UEL5L', 'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx']) {
    assert.equal(bech32Decode(s), null, s);
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
      const d = bech32Decode(bech32Encode('vrf_vk', b));
      assert.ok(d);
      assert.equal(d.hrp, 'vrf_vk');
      assert.deepEqual(d.data, b);
    }),
  );
  const vk = parseHex(V.praos_headers[0].vrf_vkey)!;
  const info = vrfKeyInfo(vk);
  assert.match(info.vrf_vk_bech32, /^vrf_vk1[02-9ac-hj-np-z]{58}$/);
  assert.match(info.vrf_vkh_bech32, /^vrf_vkh1[02-9ac-hj-np-z]{58}$/);
  assert.deepEqual(bech32DecodeExpect(info.vrf_vk_bech32, 'vrf_vk', 32), vk);
  assert.equal(bytesToHex(bech32DecodeExpect(info.vrf_vkh_bech32, 'vrf_vkh', 32)), V.praos_headers[0].vrf_vkey_hash);
  const kv = V.key_files[0];
  const sk = parseHex(kv.skey.cborHex.slice(4))!;
  const skBech = signingKeyBech32(sk);
  assert.match(skBech, /^vrf_sk1[02-9ac-hj-np-z]{109}$/);
  assert.deepEqual(bech32DecodeExpect(skBech, 'vrf_sk', 64), sk);
  assert.throws(() => bech32DecodeExpect(info.vrf_vk_bech32, 'vrf_vkh'), (e: unknown) => e instanceof CardanoError && e.code === 'BECH32_INVALID');
});

test('networks: Shelley starts at mainnet epoch 208 / slot 4492800, preprod epoch 4, preview epoch 0', () => {
  const main = networkByName('mainnet');
  assert.deepEqual(epochSlots(main, 208), { epoch: 208, firstSlot: 4492800, epochLength: 432000 });
  assert.equal(slotToTime(main, 4492800).toISOString(), '2020-07-29T21:44:51.000Z');
  assert.equal(slotToEpoch(main, V.praos_headers[0].slot), 508);
  assert.equal(epochSlots(main, 508).firstSlot, 4492800 + 300 * 432000);
  assert.equal(slotToTime(main, 0).toISOString(), '2017-09-23T21:44:51.000Z');
  const pre = NETWORKS.preprod;
  assert.equal(epochSlots(pre, 4).firstSlot, 86400);
  assert.equal(slotToTime(pre, 86400).toISOString(), '2022-06-21T00:00:00.000Z');
  const pv = NETWORKS.preview;
  assert.deepEqual(epochSlots(pv, 10), { epoch: 10, firstSlot: 864000, epochLength: 86400 });
  assert.equal(slotToTime(pv, 864000).toISOString(), '2022-11-04T00:00:00.000Z');
  assert.throws(() => networkByName('testnet'), (e: unknown) => e instanceof CardanoError && e.code === 'CARDANO_UNKNOWN_NETWORK');
  assert.throws(() => epochSlots(main, 100), (e: unknown) => e instanceof CardanoError && e.code === 'CARDANO_BAD_SLOT');
});

test('the runtime-agnostic Cardano files import no node:* module', () => {
  const dir = join(ROOT, 'src', 'cardano');
  const nodeOnly = new Set(['node.ts', 'scheduleParallel.ts', 'scheduleWorker.ts', 'keyFileIo.ts']);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !nodeOnly.has(f));
  assert.ok(files.includes('index.ts') && files.includes('leaderCheck.ts') && files.includes('header.ts'));
  for (const f of files) {
    const src = readFileSync(join(dir, f), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(src, /from\s+'node:|import\(\s*'node:|\bBuffer\b|process\./, f);
    for (const m of src.matchAll(/from\s+'(\.[^']+)'/g)) {
      assert.ok(!nodeOnly.has(m[1].replace(/^\.\//, '').replace(/\.js$/, '.ts')), `${f} imports ${m[1]}`);
    }
  }
});
