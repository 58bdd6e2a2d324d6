/**
 * The ledger's leader check, `checkLeaderNatValue` (cardano-ledger
 * `Cardano.Protocol.TPraos.BHeader`, used by Praos too), and the active-slot
 * coefficient (`mkActiveSlotCoeff` in `Cardano.Ledger.BaseTypes`), exactly:
 *
 *   leader ⇔ p < 1 − (1 − f)^σ, p = certNat / certNatMax, decided as
 *   taylorExpCmp 3 (certNatMax / (certNatMax − certNat)) (−σ·c), c = ln'(1 − f),
 *
 * in FixedPoint (10^-34) arithmetic, BELOW meaning leader, ABOVE or MaxReached not.
 */
import { bytesToBigInt } from './bytes.js';
import { CardanoError, CardanoErrorCode } from './errors.js';
import { FP_RESOLUTION, type Fixed, fpAbs, fpDiv, fpFromInteger, fpFromRational, fpMul } from './fixedPoint.js';
import { lnFixed, taylorExpCmp } from './nonIntegral.js';
import { type Rational, rational } from './rational.js';

/** The active-slot coefficient f ∈ (0, 1] with its cached logarithm `c = ln'(1 − f)` (raw FixedPoint). */
export interface ActiveSlotCoeff {
  readonly value: Rational;
  /** `unActiveSlotLog`: ln'(1 − f) at 10^-34 (0 when f = 1). */
  readonly log: Fixed;
}

const logCache = new Map<string, Fixed>();

/**
 * `mkActiveSlotCoeff`: f must be a rational in (0, 1] (PositiveUnitInterval), else
 * CardanoError(CARDANO_BAD_RATIONAL). c = ln'(1 − fromRational f), computed once per f.
 */
export function mkActiveSlotCoeff(f: Rational): ActiveSlotCoeff {
  if (f.num <= 0n || f.num > f.den) {
    throw new CardanoError(CardanoErrorCode.BAD_RATIONAL, 'active slot coefficient must be in (0, 1]');
  }
  const key = `${f.num}/${f.den}`;
  let log = logCache.get(key);
  if (log === undefined) {
    log = f.num === f.den ? 0n : lnFixed(FP_RESOLUTION - fpFromRational(f.num, f.den));
    logCache.set(key, log);
  }
  return { value: f, log };
}

/** Checks a stake fraction σ ∈ [0, 1]; CardanoError(CARDANO_BAD_RATIONAL) otherwise. */
export function stakeFraction(poolStake: bigint, activeStake: bigint): Rational {
  if (poolStake < 0n || activeStake <= 0n || poolStake > activeStake) {
    throw new CardanoError(
      CardanoErrorCode.BAD_RATIONAL,
      'stake must satisfy 0 ≤ pool stake ≤ active stake and active stake > 0',
    );
  }
  return rational(poolStake, activeStake);
}

/** x = −(fromRational σ · c), the exponent the check compares against. */
function exponent(sigma: Rational, f: ActiveSlotCoeff): Fixed {
  return -fpMul(fpFromRational(sigma.num, sigma.den), f.log);
}

/** recip_q = fromRational (certNatMax % (certNatMax − certNat)), or certNatMax when the difference is 0. */
function recipQ(certNat: bigint, certNatMax: bigint): Fixed {
  const d = certNatMax - certNat;
  return d === 0n ? fpFromInteger(certNatMax) : fpFromRational(certNatMax, d);
}

function checkCertNat(certNat: bigint, certNatMax: bigint): void {
  if (certNat < 0n || certNat >= certNatMax) throw new RangeError('leader value out of range [0, certNatMax)');
}

/**
 * `checkLeaderNatValue certNat σ f`: true when the VRF leader value `certNat` (a
 * natural below `certNatMax`: 2^256 for Praos, 2^512 for TPraos) wins the slot for a
 * pool holding stake fraction σ. f = 1 always wins. The reference implementation;
 * {@link LeaderThreshold} gives identical answers faster for many values.
 */
export function checkLeaderNatValue(certNat: bigint, certNatMax: bigint, sigma: Rational, f: ActiveSlotCoeff): boolean {
  checkCertNat(certNat, certNatMax);
  if (f.value.num === f.value.den) return true;
  const r = taylorExpCmp(fpFromInteger(3n), recipQ(certNat, certNatMax), exponent(sigma, f));
  return r.kind === 'BELOW';
}

/** Big-endian encoding of `v` in `length` bytes (v < 256^length). */
function toBytesBE(v: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Compares two big-endian byte strings of equal length: −1, 0 or 1. */
function compareBE(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/**
 * The same decision as {@link checkLeaderNatValue} for one (σ, f, certNatMax) and many
 * leader values: the Taylor partial sums and error terms of taylorExpCmp do not depend
 * on the compared value, so they are computed once (lazily, at most 1000). The first
 * step's verdict is turned into two bounds on the leader value itself (recip_q grows
 * with it): values at or below `sureLeader` are BELOW at step one, values at or above
 * `sureNot` ABOVE; only values between them (a band of relative width ~x²) run the loop.
 */
export class LeaderThreshold {
  readonly sigma: Rational;
  readonly f: ActiveSlotCoeff;
  readonly certNatMax: bigint;
  private readonly always: boolean;
  private readonly x: Fixed;
  /** acc' + errorTerm per step (cmp ≥ this → ABOVE) */
  private readonly above: Fixed[] = [];
  /** acc' − errorTerm per step (cmp < this → BELOW) */
  private readonly below: Fixed[] = [];
  private err: Fixed;
  private acc: Fixed = FP_RESOLUTION;
  private divisor: Fixed = FP_RESOLUTION;
  /** Largest value decided BELOW at step one (−1 if none). */
  private readonly sureLeader: bigint;
  /** Smallest value decided ABOVE at step one. */
  private readonly sureNot: bigint;
  private readonly byteLength: number;
  private readonly sureLeaderBytes: Uint8Array | null;
  private readonly sureNotBytes: Uint8Array | null;

  constructor(sigma: Rational, f: ActiveSlotCoeff, certNatMax: bigint) {
    this.sigma = sigma;
    this.f = f;
    this.certNatMax = certNatMax;
    this.always = f.value.num === f.value.den;
    this.x = exponent(sigma, f);
    this.err = this.x;
    this.extend();
    const M = certNatMax;
    const MR = M * FP_RESOLUTION;
    // recip_q(v) = ⌊M·R / (M − v)⌋ < B  ⇔  v < M − M·R/B  ⇔  v ≤ M − ⌊M·R/B⌋ − 1
    const B = this.below[0];
    this.sureLeader = B > 0n ? M - MR / B - 1n : -1n;
    // recip_q(v) ≥ A  ⇔  v ≥ M − M·R/A  ⇔  v ≥ M − ⌊M·R/A⌋
    const A = this.above[0];
    this.sureNot = A > 0n ? M - MR / A : 0n;
    this.byteLength = (M.toString(16).length - 1) / 2;
    const exactBytes = M === 1n << BigInt(8 * this.byteLength);
    this.sureLeaderBytes = exactBytes && this.sureLeader >= 0n && this.sureLeader < M ? toBytesBE(this.sureLeader, this.byteLength) : null;
    this.sureNotBytes = exactBytes && this.sureNot >= 0n && this.sureNot < M ? toBytesBE(this.sureNot, this.byteLength) : null;
  }

  private extend(): void {
    const three = fpFromInteger(3n);
    const divisor2 = this.divisor + FP_RESOLUTION;
    const err2 = fpDiv(fpMul(this.err, this.x), divisor2);
    const acc2 = this.acc + this.err;
    const errorTerm = fpAbs(fpMul(err2, three));
    this.above.push(acc2 + errorTerm);
    this.below.push(acc2 - errorTerm);
    this.err = err2;
    this.acc = acc2;
    this.divisor = divisor2;
  }

  /** True when `certNat` (in [0, certNatMax)) wins the slot. */
  isLeader(certNat: bigint): boolean {
    checkCertNat(certNat, this.certNatMax);
    if (this.always) return true;
    if (certNat <= this.sureLeader) return true;
    if (certNat >= this.sureNot) return false;
    const cmp = recipQ(certNat, this.certNatMax);
    for (let n = 0; n < 1000; n++) {
      if (n === this.above.length) this.extend();
      if (cmp >= this.above[n]) return false;
      if (cmp < this.below[n]) return true;
    }
    return false;
  }

  /**
   * {@link isLeader} on the leader value's big-endian bytes (32 for Praos, 64 for
   * TPraos: certNatMax = 256^length), deciding most values by byte comparison alone.
   */
  isLeaderBytes(value: Uint8Array): boolean {
    if (value.length !== this.byteLength) throw new RangeError(`leader value must be ${this.byteLength} bytes`);
    if (this.always) return true;
    if (this.sureLeaderBytes && compareBE(value, this.sureLeaderBytes) <= 0) return true;
    if (this.sureNotBytes && compareBE(value, this.sureNotBytes) >= 0) return false;
    return this.isLeader(bytesToBigInt(value));
  }
}
