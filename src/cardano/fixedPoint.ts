/**
 * The ledger's `FixedPoint` (cardano-ledger `Cardano.Ledger.BaseTypes`: `Data.Fixed.Fixed
 * E34`), a BigInt holding value·10^34, with Haskell's Data.Fixed arithmetic exactly:
 * products and quotients are floored (`div`, toward −∞), `fromRational` floors.
 */

/** Resolution of FixedPoint: 10^34. */
export const FP_RESOLUTION = 10n ** 34n;

/** A FixedPoint value: the raw integer value·10^34. */
export type Fixed = bigint;

/** Haskell `div`: integer division rounding toward negative infinity. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** `fromInteger n` = MkFixed (n · 10^34). */
export function fpFromInteger(n: bigint): Fixed {
  return n * FP_RESOLUTION;
}

/** `fromRational (num % den)` = MkFixed (floor (num · 10^34 / den)). */
export function fpFromRational(num: bigint, den: bigint): Fixed {
  return floorDiv(num * FP_RESOLUTION, den);
}

/** `a * b` = MkFixed (div (a · b) 10^34). */
export function fpMul(a: Fixed, b: Fixed): Fixed {
  return floorDiv(a * b, FP_RESOLUTION);
}

/** `a / b` = MkFixed (div (a · 10^34) b); RangeError on division by zero. */
export function fpDiv(a: Fixed, b: Fixed): Fixed {
  if (b === 0n) throw new RangeError('FixedPoint division by zero');
  return floorDiv(a * FP_RESOLUTION, b);
}

/** `abs` */
export function fpAbs(a: Fixed): Fixed {
  return a < 0n ? -a : a;
}

/** `ceiling` to an Integer. */
export function fpCeiling(a: Fixed): bigint {
  return -floorDiv(-a, FP_RESOLUTION);
}

/** `floor` to an Integer. */
export function fpFloor(a: Fixed): bigint {
  return floorDiv(a, FP_RESOLUTION);
}

/** Decimal rendering of a FixedPoint value (34 fractional digits), for diagnostics. */
export function fpToString(a: Fixed): string {
  const neg = a < 0n;
  const v = neg ? -a : a;
  return `${neg ? '-' : ''}${v / FP_RESOLUTION}.${(v % FP_RESOLUTION).toString().padStart(34, '0')}`;
}
