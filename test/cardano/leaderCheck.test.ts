// The ledger leader check: known values of the ledger's exp'/ln' (from independent
// ports: cncli's math tests), properties (monotonic in σ and in the leader value),
// the fast LeaderThreshold against the step-by-step taylorExpCmp, and agreement with a
// high-precision reference except within 10^-30 of the threshold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkLeaderNatValue,
  expFixed,
  FP_RESOLUTION,
  fpFromRational,
  fpToString,
  LeaderThreshold,
  lnFixed,
  mkActiveSlotCoeff,
  parseRational,
  PRAOS_LEADER_MAX,
  rational,
  stakeFraction,
  TPRAOS_LEADER_MAX,
  CardanoError,
} from '../../src/cardano/index.js';
import { lnRef, S, thresholdRef, thresholdRefWithLog } from './highPrecision.js';

const F005 = mkActiveSlotCoeff(rational(1n, 20n));

test("exp' and ln' give the ledger's FixedPoint digits", () => {
  // exp' 1 stops at the 10^-24 epsilon, so it differs from e after 24 digits, as the ledger does.
  assert.equal(fpToString(expFixed(FP_RESOLUTION)), '2.7182818284590452353602874043083282');
  assert.equal(fpToString(expFixed(-fpFromRational(54268914n, 1000000n))), '0.0000000000000000000000026996664594');
  assert.equal(fpToString(lnFixed(fpFromRational(95n, 100n))), '-0.0512932943875505334261962382072846');
  assert.equal(fpToString(F005.log), '-0.0512932943875505334261962382072846');
  assert.equal(lnFixed(FP_RESOLUTION), 0n);
});

test('parseRational reads decimals, exponents and fractions exactly; rejects the rest', () => {
  assert.deepEqual(parseRational('0.05'), rational(1n, 20n));
  assert.deepEqual(parseRational('5e-2'), rational(1n, 20n));
  assert.deepEqual(parseRational('1/20'), rational(1n, 20n));
  assert.deepEqual(parseRational('1'), rational(1n));
  for (const bad of ['', '.', '-0.05', '1/0', 'abc', '0x10', '1e99999', '1/2/3']) assert.equal(parseRational(bad), null, bad);
});

test('edge cases: f = 1 always leads, σ = 0 never does, bad parameters are coded errors', () => {
  const one = mkActiveSlotCoeff(rational(1n));
  assert.equal(checkLeaderNatValue(PRAOS_LEADER_MAX - 1n, PRAOS_LEADER_MAX, rational(0n), one), true);
  assert.equal(checkLeaderNatValue(0n, PRAOS_LEADER_MAX, rational(0n), F005), false);
  assert.equal(checkLeaderNatValue(0n, PRAOS_LEADER_MAX, rational(1n), F005), true);
  assert.equal(checkLeaderNatValue(PRAOS_LEADER_MAX - 1n, PRAOS_LEADER_MAX, rational(1n), F005), false);
  assert.throws(() => mkActiveSlotCoeff(rational(0n)), (e: unknown) => e instanceof CardanoError && e.code === 'CARDANO_BAD_RATIONAL');
  assert.throws(() => mkActiveSlotCoeff(rational(3n, 2n)), (e: unknown) => e instanceof CardanoError && e.code === 'CARDANO_BAD_RATIONAL');
  assert.throws(() => stakeFraction(5n, 4n), (e: unknown) => e instanceof CardanoError && e.code === 'CARDANO_BAD_RATIONAL');
  assert.throws(() => stakeFraction(1n, 0n), (e: unknown) => e instanceof CardanoError);
  assert.throws(() => checkLeaderNatValue(PRAOS_LEADER_MAX, PRAOS_LEADER_MAX, rational(1n), F005), RangeError);
});

const natArb = (max: bigint) => fc.bigInt({ min: 0n, max: max - 1n });
const sigmaArb = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 15n })).map(([a, b]) => (a <= b ? rational(a, b) : rational(b, a)));
const fArb = fc.constantFrom(rational(1n, 20n), rational(1n, 10n), rational(1n, 2n), rational(3n, 1000n), rational(9n, 10n));

test('monotonic in σ: a leader stays a leader with more stake', () => {
  fc.assert(
    fc.property(natArb(PRAOS_LEADER_MAX), sigmaArb, sigmaArb, fArb, (v, s1, s2, fr) => {
      const f = mkActiveSlotCoeff(fr);
      const [lo, hi] = s1.num * s2.den <= s2.num * s1.den ? [s1, s2] : [s2, s1];
      if (checkLeaderNatValue(v, PRAOS_LEADER_MAX, lo, f)) assert.equal(checkLeaderNatValue(v, PRAOS_LEADER_MAX, hi, f), true);
    }),
    { numRuns: 300 },
  );
});

test('monotonic in the leader value: a smaller value wins whenever a larger one does', () => {
  fc.assert(
    fc.property(natArb(TPRAOS_LEADER_MAX), natArb(TPRAOS_LEADER_MAX), sigmaArb, fArb, (a, b, s, fr) => {
      const f = mkActiveSlotCoeff(fr);
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      if (checkLeaderNatValue(hi, TPRAOS_LEADER_MAX, s, f)) assert.equal(checkLeaderNatValue(lo, TPRAOS_LEADER_MAX, s, f), true);
    }),
    { numRuns: 300 },
  );
});

function toBytes(v: bigint, n: number): Uint8Array {
  return Uint8Array.from(Buffer.from(v.toString(16).padStart(2 * n, '0'), 'hex'));
}

/** A leader value near the threshold: p = T + δ with δ from ±10^-29 to ±10^-2 (log-uniform). */
function nearThreshold(T: bigint, max: bigint, exp: number, sign: boolean, frac: number): bigint {
  const delta = (S * BigInt(Math.floor(frac * 1e6))) / (10n ** BigInt(exp) * 1000000n);
  const p = sign ? T + delta : T - delta;
  const v = (p * max) / S;
  return v < 0n ? 0n : v >= max ? max - 1n : v;
}

/**
 * Runs the ledger check on random (σ, f, leader value) against `reference(σ, f)`,
 * skipping leader values within 10^-bandExp of the threshold; checks LeaderThreshold
 * too. f stays ≤ 0.6: taylorExpCmp's error bound 3 assumes e^(−σc) ≤ 3, i.e.
 * (1 − f)^σ ≥ 1/3; beyond it the ledger itself can decide wrongly (see the test below).
 */
function agreement(reference: (sigma: ReturnType<typeof rational>, f: ReturnType<typeof rational>) => bigint, bandExp: number, seed: number): void {
  let compared = 0;
  let leaders = 0;
  let nearCompared = 0;
  const near = fc.tuple(fc.integer({ min: 2, max: bandExp - 1 }), fc.boolean(), fc.double({ min: 0.1, max: 1, noNaN: true }));
  fc.assert(
    fc.property(
      sigmaArb,
      fc.integer({ min: 1, max: 600 }),
      fc.constantFrom(PRAOS_LEADER_MAX, TPRAOS_LEADER_MAX),
      fc.oneof(near.map((n) => ({ near: n })), natArb(PRAOS_LEADER_MAX).map((u) => ({ uniform: u }))),
      (sigma, fMilli, max, pick) => {
        const fr = rational(BigInt(fMilli), 1000n);
        const f = mkActiveSlotCoeff(fr);
        const T = reference(sigma, fr);
        const v = 'near' in pick ? nearThreshold(T, max, ...pick.near) : (pick.uniform * max) / PRAOS_LEADER_MAX;
        const ledger = checkLeaderNatValue(v, max, sigma, f);
        const t = new LeaderThreshold(sigma, f, max);
        assert.equal(t.isLeader(v), ledger);
        assert.equal(t.isLeaderBytes(toBytes(v, max === PRAOS_LEADER_MAX ? 32 : 64)), ledger);
        const diff = (v * S) / max - T;
        if ((diff < 0n ? -diff : diff) * 10n ** BigInt(bandExp) < S) return;
        compared++;
        if (ledger) leaders++;
        if ('near' in pick && pick.near[0] >= bandExp - 4) nearCompared++;
        assert.equal(ledger, diff < 0n, `σ=${sigma.num}/${sigma.den} f=${fMilli}/1000 v=${v}`);
      },
    ),
    { numRuns: 400, seed },
  );
  assert.ok(compared > 300 && leaders > 20 && compared - leaders > 20 && nearCompared > 10, `compared ${compared}, leaders ${leaders}, near ${nearCompared}`);
}

test('agrees with a 10^-70 reference of 1 − exp(σ·c) (c the ledger constant) except within 10^-30 of the threshold', () => {
  agreement((sigma, fr) => thresholdRefWithLog(sigma.num, sigma.den, mkActiveSlotCoeff(fr).log), 30, 0x5eed);
});

test('agrees with the exact 1 − (1 − f)^σ (independent ln) except within 10^-23 of the threshold', () => {
  // The ledger's ln'(1 − f) is accurate to ~10^-25 only (ln 0.95: ledger
  // −0.0512932943875505334261962382…, exact −0.0512932943875505334261961442…), so the
  // exact threshold is met to that accuracy, not to 10^-30.
  agreement((sigma, fr) => thresholdRef(sigma.num, sigma.den, fr.num, fr.den), 23, 0xc0de);
});

test('LeaderThreshold (BigInt and byte paths) switches at exactly the same leader value as checkLeaderNatValue', () => {
  fc.assert(
    fc.property(sigmaArb, fc.integer({ min: 1, max: 999 }), fc.constantFrom(PRAOS_LEADER_MAX, TPRAOS_LEADER_MAX), (sigma, fMilli, max) => {
      const f = mkActiveSlotCoeff(rational(BigInt(fMilli), 1000n));
      // the largest winning value, by bisection on the step-by-step check (monotonic)
      let lo = -1n;
      let hi = max;
      while (hi - lo > 1n) {
        const mid = (lo + hi) / 2n;
        if (checkLeaderNatValue(mid, max, sigma, f)) lo = mid;
        else hi = mid;
      }
      const t = new LeaderThreshold(sigma, f, max);
      for (let d = -3n; d <= 3n; d++) {
        const v = lo + d;
        if (v < 0n || v >= max) continue;
        const want = checkLeaderNatValue(v, max, sigma, f);
        assert.equal(want, d <= 0n);
        assert.equal(t.isLeader(v), want);
        assert.equal(t.isLeaderBytes(toBytes(v, max === PRAOS_LEADER_MAX ? 32 : 64)), want);
      }
    }),
    { numRuns: 60 },
  );
});

test('outside its error bound (f = 0.93, σ = 1) the ledger check refuses a value below the threshold, and so do we', () => {
  // exp(−ln 0.07) ≈ 14.3 > 3 = boundX: taylorExpCmp stops on an ABOVE that the exact
  // comparison contradicts. The ledger is the specification, so this is reproduced.
  const sigma = rational(1n);
  const f = rational(93n, 100n);
  const T = thresholdRef(1n, 1n, 93n, 100n);
  const v = nearThreshold(T, PRAOS_LEADER_MAX, 4, false, 0.1); // p = T − 10^-5
  assert.ok((v * S) / PRAOS_LEADER_MAX < T);
  assert.equal(checkLeaderNatValue(v, PRAOS_LEADER_MAX, sigma, mkActiveSlotCoeff(f)), false);
});

test("the ledger's ln'(1 − f) is within 10^-24 of the exact logarithm, but not within 10^-30", () => {
  let maxErr = 0n;
  for (const k of [1n, 5n, 50n, 100n, 376n, 500n, 900n]) {
    // sanity of the reference: σ = 1 gives T = f
    const t = thresholdRef(1n, 1n, k, 1000n) - (k * S) / 1000n;
    assert.ok(t * t * 10n ** 100n < S * S, `reference at f=${k}/1000`);
    const ledger = mkActiveSlotCoeff(rational(k, 1000n)).log * 10n ** 36n; // to the reference's 10^-70 scale
    const err = ledger - lnRef(1000n - k, 1000n);
    const abs = err < 0n ? -err : err;
    assert.ok(abs * 10n ** 24n < S, `ln'(1 − ${k}/1000) off by more than 10^-24`);
    if (abs > maxErr) maxErr = abs;
  }
  assert.ok(maxErr * 10n ** 30n > S, 'the ledger constant is expected to differ from the exact ln beyond 10^-30');
});

test('leader values 10^-25 either side of the exact threshold (σ = 1/4, f = 0.05) are decided correctly', () => {
  // Leader values just below and above the exact threshold for σ = 1/4, f = 1/20.
  const sigma = rational(1n, 4n);
  const T = thresholdRef(1n, 4n, 1n, 20n);
  const below = nearThreshold(T, PRAOS_LEADER_MAX, 25, false, 1);
  const above = nearThreshold(T, PRAOS_LEADER_MAX, 25, true, 1);
  assert.equal(checkLeaderNatValue(below, PRAOS_LEADER_MAX, sigma, F005), true);
  assert.equal(checkLeaderNatValue(above, PRAOS_LEADER_MAX, sigma, F005), false);
});
