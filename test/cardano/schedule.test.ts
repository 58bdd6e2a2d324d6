// The two small leader schedules of the vectors (praos and tpraos, 2,000 slots each)
// must match slot for slot: one single-threaded, one on worker threads, and the two
// runners agree with each other and with the asynchronous (custody-style) runner.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CardanoError,
  leaderInput,
  leaderSlotsInRange,
  leaderSlotsWith,
  parseHex,
  parseRational,
  type ScheduleParams,
} from '../../src/cardano/index.js';
import { leaderSlotsParallel } from '../../src/cardano/node.js';
import { draft03 } from '../../src/vrf/index.js';
import { cardanoVectors, type ScheduleVector } from './cardanoVectors.js';

const V = cardanoVectors();

function setup(s: ScheduleVector): { secretKey: Uint8Array; p: ScheduleParams } {
  const kp = draft03.keypairFromSeed(parseHex(s.vrf_seed)!);
  assert.equal(Buffer.from(kp.publicKey).toString('hex'), s.vrf_vkey);
  return {
    secretKey: kp.secretKey,
    p: {
      mode: s.mode,
      epochNonce: parseHex(s.epoch_nonce),
      sigma: parseRational(s.sigma)!,
      activeSlotCoeff: parseRational(s.active_slot_coeff)!,
      firstSlot: s.first_slot,
      epochLength: s.epoch_length,
    },
  };
}

const praos = V.leader_schedules.find((s) => s.mode === 'praos')!;
const tpraos = V.leader_schedules.find((s) => s.mode === 'tpraos')!;

test('praos schedule (2,000 slots), single-threaded, matches the vector', () => {
  const { secretKey, p } = setup(praos);
  assert.deepEqual(leaderSlotsInRange(secretKey, p), praos.leader_slots);
});

test('tpraos schedule (2,000 slots), on worker threads with progress, matches the vector', async () => {
  const { secretKey, p } = setup(tpraos);
  const progress: number[] = [];
  const slots = await leaderSlotsParallel(secretKey, p, { workers: 2, chunkSize: 250, onProgress: (d, t) => { assert.equal(t, 2000); progress.push(d); } });
  assert.deepEqual(slots, tpraos.leader_slots);
  assert.equal(progress.length, 8);
  assert.equal(progress.at(-1), 2000);
  assert.ok(progress.every((d, i) => i === 0 || d > progress[i - 1]));
});

test('single-threaded, worker-thread and asynchronous runners agree on a sub-range', async () => {
  const { secretKey, p } = setup(praos);
  const sub = { ...p, firstSlot: 4492850, epochLength: 120 };
  const expected = praos.leader_slots.filter((s) => s >= 4492850 && s < 4492970);
  assert.deepEqual(expected, [4492864, 4492915, 4492938]);
  assert.deepEqual(leaderSlotsInRange(secretKey, sub), expected);
  assert.deepEqual(await leaderSlotsParallel(secretKey, sub, { workers: 2, chunkSize: 7 }), expected);
  const viaProve = await leaderSlotsWith(async (alpha) => draft03.proofToHash(draft03.prove(secretKey, alpha))!, sub, { concurrency: 3 });
  assert.deepEqual(viaProve, expected);
  // Another key or nonce changes the schedule.
  assert.notDeepEqual(leaderSlotsInRange(secretKey, { ...sub, epochNonce: null }), expected);
  assert.equal(leaderInput('praos', 1, null).length, 32);
});

test('bad schedule parameters are coded errors before any thread starts', async () => {
  const { secretKey, p } = setup(praos);
  const isCode = (c: string) => (e: unknown) => e instanceof CardanoError && e.code === c;
  await assert.rejects(leaderSlotsParallel(secretKey, { ...p, epochLength: 0 }), isCode('CARDANO_BAD_SLOT'));
  await assert.rejects(leaderSlotsParallel(secretKey, { ...p, firstSlot: -1 }), isCode('CARDANO_BAD_SLOT'));
  await assert.rejects(leaderSlotsParallel(secretKey, { ...p, activeSlotCoeff: parseRational('0')! }), isCode('CARDANO_BAD_RATIONAL'));
  await assert.rejects(leaderSlotsParallel(secretKey, { ...p, sigma: parseRational('3/2')! }), isCode('CARDANO_BAD_RATIONAL'));
  await assert.rejects(leaderSlotsParallel(secretKey, { ...p, epochNonce: new Uint8Array(31) }), isCode('CARDANO_BAD_NONCE'));
});
