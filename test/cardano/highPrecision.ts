/**
 * A high-precision reference for the leader threshold, independent of the ledger's
 * algorithm: 1 − (1 − f)^σ with BigInt fixed point at 10^-70 working precision, ln by
 * the atanh series ln y = 2·Σ z^(2k+1)/(2k+1), z = (y−1)/(y+1), exp by its Taylor
 * series after halving the argument. Accurate to far better than 10^-60 for
 * f ∈ (0, 0.95], σ ∈ [0, 1].
 */
const DIGITS = 70n;
/** Scale of the reference's fixed point. */
export const S = 10n ** DIGITS;

function div(a: bigint, b: bigint): bigint {
  return a / b; // values here are handled with explicit signs; truncation error ≤ 1 ulp
}

/** ln(y) for y = yn/yd ∈ (0, 1], scaled by S. */
export function lnRef(yn: bigint, yd: bigint): bigint {
  // z = (y − 1)/(y + 1) = (yn − yd)/(yn + yd) ≤ 0
  const zs = div((yn - yd) * S, yn + yd);
  const z2 = div(zs * zs, S);
  let term = zs;
  let sum = 0n;
  for (let k = 0n; term !== 0n; k++) {
    sum += div(term, 2n * k + 1n);
    term = div(term * z2, S);
  }
  return 2n * sum;
}

/** exp(x) for x scaled by S, x ≤ 0, scaled by S. */
export function expRef(x: bigint): bigint {
  // exp(x) = exp(x / 2^k)^(2^k) with |x / 2^k| < 1/8
  let k = 0;
  let y = x;
  while (y < -S / 8n || y > S / 8n) {
    y /= 2n;
    k++;
  }
  let term = S;
  let sum = S;
  for (let n = 1n; term !== 0n; n++) {
    term = div(term * y, S * n);
    sum += term;
  }
  for (let i = 0; i < k; i++) sum = div(sum * sum, S);
  return sum;
}

/** The exact threshold T = 1 − (1 − f)^σ scaled by S, for σ = sn/sd and f = fn/fd. */
export function thresholdRef(sn: bigint, sd: bigint, fn: bigint, fd: bigint): bigint {
  const c = lnRef(fd - fn, fd);
  return S - expRef(div(c * sn, sd));
}

/**
 * T = 1 − exp(σ·c) scaled by S, for a given c = ln(1 − f) at the ledger's 10^-34 scale
 * (`cRaw` = c·10^34). The ledger's own constant c (its `activeSlotLog`) differs from the
 * true ln(1 − f) by up to ~10^-25 (ln' stops at a 10^-24 convergence epsilon and uses
 * its own e), so the threshold it decides against is this one, not {@link thresholdRef}.
 */
export function thresholdRefWithLog(sn: bigint, sd: bigint, cRaw: bigint): bigint {
  return S - expRef(div(cRaw * 10n ** (DIGITS - 34n) * sn, sd));
}
