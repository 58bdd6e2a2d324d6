/**
 * cardano-ledger `Cardano.Ledger.NonIntegral` at the type the ledger uses it, FixedPoint
 * (10^-34): `exp'`, `ln'` (continued fraction for ln(1+x)) and `taylorExpCmp`, step for
 * step, every product and quotient floored as Data.Fixed does. The iteration limits
 * (1000) and the convergence epsilon (10^-24) are the ledger's.
 */
import { FP_RESOLUTION as ONE, type Fixed, fpAbs, fpCeiling, fpDiv, fpFromInteger, fpMul } from './fixedPoint.js';

const MAX_N = 1000;
/** `eps = 1 / 10^24` as FixedPoint. */
const EPS: Fixed = fpDiv(ONE, fpFromInteger(10n ** 24n));

/** `ipow'`: x^n for n ≥ 0 by squaring, with FixedPoint products. */
function ipowNat(x: Fixed, n: bigint): Fixed {
  if (n === 0n) return ONE;
  if (n % 2n === 0n) {
    const y = ipowNat(x, n / 2n);
    return fpMul(y, y);
  }
  return fpMul(x, ipowNat(x, n - 1n));
}

/** `ipow`: x^n for any integer n (1 / x^-n when negative). */
export function ipow(x: Fixed, n: bigint): Fixed {
  return n < 0n ? fpDiv(ONE, ipowNat(x, -n)) : ipowNat(x, n);
}

/** `taylorExp maxN n x lastX acc divisor`, iterative. */
function taylorExp(x: Fixed): Fixed {
  let lastX: Fixed = ONE;
  let acc: Fixed = ONE;
  let divisor: Fixed = ONE;
  for (let n = 1; n < MAX_N; n++) {
    const nextX = fpDiv(fpMul(lastX, x), divisor);
    if (fpAbs(nextX) < EPS) return acc;
    lastX = nextX;
    acc += nextX;
    divisor += ONE;
  }
  return acc;
}

/** `exp'`: e^x (for x < 0, 1 / e^−x; for x > 0, (taylorExp (x / ⌈x⌉))^⌈x⌉). RangeError at x = 0, as the ledger's division by ⌈0⌉. */
export function expFixed(x: Fixed): Fixed {
  if (x < 0n) return fpDiv(ONE, expFixed(-x));
  const n = fpCeiling(x);
  const scaled = fpDiv(x, fpFromInteger(n));
  return ipow(taylorExp(scaled), n);
}

/** `exp1 = exp' 1`, computed once. */
let exp1Cache: Fixed | undefined;
function exp1(): Fixed {
  if (exp1Cache === undefined) exp1Cache = expFixed(ONE);
  return exp1Cache;
}

/** `findE e x`: n with e^n ≤ x < e^(n+1), via `bound` (doubling) and `contract` (bisection). */
function findE(e: Fixed, x: Fixed): bigint {
  let lo = fpDiv(ONE, e);
  let hi = e;
  let l = -1n;
  let u = 1n;
  while (!(lo <= x && x <= hi)) {
    lo = fpMul(lo, lo);
    hi = fpMul(hi, hi);
    l *= 2n;
    u *= 2n;
  }
  while (l + 1n !== u) {
    const mid = l + (u - l) / 2n;
    if (x < ipow(e, mid)) u = mid;
    else l = mid;
  }
  return l;
}

/**
 * `lncf 1000 x`: ln(1 + x) for x ≥ 0 by the continued fraction with a_1 = x,
 * a_2k = a_2k+1 = k²·x, b_n = n, stopping after 1000 steps or when two convergents
 * differ by less than 10^-24.
 */
function lncf(x: Fixed): Fixed {
  if (x < 0n) throw new RangeError('lncf: x is not inside domain [0,..)');
  let aNm2: Fixed = ONE;
  let bNm2: Fixed = 0n;
  let aNm1: Fixed = 0n;
  let bNm1: Fixed = ONE;
  let last: Fixed | undefined;
  for (let n = 0; ; n++) {
    const i = BigInt(n + 1);
    const an = n === 0 ? x : fpMul(fpFromInteger((i / 2n) * (i / 2n)), x);
    const bn = fpFromInteger(i);
    const aN = fpMul(bn, aNm1) + fpMul(an, aNm2);
    const bN = fpMul(bn, bNm1) + fpMul(an, bNm2);
    const xn = fpDiv(aN, bN);
    if (n === MAX_N) return xn;
    if (last !== undefined && fpAbs(last - xn) < EPS) return xn;
    last = xn;
    aNm2 = aNm1;
    bNm2 = bNm1;
    aNm1 = aN;
    bNm1 = bN;
  }
}

/** `ln'`: natural logarithm of x > 0: n + lncf (x / e^n − 1) with n = findE e x. RangeError for x ≤ 0. */
export function lnFixed(x: Fixed): Fixed {
  if (x <= 0n) throw new RangeError('ln: argument must be positive');
  const e = exp1();
  const n = findE(e, x);
  const rest = fpDiv(x, ipow(e, n)) - ONE;
  return fpFromInteger(n) + lncf(rest);
}

/** Result of {@link taylorExpCmp}: which side `cmp` lies on, and after how many terms. */
export type CompareResult =
  | { kind: 'BELOW'; acc: Fixed; n: number }
  | { kind: 'ABOVE'; acc: Fixed; n: number }
  | { kind: 'MaxReached'; n: number };

/**
 * `taylorExpCmp boundX cmp x`: compares `cmp` with e^x by summing the Taylor series and
 * stopping once the remainder bound |term·boundX| decides it: ABOVE when
 * cmp ≥ acc + err, BELOW when cmp < acc − err, MaxReached after 1000 terms.
 */
export function taylorExpCmp(boundX: Fixed, cmp: Fixed, x: Fixed): CompareResult {
  let err: Fixed = x;
  let acc: Fixed = ONE;
  let divisor: Fixed = ONE;
  for (let n = 0; n < MAX_N; n++) {
    const divisor2 = divisor + ONE;
    const err2 = fpDiv(fpMul(err, x), divisor2);
    const acc2 = acc + err;
    const errorTerm = fpAbs(fpMul(err2, boundX));
    if (cmp >= acc2 + errorTerm) return { kind: 'ABOVE', acc: acc2, n: n + 1 };
    if (cmp < acc2 - errorTerm) return { kind: 'BELOW', acc: acc2, n: n + 1 };
    err = err2;
    acc = acc2;
    divisor = divisor2;
  }
  return { kind: 'MaxReached', n: MAX_N };
}
