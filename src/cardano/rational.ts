/**
 * Exact non-negative rationals as BigInt pairs, for stake fractions and the active-slot
 * coefficient (the ledger's `Rational`, `UnitInterval`, `PositiveUnitInterval`).
 */
import { CardanoError, CardanoErrorCode } from './errors.js';

/** num/den with den > 0, in lowest terms. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** num/den reduced; CardanoError(CARDANO_BAD_RATIONAL) when den is 0. */
export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new CardanoError(CardanoErrorCode.BAD_RATIONAL, 'denominator must not be zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

/**
 * Parses "0.05", "5e-2", "1/20" or "3" into an exact rational; null when malformed
 * (signs are not accepted: every rational here is non-negative).
 */
export function parseRational(text: string): Rational | null {
  const s = text.trim();
  const frac = /^(\d+)\s*\/\s*(\d+)$/.exec(s);
  if (frac) {
    const den = BigInt(frac[2]);
    return den === 0n ? null : rational(BigInt(frac[1]), den);
  }
  const dec = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(s);
  if (!dec || (dec[1] === '' && (dec[2] ?? '') === '')) return null;
  const intPart = dec[1] || '0';
  const fracPart = dec[2] ?? '';
  const exp = Number(dec[3] ?? '0') - fracPart.length;
  const digits = BigInt(intPart + fracPart);
  return exp >= 0 ? rational(digits * 10n ** BigInt(exp)) : rational(digits, 10n ** BigInt(-exp));
}

/** a < b */
export function ratLess(a: Rational, b: Rational): boolean {
  return a.num * b.den < b.num * a.den;
}

/** Decimal rendering with `digits` fractional digits (truncated), for display only. */
export function ratToDecimal(r: Rational, digits = 12): string {
  const scale = 10n ** BigInt(digits);
  const v = (r.num * scale) / r.den;
  const int = v / scale;
  const frac = (v % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : `${int}`;
}

/** "num/den" */
export function ratToString(r: Rational): string {
  return `${r.num}/${r.den}`;
}
