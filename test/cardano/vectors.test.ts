// The Cardano vectors of ../shared/vectors/cardano: the real mainnet header (as fields
// and as raw CBOR), the leader-check cases and the key-file pair. The two leader
// schedules are in schedule.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bytesToHex,
  checkLeaderNatValue,
  checkPraosHeader,
  checkPraosVrf,
  leaderValue,
  mkActiveSlotCoeff,
  parseHex,
  parsePraosHeader,
  parseRational,
  parseVrfKeyFile,
  praosInput,
  praosLeaderHash,
  praosNonceContribution,
  praosNonceOutput,
  signingKeyEnvelope,
  verificationKeyEnvelope,
  vrfKeyHash,
} from '../../src/cardano/index.js';
import { draft03 } from '../../src/vrf/index.js';
import { cardanoVectors, headerCbor } from './cardanoVectors.js';

const V = cardanoVectors();
const h = (s: string) => parseHex(s)!;

for (const hv of V.praos_headers) {
  test(`mainnet block ${hv.block_number}: alpha, leader value, nonce output and contribution, key hash`, () => {
    assert.equal(bytesToHex(praosInput(hv.slot, h(hv.epoch_nonce))), hv.alpha);
    const out = h(hv.vrf_output);
    assert.equal(bytesToHex(praosLeaderHash(out)), hv.leader_value);
    assert.equal(bytesToHex(praosNonceOutput(out)), hv.nonce_vrf_output);
    assert.equal(bytesToHex(praosNonceContribution(out)), hv.nonce_contribution);
    assert.equal(bytesToHex(vrfKeyHash(h(hv.vrf_vkey))), hv.vrf_vkey_hash);
  });

  test(`mainnet block ${hv.block_number}: the proof verifies and gives the header's output (fields)`, () => {
    const r = checkPraosVrf({ slot: hv.slot, epochNonce: h(hv.epoch_nonce), vrfVkey: h(hv.vrf_vkey), proof: h(hv.vrf_proof), output: h(hv.vrf_output) });
    assert.equal(r.valid, true);
    assert.equal(bytesToHex(r.output!), hv.vrf_output);
    assert.equal(bytesToHex(r.leaderValue!), hv.leader_value);
    assert.equal(bytesToHex(r.nonceVrfOutput!), hv.nonce_vrf_output);
    assert.equal(bytesToHex(r.nonceContribution!), hv.nonce_contribution);
    // A wrong nonce, slot or a flipped proof bit are rejected; a different claimed output too.
    assert.equal(checkPraosVrf({ slot: hv.slot + 1, epochNonce: h(hv.epoch_nonce), vrfVkey: h(hv.vrf_vkey), proof: h(hv.vrf_proof) }).valid, false);
    assert.equal(checkPraosVrf({ slot: hv.slot, epochNonce: null, vrfVkey: h(hv.vrf_vkey), proof: h(hv.vrf_proof) }).valid, false);
    const bad = h(hv.vrf_proof);
    bad[50] ^= 0x01;
    const r2 = checkPraosVrf({ slot: hv.slot, epochNonce: h(hv.epoch_nonce), vrfVkey: h(hv.vrf_vkey), proof: bad });
    assert.deepEqual([r2.valid, r2.reason, r2.output], [false, 'proof_invalid', null]);
    const otherOut = h(hv.vrf_output);
    otherOut[0] ^= 0x80;
    const r3 = checkPraosVrf({ slot: hv.slot, epochNonce: h(hv.epoch_nonce), vrfVkey: h(hv.vrf_vkey), proof: h(hv.vrf_proof), output: otherOut });
    assert.deepEqual([r3.valid, r3.reason], [false, 'output_mismatch']);
  });

  test(`mainnet block ${hv.block_number}: raw header CBOR gives the same fields, hash and verdict`, () => {
    const p = parsePraosHeader(headerCbor(hv));
    assert.ok(p.ok, p.ok ? '' : p.reason);
    if (!p.ok) return;
    assert.equal(p.header.slot, BigInt(hv.slot));
    assert.equal(p.header.blockNumber, BigInt(hv.block_number));
    assert.equal(bytesToHex(p.header.vrfVkey), hv.vrf_vkey);
    assert.equal(bytesToHex(p.header.vrfProof), hv.vrf_proof);
    assert.equal(bytesToHex(p.header.vrfOutput), hv.vrf_output);
    assert.equal(bytesToHex(p.header.headerHash), hv.header_hash);
    const r = checkPraosHeader(p.header, h(hv.epoch_nonce));
    assert.equal(r.valid, true);
    assert.equal(bytesToHex(r.leaderValue!), hv.leader_value);
  });
}

for (const [i, c] of V.leader_checks.entries()) {
  test(`leader check case ${i}: σ = ${c.sigma}, f = ${c.active_slot_coeff} → ${c.is_leader}`, () => {
    const { value, max } = leaderValue(c.mode, h(c.vrf_output));
    const f = mkActiveSlotCoeff(parseRational(c.active_slot_coeff)!);
    assert.equal(checkLeaderNatValue(value, max, parseRational(c.sigma)!, f), c.is_leader);
  });
}

test('leader check through the header check agrees with the vector cases', () => {
  const hv = V.praos_headers[0];
  for (const c of V.leader_checks.filter((c) => c.vrf_output === hv.vrf_output)) {
    const r = checkPraosVrf({
      slot: hv.slot,
      epochNonce: h(hv.epoch_nonce),
      vrfVkey: h(hv.vrf_vkey),
      proof: h(hv.vrf_proof),
      sigma: parseRational(c.sigma)!,
      activeSlotCoeff: mkActiveSlotCoeff(parseRational(c.active_slot_coeff)!),
    });
    assert.equal(r.isLeader, c.is_leader);
  }
});

for (const kv of V.key_files) {
  test('key-file pair: parses, matches the seed, and is rebuilt byte for byte', () => {
    const sk = parseVrfKeyFile(JSON.stringify(kv.skey));
    assert.ok(sk.ok);
    if (!sk.ok || sk.key.kind !== 'signing') return;
    assert.equal(bytesToHex(sk.key.secretKey.subarray(0, 32)), kv.seed);
    const vk = parseVrfKeyFile(JSON.stringify(kv.vkey), 'verification');
    assert.ok(vk.ok);
    if (!vk.ok) return;
    assert.deepEqual(vk.key.publicKey, sk.key.publicKey);
    assert.equal(bytesToHex(vrfKeyHash(vk.key.publicKey)), kv.vrf_vkey_hash);
    const kp = draft03.keypairFromSeed(h(kv.seed));
    assert.deepEqual(signingKeyEnvelope(kp.secretKey), kv.skey);
    assert.deepEqual(verificationKeyEnvelope(kp.publicKey), kv.vkey);
  });
}
